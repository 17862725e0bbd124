// The calculator page's shim: reads the form, keeps the scenario in the address, sends it to the
// worker (Python) and shows the answer. It holds no rule and formats no money: amounts and their
// wording come from calculator.browser. Clause and policy texts are set as text, never as markup.

import { EDITION_ROOT, afterLoad, post, startWorker, stopWorker, subscribe } from "./client.mjs";

const SVG = "http://www.w3.org/2000/svg";
// A table's own entry for a key from the address (never an inherited one: ?clause=constructor).
const own = (table, key) => (key !== null && Object.hasOwn(table, key) ? table[key] : undefined);
const SCENARIO_KEYS = (key) => ["j", "s", "on", "u", "clause"].includes(key) || key.startsWith("f.");
const DIGITS = /^[0-9]+$/;

let requestId = 0;
let shown = 0;

// --- exact amounts: text typed in 万元 or yuan → whole yuan as a digit string (no floats) ------------
export function toYuan(text, unit) {
  const clean = String(text).replace(/[,，\s_]/g, "");
  if (clean === "") return "";
  const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(clean);
  if (!match) return null;
  const places = unit === "wan" ? 4 : 0;
  const whole = match[1];
  const fraction = (match[2] || "").replace(/0+$/, "");
  if (fraction.length > places) return null; // a fraction of a yuan
  const digits = (whole + fraction.padEnd(places, "0")).replace(/^0+(?=[0-9])/, "");
  return digits.length > 16 ? null : digits;
}

