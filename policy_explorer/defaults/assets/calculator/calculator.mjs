// The calculator page's shim: reads the form, keeps the scenario in the address, sends it to the
// worker (Python) and shows the answer. It holds no rule, reads no number and formats no money: the
// text typed goes to policy_explorer.calculator.browser (its typed.py reads ２０００, 2千万, 1.5亿),
// which gives back the exact values and the wording. Clause and policy texts are set as text, never as
// markup.
//
// This module starts the page and passes the worker's messages on; each part has its own module:
// the form (form.mjs), the scenario in the address (address.mjs), the answer (results.mjs, compare.mjs),
// "what if I spend more" (whatif.mjs), the status line (status.mjs), print (print.mjs), the widget's
// frame (frame.mjs), the zh-Hant answer (hant.mjs), the worker (client.mjs, protocol.mjs) and the
// scenario kept on this device (keep.mjs).

import { fromAddress, linkFull, scenarioInAddress, toAddress } from "./address.mjs";
import {
  EDITION_ROOT,
  afterLoad,
  localSnapshotOff,
  post,
  setLocalSnapshotOff,
  startWorker,
  stopWorker,
  subscribe,
} from "./client.mjs";
import { compareTable } from "./compare.mjs";
import { el } from "./dom.mjs";
import { ScenarioForm } from "./form.mjs";
import { compactForm, postSize, setUpEmbed, whenNearOrUsed } from "./frame.mjs";
import { hantConverter } from "./hant.mjs";
import { Keeper } from "./keep.mjs";
import { printHead, setUpPrint } from "./print.mjs";
import { Results } from "./results.mjs";
import { Status } from "./status.mjs";
import { WhatIf } from "./whatif.mjs";

/** @import { Answer, EstimateRequest, PageMessage } from "./protocol.mjs" */
/** @import { ClausePreset } from "./address.mjs" */

/**
 * The build's configuration of the form (#pe-calc-config).
 * @typedef {object} PageConfig
 * @property {Record<string, string>} groups each fact's group (a lazy group's fields come with it)
 * @property {Record<string, ClausePreset>} clauses each clause's "try in the calculator" preset
 * @property {Record<string, string>} [versions] each clause's version (keep.mjs)
 */

let requestId = 0;
let shown = 0;
let whatIfId = 0;

/**
 * The JSON of a data block the page carries.
 * @param {string} id
 */
function pageData(id) {
  return JSON.parse(/** @type {HTMLElement} */ (document.getElementById(id)).textContent || "null");
}

// --- the page: at most one request in flight, and the newest state always wins --------------------
class Calculator {
  /** @param {HTMLFormElement} form */
  constructor(form) {
    this.form = form;
    this.lang = form.dataset.lang || "";
    /** @type {PageConfig} */
    this.config = pageData("pe-calc-config");
    /** @type {Record<string, string>} */
    this.words = pageData("pe-calc-strings");
    this.status = new Status(this.words);
    this.scenario = new ScenarioForm(form, this.config, (why) => this.status.fieldsFailed(why));
    this.results = new Results(this.lang, this.words, this.scenario);
    this.ready = false;
    /** @type {EstimateRequest | null} the newest request not yet sent */
    this.pending = null;
    this.inFlight = 0; // the id of the request the worker is computing
    /** @type {Map<number, EstimateRequest>} request id → the request, until its answer comes */
    this.requests = new Map();
    /** @type {((value: any) => any) | null} the zh-Hant edition's converter of the engine's words */
    this.toHant = null;
    /** @type {HTMLElement | null} where the comparison goes, under the answer */
    this.chartSlot = null;
    /** @type {Keeper | null} */
    this.keeper = null;
    /** @type {EstimateRequest | null} the request whose answer is on screen */
    this.shownRequest = null;
    this.whatIf = new WhatIf(this.lang, this.words, (fact) => this.askWhatIf(fact));
  }

  /**
   * The claim against `fact` for the answer on screen (the worker answers after any estimate waiting).
   * @param {string} fact
   */
  askWhatIf(fact) {
    if (!this.shownRequest) return;
    whatIfId += 1;
    post({ type: "whatif", id: whatIfId, request: this.shownRequest, fact });
  }

