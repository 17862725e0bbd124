// "What if I spend more?" (issue 34): for one expense the reader entered, the claim (both totals)
// from 0 to 4 times that spend, worked out by the engine in the worker (policy_explorer/calculator/whatif.py), drawn
// as a small chart with the points where a cap, a threshold or a tier bites, and the same data as
// tables (what a screen reader and the keyboard use). It computes nothing and formats no money: the
// curve is drawn from the engine's integers and every word and amount comes from what_if_labels.

import { el } from "./dom.mjs";

/** @import { Answer } from "./protocol.mjs" */

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640;
const HEIGHT = 240;
const PAD = 12;

/**
 * A string with its {name} slots filled.
 * @param {string} text
 * @param {Record<string, string>} values
 */
function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? values[name] : whole));
}

/**
 * An SVG element with attributes.
 * @param {string} tag
 * @param {Record<string, string | number>} attrs
 */
function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/**
 * The label of a fact's field on the form, without its unit.
 * @param {string} fact
 */
function factLabel(fact) {
  const label = document.querySelector(`label[for="pe-f-${CSS.escape(fact)}"]`);
  if (!label) return fact;
  const copy = /** @type {HTMLElement} */ (label.cloneNode(true));
  for (const unit of copy.querySelectorAll(".pe-unit-label")) unit.remove();
  return (copy.textContent || fact).trim();
}

export class WhatIf {
  /**
   * @param {string} lang the data language the engine's words are picked in
   * @param {Record<string, string>} words the page's strings
   * @param {(fact: string) => void} ask sends a what-if request for the answer on screen
   */
  constructor(lang, words, ask) {
    this.lang = lang;
    this.words = words;
    this.ask = ask;
    this.open = false;
    /** @type {string | null} the expense chosen */
    this.fact = null;
    /** @type {HTMLElement | null} where the chart and tables go */
    this.slot = null;
  }

  /**
   * The section under an answer: one choice per expense entered (none entered: no section).
   * @param {Answer} answer
   * @returns {HTMLElement | null}
   */
  section(answer) {
    const w = this.words;
    const facts = Object.keys(answer.echo || {}).filter((f) => Number(answer.read?.[f]) > 0);
    this.slot = null;
    if (!facts.length) return null;
    if (!this.fact || !facts.includes(this.fact)) this.fact = facts[0];
    const details = /** @type {HTMLDetailsElement} */ (el("details", { class: "pe-calc-whatif" }));
    details.append(el("summary", {}, w.whatif));
    details.append(el("p", { class: "pe-help" }, w.whatif_help));
    const choice = el("fieldset", { class: "pe-calc-whatif__facts" }, el("legend", {}, w.whatif_expense));
    for (const fact of facts) {
      const id = `pe-whatif-${fact}`;
      const radio = el("input", { type: "radio", name: "pe-whatif-fact", id, value: fact });
      /** @type {HTMLInputElement} */ (radio).checked = fact === this.fact;
      const label = el("label", { for: id }, factLabel(fact));
      choice.append(el("span", { class: "pe-calc-whatif__fact" }, radio, " ", label));
    }
    choice.addEventListener("change", (event) => {
      this.fact = /** @type {HTMLInputElement} */ (event.target).value;
      this.request();
    });
    details.append(choice);
    // Not a live region: the page has one short live sentence (the totals); the reader asked for
    // this, and finds its tables next (busy while the worker computes).
    this.slot = el("div", { class: "pe-calc-whatif__out" });
    details.append(this.slot);
    details.open = this.open;
    details.addEventListener("toggle", () => {
      this.open = details.open;
      if (details.open) this.request();
    });
    if (this.open) this.request();
    return details;
  }

  request() {
    if (!this.slot || !this.fact) return;
    this.slot.replaceChildren(el("p", { class: "pe-calc-whatif__working" }, this.words.whatif_working));
    this.slot.dataset.state = "working";
    this.slot.setAttribute("aria-busy", "true");
    this.ask(this.fact);
  }

  /**
   * The engine's answer for `fact`, drawn (an older choice's answer is left out).
   * @param {string} fact
   * @param {Answer} answer
   */
  show(fact, answer) {
    if (!this.slot || fact !== this.fact) return;
    if (!answer.ok) {
      this.slot.replaceChildren(el("p", { class: "pe-calc-whatif__error", role: "alert" }, String(answer.message)));
      this.slot.dataset.state = "failed";
      this.slot.removeAttribute("aria-busy");
      return;
    }
    const result = answer.what_if;
    const words = answer.what_if_labels[this.lang];
    const caption = fill(this.words.whatif_caption, { fact: words.fact, top: words.top });
    const figure = el("figure", { class: "pe-calc-whatif__chart" });
    figure.append(chart(result, "pe-whatif-cap"));
    const legend = el(
      "p",
      { class: "pe-calc-whatif__legend" },
      el("span", { class: "pe-key pe-key--max" }),
      ` ${this.words.total_max} `,
      el("span", { class: "pe-key pe-key--conservative" }),
      ` ${this.words.total_conservative} `,
      el("span", { class: "pe-key pe-key--entered" }),
      ` ${fill(this.words.whatif_entered, { amount: words.entered })} `,
      el("span", { class: "pe-key pe-key--mark" }),
      ` ${this.words.whatif_changes}`,
    );
    figure.append(el("figcaption", { id: "pe-whatif-cap" }, caption), legend);
    this.slot.replaceChildren(figure, this.changes(result, words), this.points(result, words));
    this.slot.dataset.state = "shown";
    this.slot.removeAttribute("aria-busy");
    this.slot.dataset.fact = fact;
  }

