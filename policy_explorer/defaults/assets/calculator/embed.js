/* Embed the AI policy calculator in another site. The snippet (see the site's embed page):
 *
 *   <iframe src="https://SITE/widget/?compact=1#j=JURISDICTION&f.FACT=AMOUNT" data-pe-calc
 *           title="AI policy calculator" height="640" loading="lazy"></iframe>
 *   <script src="https://SITE/assets/calculator/embed.js" async></script>
 *
 * This script sizes each such iframe to its content. It accepts a message only when it comes from
 * that iframe's window and from the origin of its src. It never changes the src (that would abort
 * the iframe's first load and start it again): it says hello by message, whose origin the browser
 * vouches for, and the widget answers to that origin only. No data about the reader or the profile
 * crosses.
 */
(function () {
  "use strict";
  function setUp(frame) {
    if (frame.dataset.peCalcReady) return;
    frame.dataset.peCalcReady = "1";
    var widgetOrigin = new URL(frame.getAttribute("src"), document.baseURI).origin;
    // The frame's width and border set from here, not by a style attribute in the snippet: a host
    // page's CSP may forbid inline styles, and styles set by a script are not inline styles.
    frame.style.width = "100%";
    frame.style.maxWidth = "100%";
    frame.style.border = "0";
    // Only once the widget's page is in the frame: before it (a lazy frame not yet near the screen,
    // or one still loading) the frame holds an empty page of this page's origin, and a message for
    // the widget's origin would make the browser log a target-origin warning on the host's console.
    function ping() {
      var target = frame.contentWindow;
      if (!target) return;
      try {
        if (target.location.origin !== widgetOrigin) return; // readable: the empty page of this origin
      } catch (error) {
        // Unreadable: another origin's page, the widget's (the browser delivers it only to that origin).
      }
      target.postMessage({ type: "pe-calc-ping" }, widgetOrigin);
    }
    window.addEventListener("message", function (event) {
      if (event.origin !== widgetOrigin || event.source !== frame.contentWindow) return;
      var data = event.data;
      if (!data || data.type !== "pe-calc-size" || typeof data.height !== "number") return;
      var height = Math.max(200, Math.min(Math.ceil(data.height), 20000));
      frame.style.height = height + "px";
    });
    frame.addEventListener("load", ping);
    ping(); // the frame may have loaded before this script ran (it is async)
  }
  function all() {
    var frames = document.querySelectorAll("iframe[data-pe-calc]");
    for (var i = 0; i < frames.length; i++) setUp(frames[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
})();
