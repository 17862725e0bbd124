// The answer on the page, as DOM built from text: the totals, the items with how each was worked out
// and how to apply, what more facts could bring and why the other clauses give nothing. Every figure
// and sentence is the engine's (policy_explorer/calculator/browser.py); here they are only put in place.

import { EDITION_ROOT } from "./client.mjs";
import { el, list } from "./dom.mjs";
import { today } from "./form.mjs";

/** @import { ScenarioForm } from "./form.mjs" */
/** @import { Answer } from "./protocol.mjs" */
/** @typedef {Record<string, string>} Words  the page's strings (#pe-calc-strings) */

const COMPACT_ITEMS = 3; // the items a compact widget shows (the largest)

/** Links from a widget open the site in a new tab. */
export function linkTarget() {
  const embedded = window.top !== window;
  return { target: embedded ? "_blank" : null, rel: embedded ? "noopener" : null };
}

export class Results {
  /**
   * @param {string} lang
   * @param {Words} words
   * @param {ScenarioForm} form
   */
  constructor(lang, words, form) {
    this.lang = lang;
    this.words = words;
    this.form = form;
    this.output = /** @type {HTMLElement} */ (document.getElementById("pe-calc-output"));
    this.example = document.getElementById("pe-calc-example");
    this.printButton = document.getElementById("pe-calc-print");
  }

  // The build-time example was computed for the build's day: a row whose policy has ended since
  // (its data-ends before the day asked) is marked expired, and the example's totals, which counted
  // it, are said to no longer apply. Comparing two YYYY-MM-DD strings; the status words are the build's.
  markExample() {
    if (!this.example) return;
    const day = this.form.day();
    if (day === this.form.form.dataset.built) return;
    let ended = 0;
    for (const found of this.example.querySelectorAll(".pe-status[data-ends]")) {
      const cell = /** @type {HTMLElement} */ (found);
      const ends = cell.dataset.ends || "";
      if (ends >= day || !cell.classList.contains("pe-status--in_force")) continue;
      cell.classList.replace("pe-status--in_force", "pe-status--expired");
      cell.textContent = `${this.words.status_expired} · ${ends}`;
      ended += 1;
    }
    if (!ended) return;
    const totals = document.getElementById("pe-calc-example-totals");
    if (totals) totals.hidden = true;
    const bar = document.getElementById("pe-calc-summary-example"); // the same totals in the phone's bar
    if (bar) bar.hidden = true;
    const note = document.getElementById("pe-calc-example-note");
    if (note) note.textContent = this.words.example_outdated.replace("{today}", day);
  }

  /**
   * The totals and items on screen are out of date (typing, or a field that cannot be read): said in
   * words and in style, so no one copies an old total for a new scenario.
   * @param {boolean} stale
   * @param {boolean} [why] the form holds an error (not only a newer request)
   */
  markStale(stale, why) {
    for (const box of [this.output, this.example]) {
      if (!box) continue;
      if (stale) box.dataset.stale = why ? "error" : "pending";
      else delete box.dataset.stale;
    }
    const note = document.getElementById("pe-calc-stale");
    if (note) {
      note.hidden = !why;
      note.textContent = why ? this.words.stale : "";
    }
  }

  /**
   * An answer that names an input at fault (facts.<id>, jurisdiction, on…): shown by its label. The
   * last result stays on screen, marked out of date, until the input is corrected.
   * @param {Answer} answer
   */
  showError(answer) {
    const out = this.output;
    const field = answer.field.startsWith("facts.")
      ? /** @type {HTMLElement | null} */ (
          this.form.form.querySelector(`.pe-field[data-fact="${CSS.escape(answer.field.slice(6))}"]`)
        )
      : null;
    const label = field?.querySelector("label")?.firstChild;
    const name = field && label ? (label.textContent || "").trim() : answer.field;
    const worded = answer.typed && field ? this.words[`bad_${field.dataset.input}`] : undefined;
    const message = worded || answer.message;
    if (field) this.form.markField(field, message);
    for (const old of out.querySelectorAll(".pe-calc-error")) old.remove();
    out.prepend(el("p", { class: "pe-calc-error", role: "alert" }, `${name}: ${message}`));
    const shown = out.querySelector(".pe-calc-error");
    if (out.hidden && this.example && shown) this.example.before(shown);
    this.markStale(true, true);
  }

