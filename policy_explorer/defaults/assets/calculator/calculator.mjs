// The calculator page's shim: reads the form, keeps the scenario in the address, sends it to the
// worker (Python) and shows the answer. It holds no rule, reads no number and formats no money: the
// text typed goes to calculator.browser (calculator/typed.py reads ２０００, 2千万, 1.5亿), which gives
// back the exact values and the wording. Clause and policy texts are set as text, never as markup.

import { EDITION_ROOT, afterLoad, localSnapshotOff, post, setLocalSnapshotOff, startWorker, stopWorker, subscribe } from "./client.mjs";
import { Keeper } from "./keep.mjs";

// A table's own entry for a key from the address (never an inherited one: ?clause=constructor).
const own = (table, key) => (key !== null && Object.hasOwn(table, key) ? table[key] : undefined);
const SCENARIO_KEYS = (key) => ["j", "s", "on", "u", "clause"].includes(key) || key.startsWith("f.");
const DIGITS = /^[0-9]+$/;

let requestId = 0;
let shown = 0;

// The reader's calendar day (local time), YYYY-MM-DD: the day an estimate is for unless the address
// or the reader names one (on=). Never the build's day: a page built before a policy ends must not
// show it in force after (issue 28).
function today() {
  const d = new Date();
  const two = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

// --- amounts the answer read, as whole yuan (digit strings), shown back in 万元 (no floats) -------
function fromYuan(digits, unit) {
  if (unit !== "wan") return digits;
  const padded = digits.padStart(5, "0");
  const whole = padded.slice(0, -4).replace(/^0+(?=[0-9])/, "");
  const fraction = padded.slice(-4).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

// --- the zh-Hant edition: the engine's Simplified answers in Traditional characters ----------------
// The table (data-hant) was made by OpenCC at build time (policy_explorer/sitegen/hant.py): every
// character that changes and every run whose conversion differs from its characters'. Here it is only
// looked up, longest match first, as OpenCC itself does; no word or rule is written in this file.
function hantConverter(table, hk = null) {
  const ADDRESS_KEYS = new Set(["url", "page"]);
  const local = hkLocalizer(hk);
  const longest = Math.max(1, ...Object.keys(table).map((key) => key.length));
  const text = (s) => {
    let out = "";
    for (let i = 0; i < s.length; ) {
      let n = Math.min(longest, s.length - i);
      while (n > 1 && !(s.slice(i, i + n) in table)) n--;
      const piece = s.slice(i, i + n);
      out += Object.hasOwn(table, piece) ? table[piece] : piece;
      i += n;
    }
    return out;
  };
  const convert = (value) => {
    if (typeof value === "string") return local(text(value));
    if (Array.isArray(value)) return value.map(convert);
    if (value && typeof value === "object") {
      // An address (a guide's `url`, a site `page`) may hold Chinese characters: converted, it leads nowhere.
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ADDRESS_KEYS.has(k) ? v : convert(v)]));
    }
    return value;
  };
  return convert;
}

const COMPACT_ITEMS = 3; // the items a compact widget shows (the largest)

