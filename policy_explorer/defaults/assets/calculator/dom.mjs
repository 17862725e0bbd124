// Small helpers the calculator page's modules share: elements built from text (never from markup),
// and a table's own entries.

/**
 * An element with attributes (null or undefined: left out) and children (text is set as text).
 * @param {string} tag
 * @param {Record<string, string | null | undefined>} [attrs]
 * @param {...(string | Node)} children
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

/**
 * A list of lines, each an item of text.
 * @param {Iterable<string>} lines
 */
export function list(lines) {
  const ul = el("ul");
  for (const line of lines) ul.append(el("li", {}, line));
  return ul;
}

/**
 * A table's own entry for a key from the address (never an inherited one: ?clause=constructor).
 * @template T
 * @param {Record<string, T>} table
 * @param {string | null | undefined} key
 * @returns {T | undefined}
 */
export const own = (table, key) =>
  key !== null && key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;

/**
 * The input or select of a form field (.pe-field).
 * @param {Element} field
 * @returns {HTMLInputElement | HTMLSelectElement}
 */
export function inputOf(field) {
  return /** @type {HTMLInputElement | HTMLSelectElement} */ (field.querySelector("input, select"));
}