  // The output emptied for a new answer, shown in place of the build's example.
  reset() {
    const out = this.output;
    out.replaceChildren();
    out.hidden = false;
    if (this.example) this.example.hidden = true;
    if (this.printButton) this.printButton.hidden = false;
  }

  /**
   * The totals, the items and the folded lists of an answer, after the print head.
   * @param {Answer} answer
   */
  fill(answer) {
    const out = this.output;
    const lang = this.lang;
    const w = this.words;
    const result = answer.result;
    const labels = answer.labels[lang];
    out.append(el("h2", { id: "pe-calc-results" }, w.results));
    out.append(this.dateLine(result.on));
    // The likely (conservative) total first, the maximum beside it; each with its cash and vouchers.
    const totals = el("p", { class: "pe-calc-totals" });
    const split = (/** @type {string} */ text) => (text ? el("span", { class: "pe-calc-split" }, ` (${text})`) : "");
    totals.append(
      el("strong", {}, `${w.likely}: `),
      el(
        "span",
        { "data-total": "conservative", "data-cny": String(result.total_conservative_cny) },
        labels.total_conservative,
      ),
      split(labels.split_conservative),
      " · ",
      el("strong", {}, `${w.up_to}: `),
      el("span", { "data-total": "max", "data-cny": String(result.total_max_cny) }, labels.total_max),
      split(labels.split_max),
    );
    out.append(totals);
    if (answer.summary) out.append(el("p", { class: "pe-calc-why-zero", role: "note" }, answer.summary[lang]));
    this.summarize(answer);
    this.announce(answer);
    out.append(list(result.totals_explain[lang]));
    if (!result.items.length) out.append(el("p", {}, w.no_items));
    else this.items(answer);
    if (answer.needs.length) this.needs(answer);
    if (result.why_not && result.why_not.length) this.whyNot(answer);
  }

  /**
   * The items table: each clause that gives something, its amount and status.
   * @param {Answer} answer
   */
  items(answer) {
    const out = this.output;
    const lang = this.lang;
    const w = this.words;
    const result = answer.result;
    const labels = answer.labels[lang];
    const table = el("table", { class: "pe-calc-items" });
    const wrap = el("div", { class: "md-typeset__table pe-calc-items-wrap" });
    const head = el("tr");
    for (const h of [w.policy, w.clause, w.amount, w.status]) head.append(el("th", { scope: "col" }, h));
    table.append(el("thead", {}, head));
    const body = /** @type {HTMLTableSectionElement} */ (el("tbody"));
    result.items.forEach((/** @type {any} */ item, /** @type {number} */ i) => {
      const row = el("tr", {
        "data-clause": `${item.policy}/${item.clause}`,
        "data-cny-min": item.min_cny === null ? null : String(item.min_cny),
        "data-cny-max": String(item.max_cny),
        "data-confirmed": String(item.confirmed),
      });
      const policyTitle = answer.policies[item.policy];
      row.append(el("td", { "data-label": w.policy }, policyTitle ? policyTitle[lang] : item.policy));
      const cell = el("td", { "data-label": w.clause });
      const link = { href: new URL(item.page, EDITION_ROOT).href, ...linkTarget() }; // a widget: a new tab
      cell.append(el("a", link, `${w.clause} ${item.clause} · ${item.title[lang]}`));
      // What the engine assumed (conditions the reader did not answer) apart from what was confirmed.
      if (item.assumed.length) {
        const box = el("div", { class: "pe-calc-assumed" }, el("p", {}, w.assumed));
        box.append(list(item.assumed.map((/** @type {any} */ a) => a[lang])));
        cell.append(box);
      } else if (item.confirmed && item.counted) {
        cell.append(el("p", { class: "pe-calc-confirmed" }, w.confirmed)); // only what the reader answered
      }
      if (item.note) cell.append(el("p", { class: "pe-calc-item-note" }, item.note[lang]));
      const how = el("details", { class: "pe-calc-explain" }, el("summary", {}, w.explain));
      how.append(list(item.explain[lang]));
      // In print the folded explanation is shown, and the clause is cited with its address.
      const cite = el("div", { class: "pe-print-only" }, list(item.explain[lang]));
      const policyName = policyTitle ? policyTitle[lang] : item.policy;
      const citation = `${w.print_clause}: ${policyName}, ${w.clause} ${item.clause} — ${link.href}`;
      cite.append(el("p", { class: "pe-print-cite" }, citation));
      cell.append(cite);
      if (item.verify.length) {
        how.append(el("p", { class: "pe-verify" }, w.verify), list(item.verify.map((/** @type {any} */ v) => v[lang])));
      }
      cell.append(how);
      if (item.application) cell.append(this.application(item.application));
      const status = [w[`status_${item.status}`] || item.status, labels.ending[i]].filter(Boolean).join(" · ");
      row.append(
        cell,
        el("td", { class: "pe-num", "data-label": w.amount }, answer.labels[lang].items[i]),
        el(
          "td",
          { "data-label": w.status },
          el("span", { class: `pe-status pe-status--${item.status}`, "data-ends": item.ends }, status),
        ),
      );
      body.append(row);
    });
    table.append(body);
    wrap.append(table);
    out.append(wrap);
    if (document.body.classList.contains("pe-compact")) this.compactItems(result.items, body);
  }