function fromYuan(digits, unit) {
  if (unit !== "wan") return digits;
  const padded = digits.padStart(5, "0");
  const whole = padded.slice(0, -4).replace(/^0+(?=[0-9])/, "");
  const fraction = padded.slice(-4).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

function groupDigits(digits, lang) {
  return new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en").format(BigInt(digits));
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
  }

  // Switching 万元 ↔ yuan rewrites what was typed, so the amounts stay the same.
  switchUnit() {
    const from = this.lastUnit;
    const to = this.unit();
    if (from === to) return;
    for (const field of this.fields()) {
      if (field.dataset.input !== "amount") continue;
      const input = field.querySelector("input");
      const yuan = toYuan(input.value, from);
      if (yuan) input.value = fromYuan(yuan, to);
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

  // The profile the form describes, or the first field in error.
  read() {
    const facts = {};
    let error = null;
    const unit = this.unit();
    for (const field of this.fields()) {
      const input = field.querySelector("input, select");
      const echo = field.querySelector("output");
      this.markField(field, null);
      if (field.hidden || input.value.trim() === "") {
        if (echo) echo.textContent = "";
        continue;
      }
      const kind = field.dataset.input;
      if (kind === "boolean") {
        facts[field.dataset.fact] = input.value === "true";
      } else if (kind === "amount") {
        const yuan = toYuan(input.value, unit);
        if (yuan === null) {
          this.markField(field, this.words.bad_amount);
          error = error || input;
          if (echo) echo.textContent = "";
          continue;
        }
        facts[field.dataset.fact] = yuan;
        if (echo) echo.textContent = unit === "wan" ? `= ${groupDigits(yuan, this.lang)} ${this.lang === "zh" ? "元" : "CNY"}` : "";
      } else {
        const value = input.value.trim().replace(/[,，\s_]/g, "");
        if (!(kind === "number" ? /^[0-9]+(\.[0-9]+)?$/ : /^[0-9]+$/).test(value)) {
          this.markField(field, kind === "number" ? this.words.bad_number : this.words.bad_whole);
          error = error || input;
          continue;
        }
        facts[field.dataset.fact] = Number(value);
      }
    }
    const profile = {
      jurisdiction: this.form.elements.jurisdiction.value,
      startup: this.form.elements.startup.checked,
      facts,
    };
    return { profile, on: this.form.elements.on.value || undefined, error };
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
    if (state.on) scenario.set("on", state.on);
    if (this.unit() === "cny") scenario.set("u", "cny");
    for (const [fact, value] of Object.entries(state.profile.facts)) scenario.set(`f.${fact}`, String(value));
    const query = new URLSearchParams(location.search); // presets from a link or an embed: moved into the fragment
    for (const key of [...query.keys()]) if (SCENARIO_KEYS(key)) query.delete(key);
    const rest = query.toString();
    history.replaceState(history.state, "", `${location.pathname}${rest ? `?${rest}` : ""}#${scenario}`);
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
    if (clause) {
      if (known(clause.jurisdiction)) el.jurisdiction.value = clause.jurisdiction;
      for (const fact of clause.facts) {
        const group = (await this.field(fact))?.closest("details");
        if (group) group.open = true;
      }
    }
    if (params.has("j") && known(params.get("j"))) {
      el.jurisdiction.value = params.get("j");
      changed = true;
    }
    if (params.has("s") || changed) el.startup.checked = params.get("s") === "1";
    if (params.has("on") && /^\d{4}-\d{2}-\d{2}$/.test(params.get("on"))) el.on.value = params.get("on");
    if (params.get("u") === "cny") {
      this.form.querySelector("#pe-unit-cny").checked = true;
      this.switchUnit(); // the example's amounts and the labels, now in yuan
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

  calculate() {
    this.filterFields();
    const state = this.read();
    this.toAddress(state);
    if (state.error) return;
    // Sent even before the worker is ready: it waits there, so the first answer comes straight after.
    this.pending = { profile: state.profile, on: state.on, compare: true };
    this.send();
  }

  send() {
    if (this.inFlight || !this.pending) return;
    requestId += 1;
    this.inFlight = requestId;
    post({ type: "estimate", id: requestId, request: this.pending });
    this.pending = null;
  }

  onMessage(message) {
    if (message.type === "ready") {
      this.ready = true;
      this.status.textContent = this.words.ready;
      this.status.dataset.state = "ready";
      this.status.dataset.mode = message.mode; // "snapshot", or "wheel" when the snapshot could not be used
      this.status.dataset.startMs = String(Math.round(message.ms));
      this.status.dataset.marks = JSON.stringify({ ...message.marks, workerStartedAt: Math.round(message.startedAt) });
      if (!this.inFlight) this.calculate(); // the request sent at mount is already waiting in the worker
    } else if (message.type === "failed") {
      this.status.textContent = this.words.failed + message.message;
      this.status.dataset.state = "failed";
    } else if (message.type === "answer") {
      this.inFlight = 0;
      if (!this.pending && message.id >= shown) {
        // Shown only when no newer state waits: the reader sees the answer to what the form says now.
        shown = message.id;
        this.show(message.answer);
        document.dispatchEvent(new CustomEvent("pe-calc-result", { detail: { id: message.id, ms: message.ms } }));
      }
      this.send();
    } else if (message.type === "compare" && message.id === shown && this.chartSlot) {
      this.drawWhenNear(this.chartSlot, () => this.chart(message.compare));
    }
  }

  // The chart is drawn when its place comes near the screen (at once when it is there already): the
  // first layout of its text is costly, and below the fold it would only slow the page's start.
  drawWhenNear(slot, draw) {
    if (this.chartWatch) this.chartWatch.disconnect();
    const watch = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        watch.disconnect();
        slot.replaceChildren(draw());
        postSize();
      },
      { rootMargin: "400px 0px" },
    );
    watch.observe(slot);
    this.chartWatch = watch;
  }

  // --- the answer, as DOM built from text ----------------------------------------------------------
  show(answer) {
    const out = this.output;
    out.replaceChildren();
    out.hidden = false;
    if (this.example) this.example.hidden = true;
    if (!answer.ok) {
      // The engine names the input at fault (facts.<id>, jurisdiction, on…): show it by its label.
      const field = answer.field.startsWith("facts.")
        ? this.form.querySelector(`.pe-field[data-fact="${CSS.escape(answer.field.slice(6))}"]`)
        : null;
      const name = field ? field.querySelector("label").firstChild.textContent.trim() : answer.field;
      if (field) this.markField(field, answer.message);
      out.append(el("p", { class: "pe-calc-error", role: "alert" }, `${name}: ${answer.message}`));
      return;
    }
    const lang = this.lang;
    const w = this.words;
    const result = answer.result;
    const labels = answer.labels[lang];
    out.append(el("h2", { id: "pe-calc-results" }, w.results));
    const totals = el("p", { class: "pe-calc-totals" });
    totals.append(el("strong", {}, `${w.total_max}: `), el("span", { "data-total": "max", "data-cny": String(result.total_max_cny) }, labels.total_max), " · ", el("strong", {}, `${w.total_conservative}: `), el("span", { "data-total": "conservative", "data-cny": String(result.total_conservative_cny) }, labels.total_conservative));
    out.append(totals);
    out.append(list(result.totals_explain[lang]));
    if (!result.items.length) out.append(el("p", {}, w.no_items));
    else {
      const table = el("table", { class: "pe-calc-items" });
      const head = el("tr");
      for (const h of [w.policy, w.clause, w.amount, w.status]) head.append(el("th", { scope: "col" }, h));
      table.append(el("thead", {}, head));
      const body = el("tbody");
      result.items.forEach((item, i) => {
        const row = el("tr", { "data-clause": `${item.policy}/${item.clause}`, "data-cny-min": item.min_cny === null ? null : String(item.min_cny), "data-cny-max": String(item.max_cny), "data-confirmed": String(item.confirmed) });
        const policyTitle = answer.policies[item.policy];
        row.append(el("td", {}, policyTitle ? policyTitle[lang] : item.policy));
        const cell = el("td");
        const embedded = window.top !== window; // in a widget, clause links open the site in a new tab
        const link = { href: new URL(item.page, EDITION_ROOT).href, target: embedded ? "_blank" : null, rel: embedded ? "noopener" : null };
        cell.append(el("a", link, `${item.clause} ${item.title[lang]}`));
        // What the engine assumed (conditions the reader did not answer) apart from what was confirmed.
        if (item.assumed.length) {
          const box = el("div", { class: "pe-calc-assumed" }, el("p", {}, w.assumed));
          box.append(list(item.assumed.map((a) => a[lang])));
          cell.append(box);
        } else if (item.counted) cell.append(el("p", { class: "pe-calc-confirmed" }, w.confirmed));
        if (item.note) cell.append(el("p", { class: "pe-calc-item-note" }, item.note[lang]));
        const how = el("details", { class: "pe-calc-explain" }, el("summary", {}, w.explain));
        how.append(list(item.explain[lang]));
        if (item.verify.length) how.append(el("p", { class: "pe-verify" }, w.verify), list(item.verify.map((v) => v[lang])));
        cell.append(how);
        row.append(cell, el("td", { class: "pe-num" }, answer.labels[lang].items[i]), el("td", {}, el("span", { class: `pe-status pe-status--${item.status}` }, w[`status_${item.status}`] || item.status)));
        body.append(row);
      });
      table.append(body);
      out.append(table);
    }
    if (answer.needs.length) {
      // Folded: a list of every clause that could apply with more facts, opened on request.
      const box = el("details", { class: "pe-calc-needs-box" }, el("summary", {}, `${w.needs} (${answer.needs.length})`));
      const ul = el("ul", { class: "pe-calc-needs" });
      for (const need of answer.needs) {
        const li = el("li", {});
        li.append(el("a", { href: new URL(need.page, EDITION_ROOT).href }, `${need.policy_title[lang]} · ${need.clause} ${need.title[lang]}`), " ");
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
    this.chartSlot = el("div", { class: "pe-calc-compare-slot" });
    out.append(this.chartSlot);
    postSize();
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

  chart(rows) {
    const figure = el("figure", { class: "pe-calc-compare" });
    figure.append(el("figcaption", {}, this.words.compare));
    const max = rows.reduce((m, r) => (BigInt(r.total_max_cny) > m ? BigInt(r.total_max_cny) : m), 0n);
    const rowH = 26;
    const labelW = 130;
    const barW = 360;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", `0 0 ${labelW + barW + 120} ${rows.length * rowH + 4}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", this.words.compare);
    svg.classList.add("pe-calc-chart");
    const here = this.form.elements.jurisdiction.value;
    rows.forEach((r, i) => {
      const y = i * rowH + 2;
      const width = max > 0n ? Number((BigInt(r.total_max_cny) * BigInt(barW)) / max) : 0;
      const g = document.createElementNS(SVG, "g");
      g.setAttribute("data-jurisdiction", r.jurisdiction);
      if (r.jurisdiction === here) g.classList.add("pe-here");
      g.append(svgText(labelW - 6, y + 17, r.name[this.lang], "end"));
      const bar = document.createElementNS(SVG, "rect");
      for (const [k, v] of Object.entries({ x: labelW, y: y + 4, width: Math.max(width, 1), height: rowH - 8, rx: 3 })) bar.setAttribute(k, String(v));
      bar.classList.add("pe-bar");
      g.append(bar, svgText(labelW + width + 6, y + 17, r.label[this.lang], "start"));
      svg.append(g);
    });
    figure.append(svg);
    return figure;
  }
}

// Whether a field or group is offered in jurisdiction `j` (its data-in lists where).
function offeredIn(element, j) {
  return element.dataset.in.split(" ").includes(j);
}

// An amount field's unit in its label, "(万元)" or "(元)".
function labelUnit(field, unit) {
  const label = field.querySelector(".pe-unit-label");
  if (label) label.textContent = `(${label.dataset[unit]})`;
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

function svgText(x, y, text, anchor) {
  const t = document.createElementNS(SVG, "text");
  t.setAttribute("x", String(x));
  t.setAttribute("y", String(y));
  t.setAttribute("text-anchor", anchor);
  t.textContent = text;
  return t;
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
// The host's origin: as embed.js passed it (?origin=), else the embedding page's, from the referrer.
const hostOrigin = window.parent !== window ? originOf(params.get("origin")) || originOf(document.referrer) : null;

function postSize() {
  if (!hostOrigin) return;
  const height = Math.ceil(document.documentElement.scrollHeight);
  window.parent.postMessage({ type: "pe-calc-size", height }, hostOrigin);
}

function setUpEmbed() {
  if (!document.documentElement.classList.contains("pe-widget") && !document.querySelector(".pe-widget__main")) return;
  if (params.get("compact") === "1") document.body.classList.add("pe-compact");
  const theme = params.get("theme");
  if (theme === "dark" || theme === "light") document.body.setAttribute("data-md-color-scheme", theme === "dark" ? "slate" : "default");
  if (!hostOrigin) return;
  new ResizeObserver(postSize).observe(document.body);
  window.addEventListener("message", (event) => {
    if (event.origin !== hostOrigin || event.source !== window.parent) return; // only the host that embedded us
    if (event.data && event.data.type === "pe-calc-ping") postSize();
  });
}

// --- start ---------------------------------------------------------------------------------------
let unsubscribe = null;

async function mount() {
  if (unsubscribe) unsubscribe();
  const form = document.getElementById("pe-calc");
  if (!form) {
    stopWorker(); // instant navigation away from the calculator: free it
    return;
  }
  const calc = new Calculator(form);
  form.addEventListener("input", () => calc.schedule());
  form.addEventListener("change", (event) => {
    if (event.target.name === "unit") calc.switchUnit();
    calc.schedule();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  // A lazy group's fields go in place as it opens (the file is usually there already: see below).
  form.addEventListener("toggle", (event) => event.target.open && calc.expand(event.target), true);
  setUpEmbed();
  const running = startWorker();
  await calc.fromAddress(); // fetches the fields file at once if the address names a lazy group's fact
  calc.filterFields();
  postSize();
  if (running) {
    unsubscribe = subscribe((message) => calc.onMessage(message));
    calc.calculate(); // the first request, queued until Python is ready
  } else {
    calc.read(); // no runtime: still echo the example's amounts in yuan
  }
  // The other groups' fields, fetched once the page has loaded, before the reader opens one.
  afterLoad(() => calc.loadFields().catch(() => {}));
}

if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(mount);
else mount();
