// The calculator in another site's frame (the widget, embed.js): its options from the address, its
// size reported to the host page, whose origin the browser vouches for, and a late start.

const params = new URLSearchParams(location.search);

/**
 * The origin of an address, or null (none, or opaque).
 * @param {string | undefined} value
 */
function originOf(value) {
  try {
    const origin = new URL(value || "").origin;
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

// The content's height, to the host page (nothing outside a frame).
export function postSize() {
  if (!hostOrigin) return;
  // The content's own height (the document's would never be less than the frame's current height).
  const main = document.querySelector(".pe-widget__main") || document.body;
  const height = Math.ceil(main.getBoundingClientRect().bottom + window.scrollY + 8);
  window.parent.postMessage({ type: "pe-calc-size", height }, hostOrigin);
}

// The widget's options (compact=1, theme=), and its size reports once the host page says hello.
export function setUpEmbed() {
  if (!document.documentElement.classList.contains("pe-widget") && !document.querySelector(".pe-widget__main")) return;
  if (params.get("compact") === "1") document.body.classList.add("pe-compact");
  const theme = params.get("theme");
  if (theme === "dark" || theme === "light") {
    document.body.setAttribute("data-md-color-scheme", theme === "dark" ? "slate" : "default");
  }
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

/**
 * compact=1: only the facts the address names, or, when it names none, those of the groups open
 * in the form (the example's); the other fields and groups are left out, not just folded.
 * @param {HTMLFormElement} form
 */
export function compactForm(form) {
  if (!document.body.classList.contains("pe-compact")) return;
  const scenario = new URLSearchParams(location.hash.slice(1));
  const keys = [...new URLSearchParams(location.search).keys(), ...scenario.keys()];
  const named = new Set(keys.filter((k) => k.startsWith("f.")).map((k) => k.slice(2)));
  for (const found of form.querySelectorAll(".pe-calc__group")) {
    const group = /** @type {HTMLDetailsElement} */ (found);
    let kept = 0;
    for (const field of group.querySelectorAll(".pe-field")) {
      const keep = named.size ? named.has(/** @type {HTMLElement} */ (field).dataset.fact || "") : group.open;
      field.classList.toggle("pe-compact-off", !keep);
      if (keep) kept += 1;
    }
    group.classList.toggle("pe-compact-off", kept === 0);
    if (kept) group.open = true;
  }
}

/**
 * `launch` once, when `element` comes near the screen or is first used (a widget's runtime, tens of
 * MB, costs a post's readers nothing until they get there).
 * @param {Element} element
 * @param {() => void} launch
 */
export function whenNearOrUsed(element, launch) {
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    watch.disconnect();
    launch();
  };
  const near = { rootMargin: "600px 0px" };
  const watch = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && go(), near);
  watch.observe(element);
  for (const type of ["focusin", "pointerdown", "input"]) element.addEventListener(type, go, { once: true });
}
