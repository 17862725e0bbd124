// A printed estimate: it starts with the day, the address that reopens it and the company's facts,
// and prints the folded "how to apply" boxes open.

import { el, inputOf } from "./dom.mjs";

/** @import { ScenarioForm } from "./form.mjs" */
/** @import { EstimateRequest } from "./protocol.mjs" */

/**
 * What a printed estimate starts with: the day, the address that reopens it, the company's facts.
 * @param {ScenarioForm} scenario
 * @param {EstimateRequest | undefined} request
 * @param {Record<string, string>} words
 */
export function printHead(scenario, request, words) {
  const head = document.getElementById("pe-calc-print-head");
  if (!head || !request) return;
  head.hidden = false;
  const text = (/** @type {string} */ id, /** @type {string} */ value) => {
    /** @type {HTMLElement} */ (document.getElementById(id)).textContent = value;
  };
  text("pe-print-date", new Date().toISOString().slice(0, 10));
  text("pe-print-url", location.href);
  const dl = /** @type {HTMLElement} */ (document.getElementById("pe-print-profile"));
  const form = scenario.form;
  const label = (/** @type {string} */ id) => form.querySelector(`label[for=${id}]`)?.textContent || "";
  const place = scenario.controls.jurisdiction.selectedOptions[0].textContent || "";
  const rows = [[label("pe-j"), place]];
  rows.push([label("pe-startup"), request.profile.startup ? words.yes : words.no]);
  rows.push([label("pe-on"), request.on || ""]);
  for (const field of scenario.fields()) {
    const input = inputOf(field);
    if (field.hidden || input.value.trim() === "") continue;
    const shown = input instanceof HTMLSelectElement ? input.selectedOptions[0].textContent : input.value;
    const name = (field.querySelector("label")?.textContent || "").trim();
    const echo = field.querySelector("output")?.textContent || "";
    rows.push([name, `${shown} ${echo}`.trim()]);
  }
  dl.replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

// How to apply prints open (a closed <details> prints as its summary line alone); the boxes opened
// for the printout are closed again after it, as the reader had them.
function openForPrint() {
  for (const found of document.querySelectorAll("#pe-calc-output details.pe-calc-apply:not([open])")) {
    const box = /** @type {HTMLDetailsElement} */ (found);
    box.dataset.pePrintOpened = "1";
    box.open = true;
  }
}

function closeAfterPrint() {
  for (const found of document.querySelectorAll("details[data-pe-print-opened]")) {
    const box = /** @type {HTMLDetailsElement} */ (found);
    box.open = false;
    delete box.dataset.pePrintOpened;
  }
}

// The print button, and the boxes opened around a printout (the same functions each time: added once).
export function setUpPrint() {
  const print = document.getElementById("pe-calc-print");
  if (print) print.addEventListener("click", () => window.print());
  window.addEventListener("beforeprint", openForPrint);
  window.addEventListener("afterprint", closeAfterPrint);
}