// The Hong Kong layer (policy_explorer/sitegen/hk.py, the same rules from defaults/hk_phrases.yaml, sent in
// the table's file): 「」 quotes (『』 inside), the reviewed phrases and the currency before each amount in
// yuan, never inside a quotation or after 原文： (an official sentence). Tested against hk.py.
function hkLocalizer(rules) {
  if (!rules) return (s) => s;
  const escape = (w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const words = Object.keys(rules.phrases).sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const phrase = words.length ? new RegExp(words.map(escape).join("|"), "g") : null;
  const CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  const chineseInside = new RegExp(`[${CJK}]`);
  const chineseBefore = new RegExp(`[${CJK}\u3000-\u303f\uff00-\uffef]`);
  const amount = /(?<![\d,.\\])\d[\d,]*(?:\\?\.\d+)?\s?(?:千萬|萬|億)?元/g;
  const noCurrency = new RegExp(`(?:${escape(rules.currency)}|[–\\-~～至到])\\s?$`);
  const url = /https?:\/\/[^\s<>"'`]+/g;
  const plain = (s) => {
    const t = phrase ? s.replace(phrase, (m) => rules.phrases[m]) : s;
    return t.replace(amount, (m, at) => (noCurrency.test(t.slice(Math.max(0, at - 4), at)) ? m : rules.currency + m));
  };
  const wordsOf = (s) => {
    let out = "";
    let at = 0;
    for (const m of s.matchAll(url)) {
      out += plain(s.slice(at, m.index)) + m[0];
      at = m.index + m[0].length;
    }
    return out + plain(s.slice(at));
  };
  return (s) => {
    const pairs = [];
    for (const [open, close] of [["“", "”"], ["‘", "’"]]) {
      const stack = [];
      for (let i = 0; i < s.length; i++) {
        if (s[i] === open) stack.push(i);
        else if (s[i] === close && stack.length) pairs.push([stack.pop(), i]);
      }
    }
    const chinese = pairs
      .filter(([a, b]) => chineseInside.test(s.slice(a + 1, b)) || (a > 0 && chineseBefore.test(s[a - 1])))
      .sort((x, y) => x[0] - y[0]);
    const marks = new Map();
    const skipped = [];
    for (const [a, b] of chinese) {
      const depth = chinese.filter(([c, d]) => c < a && b < d).length;
      marks.set(a, depth % 2 ? "『" : "「");
      marks.set(b, depth % 2 ? "』" : "」");
      if (!depth) skipped.push([a, b + 1]);
    }
    for (const lead of rules.quoted_after) {
      for (let i = s.indexOf(lead); i >= 0; i = s.indexOf(lead, i + 1)) {
        const end = s.indexOf("\n", i + lead.length);
        skipped.push([i + lead.length, end < 0 ? s.length : end]);
      }
    }
    skipped.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    let out = "";
    let at = 0;
    for (let [a, b] of skipped) {
      if (b <= at) continue;
      a = Math.max(a, at);
      out += wordsOf(s.slice(at, a));
      for (let i = a; i < b; i++) out += marks.get(i) ?? s[i];
      at = b;
    }
    return out + wordsOf(s.slice(at));
  };
}

// --- the form ------------------------------------------------------------------------------------
class Calculator {
  constructor(form) {
    this.form = form;
    this.lang = form.dataset.lang;
    this.config = JSON.parse(document.getElementById("pe-calc-config").textContent);
    this.words = JSON.parse(document.getElementById("pe-calc-strings").textContent);
    this.status = document.getElementById("pe-calc-status");
    this.output = document.getElementById("pe-calc-output");
    this.example = document.getElementById("pe-calc-example");
    this.ready = false;
    this.pending = null; // the newest request not yet sent
    this.inFlight = 0; // the id of the request the worker is computing
    this.lastUnit = this.unit();
    this.requests = new Map(); // request id → the request, until its answer comes
    this.read_ = {}; // fact → the exact value the last answer read from its field (whole yuan for amounts)
    this.printButton = document.getElementById("pe-calc-print");
    this.pinned = false; // whether the date was chosen (address or reader), so the address keeps it
  }

  // The date field: the address's on=, else today and not pinned.
  setDate(value) {
    this.pinned = ISO_DAY.test(value || "");
    this.form.elements.on.value = this.pinned ? value : today();
  }

  // The day the answer is for: the chosen one, else today (read again: a page left open overnight).
  day() {
    if (!this.pinned) this.form.elements.on.value = today();
    return this.form.elements.on.value || today();
  }

  // The build-time example was computed for the build's day: a row whose policy has ended since
  // (its data-ends before the day asked) is marked expired, and the example's totals, which counted
  // it, are said to no longer apply. Comparing two YYYY-MM-DD strings; the status words are the build's.
  markExample() {
    if (!this.example) return;
    const day = this.day();
    if (day === this.form.dataset.built) return;
    let ended = 0;
    for (const cell of this.example.querySelectorAll(".pe-status[data-ends]")) {
      if (cell.dataset.ends >= day || !cell.classList.contains("pe-status--in_force")) continue;
      cell.classList.replace("pe-status--in_force", "pe-status--expired");
      cell.textContent = `${this.words.status_expired} · ${cell.dataset.ends}`;
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

  // Switching 万元 ↔ yuan rewrites what was typed, so the amounts stay the same.
  switchUnit() {
    const from = this.lastUnit;
    const to = this.unit();
    if (from === to) return;
    for (const field of this.fields()) {
      if (field.dataset.input !== "amount") continue;
      const input = field.querySelector("input");
      // As the last answer read it (exact), or the build's example value while it is untouched.
      const yuan = own(this.read_, field.dataset.fact) || (input.value === input.defaultValue ? input.dataset.yuan : undefined);
      if (yuan && DIGITS.test(yuan) && input.value.trim() !== "") input.value = fromYuan(yuan, to);
      labelUnit(field, to);
    }
    this.lastUnit = to;
  }

  unit() {
    return this.form.querySelector("input[name=unit]:checked")?.value === "cny" ? "cny" : "wan";
  }

  // The fields in the page; a group marked data-lazy has none yet (they are empty until `expand`).
  fields() {
    return [...this.form.querySelectorAll(".pe-field")];
  }

  // The file with every group's fields (data-fields, fetched once; the page starts it after load).
  loadFields() {
    if (!this.fieldsFile) {
      const url = new URL(this.form.dataset.fields, EDITION_ROOT);
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

  // A lazy group's fields, put in place (once) with the current unit and jurisdiction applied.
  async expand(group) {
    if (!group.hasAttribute("data-lazy")) return;
    let file;
    try {
      file = await this.loadFields();
    } catch (error) {
      this.status.textContent = this.words.failed + error.message;
      return;
    }
    if (!group.hasAttribute("data-lazy")) return; // expanded meanwhile
    const template = file.querySelector(`template[data-category="${CSS.escape(group.dataset.category)}"]`);
    const content = document.importNode(template.content, true);
    const unit = this.unit();
    const j = this.form.elements.jurisdiction.value;
    for (const field of content.querySelectorAll(".pe-field")) {
      field.hidden = !offeredIn(field, j);
      labelUnit(field, unit);
    }
    group.append(content);
    group.removeAttribute("data-lazy");
  }

  // The field of one fact, its group expanded first if need be (null: no such field).
  async field(fact) {
    const group = this.form.querySelector(`.pe-calc__group[data-category="${CSS.escape(own(this.config.groups, fact) || "")}"]`);
    if (group) await this.expand(group);
    return this.form.querySelector(`.pe-field[data-fact="${CSS.escape(fact)}"]`);
  }

  // Show only the facts that some clause applying in the chosen jurisdiction reads (a group: when
  // one of its facts is, which it lists in data-in).
  filterFields() {
    const j = this.form.elements.jurisdiction.value;
    for (const field of this.fields()) field.hidden = !offeredIn(field, j);
    for (const group of this.form.querySelectorAll(".pe-calc__group")) group.hidden = !offeredIn(group, j);
  }

  // The profile the form describes: yes/no and grades as facts, numbers as the text typed (Python
  // reads them: calculator/typed.py), with the unit that amounts are typed in.
  read() {
    const facts = {};
    const typed = {};
    for (const field of this.fields()) {
      const input = field.querySelector("input, select");
      if (field.hidden || input.value.trim() === "") continue;
      const kind = field.dataset.input;
      if (kind === "boolean") facts[field.dataset.fact] = input.value === "true";
      else if (kind === "choice") facts[field.dataset.fact] = Number(input.value); // a grade the build listed
      else typed[field.dataset.fact] = input.value;
    }
    const profile = {
      jurisdiction: this.form.elements.jurisdiction.value,
      startup: this.form.elements.startup.checked,
      facts,
    };
    return { profile, typed, unit: this.unit(), on: this.day() };
  }

  // Each field's note and echo from an answer: the answer's reading (= 20,000,000 元) or nothing.
  echo(answer) {
    for (const field of this.fields()) {
      this.markField(field, null);
      const echo = field.querySelector("output");
      const said = answer.ok ? own(answer.echo, field.dataset.fact) : undefined;
      if (echo) echo.textContent = said && !field.hidden ? `= ${said[this.lang]}` : "";
    }
  }

  // One message under a field the reader must correct (text null: the field is fine again).
  markField(field, text) {
    const input = field.querySelector("input, select");
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

  // --- the scenario in the address: in its fragment (#j=…&f.…), which no request ever carries ----
  toAddress(state) {
    const scenario = new URLSearchParams();
    scenario.set("j", state.profile.jurisdiction);
    if (state.profile.startup) scenario.set("s", "1");
    if (this.pinned && state.on) scenario.set("on", state.on); // only a chosen date: else today, every visit
    scenario.set("u", this.unit());
    for (const [fact, value] of Object.entries(state.profile.facts)) scenario.set(`f.${fact}`, String(value));
    for (const [fact, value] of Object.entries(state.read || {})) scenario.set(`f.${fact}`, value);
    const query = new URLSearchParams(location.search); // presets from a link or an embed: moved into the fragment
    for (const key of [...query.keys()]) if (SCENARIO_KEYS(key)) query.delete(key);
    const rest = query.toString();
    history.replaceState(history.state, "", `${location.pathname}${rest ? `?${rest}` : ""}#${scenario}`);
    linkFull();
  }

  async fromAddress() {
    // A saved scenario is in the fragment; presets may come in the query (a link to a clause, an
    // embed's src). When the fragment holds a scenario, it is the whole of it.
    const fragment = new URLSearchParams(location.hash.slice(1));
    const params = fragment.has("j") ? fragment : new URLSearchParams(location.search);
    const el = this.form.elements;
    const known = (j) => [...el.jurisdiction.options].some((o) => o.value === j);
    let changed = false;
    const clause = own(this.config.clauses, params.get("clause"));
    if (clause && !fragment.has("j")) {
      // "Try in the calculator" from a clause: its jurisdiction, its facts, and the figures of its
      // first worked example (written from its text), not the page's example.
      if (known(clause.jurisdiction)) el.jurisdiction.value = clause.jurisdiction;
      for (const field of this.fields()) field.querySelector("input, select").value = "";
      el.startup.checked = Boolean(clause.example && clause.example.startup);
      for (const fact of clause.facts) {
        const field = await this.field(fact);
        if (field) field.closest("details").open = true;
      }
      for (const [fact, value] of Object.entries(clause.example ? clause.example.facts : {})) {
        const field = await this.field(fact);
        if (!field) continue;
        const input = field.querySelector("input, select");
        input.value = field.dataset.input === "amount" && DIGITS.test(String(value)) ? fromYuan(String(value), this.unit()) : String(value);
      }
    }
    if (params.has("j") && known(params.get("j"))) {
      el.jurisdiction.value = params.get("j");
      changed = true;
    }
    if (params.has("s") || changed) el.startup.checked = params.get("s") === "1";
    this.setDate(params.get("on"));
    const unit = params.get("u") || (params.has("j") ? "wan" : null); // a scenario without u= is in 万元
    if (unit === "cny" || unit === "wan") {
      this.form.querySelector(`#pe-unit-${unit}`).checked = true;
      this.switchUnit(); // the example's amounts and the labels, in that unit
    }
    const facts = [...params.keys()].filter((k) => k.startsWith("f."));
    if (facts.length || changed) {
      for (const field of this.fields()) field.querySelector("input, select").value = "";
    }
    for (const key of facts) {
      const field = await this.field(key.slice(2));
      if (!field) continue;
      const input = field.querySelector("input, select");
      const value = params.get(key);
      input.value = field.dataset.input === "amount" && DIGITS.test(value) ? fromYuan(value, this.unit()) : value;
      field.closest("details").open = true;
    }
  }

  // --- talking to the worker: at most one request in flight, and the newest state always wins ----
  schedule() {
    this.calculate();
  }

  calculate(first = false) {
    this.filterFields();
    const state = this.read();
    // What is on screen answers the form as it was, until the new answer comes (the page's first
    // request asks what the build-time example already shows, or the scenario the address names).
    if (!first) this.markStale(true);
    // Sent even before the worker is ready: it waits there, so the first answer comes straight after.
    this.pending = { profile: state.profile, on: state.on, compare: true, typed: state.typed, unit: state.unit };
    this.send();
  }

  // The totals and items on screen are out of date (typing, or a field that cannot be read): said in
  // words and in style, so no one copies an old total for a new scenario.
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

  onMessage(message) {
    if (this.toHant && (message.type === "answer" || message.type === "compare")) {
      message = { ...message, answer: this.toHant(message.answer), compare: this.toHant(message.compare), note: this.toHant(message.note) };
    }
    if (message.type === "ready") {
      this.ready = true;
      this.status.textContent = this.words.ready; // the progress bar goes with the loading text
      delete this.status.dataset.loaded;
      delete this.status.dataset.total;
      this.status.dataset.state = "ready";
      this.status.dataset.mode = message.mode; // "local", "snapshot" or "wheel" (see worker.mjs)
      this.status.dataset.startMs = String(Math.round(message.ms));
      this.status.dataset.marks = JSON.stringify({ ...message.marks, workerStartedAt: Math.round(message.startedAt) });
      if (!this.inFlight) this.calculate(true); // the request sent at mount is already waiting in the worker
    } else if (message.type === "progress") {
      // In words, and how much has come: "正在准备计算器，首次约需 10 秒 · 9.1 / 21.4 MB". No file names
      // (they mean nothing to a reader; a file is named only if it fails). The megabytes are not read
      // out (aria-hidden), so the status line is announced once, not on every chunk.
      const mb = (bytes) => (bytes / 1e6).toFixed(1);
      if (this.status.firstChild.nodeType === Node.TEXT_NODE && this.status.firstChild.textContent !== this.words.loading) {
        this.status.firstChild.textContent = this.words.loading;
      }
      const amount = document.getElementById("pe-calc-mb");
      if (amount) amount.textContent = ` · ${mb(message.loaded)} / ${mb(message.total)} MB`;
      const bar = document.getElementById("pe-calc-progress");
      if (bar) {
        bar.hidden = false;
        bar.max = message.total;
        bar.value = message.loaded;
      }
      this.status.dataset.loaded = String(message.loaded);
      this.status.dataset.total = String(message.total);
    } else if (message.type === "failed") {
      // A runtime file that failed its check twice is named in the page's language; else the worker's words.
      this.status.textContent = message.file ? this.words.failed_file.replace("{file}", message.file) : this.words.failed + message.message;
      this.status.dataset.state = "failed";
      // The bar on a phone's first screen said "preparing": it says what the status line says now.
      const waiting = document.querySelector("#pe-calc-summary[data-example] .pe-calc-summary__loading");
      if (waiting) waiting.textContent = this.status.textContent;
    } else if (message.type === "answer") {
      this.inFlight = 0;
      message.request = this.requests.get(message.id); // undefined: a request of an earlier page
      this.requests.delete(message.id);
      if (!this.pending && message.id >= shown) {
        // Shown only when no newer state waits: the reader sees the answer to what the form says now.
        shown = message.id;
        this.show(message.answer, message.request);
        document.dispatchEvent(new CustomEvent("pe-calc-result", { detail: { id: message.id, ms: message.ms } }));
      }
      this.send();
    } else if (message.type === "compare" && message.id === shown && this.chartSlot) {
      // Drawn at once, in a slot whose layout the browser skips until it is near the screen
      // (content-visibility: auto, site.css): nothing moves when the reader first comes to it.
      this.chartSlot.replaceChildren(this.compareTable(message.compare, message.note));
      postSize();
    }
  }

  // --- the answer, as DOM built from text ----------------------------------------------------------
  show(answer, request) {
    const out = this.output;
    this.echo(answer);
    if (!answer.ok) {
      // The engine names the input at fault (facts.<id>, jurisdiction, on…): show it by its label.
      // The last result stays on screen, marked out of date, until the input is corrected.
      const field = answer.field.startsWith("facts.")
        ? this.form.querySelector(`.pe-field[data-fact="${CSS.escape(answer.field.slice(6))}"]`)
        : null;
      const name = field ? field.querySelector("label").firstChild.textContent.trim() : answer.field;
      const message = answer.typed && field ? this.words[`bad_${field.dataset.input}`] || answer.message : answer.message;
      if (field) this.markField(field, message);
      for (const old of out.querySelectorAll(".pe-calc-error")) old.remove();
      out.prepend(el("p", { class: "pe-calc-error", role: "alert" }, `${name}: ${message}`));
      if (out.hidden && this.example) this.example.before(out.querySelector(".pe-calc-error"));
      this.markStale(true, true);
      return;
    }
    for (const old of document.querySelectorAll(".pe-calc-error")) old.remove();
    this.read_ = answer.read;
    if (request) this.toAddress({ ...request, read: answer.read });
    this.markStale(false);
    out.replaceChildren();
    out.hidden = false;
    if (this.example) this.example.hidden = true;
    if (this.printButton) this.printButton.hidden = false;
    this.printHead(request);
    const lang = this.lang;
    const w = this.words;
    const result = answer.result;
    const labels = answer.labels[lang];
    out.append(el("h2", { id: "pe-calc-results" }, w.results));
    out.append(this.dateLine(result.on));
    // The likely (conservative) total first, the maximum beside it; each with its cash and vouchers.
    const totals = el("p", { class: "pe-calc-totals" });
    const split = (text) => (text ? el("span", { class: "pe-calc-split" }, ` (${text})`) : "");
    totals.append(
      el("strong", {}, `${w.likely}: `),
      el("span", { "data-total": "conservative", "data-cny": String(result.total_conservative_cny) }, labels.total_conservative),
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
    else {
      const table = el("table", { class: "pe-calc-items" });
      const wrap = el("div", { class: "md-typeset__table pe-calc-items-wrap" });
      const head = el("tr");
      for (const h of [w.policy, w.clause, w.amount, w.status]) head.append(el("th", { scope: "col" }, h));
      table.append(el("thead", {}, head));
      const body = el("tbody");
      result.items.forEach((item, i) => {
        const row = el("tr", { "data-clause": `${item.policy}/${item.clause}`, "data-cny-min": item.min_cny === null ? null : String(item.min_cny), "data-cny-max": String(item.max_cny), "data-confirmed": String(item.confirmed) });
        const policyTitle = answer.policies[item.policy];
        row.append(el("td", { "data-label": w.policy }, policyTitle ? policyTitle[lang] : item.policy));
        const cell = el("td", { "data-label": w.clause });
        const embedded = window.top !== window; // in a widget, clause links open the site in a new tab
        const link = { href: new URL(item.page, EDITION_ROOT).href, target: embedded ? "_blank" : null, rel: embedded ? "noopener" : null };
        cell.append(el("a", link, `${w.clause} ${item.clause} · ${item.title[lang]}`));
        // What the engine assumed (conditions the reader did not answer) apart from what was confirmed.
        if (item.assumed.length) {
          const box = el("div", { class: "pe-calc-assumed" }, el("p", {}, w.assumed));
          box.append(list(item.assumed.map((a) => a[lang])));
          cell.append(box);
        } else if (item.confirmed && item.counted) cell.append(el("p", { class: "pe-calc-confirmed" }, w.confirmed)); // only what the reader answered
        if (item.note) cell.append(el("p", { class: "pe-calc-item-note" }, item.note[lang]));
        const how = el("details", { class: "pe-calc-explain" }, el("summary", {}, w.explain));
        how.append(list(item.explain[lang]));
        // In print the folded explanation is shown, and the clause is cited with its address.
        const cite = el("div", { class: "pe-print-only" }, list(item.explain[lang]));
        cite.append(el("p", { class: "pe-print-cite" }, `${w.print_clause}: ${policyTitle ? policyTitle[lang] : item.policy}, ${w.clause} ${item.clause} — ${link.href}`));
        cell.append(cite);
        if (item.verify.length) how.append(el("p", { class: "pe-verify" }, w.verify), list(item.verify.map((v) => v[lang])));
        cell.append(how);
        // How and when to apply: sentences worded by the engine (calculator/application.py), shown as text.
        if (item.application) {
          const apply = el("details", { class: "pe-calc-apply" }, el("summary", {}, w.apply));
          apply.append(list(item.application[lang]));
          if (/^https?:\/\//.test(item.application.url || "")) apply.append(el("p", {}, el("a", { href: item.application.url, rel: "noopener noreferrer", target: "_blank" }, w.apply_guide)));
          // The document's official page, where the data knows its address; in print its address is written out.
          if (/^https?:\/\//.test(item.application.page || "")) apply.append(el("p", { class: "pe-calc-apply-page" }, el("a", { href: item.application.page, rel: "noopener noreferrer", target: "_blank" }, w.apply_page), el("span", { class: "pe-print-only" }, ` ${item.application.page}`)));
          cell.append(apply);
        }
        row.append(cell, el("td", { class: "pe-num", "data-label": w.amount }, answer.labels[lang].items[i]), el("td", { "data-label": w.status }, el("span", { class: `pe-status pe-status--${item.status}`, "data-ends": item.ends }, [w[`status_${item.status}`] || item.status, labels.ending[i]].filter(Boolean).join(" · "))));
        body.append(row);
      });
      table.append(body);
      wrap.append(table);
      out.append(wrap);
      if (document.body.classList.contains("pe-compact")) this.compactItems(result.items, body, out);
    }
    if (answer.needs.length) {
      // Folded: a list of every clause that could apply with more facts, opened on request.
      const box = el("details", { class: "pe-calc-needs-box" }, el("summary", {}, `${w.needs} (${answer.needs.length})`));
      const ul = el("ul", { class: "pe-calc-needs" });
      for (const need of answer.needs) {
        const li = el("li", {});
        li.append(el("a", { href: new URL(need.page, EDITION_ROOT).href }, `${need.policy_title[lang]} · ${w.clause} ${need.clause} · ${need.title[lang]}`), " ");
        need.facts.forEach((fact, i) => {
          const button = el("button", { type: "button", class: "md-button pe-add-fact", "data-fact": fact }, `${w.add_fact}: ${need.fact_labels[i][lang]}`);
          button.addEventListener("click", () => this.reveal(fact));
          li.append(button, " ");
        });
        ul.append(li);
      }
      box.append(ul);
      out.append(box);
    }
    if (result.why_not && result.why_not.length) this.whyNot(answer, out);
    if (this.keeper) this.keeper.answered(out); // kept on this device (when ticked); new/changed marks
    this.chartSlot = el("div", { class: "pe-calc-compare-slot" });
    out.append(this.chartSlot);
    postSize();
  }

  // Folded: every clause of the place that gives nothing and why, as the engine words it
  // (calculator/whynot.py): failed, unknown or not in force, the reader's answers against the
  // condition, what would make it apply, and the text's own conditions.
  whyNot(answer, out) {
    const lang = this.lang;
    const w = this.words;
    const entries = answer.result.why_not;
    const box = el("details", { class: "pe-calc-why-box" }, el("summary", {}, `${w.why_not} (${entries.length})`));
    const ul = el("ul", { class: "pe-calc-why" });
    for (const entry of entries) {
      const li = el("li", { "data-clause": `${entry.policy}/${entry.clause}`, "data-outcome": entry.outcome });
      const policyTitle = answer.policies[entry.policy];
      li.append(el("a", { href: new URL(entry.page, EDITION_ROOT).href }, `${policyTitle ? policyTitle[lang] : entry.policy} · ${w.clause} ${entry.clause} · ${entry.title[lang]}`));
      li.append(el("p", { class: "pe-calc-why-fix" }, el("strong", {}, `${w[`why_${entry.outcome}`] || entry.outcome}: `), entry.fix[lang]));
      if (entry.said[lang].length) li.append(list(entry.said[lang]));
      if (entry.conditions.length) li.append(el("p", { class: "pe-calc-why-text" }, `${w.why_text}: ${entry.conditions.map((c) => c[lang]).join(lang === "en" ? "; " : "；")}`));
      ul.append(li);
    }
    box.append(ul);
    out.append(box);
  }

  // compact=1 is a summary card: the largest items (by the engine's maximum) stay, in the engine's
  // order; the others are left to the full estimate, and the card says how many.
  compactItems(items, body, out) {
    const order = items.map((item, i) => [BigInt(String(item.max_cny)), i]);
    order.sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] > b[0] ? -1 : 1));
    const kept = new Set(order.slice(0, COMPACT_ITEMS).map(([, i]) => i));
    [...body.rows].forEach((row, i) => row.classList.toggle("pe-compact-more", !kept.has(i)));
    const rest = items.length - kept.size;
    if (rest > 0) out.append(el("p", { class: "pe-compact-rest" }, this.words.compact_more.replace("{n}", String(rest))));
  }

  // "Computed for 2026-12-07 (today)": shown with every answer, in compact mode too.
  dateLine(on) {
    const w = this.words;
    const which = this.pinned ? w.pinned : on === today() ? w.today : "";
    return el("p", { class: "pe-calc-date", "data-on": on }, w.computed_for.replace("{date}", on) + which);
  }

  // What a printed estimate starts with: the day, the address that reopens it, the company's facts.
  printHead(request) {
    const head = document.getElementById("pe-calc-print-head");
    if (!head || !request) return;
    head.hidden = false;
    document.getElementById("pe-print-date").textContent = new Date().toISOString().slice(0, 10);
    document.getElementById("pe-print-url").textContent = location.href;
    const dl = document.getElementById("pe-print-profile");
    const rows = [[this.form.querySelector("label[for=pe-j]").textContent, this.form.elements.jurisdiction.selectedOptions[0].textContent]];
    rows.push([this.form.querySelector("label[for=pe-startup]").textContent, request.profile.startup ? this.words.yes : this.words.no]);
    rows.push([this.form.querySelector("label[for=pe-on]").textContent, request.on || ""]);
    for (const field of this.fields()) {
      const input = field.querySelector("input, select");
      if (field.hidden || input.value.trim() === "") continue;
      const shown = input.tagName === "SELECT" ? input.selectedOptions[0].textContent : input.value;
      const label = field.querySelector("label").textContent.trim();
      const echo = field.querySelector("output")?.textContent || "";
      rows.push([label, `${shown} ${echo}`.trim()]);
    }
    dl.replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  }

  // The totals in one sentence for screen readers (#pe-calc-live), changed only when they change, so
  // typing that leaves them alone says nothing and the long result is never read out.
  announce(answer) {
    const live = document.getElementById("pe-calc-live");
    if (!live) return;
    const labels = answer.labels[this.lang];
    const said = this.words.live.replace("{likely}", labels.total_conservative).replace("{max}", labels.total_max);
    if (live.textContent !== said) live.textContent = said;
  }

  // The totals in the summary that stays on screen (phones: at the foot of the screen while typing).
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

  async reveal(fact) {
    const field = await this.field(fact);
    if (!field) return;
    field.hidden = false;
    field.closest("details").open = true;
    const input = field.querySelector("input, select");
    input.scrollIntoView({ block: "center" });
    input.focus();
  }

  // The same company in every place (issue 29): one row per place (city and district named together),
  // both totals, the vouchers in each, the largest items, and a link to the calculator for that place.
  // Every figure and word comes from the engine (calculator/browser.py: compare, compare_note).
  compareTable(rows, note) {
    const w = this.words;
    const lang = this.lang;
    const section = el("section", { class: "pe-calc-compare", "aria-labelledby": "pe-calc-compare-h" });
    section.append(el("h2", { id: "pe-calc-compare-h" }, w.compare));
    const table = el("table", { class: "pe-calc-compare-table" });
    const head = el("tr");
    for (const h of [w.compare_place, w.compare_likely, w.compare_max, w.compare_vouchers, w.compare_top, w.compare_open_col]) head.append(el("th", { scope: "col" }, h));
    table.append(el("thead", {}, head));
    const body = el("tbody");
    const here = this.form.elements.jurisdiction.value;
    const embedded = window.top !== window;
    for (const r of rows) {
      const labels = r.labels[lang];
      const row = el("tr", { "data-jurisdiction": r.jurisdiction, class: r.jurisdiction === here ? "pe-here" : null });
      const place = el("th", { scope: "row", "data-label": w.compare_place }, r.place[lang]);
      if (r.jurisdiction === here) place.append(el("span", { class: "pe-here-mark" }, w.compare_here));
      const max = el("td", { class: "pe-num", "data-label": w.compare_max, "data-cny": String(r.total_max_cny) }, labels.max);
      if (r.why) max.append(el("span", { class: "pe-calc-item-note" }, ` (${r.why[`short_${lang}`]})`));
      const top = el("td", { "data-label": w.compare_top });
      if (r.top.length) {
        const ul = el("ul");
        for (const t of r.top) ul.append(el("li", {}, el("a", { href: new URL(t.page, EDITION_ROOT).href, target: embedded ? "_blank" : null, rel: embedded ? "noopener" : null }, t.title[lang]), ` ${t.label[lang]}`));
        top.append(ul);
      } else top.append("—");
      // The calculator for that place: this scenario with the place changed (a new tab from a widget).
      const scenario = new URLSearchParams(location.hash.slice(1));
      scenario.set("j", r.jurisdiction);
      const target = new URL(embedded ? "calculator/" : location.pathname + location.search, embedded ? EDITION_ROOT : location.href);
      target.hash = scenario.toString();
      const open = el("td", { "data-label": w.compare_open_col }, el("a", { href: target.href, class: "pe-calc-compare-open", target: embedded ? "_blank" : null, rel: embedded ? "noopener" : null }, `${w.compare_open} ${r.place[lang]}`));
      row.append(
        place,
        el("td", { class: "pe-num", "data-label": w.compare_likely, "data-cny": String(r.total_conservative_cny) }, labels.conservative),
        max,
        el("td", { class: "pe-num", "data-label": w.compare_vouchers, "data-cny": String(r.vouchers_conservative_cny) }, `${labels.vouchers_conservative} / ${labels.vouchers_max}`),
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
}

// Whether a field or group is offered in jurisdiction `j` (its data-in lists where).
function offeredIn(element, j) {
  return element.dataset.in.split(" ").includes(j);
}

// An amount field's unit in its label, "· 万元" or "· CNY 10,000 (万元)".
function labelUnit(field, unit) {
  const label = field.querySelector(".pe-unit-label");
  if (label) label.textContent = `· ${label.dataset[unit]}`;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

function list(lines) {
  const ul = el("ul");
  for (const line of lines) ul.append(el("li", {}, line));
  return ul;
}

// --- embedding: size reports to the host page, whose origin the embed script passed in ------------
const params = new URLSearchParams(location.search);
function originOf(value) {
  try {
    const origin = new URL(value).origin;
    return origin && origin !== "null" ? origin : null;
  } catch {
    return null;
  }
}
// The host's origin: the browser's own record of the embedding page's (location.ancestorOrigins,
// Chromium and Safari), else embed.js's first message (its event's origin, which the browser vouches
// for). Never guessed from ?origin= or the referrer: a message for an origin the parent does not
// have is dropped with a warning on the host page's console.
const ancestor = window.parent !== window && location.ancestorOrigins ? originOf(location.ancestorOrigins[0]) : null;
let hostOrigin = ancestor;

function postSize() {
  if (!hostOrigin) return;
  // The content's own height (the document's would never be less than the frame's current height).
  const main = document.querySelector(".pe-widget__main") || document.body;
  const height = Math.ceil(main.getBoundingClientRect().bottom + window.scrollY + 8);
  window.parent.postMessage({ type: "pe-calc-size", height }, hostOrigin);
}

function setUpEmbed() {
  if (!document.documentElement.classList.contains("pe-widget") && !document.querySelector(".pe-widget__main")) return;
  if (params.get("compact") === "1") document.body.classList.add("pe-compact");
  const theme = params.get("theme");
  if (theme === "dark" || theme === "light") document.body.setAttribute("data-md-color-scheme", theme === "dark" ? "slate" : "default");
  if (window.parent === window) return;
  new ResizeObserver(() => postSize()).observe(document.body);
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || !(event.data && event.data.type === "pe-calc-ping")) return;
    // The page that embedded us says hello: its origin is the only one we answer to from now on.
    if (!hostOrigin || event.origin === hostOrigin) {
      hostOrigin = event.origin;
      postSize();
    }
  });
}

// compact=1: only the facts the address names, or, when it names none, those of the groups open
// in the form (the example's); the other fields and groups are left out, not just folded.
function compactForm(form) {
  if (!document.body.classList.contains("pe-compact")) return;
  const scenario = new URLSearchParams(location.hash.slice(1));
  const named = new Set([...new URLSearchParams(location.search).keys(), ...scenario.keys()].filter((k) => k.startsWith("f.")).map((k) => k.slice(2)));
  for (const group of form.querySelectorAll(".pe-calc__group")) {
    let kept = 0;
    for (const field of group.querySelectorAll(".pe-field")) {
      const keep = named.size ? named.has(field.dataset.fact) : group.open;
      field.classList.toggle("pe-compact-off", !keep);
      if (keep) kept += 1;
    }
    group.classList.toggle("pe-compact-off", kept === 0);
    if (kept) group.open = true;
  }
}

// The widget's "open the full calculator" is a real link that always holds the scenario, so a
// long-press or "open in a new tab" carries it as a click does.
function linkFull() {
  const full = document.getElementById("pe-calc-full");
  if (full) full.hash = location.hash;
}

// --- print -------------------------------------------------------------------------------------
// How to apply prints open (a closed <details> prints as its summary line alone); the boxes opened
// for the printout are closed again after it, as the reader had them.
function openForPrint() {
  for (const box of document.querySelectorAll("#pe-calc-output details.pe-calc-apply:not([open])")) {
    box.dataset.pePrintOpened = "1";
    box.open = true;
  }
}

function closeAfterPrint() {
  for (const box of document.querySelectorAll("details[data-pe-print-opened]")) {
    box.open = false;
    delete box.dataset.pePrintOpened;
  }
}

// --- start ---------------------------------------------------------------------------------------
let unsubscribe = null;
let onHashChange = null;

async function mount() {
  if (unsubscribe) unsubscribe();
  if (onHashChange) window.removeEventListener("hashchange", onHashChange);
  onHashChange = null;
  const form = document.getElementById("pe-calc");
  if (!form) {
    stopWorker(); // instant navigation away from the calculator: free it
    return;
  }
  const calc = new Calculator(form);
  form.addEventListener("input", (event) => {
    if (event.target.name === "on") calc.setDate(event.target.value); // before it is read as "today"
    calc.schedule();
  });
  form.addEventListener("change", (event) => {
    if (event.target.name === "unit") calc.switchUnit();
    if (event.target.name === "on") calc.setDate(event.target.value); // chosen: pinned; cleared: today
    calc.schedule();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  // A lazy group's fields go in place as it opens (the file is usually there already: see below).
  form.addEventListener("toggle", (event) => event.target.open && calc.expand(event.target), true);
  setUpEmbed();
  const widget = document.querySelector(".pe-widget__main");
  // A widget starts the runtime (tens of MB) only when it comes near the screen or is first used,
  // so a post with a widget below the fold costs its readers nothing until they get there.
  const running = startWorker(widget ? (launch) => whenNearOrUsed(widget, launch) : undefined);
  // Whether the address names a scenario (read before the page rewrites it): it wins over a kept one.
  const inAddress = new URLSearchParams(location.hash.slice(1)).has("j") || [...new URLSearchParams(location.search).keys()].some(SCENARIO_KEYS);
  await calc.fromAddress(); // fetches the fields file at once if the address names a lazy group's fact
  calc.filterFields();
  calc.markExample();
  compactForm(form);
  linkFull();
  // Keeping the scenario on this device (keep.mjs): the full page only, never in a widget's frame.
  if (running && !widget && window.top === window && document.getElementById("pe-calc-keep-on")) calc.keeper = new Keeper(calc, inAddress);
  // A scenario link opened in the tab already showing the calculator (only the fragment changes, so
  // the page is not reloaded): read it as on arrival. Our own rewrites (replaceState) fire no event,
  // and an in-page anchor (no j=) is not a scenario.
  onHashChange = async () => {
    if (!new URLSearchParams(location.hash.slice(1)).has("j")) return;
    await calc.fromAddress();
    calc.filterFields();
    linkFull();
    calc.schedule();
  };
  window.addEventListener("hashchange", onHashChange);
  const print = document.getElementById("pe-calc-print");
  if (print) print.addEventListener("click", () => window.print());
  window.addEventListener("beforeprint", openForPrint); // the same function each time: added once
  window.addEventListener("afterprint", closeAfterPrint);
  // The snapshot made in this browser cannot be checked against the build: the reader may turn it off.
  const localOff = document.getElementById("pe-calc-local-off");
  if (localOff && running) {
    localOff.checked = localSnapshotOff();
    localOff.closest(".pe-calc-local").hidden = false;
    localOff.addEventListener("change", () => setLocalSnapshotOff(localOff.checked));
  }
  postSize();
  if (running) {
    await calc.loadHant().catch((error) => console.error(error)); // without it: the Simplified answer
    unsubscribe = subscribe((message) => calc.onMessage(message));
    calc.calculate(true); // the first request, queued until Python is ready
  } else {
    calc.read(); // no runtime: still echo the example's amounts in yuan
  }
  // The other groups' fields, fetched once the page has loaded, before the reader opens one.
  afterLoad(() => calc.loadFields().catch(() => {}));
}

function whenNearOrUsed(element, launch) {
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    watch.disconnect();
    launch();
  };
  const watch = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && go(), { rootMargin: "600px 0px" });
  watch.observe(element);
  for (const type of ["focusin", "pointerdown", "input"]) element.addEventListener(type, go, { once: true });
}

if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(mount);
else mount();