  /**
   * How and when to apply: sentences worded by the engine (policy_explorer/calculator/application.py), shown as text.
   * @param {any} application
   */
  application(application) {
    const w = this.words;
    const apply = el("details", { class: "pe-calc-apply" }, el("summary", {}, w.apply));
    apply.append(list(application[this.lang]));
    const away = { rel: "noopener noreferrer", target: "_blank" };
    if (/^https?:\/\//.test(application.url || "")) {
      apply.append(el("p", {}, el("a", { href: application.url, ...away }, w.apply_guide)));
    }
    // The document's official page, where the data knows its address; in print its address is written out.
    if (/^https?:\/\//.test(application.page || "")) {
      const page = el("a", { href: application.page, ...away }, w.apply_page);
      const address = el("span", { class: "pe-print-only" }, ` ${application.page}`);
      apply.append(el("p", { class: "pe-calc-apply-page" }, page, address));
    }
    return apply;
  }

  /**
   * Folded: a list of every clause that could apply with more facts, opened on request.
   * @param {Answer} answer
   */
  needs(answer) {
    const lang = this.lang;
    const w = this.words;
    const summary = el("summary", {}, `${w.needs} (${answer.needs.length})`);
    const box = el("details", { class: "pe-calc-needs-box" }, summary);
    const ul = el("ul", { class: "pe-calc-needs" });
    for (const need of answer.needs) {
      const li = el("li", {});
      const text = `${need.policy_title[lang]} · ${w.clause} ${need.clause} · ${need.title[lang]}`;
      li.append(el("a", { href: new URL(need.page, EDITION_ROOT).href }, text), " ");
      need.facts.forEach((/** @type {string} */ fact, /** @type {number} */ i) => {
        const attrs = { type: "button", class: "md-button pe-add-fact", "data-fact": fact };
        const button = el("button", attrs, `${w.add_fact}: ${need.fact_labels[i][lang]}`);
        button.addEventListener("click", () => this.form.reveal(fact));
        li.append(button, " ");
      });
      ul.append(li);
    }
    box.append(ul);
    this.output.append(box);
  }

