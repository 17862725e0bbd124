// The calculator's form: the fields, the day and the unit, read as the profile the worker gets. The
// text typed is passed on as it is (policy_explorer/calculator/typed.py reads ２０００, 2千万, 1.5亿);
// amounts read by the last answer come back as whole yuan (digit strings) and are shown in 万元 without floats.

import { EDITION_ROOT } from "./client.mjs";
import { inputOf, el, own } from "./dom.mjs";

/** @import { Answer, Profile, Unit } from "./protocol.mjs" */

export const DIGITS = /^[0-9]+$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The reader's calendar day (local time), YYYY-MM-DD: the day an estimate is for unless the address
 * or the reader names one (on=). Never the build's day: a page built before a policy ends must not
 * show it in force after (issue 28).
 */
export function today() {
  const d = new Date();
  const two = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/**
 * An amount the answer read, as whole yuan (digits), in the unit the form types amounts in.
 * @param {string} digits
 * @param {Unit} unit
 */
export function fromYuan(digits, unit) {
  if (unit !== "wan") return digits;
  const padded = digits.padStart(5, "0");
  const whole = padded.slice(0, -4).replace(/^0+(?=[0-9])/, "");
  const fraction = padded.slice(-4).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

/**
 * Whether a field or group is offered in jurisdiction `j` (its data-in lists where).
 * @param {HTMLElement} element
 * @param {string} j
 */
function offeredIn(element, j) {
  return (element.dataset.in || "").split(" ").includes(j);
}

/**
 * An amount field's unit in its label, "· 万元" or "· CNY 10,000 (万元)".
 * @param {Element} field
 * @param {Unit} unit
 */
function labelUnit(field, unit) {
  const label = /** @type {HTMLElement | null} */ (field.querySelector(".pe-unit-label"));
  if (label) label.textContent = `· ${label.dataset[unit]}`;
}

/**
 * The page's form (#pe-calc) and what it says: fields (some fetched when their group opens), the day
 * the estimate is for, and the unit amounts are typed in.
 */
export class ScenarioForm {
  /**
   * @param {HTMLFormElement} form
   * @param {{ groups: Record<string, string> }} config the build's table of each fact's group
   * @param {(text: string) => void} fail shows why the fields could not be fetched
   */
  constructor(form, config, fail) {
    this.form = form;
    this.config = config;
    this.fail = fail;
    this.controls = /** @type {FormControls} */ (/** @type {unknown} */ (form.elements));
    this.lastUnit = this.unit();
    /** @type {Record<string, string>} fact → the exact value the last answer read from its field */
    this.read_ = {}; // (whole yuan for amounts)
    this.pinned = false; // whether the date was chosen (address or reader), so the address keeps it
    /** @type {Promise<Document> | null} */
    this.fieldsFile = null;
  }

  /**
   * The date field: the address's on=, else today and not pinned.
   * @param {string | null} value
   */
  setDate(value) {
    this.pinned = ISO_DAY.test(value || "");
    this.controls.on.value = this.pinned && value ? value : today();
  }

  // The day the answer is for: the chosen one, else today (read again: a page left open overnight).
  day() {
    if (!this.pinned) this.controls.on.value = today();
    return this.controls.on.value || today();
  }

  // Switching 万元 ↔ yuan rewrites what was typed, so the amounts stay the same.
  switchUnit() {
    const from = this.lastUnit;
    const to = this.unit();
    if (from === to) return;
    for (const field of this.fields()) {
      if (field.dataset.input !== "amount") continue;
      const input = /** @type {HTMLInputElement} */ (field.querySelector("input"));
      // As the last answer read it (exact), or the build's example value while it is untouched.
      const untouched = input.value === input.defaultValue ? input.dataset.yuan : undefined;
      const yuan = own(this.read_, field.dataset.fact) || untouched;
      if (yuan && DIGITS.test(yuan) && input.value.trim() !== "") input.value = fromYuan(yuan, to);
      labelUnit(field, to);
    }
    this.lastUnit = to;
  }

  /** @returns {Unit} */
  unit() {
    const checked = /** @type {HTMLInputElement | null} */ (this.form.querySelector("input[name=unit]:checked"));
    return checked?.value === "cny" ? "cny" : "wan";
  }

  /**
   * The fields in the page; a group marked data-lazy has none yet (they are empty until `expand`).
   * @returns {HTMLElement[]}
   */
  fields() {
    return /** @type {HTMLElement[]} */ ([...this.form.querySelectorAll(".pe-field")]);
  }

  // The file with every group's fields (data-fields, fetched once; the page starts it after load).
  loadFields() {
    if (!this.fieldsFile) {
      const url = new URL(this.form.dataset.fields || "", EDITION_ROOT);
      this.fieldsFile = fetch(url)
        .then((response) => {
          if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
          return response.text();
        })
        .then((text) => new DOMParser().parseFromString(text, "text/html"));
      this.fieldsFile.catch(() => (this.fieldsFile = null)); // tried again on the next need
    }
    return this.fieldsFile;
  }

  /**
   * A lazy group's fields, put in place (once) with the current unit and jurisdiction applied.
   * @param {HTMLElement} group
   */
  async expand(group) {
    if (!group.hasAttribute("data-lazy")) return;
    let file;
    try {
      file = await this.loadFields();
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
      return;
    }
    if (!group.hasAttribute("data-lazy")) return; // expanded meanwhile
    const selector = `template[data-category="${CSS.escape(group.dataset.category || "")}"]`;
    const template = /** @type {HTMLTemplateElement} */ (file.querySelector(selector));
    const content = document.importNode(template.content, true);
    const unit = this.unit();
    const j = this.controls.jurisdiction.value;
    for (const field of content.querySelectorAll(".pe-field")) {
      const element = /** @type {HTMLElement} */ (field);
      element.hidden = !offeredIn(element, j);
      labelUnit(field, unit);
    }
    group.append(content);
    group.removeAttribute("data-lazy");
  }

  /**
   * The field of one fact, its group expanded first if need be (null: no such field).
   * @param {string} fact
   * @returns {Promise<HTMLElement | null>}
   */
  async field(fact) {
    const category = CSS.escape(own(this.config.groups, fact) || "");
    const group = /** @type {HTMLElement | null} */ (
      this.form.querySelector(`.pe-calc__group[data-category="${category}"]`)
    );
    if (group) await this.expand(group);
    return /** @type {HTMLElement | null} */ (this.form.querySelector(`.pe-field[data-fact="${CSS.escape(fact)}"]`));
  }

  // Show only the facts that some clause applying in the chosen jurisdiction reads (a group: when
  // one of its facts is, which it lists in data-in).
  filterFields() {
    const j = this.controls.jurisdiction.value;
    for (const field of this.fields()) field.hidden = !offeredIn(field, j);
    for (const group of this.form.querySelectorAll(".pe-calc__group")) {
      const element = /** @type {HTMLElement} */ (group);
      element.hidden = !offeredIn(element, j);
    }
  }

  /**
   * The profile the form describes: yes/no and grades as facts, numbers as the text typed (Python
   * reads them: policy_explorer/calculator/typed.py), with the unit that amounts are typed in.
   * @returns {{ profile: Profile, typed: Record<string, string>, unit: Unit, on: string }}
   */
  read() {
    /** @type {Record<string, boolean | number>} */
    const facts = {};
    /** @type {Record<string, string>} */
    const typed = {};
    for (const field of this.fields()) {
      const input = inputOf(field);
      const fact = field.dataset.fact || "";
      if (field.hidden || input.value.trim() === "") continue;
      const kind = field.dataset.input;
      if (kind === "boolean") facts[fact] = input.value === "true";
      else if (kind === "choice") facts[fact] = Number(input.value); // a grade the build listed
      else typed[fact] = input.value;
    }
    const profile = {
      jurisdiction: this.controls.jurisdiction.value,
      startup: this.controls.startup.checked,
      facts,
    };
    return { profile, typed, unit: this.unit(), on: this.day() };
  }

  /**
   * Each field's note and echo from an answer: the answer's reading (= 20,000,000 元) or nothing.
   * @param {Answer} answer
   * @param {string} lang
   */
  echo(answer, lang) {
    for (const field of this.fields()) {
      this.markField(field, null);
      const echo = field.querySelector("output");
      const said = answer.ok ? own(answer.echo, field.dataset.fact) : undefined;
      if (echo) echo.textContent = said && !field.hidden ? `= ${said[lang]}` : "";
    }
  }

  /**
   * One message under a field the reader must correct (text null: the field is fine again).
   * @param {HTMLElement} field
   * @param {string | null} text
   */
  markField(field, text) {
    const input = inputOf(field);
    let note = field.querySelector(".pe-field-error");
    if (!text) {
      input.removeAttribute("aria-invalid");
      if (note) note.remove();
      return;
    }
    input.setAttribute("aria-invalid", "true");
    if (!note) {
      note = el("p", { class: "pe-field-error", id: `pe-e-${field.dataset.fact}` });
      input.after(note);
      const described = input.getAttribute("aria-describedby") || "";
      if (!described.includes(note.id)) input.setAttribute("aria-describedby", `${note.id} ${described}`.trim());
    }
    note.textContent = text;
  }

  /**
   * A fact's field brought into view and focused ("add this fact" under an answer).
   * @param {string} fact
   */
  async reveal(fact) {
    const field = await this.field(fact);
    if (!field) return;
    field.hidden = false;
    openGroup(field);
    const input = inputOf(field);
    input.scrollIntoView({ block: "center" });
    input.focus();
  }

  // Every field emptied (a scenario from the address or a clause says all it holds).
  clear() {
    for (const field of this.fields()) inputOf(field).value = "";
  }
}

/**
 * The folded group (<details>) a field is in, opened.
 * @param {Element} field
 */
export function openGroup(field) {
  /** @type {HTMLDetailsElement} */ (field.closest("details")).open = true;
}

/**
 * The form's named controls the calculator reads.
 * @typedef {object} FormControls
 * @property {HTMLSelectElement} jurisdiction
 * @property {HTMLInputElement} startup
 * @property {HTMLInputElement} on
 */