  schedule() {
    this.calculate();
  }

  calculate(first = false) {
    this.scenario.filterFields();
    const state = this.scenario.read();
    // What is on screen answers the form as it was, until the new answer comes (the page's first
    // request asks what the build-time example already shows, or the scenario the address names).
    if (!first) this.results.markStale(true);
    // Sent even before the worker is ready: it waits there, so the first answer comes straight after.
    this.pending = { profile: state.profile, on: state.on, compare: true, typed: state.typed, unit: state.unit };
    this.send();
  }

  send() {
    if (this.inFlight || !this.pending) return;
    requestId += 1;
    this.inFlight = requestId;
    this.requests.set(requestId, this.pending);
    post({ type: "estimate", id: requestId, request: this.pending });
    this.pending = null;
  }

  // The zh-Hant edition's table (data-hant), fetched before the first answer is shown.
  async loadHant() {
    if (!this.form.dataset.hant) return;
    const url = new URL(this.form.dataset.hant, EDITION_ROOT);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const { chars, hk } = await response.json();
    this.toHant = hantConverter(chars, hk);
  }

  /** @param {PageMessage} message */
  onMessage(message) {
    if (this.toHant && (message.type === "answer" || message.type === "whatif")) {
      message = { ...message, answer: this.toHant(message.answer) };
    } else if (this.toHant && message.type === "compare") {
      message = { ...message, compare: this.toHant(message.compare), note: this.toHant(message.note) };
    }
    if (message.type === "ready") {
      this.ready = true;
      this.status.ready(message);
      if (!this.inFlight) this.calculate(true); // the request sent at mount is already waiting in the worker
    } else if (message.type === "progress") {
      this.status.progress(message);
    } else if (message.type === "failed") {
      this.status.failed(message);
    } else if (message.type === "answer") {
      this.inFlight = 0;
      const request = this.requests.get(message.id); // undefined: a request of an earlier page
      this.requests.delete(message.id);
      if (!this.pending && message.id >= shown) {
        // Shown only when no newer state waits: the reader sees the answer to what the form says now.
        shown = message.id;
        this.show(message.answer, request);
        document.dispatchEvent(new CustomEvent("pe-calc-result", { detail: { id: message.id, ms: message.ms } }));
      }
      this.send();
    } else if (message.type === "compare" && message.id === shown && this.chartSlot) {
      // Drawn at once, in a slot whose layout the browser skips until it is near the screen
      // (content-visibility: auto, site.css): nothing moves when the reader first comes to it.
      const here = this.scenario.controls.jurisdiction.value;
      const page = { lang: this.lang, words: this.words, here };
      this.chartSlot.replaceChildren(compareTable(message.compare, message.note, page));
      postSize();
    } else if (message.type === "whatif" && message.id === whatIfId) {
      this.whatIf.show(message.fact, message.answer);
      postSize();
    }
  }

  /**
   * The answer to `request` on the page, or the input at fault.
   * @param {Answer} answer
   * @param {EstimateRequest | undefined} request
   */
  show(answer, request) {
    this.scenario.echo(answer, this.lang);
    if (!answer.ok) {
      this.results.showError(answer);
      return;
    }
    for (const old of document.querySelectorAll(".pe-calc-error")) old.remove();
    this.scenario.read_ = answer.read;
    if (request) toAddress(this.scenario, { ...request, read: answer.read });
    this.results.markStale(false);
    this.results.reset();
    printHead(this.scenario, request, this.words);
    this.results.fill(answer);
    const out = this.results.output;
    if (this.keeper) this.keeper.answered(out); // kept on this device (when ticked); new/changed marks
    if (request) this.shownRequest = request;
    const whatIf = this.whatIf.section(answer); // asks again for the new answer when it is open
    if (whatIf) out.append(whatIf);
    this.chartSlot = el("div", { class: "pe-calc-compare-slot" });
    out.append(this.chartSlot);
    postSize();
  }