  /**
   * Folded: every clause of the place that gives nothing and why, as the engine words it
   * (policy_explorer/calculator/whynot.py): failed, unknown or not in force, the reader's answers against the
   * condition, what would make it apply, and the text's own conditions.
   * @param {Answer} answer
   */
  whyNot(answer) {
    const lang = this.lang;
    const w = this.words;
    const entries = answer.result.why_not;
    const box = el("details", { class: "pe-calc-why-box" }, el("summary", {}, `${w.why_not} (${entries.length})`));
    const ul = el("ul", { class: "pe-calc-why" });
    for (const entry of entries) {
      const li = el("li", { "data-clause": `${entry.policy}/${entry.clause}`, "data-outcome": entry.outcome });
      const policyTitle = answer.policies[entry.policy];
      const policyName = policyTitle ? policyTitle[lang] : entry.policy;
      const text = `${policyName} · ${w.clause} ${entry.clause} · ${entry.title[lang]}`;
      li.append(el("a", { href: new URL(entry.page, EDITION_ROOT).href }, text));
      const outcome = el("strong", {}, `${w[`why_${entry.outcome}`] || entry.outcome}: `);
      li.append(el("p", { class: "pe-calc-why-fix" }, outcome, entry.fix[lang]));
      if (entry.said[lang].length) li.append(list(entry.said[lang]));
      if (entry.conditions.length) {
        const conditions = entry.conditions.map((/** @type {any} */ c) => c[lang]).join(lang === "en" ? "; " : "；");
        li.append(el("p", { class: "pe-calc-why-text" }, `${w.why_text}: ${conditions}`));
      }
      ul.append(li);
    }
    box.append(ul);
    this.output.append(box);
  }

  /**
   * compact=1 is a summary card: the largest items (by the engine's maximum) stay, in the engine's
   * order; the others are left to the full estimate, and the card says how many.
   * @param {any[]} items
   * @param {HTMLTableSectionElement} body
   */
  compactItems(items, body) {
    /** @type {[bigint, number][]} */
    const order = items.map((item, i) => [BigInt(String(item.max_cny)), i]);
    order.sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] > b[0] ? -1 : 1));
    const kept = new Set(order.slice(0, COMPACT_ITEMS).map(([, i]) => i));
    [...body.rows].forEach((row, i) => row.classList.toggle("pe-compact-more", !kept.has(i)));
    const rest = items.length - kept.size;
    if (rest > 0) {
      this.output.append(el("p", { class: "pe-compact-rest" }, this.words.compact_more.replace("{n}", String(rest))));
    }
  }

  /**
   * "Computed for 2026-12-07 (today)": shown with every answer, in compact mode too.
   * @param {string} on
   */
  dateLine(on) {
    const w = this.words;
    const which = this.form.pinned ? w.pinned : on === today() ? w.today : "";
    return el("p", { class: "pe-calc-date", "data-on": on }, w.computed_for.replace("{date}", on) + which);
  }

  /**
   * The totals in one sentence for screen readers (#pe-calc-live), changed only when they change, so
   * typing that leaves them alone says nothing and the long result is never read out.
   * @param {Answer} answer
   */
  announce(answer) {
    const live = document.getElementById("pe-calc-live");
    if (!live) return;
    const labels = answer.labels[this.lang];
    const said = this.words.live.replace("{likely}", labels.total_conservative).replace("{max}", labels.total_max);
    if (live.textContent !== said) live.textContent = said;
  }

  /**
   * The totals in the summary that stays on screen (phones: at the foot of the screen while typing).
   * @param {Answer} answer
   */
  summarize(answer) {
    const box = document.getElementById("pe-calc-summary");
    if (!box) return;
    const w = this.words;
    const labels = answer.labels[this.lang];
    const n = answer.result.items.length;
    const count = n === 1 ? w.items_one : w.items_other.replace("{n}", String(n));
    box.replaceChildren(
      el("strong", {}, `${w.likely}: `),
      el("span", { "data-summary": "conservative" }, labels.total_conservative),
      " · ",
      el("strong", {}, `${w.up_to}: `),
      el("span", { "data-summary": "max" }, labels.total_max),
      " · ",
      `${answer.result.on} · `,
      el("a", { href: "#pe-calc-results" }, count),
    );
    if (answer.summary) box.append(el("span", { class: "pe-calc-summary__why" }, answer.summary[this.lang]));
    delete box.dataset.example; // the build-time example's totals and the progress line are gone
    box.hidden = false;
  }
}
