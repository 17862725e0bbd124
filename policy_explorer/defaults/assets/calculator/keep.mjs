// Keeping the scenario on this device (issue 34): off until the reader ticks "remember on this
// device"; then the scenario (the address's fragment, as address.mjs writes it), the day, the data
// version and each clause's version are kept in localStorage, and nothing else, nowhere else. Unticking
// or "forget" deletes the entry. On a later visit with no scenario in the address, the page offers to
// restore it (never on its own); a scenario in the address wins and no offer is made.
// Which clauses are new or changed is decided at build time (policy_explorer/sitegen/kept.py makes each
// clause's version); here one version string is only compared with another: absent then → new,
// different → changed.

export const KEY = "pe-calc-kept";

/**
 * What is kept: the scenario (an address fragment), the day and data version it was kept on, and
 * each clause's version then.
 * @typedef {object} Kept
 * @property {string} scenario
 * @property {string} [saved]
 * @property {string} [data_version]
 * @property {Record<string, string>} versions
 */

/**
 * What the keeper needs of the calculator page.
 * @typedef {object} Page
 * @property {HTMLFormElement} form
 * @property {Record<string, string>} words
 * @property {{ versions?: Record<string, string> }} config
 */

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked (a setting, a sandboxed frame)
  }
}

/** @returns {Kept | null} */
export function readKept() {
  try {
    const entry = JSON.parse(storage()?.getItem(KEY) ?? "null");
    const ok = entry && typeof entry.scenario === "string" && entry.versions && typeof entry.versions === "object";
    return ok ? entry : null;
  } catch {
    return null; // not ours, or damaged: treated as nothing kept
  }
}

function localDay() {
  const d = new Date();
  const two = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/**
 * Each clause the kept versions do not hold (new) or hold with another version (changed).
 * @param {Record<string, string>} kept
 * @param {Record<string, string>} current
 */
export function since(kept, current) {
  /** @type {Map<string, "new" | "changed">} */
  const marks = new Map();
  for (const [clause, version] of Object.entries(current)) {
    if (!Object.hasOwn(kept, clause)) marks.set(clause, "new");
    else if (kept[clause] !== version) marks.set(clause, "changed");
  }
  return marks;
}

/**
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {...(string | Node)} children
 */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

export class Keeper {
  /**
   * @param {Page} calc the page's Calculator (its words, config and form)
   * @param {boolean} inAddress the address named a scenario
   */
  constructor(calc, inAddress) {
    this.calc = calc;
    this.words = calc.words;
    this.toggle = /** @type {HTMLInputElement} */ (document.getElementById("pe-calc-keep-on"));
    this.offerBox = /** @type {HTMLElement} */ (document.getElementById("pe-calc-keep-offer"));
    this.said = document.getElementById("pe-calc-keep-said");
    /** @type {Map<string, "new" | "changed"> | null} clause → its mark, once a kept scenario was restored */
    this.marks = null;
    /** @type {Kept | null} the entry restored (its day and data version, for the note) */
    this.restored = null;
    this.waiting = false; // an offer is on screen: nothing is kept until the reader answers it
    const kept = readKept();
    this.toggle.checked = Boolean(kept);
    /** @type {HTMLElement} */ (this.toggle.closest(".pe-calc-keep")).hidden = false;
    this.toggle.addEventListener("change", () => (this.toggle.checked ? this.keepNow() : this.forget()));
    if (kept && !inAddress) this.offer(kept);
  }

  /** @param {Kept} kept */
  offer(kept) {
    const select = /** @type {HTMLSelectElement} */ (this.calc.form.elements.namedItem("jurisdiction"));
    const j = new URLSearchParams(kept.scenario).get("j");
    const place = [...select.options].find((o) => o.value === j);
    const text = this.words.keep_offer
      .replace("{date}", kept.saved || "")
      .replace("{place}", place ? place.textContent || "" : "");
    const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
    byId("pe-calc-keep-offer-text").textContent = text;
    this.offerBox.hidden = false;
    this.waiting = true;
    byId("pe-calc-keep-restore").addEventListener("click", () => this.restore(kept), { once: true });
    byId("pe-calc-keep-forget").addEventListener("click", () => this.forget(), { once: true });
  }

  /**
   * The kept scenario goes into the address; the page reads it as any scenario link (hashchange).
   * @param {Kept} kept
   */
  restore(kept) {
    this.offerBox.hidden = true;
    this.waiting = false;
    this.marks = since(kept.versions, this.calc.config.versions || {});
    this.restored = kept;
    this.say("");
    location.hash = kept.scenario;
  }

  forget() {
    storage()?.removeItem(KEY);
    this.toggle.checked = false;
    this.offerBox.hidden = true;
    this.waiting = false;
    this.say(this.words.keep_forgotten);
  }

  /** @param {string} text */
  say(text) {
    if (this.said) this.said.textContent = text;
  }

  // Kept now, if the address holds a scenario already (else with the next answer).
  keepNow() {
    this.waiting = false;
    this.offerBox.hidden = true;
    this.say("");
    this.save();
  }

  save() {
    const scenario = location.hash.slice(1);
    if (!this.toggle.checked || this.waiting || !new URLSearchParams(scenario).has("j")) return;
    const entry = {
      scenario,
      saved: localDay(),
      data_version: this.calc.form.dataset.version || "",
      versions: this.calc.config.versions || {},
    };
    try {
      storage()?.setItem(KEY, JSON.stringify(entry));
    } catch {
      // storage full or blocked: the scenario stays in the address
    }
  }

  /**
   * After each answer shown: keep it (when ticked), and mark the items new or changed since the
   * restored scenario was kept, with one sentence saying since when.
   * @param {HTMLElement} out
   */
  answered(out) {
    this.save();
    if (!this.marks || !this.restored) return;
    const w = this.words;
    let n = 0;
    for (const found of out.querySelectorAll(".pe-calc-items tr[data-clause]")) {
      const row = /** @type {HTMLTableRowElement} */ (found);
      const mark = this.marks.get(row.dataset.clause || "");
      if (!mark) continue;
      n += 1;
      row.dataset.kept = mark;
      const cell = row.cells[1];
      if (cell) cell.prepend(el("span", { class: `pe-calc-new pe-calc-new--${mark}` }, w[`keep_${mark}`]), " ");
    }
    const words = (n ? w.keep_since : w.keep_none)
      .replace("{n}", String(n))
      .replace("{date}", this.restored.saved || "")
      .replace("{version}", this.restored.data_version || "");
    const note = el("p", { class: "pe-calc-since", role: "note" }, words);
    const totals = out.querySelector(".pe-calc-totals");
    if (totals) totals.after(note);
    else out.prepend(note);
  }
}
