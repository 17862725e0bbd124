// Material's search starts as soon as any page loads: its bundle fetches search/search_index.json
// (1.2 MB for the Chinese edition, 0.7 MB for the English one, before compression) and starts its
// search worker, though most readers of a page never search. This script runs just before the
// bundle (policy_explorer/defaults/overrides/main.html) and holds both back until the reader reaches for the
// search: the pointer over it, a focus in it, or the search toggle opened (a click or Material's
// keyboard shortcuts, which click it). Then both start as Material asked, in the same order.
// A page opened from a search result (?h=…) highlights the words at once, so it starts at once.
// Nothing is evaluated as code; the CSP is unchanged (this file is served from the site like the bundle).
(function () {
  "use strict";
  var form = document.forms.namedItem("search");
  var toggle = document.getElementById("__search");
  if (!form || !toggle || new URLSearchParams(location.search).has("h")) return;

  var started = false;
  var waiting = [];
  function start() {
    if (started) return;
    started = true;
    waiting.splice(0).forEach(function (run) { run(); });
  }
  function held(url, part) {
    return !started && String(url).indexOf(part) !== -1;
  }

  // The index: Material requests it with XMLHttpRequest; its send waits.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.peSearchIndex = held(url, "search/search_index.json");
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this;
    var args = arguments;
    if (!xhr.peSearchIndex || started) return send.apply(xhr, args);
    waiting.push(function () { send.apply(xhr, args); });
  };

  // The worker: Material gets a stand-in that keeps its messages until the real one starts.
  var RealWorker = window.Worker;
  window.Worker = function (url, options) {
    if (!held(url, "/workers/search.")) return new RealWorker(url, options);
    var standIn = new EventTarget();
    var queue = [];
    var real = null;
    standIn.postMessage = function (message) {
      if (real) real.postMessage(message);
      else queue.push(message);
    };
    standIn.terminate = function () {
      if (real) real.terminate();
      queue = [];
    };
    waiting.push(function () {
      real = new RealWorker(url, options);
      real.addEventListener("message", function (event) {
        standIn.dispatchEvent(new MessageEvent("message", { data: event.data }));
      });
      queue.splice(0).forEach(function (message) { real.postMessage(message); });
    });
    return standIn;
  };
  window.Worker.prototype = RealWorker.prototype;

  toggle.addEventListener("change", function () { if (toggle.checked) start(); });
  form.addEventListener("focusin", start);
  form.addEventListener("pointerenter", start);
  document.querySelectorAll('label[for="__search"]').forEach(function (label) {
    label.addEventListener("pointerenter", start);
    label.addEventListener("click", start);
  });
})();
