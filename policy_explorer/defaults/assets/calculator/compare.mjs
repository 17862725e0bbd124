// The same company in every place (issue 29): one row per place (city and district named together),
// both totals, the vouchers in each, the largest items, and a link to the calculator for that place.
// Every figure and word comes from the engine (policy_explorer/calculator/browser.py: compare, compare_note).

import { EDITION_ROOT } from "./client.mjs";
import { el } from "./dom.mjs";
import { linkTarget } from "./results.mjs";

/**
 * The comparison's section.
 * @param {any[]} rows the engine's rows, one per place
 * @param {any} note the engine's note under them, or null
 * @param {{ lang: string, words: Record<string, string>, here: string }} page the place the form names
 */
export function compareTable(rows, note, { lang, words: w, here }) {
  const section = el("section", { class: "pe-calc-compare", "aria-labelledby": "pe-calc-compare-h" });
  section.append(el("h2", { id: "pe-calc-compare-h" }, w.compare));
  const table = el("table", { class: "pe-calc-compare-table" });
  const head = el("tr");
  const columns = [w.compare_place, w.compare_likely, w.compare_max, w.compare_vouchers, w.compare_top];
  for (const h of [...columns, w.compare_open_col]) head.append(el("th", { scope: "col" }, h));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  const embedded = window.top !== window;
  /** @type {(label: string, cny: unknown, text: string) => HTMLElement} a figure's cell */
  const figure = (label, cny, text) =>
    el("td", { class: "pe-num", "data-label": label, "data-cny": String(cny) }, text);
  for (const r of rows) {
    const labels = r.labels[lang];
    const row = el("tr", { "data-jurisdiction": r.jurisdiction, class: r.jurisdiction === here ? "pe-here" : null });
    const place = el("th", { scope: "row", "data-label": w.compare_place }, r.place[lang]);
    if (r.jurisdiction === here) place.append(el("span", { class: "pe-here-mark" }, w.compare_here));
    const max = figure(w.compare_max, r.total_max_cny, labels.max);
    if (r.why) max.append(el("span", { class: "pe-calc-item-note" }, ` (${r.why[`short_${lang}`]})`));
    const top = el("td", { "data-label": w.compare_top });
    if (r.top.length) {
      const ul = el("ul");
      for (const t of r.top) {
        const link = el("a", { href: new URL(t.page, EDITION_ROOT).href, ...linkTarget() }, t.title[lang]);
        ul.append(el("li", {}, link, ` ${t.label[lang]}`));
      }
      top.append(ul);
    } else top.append("—");
    // The calculator for that place: this scenario with the place changed (a new tab from a widget).
    const scenario = new URLSearchParams(location.hash.slice(1));
    scenario.set("j", r.jurisdiction);
    const target = embedded
      ? new URL("calculator/", EDITION_ROOT)
      : new URL(location.pathname + location.search, location.href);
    target.hash = scenario.toString();
    const attrs = { href: target.href, class: "pe-calc-compare-open", ...linkTarget() };
    const open = el("td", { "data-label": w.compare_open_col }, el("a", attrs, `${w.compare_open} ${r.place[lang]}`));
    const vouchers = `${labels.vouchers_conservative} / ${labels.vouchers_max}`;
    row.append(
      place,
      figure(w.compare_likely, r.total_conservative_cny, labels.conservative),
      max,
      figure(w.compare_vouchers, r.vouchers_conservative_cny, vouchers),
      top,
      open,
    );
    body.append(row);
  }
  table.append(body);
  section.append(el("div", { class: "md-typeset__table pe-calc-compare-wrap" }, table));
  if (note) section.append(el("p", { class: "pe-calc-compare-note", role: "note" }, note[lang]));
  return section;
}
