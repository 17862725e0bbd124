// The scenario in the address: in its fragment (#j=…&f.…), which no request ever carries. A link to a
// clause or an embed's src may preset it in the query; the page moves those into the fragment.

import { DIGITS, fromYuan, openGroup } from "./form.mjs";
import { inputOf, own } from "./dom.mjs";

/** @import { ScenarioForm } from "./form.mjs" */
/** @import { EstimateRequest } from "./protocol.mjs" */

/**
 * A clause's "try in the calculator" preset (the build's config.clauses).
 * @typedef {object} ClausePreset
 * @property {string} jurisdiction
 * @property {string[]} facts the facts it reads
 * @property {{ startup?: boolean, facts: Record<string, string | number | boolean> } | null} [example]
 */

/**
 * Whether an address parameter belongs to a scenario.
 * @param {string} key
 */
export const SCENARIO_KEYS = (key) => ["j", "s", "on", "u", "clause"].includes(key) || key.startsWith("f.");

/**
 * Whether the address names a scenario (read before the page rewrites it): it wins over a kept one.
 */
export function scenarioInAddress() {
  const inQuery = [...new URLSearchParams(location.search).keys()].some(SCENARIO_KEYS);
  return new URLSearchParams(location.hash.slice(1)).has("j") || inQuery;
}

/**
 * The address rewritten (no new history entry) to hold the scenario an answer was for.
 * @param {ScenarioForm} form
 * @param {EstimateRequest & { read?: Record<string, string> }} state
 */
export function toAddress(form, state) {
  const scenario = new URLSearchParams();
  scenario.set("j", state.profile.jurisdiction);
  if (state.profile.startup) scenario.set("s", "1");
  if (form.pinned && state.on) scenario.set("on", state.on); // only a chosen date: else today, every visit
  scenario.set("u", form.unit());
  for (const [fact, value] of Object.entries(state.profile.facts)) scenario.set(`f.${fact}`, String(value));
  for (const [fact, value] of Object.entries(state.read || {})) scenario.set(`f.${fact}`, value);
  const query = new URLSearchParams(location.search); // presets from a link or an embed: moved into the fragment
  for (const key of [...query.keys()]) if (SCENARIO_KEYS(key)) query.delete(key);
  const rest = query.toString();
  history.replaceState(history.state, "", `${location.pathname}${rest ? `?${rest}` : ""}#${scenario}`);
  linkFull();
}

/**
 * The form set to the scenario the address names.
 * @param {ScenarioForm} form
 * @param {Record<string, ClausePreset>} clauses
 */
export async function fromAddress(form, clauses) {
  // A saved scenario is in the fragment; presets may come in the query (a link to a clause, an
  // embed's src). When the fragment holds a scenario, it is the whole of it.
  const fragment = new URLSearchParams(location.hash.slice(1));
  const params = fragment.has("j") ? fragment : new URLSearchParams(location.search);
  const el = form.controls;
  const known = (/** @type {string | null} */ j) => [...el.jurisdiction.options].some((o) => o.value === j);
  let changed = false;
  const clause = own(clauses, params.get("clause"));
  if (clause && !fragment.has("j")) {
    // "Try in the calculator" from a clause: its jurisdiction, its facts, and the figures of its
    // first worked example (written from its text), not the page's example.
    if (known(clause.jurisdiction)) el.jurisdiction.value = clause.jurisdiction;
    form.clear();
    el.startup.checked = Boolean(clause.example && clause.example.startup);
    for (const fact of clause.facts) {
      const field = await form.field(fact);
      if (field) openGroup(field);
    }
    for (const [fact, value] of Object.entries(clause.example ? clause.example.facts : {})) {
      const field = await form.field(fact);
      if (!field) continue;
      const amount = field.dataset.input === "amount" && DIGITS.test(String(value));
      inputOf(field).value = amount ? fromYuan(String(value), form.unit()) : String(value);
    }
  }
  const j = params.get("j");
  if (j !== null && known(j)) {
    el.jurisdiction.value = j;
    changed = true;
  }
  if (params.has("s") || changed) el.startup.checked = params.get("s") === "1";
  form.setDate(params.get("on"));
  // A scenario without u= is in 万元, where the site's currency offers 万 at all (its radio is not hidden);
  // on a site without 万 every amount is in whole units, whatever the address says.
  const wan = /** @type {HTMLInputElement | null} */ (form.form.querySelector("#pe-unit-wan"));
  const offersWan = wan !== null && !wan.hidden;
  const asked = params.get("u") || (params.has("j") ? "wan" : null);
  const unit = asked === "wan" && !offersWan ? "cny" : asked;
  if (unit === "cny" || unit === "wan") {
    /** @type {HTMLInputElement} */ (form.form.querySelector(`#pe-unit-${unit}`)).checked = true;
    form.switchUnit(); // the example's amounts and the labels, in that unit
  }
  const facts = [...params.keys()].filter((k) => k.startsWith("f."));
  if (facts.length || changed) form.clear();
  for (const key of facts) {
    const field = await form.field(key.slice(2));
    if (!field) continue;
    const value = params.get(key) || "";
    const amount = field.dataset.input === "amount" && DIGITS.test(value);
    inputOf(field).value = amount ? fromYuan(value, form.unit()) : value;
    openGroup(field);
  }
}

// The widget's "open the full calculator" is a real link that always holds the scenario, so a
// long-press or "open in a new tab" carries it as a click does.
export function linkFull() {
  const full = /** @type {HTMLAnchorElement | null} */ (document.getElementById("pe-calc-full"));
  if (full) full.hash = location.hash;
}