  // The scenario the address names, in the form.
  async fromAddress() {
    await fromAddress(this.scenario, this.config.clauses);
  }
}

// --- start ---------------------------------------------------------------------------------------
/** @type {(() => void) | null} */
let unsubscribe = null;
/** @type {(() => Promise<void>) | null} */
let onHashChange = null;

async function mount() {
  if (unsubscribe) unsubscribe();
  if (onHashChange) window.removeEventListener("hashchange", onHashChange);
  onHashChange = null;
  const form = /** @type {HTMLFormElement | null} */ (document.getElementById("pe-calc"));
  if (!form) {
    stopWorker(); // instant navigation away from the calculator: free it
    return;
  }
  const calc = new Calculator(form);
  const scenario = calc.scenario;
  /** @param {Event} event */
  const named = (event) => /** @type {HTMLInputElement} */ (event.target);
  form.addEventListener("input", (event) => {
    if (named(event).name === "on") scenario.setDate(named(event).value); // before it is read as "today"
    calc.schedule();
  });
  form.addEventListener("change", (event) => {
    if (named(event).name === "unit") scenario.switchUnit();
    if (named(event).name === "on") scenario.setDate(named(event).value); // chosen: pinned; cleared: today
    calc.schedule();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  // A lazy group's fields go in place as it opens (the file is usually there already: see below).
  form.addEventListener(
    "toggle",
    (event) => {
      const group = /** @type {HTMLDetailsElement} */ (event.target);
      return group.open && scenario.expand(group);
    },
    true,
  );
  setUpEmbed();
  const widget = document.querySelector(".pe-widget__main");
  // A widget starts the runtime (tens of MB) only when it comes near the screen or is first used,
  // so a post with a widget below the fold costs its readers nothing until they get there.
  const running = startWorker(widget ? (launch) => whenNearOrUsed(widget, launch) : undefined);
  // Whether the address names a scenario (read before the page rewrites it): it wins over a kept one.
  const inAddress = scenarioInAddress();
  await calc.fromAddress(); // fetches the fields file at once if the address names a lazy group's fact
  scenario.filterFields();
  calc.results.markExample();
  compactForm(form);
  linkFull();
  // Keeping the scenario on this device (keep.mjs): the full page only, never in a widget's frame.
  const keeping = running && !widget && window.top === window && document.getElementById("pe-calc-keep-on");
  if (keeping) calc.keeper = new Keeper(calc, inAddress);
  // A scenario link opened in the tab already showing the calculator (only the fragment changes, so
  // the page is not reloaded): read it as on arrival. Our own rewrites (replaceState) fire no event,
  // and an in-page anchor (no j=) is not a scenario.
  onHashChange = async () => {
    if (!new URLSearchParams(location.hash.slice(1)).has("j")) return;
    await calc.fromAddress();
    scenario.filterFields();
    linkFull();
    calc.schedule();
  };
  window.addEventListener("hashchange", onHashChange);
  setUpPrint();
  // The snapshot made in this browser cannot be checked against the build: the reader may turn it off.
  const localOff = /** @type {HTMLInputElement | null} */ (document.getElementById("pe-calc-local-off"));
  if (localOff && running) {
    localOff.checked = localSnapshotOff();
    /** @type {HTMLElement} */ (localOff.closest(".pe-calc-local")).hidden = false;
    localOff.addEventListener("change", () => setLocalSnapshotOff(localOff.checked));
  }
  postSize();
  if (running) {
    await calc.loadHant().catch((error) => console.error(error)); // without it: the Simplified answer
    unsubscribe = subscribe((message) => calc.onMessage(message));
    calc.calculate(true); // the first request, queued until Python is ready
  } else {
    scenario.read(); // no runtime: still echo the example's amounts in yuan
  }
  // The other groups' fields, fetched once the page has loaded, before the reader opens one.
  afterLoad(() => scenario.loadFields().catch(() => {}));
}

const material = /** @type {{ document$?: { subscribe?: (next: () => void) => void } }} */ (window);
if (typeof material.document$ !== "undefined" && material.document$.subscribe) material.document$.subscribe(mount);
else mount();