  /**
   * The breakpoints as a table: where, which clause, what happens to both totals.
   * @param {any} result
   * @param {any} words
   */
  changes(result, words) {
    const w = this.words;
    if (!result.breakpoints.length) return el("p", { class: "pe-calc-whatif__none" }, w.whatif_none);
    const table = el("table", { class: "pe-calc-whatif__changes" }, el("caption", {}, w.whatif_changes));
    const head = el("tr");
    for (const h of [w.whatif_spend, w.whatif_what, w.total_max, w.total_conservative]) {
      head.append(el("th", { scope: "col" }, h));
    }
    const body = el("tbody");
    result.breakpoints.forEach((/** @type {any} */ b, /** @type {number} */ i) => {
      const said = words.breakpoints[i];
      const what = `${said.where}: ${said.label}${b.found === "sampled" ? ` ${w.whatif_sampled}` : ""}`;
      const row = el("tr", {
        "data-at": String(b.at_cny),
        "data-kind": b.kind,
        "data-policy": b.policy || "",
        "data-clause": b.clause || "",
      });
      row.append(
        el("th", { scope: "row", class: "pe-num", "data-label": w.whatif_spend }, said.at),
        el("td", { "data-label": w.whatif_what }, what),
        el("td", { class: "pe-num", "data-label": w.total_max }, said.total_max_cny),
        el("td", { class: "pe-num", "data-label": w.total_conservative }, said.total_conservative_cny),
      );
      body.append(row);
    });
    table.append(el("thead", {}, head), body);
    return table;
  }

  /**
   * Every point worked out, folded: the curve as numbers.
   * @param {any} result
   * @param {any} words
   */
  points(result, words) {
    const w = this.words;
    const table = el("table", { class: "pe-calc-whatif__points" });
    const head = el("tr");
    for (const h of [w.whatif_spend, w.total_max, w.total_conservative]) head.append(el("th", { scope: "col" }, h));
    const body = el("tbody");
    result.points.forEach((/** @type {any} */ p, /** @type {number} */ i) => {
      const said = words.points[i];
      body.append(
        el(
          "tr",
          { "data-spend": String(p.spend_cny) },
          el("th", { scope: "row", class: "pe-num" }, said.spend),
          el("td", { class: "pe-num" }, said.total_max_cny),
          el("td", { class: "pe-num" }, said.total_conservative_cny),
        ),
      );
    });
    table.append(el("thead", {}, head), body);
    return el("details", { class: "pe-calc-whatif__all" }, el("summary", {}, w.whatif_points), table);
  }
}

/**
 * The chart: both totals against the spend, the value entered, and a mark where each breakpoint bites.
 * No text inside (a scaled drawing would shrink it below a readable size): its words are the caption,
 * the legend and the tables.
 * @param {any} result the engine's what_if
 * @param {string} captionId
 */
function chart(result, captionId) {
  const points = /** @type {any[]} */ (result.points);
  const xMax = Math.max(1, ...points.map((p) => p.spend_cny));
  const yMax = Math.max(1, ...points.map((p) => p.total_max_cny));
  /** @param {number} spend */
  const x = (spend) => PAD + (spend / xMax) * (WIDTH - 2 * PAD);
  /** @param {number} amount */
  const y = (amount) => HEIGHT - PAD - (amount / yMax) * (HEIGHT - 2 * PAD);
  const drawing = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: "img",
    "aria-labelledby": captionId,
    class: "pe-calc-whatif__svg",
    focusable: "false",
  });
  drawing.append(svg("line", { x1: PAD, y1: y(0), x2: WIDTH - PAD, y2: y(0), class: "pe-axis" }));
  drawing.append(svg("line", { x1: x(0), y1: y(0), x2: x(0), y2: PAD, class: "pe-axis" }));
  const entered = x(result.entered_cny);
  drawing.append(svg("line", { x1: entered, y1: y(0), x2: entered, y2: PAD, class: "pe-entered" }));
  for (const [key, name] of [
    ["total_conservative_cny", "pe-line pe-line--conservative"],
    ["total_max_cny", "pe-line pe-line--max"],
  ]) {
    const line = points.map((p) => `${x(p.spend_cny).toFixed(1)},${y(p[key]).toFixed(1)}`).join(" ");
    drawing.append(svg("polyline", { points: line, class: name }));
  }
  for (const b of result.breakpoints) {
    // On the line that changes there (a cap at the lowest grade bends only the conservative total).
    const moved = (/** @type {string} */ key) => Math.abs(b.after[key] - b.before[key]);
    const key = moved("total_conservative_cny") > moved("total_max_cny") ? "total_conservative_cny" : "total_max_cny";
    const mark = svg("circle", { cx: x(b.at_cny), cy: y(b.after[key]), r: 5, class: "pe-mark" });
    mark.setAttribute("data-at", String(b.at_cny));
    drawing.append(mark);
  }
  return drawing;
}
