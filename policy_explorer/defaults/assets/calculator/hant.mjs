// The zh-Hant edition: the engine's Simplified answers in Traditional characters, with the Hong Kong
// layer. The table (data-hant) was made by OpenCC at build time (policy_explorer/sitegen/hant.py): every
// character that changes and every run whose conversion differs from its characters'. Here it is only
// looked up, longest match first, as OpenCC itself does; no word or rule is written in this file.

/**
 * The converter of an answer (any JSON value): every string in Traditional characters, but addresses.
 * @param {Record<string, string>} table
 * @param {HkRules | null} [hk]
 * @returns {(value: any) => any}
 */
export function hantConverter(table, hk = null) {
  const ADDRESS_KEYS = new Set(["url", "page"]);
  const local = hkLocalizer(hk);
  const longest = Math.max(1, ...Object.keys(table).map((key) => key.length));
  const text = (/** @type {string} */ s) => {
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
  /** @type {(value: any) => any} */
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

/**
 * The Hong Kong layer's rules, as policy_explorer/sitegen/hk.py sends them in the table's file.
 * @typedef {object} HkRules
 * @property {Record<string, string>} phrases reviewed phrase → its Hong Kong wording
 * @property {string} currency written before each amount in yuan
 * @property {string[]} quoted_after what starts an official sentence (原文：), left as it is
 */

// The Hong Kong layer (policy_explorer/sitegen/hk.py, the same rules from defaults/hk_phrases.yaml, sent in
// the table's file): 「」 quotes (『』 inside), the reviewed phrases and the currency before each amount in
// yuan, never inside a quotation or after 原文： (an official sentence). Tested against hk.py.
/**
 * @param {HkRules | null} rules
 * @returns {(s: string) => string}
 */
export function hkLocalizer(rules) {
  if (!rules) return (s) => s;
  const escape = (/** @type {string} */ w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const words = Object.keys(rules.phrases).sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const phrase = words.length ? new RegExp(words.map(escape).join("|"), "g") : null;
  const CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  const chineseInside = new RegExp(`[${CJK}]`);
  const chineseBefore = new RegExp(`[${CJK}\u3000-\u303f\uff00-\uffef]`);
  const amount = /(?<![\d,.\\])\d[\d,]*(?:\\?\.\d+)?\s?(?:千萬|萬|億)?元/g;
  const noCurrency = new RegExp(`(?:${escape(rules.currency)}|[–\\-~～至到])\\s?$`);
  const url = /https?:\/\/[^\s<>"'`]+/g;
  const plain = (/** @type {string} */ s) => {
    const t = phrase ? s.replace(phrase, (m) => rules.phrases[m]) : s;
    /** @type {(m: string, at: number) => string} the currency before an amount, unless one is there */
    const currency = (m, at) => (noCurrency.test(t.slice(Math.max(0, at - 4), at)) ? m : rules.currency + m);
    return t.replace(amount, currency);
  };
  const wordsOf = (/** @type {string} */ s) => {
    let out = "";
    let at = 0;
    for (const m of s.matchAll(url)) {
      out += plain(s.slice(at, m.index)) + m[0];
      at = m.index + m[0].length;
    }
    return out + plain(s.slice(at));
  };
  return (s) => {
    /** @type {[number, number][]} each quotation: its opening and closing marks' places */
    const pairs = [];
    for (const [open, close] of [["“", "”"], ["‘", "’"]]) {
      /** @type {number[]} */
      const stack = [];
      for (let i = 0; i < s.length; i++) {
        if (s[i] === open) stack.push(i);
        else if (s[i] === close && stack.length) pairs.push([/** @type {number} */ (stack.pop()), i]);
      }
    }
    const chinese = pairs
      .filter(([a, b]) => chineseInside.test(s.slice(a + 1, b)) || (a > 0 && chineseBefore.test(s[a - 1])))
      .sort((x, y) => x[0] - y[0]);
    const marks = new Map();
    /** @type {[number, number][]} */
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
