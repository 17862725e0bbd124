// Comparison tables: sorting (tablesort, vendored) and filters by jurisdiction and status.
// The tables are complete, readable HTML without this script; it only adds controls. It runs on
// every page Material's instant navigation loads (document$), and marks each table it has set up.
//
// Also: search results drop the zero-width spaces of the search index (see unmark below).
// And: while the reader switches the colour scheme, <body> carries data-pe-switching, which stops
// transitions (Material's own rule, re-keyed: policy_explorer/sitegen/stylesheet.py says why).
(function () {
  "use strict";

  function setUp(wrapper) {
    var table = wrapper.querySelector("table");
    if (!table || table.dataset.peReady) return;
    table.dataset.peReady = "1";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    // tablesort reads `data-sort` on the cell; the generator puts it on a span inside.
    rows.forEach(function (row) {
      Array.prototype.forEach.call(row.cells, function (cell) {
        var marked = cell.querySelector("[data-sort]");
        if (marked) cell.setAttribute("data-sort", marked.getAttribute("data-sort"));
      });
    });
    if (rows.length) {
      Array.prototype.forEach.call(rows[0].cells, function (cell, i) {
        if (cell.hasAttribute("data-sort")) table.tHead.rows[0].cells[i].setAttribute("data-sort-method", "number");
      });
    }
    if (window.Tablesort) new window.Tablesort(table);

    var labels = wrapper.dataset;
    var form = document.createElement("form");
    form.className = "pe-filters";
    form.setAttribute("role", "search");
    // Named, so assistive technology tells it from the site search (axe-core: landmark-unique).
    form.setAttribute("aria-label", labels.labelFilters);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var count = document.createElement("output");
    count.setAttribute("aria-live", "polite");

    function select(label, attribute) {
      var options = {};
      rows.forEach(function (row) {
        var el = row.querySelector("[" + attribute + "]");
        if (el) options[el.getAttribute(attribute)] = el.textContent.trim();
      });
      var wrap = document.createElement("label");
      wrap.textContent = label + " ";
      var box = document.createElement("select");
      box.dataset.attribute = attribute;
      box.add(new Option(labels.labelAll, ""));
      Object.keys(options).forEach(function (key) { box.add(new Option(options[key], key)); });
      box.addEventListener("change", apply);
      wrap.appendChild(box);
      form.appendChild(wrap);
      return box;
    }

    var boxes = [
      select(labels.labelJurisdiction, "data-filter-jurisdiction"),
      select(labels.labelStatus, "data-filter-status"),
    ];

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = boxes.every(function (box) {
          if (!box.value) return true;
          var el = row.querySelector("[" + box.dataset.attribute + "]");
          return el && el.getAttribute(box.dataset.attribute) === box.value;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = labels.labelShown + " " + shown + " / " + rows.length;
    }

    form.appendChild(count);
    wrapper.insertBefore(form, wrapper.firstChild);
    apply();
  }

  function init() {
    document.querySelectorAll(".pe-compare").forEach(setUp);
  }

  // Capture phase: before Material's own change handler restyles the page in the new scheme.
  document.addEventListener(
    "change",
    function (event) {
      if (event.target.name !== "__palette") return;
      document.body.setAttribute("data-pe-switching", "");
      // Two frames: the new scheme's styles are computed and painted before transitions come back.
      requestAnimationFrame(function () {
        requestAnimationFrame(function () { document.body.removeAttribute("data-pe-switching"); });
      });
    },
    true,
  );

  // Search results: Material's index marks Chinese word boundaries with zero-width spaces (that is
  // what makes 算力券 a word to search for); the results show that text, so the marks are dropped
  // there, where they only break copying and reading aloud. Text nodes only: markup is untouched.
  function unmark(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeValue.indexOf("\u200b") >= 0) node.nodeValue = node.nodeValue.replace(/\u200b/g, "");
    }
  }
  var results = document.querySelector(".md-search-result__list");
  if (results && window.MutationObserver) {
    new MutationObserver(function () { unmark(results); }).observe(results, { childList: true, subtree: true });
  }

  // The language switch keeps what the address says after "#": the calculator's scenario, or the
  // anchor a reader was at (both editions use the same anchors). Read at click time: the calculator
  // rewrites the fragment as the reader types.
  document.addEventListener(
    "click",
    function (event) {
      var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
      if (!link || !location.hash) return;
      link.hash = location.hash;
    },
    true,
  );

  // The embed page's snippet builder: the preview is the widget itself (same site), so the scenario
  // a reader sets up in it is read from its address; the edition, compact and theme options change
  // the preview's address, and the snippet is written from both. Nothing about the data is here.
  function builder() {
    var form = document.getElementById("pe-embed-builder");
    var preview = document.getElementById("pe-eb-preview");
    if (!form || !preview || form.dataset.peReady) return;
    form.dataset.peReady = "1";
    // Each edition's widget, embed script and iframe title, as the site's configuration places them
    // (written into the page when it was built): never worked out here from this page's own path.
    var editions = JSON.parse(form.dataset.editions || "{}");
    var snippet = document.getElementById("pe-eb-snippet");
    var edition = document.getElementById("pe-eb-edition");
    var compact = document.getElementById("pe-eb-compact");
    var theme = document.getElementById("pe-eb-theme");
    var pin = document.getElementById("pe-eb-pin");
    var pinned = document.getElementById("pe-eb-on");
    // The scenario as the preview holds it, its date left out unless the author pins one: an
    // embed without on= computes for each reader's today (issue 28: a pinned date shows an
    // expired policy's vouchers as in force for ever).
    function scenario() {
      var hash;
      try {
        hash = preview.contentWindow.location.hash; // "" while the frame is still about:blank
      } catch (error) {
        hash = "";
      }
      var params = new URLSearchParams((hash || new URL(preview.src).hash).slice(1));
      params.delete("on");
      if (pin && pin.checked && /^\d{4}-\d{2}-\d{2}$/.test(pinned.value)) params.set("on", pinned.value);
      var text = params.toString();
      return text ? "#" + text : "";
    }
    function address() {
      var query = [];
      if (compact.checked) query.push("compact=1");
      if (theme.value) query.push("theme=" + theme.value);
      var widget = new URL(editions[edition.value].widget, location.href);
      return new URL((query.length ? "?" + query.join("&") : "") + scenario(), widget).href;
    }
    function escapeAttribute(text) {
      return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
    }
    var written = null;
    function write() {
      written = scenario();
      var chosen = editions[edition.value];
      var title = chosen.title;
      snippet.value =
        '<iframe src="' + escapeAttribute(address()) + '" data-pe-calc\n        title="' + escapeAttribute(title) +
        '" height="640" loading="lazy"></iframe>\n' +
        '<script src="' + escapeAttribute(new URL(chosen.script, location.href).href) + '" async></' + "script>";
    }
    function reload() {
      preview.src = address();
      write();
    }
    if (pin && pinned) {
      // Pinning starts from the reader's today; choosing a date pins it.
      pin.addEventListener("change", function () {
        if (pin.checked && !pinned.value) pinned.value = localToday();
      });
      pinned.addEventListener("change", function () { pin.checked = Boolean(pinned.value); });
      [pin, pinned].forEach(function (control) { control.addEventListener("change", reload); });
    }
    [edition, compact, theme].forEach(function (control) { control.addEventListener("change", reload); });
    // The reader's changes in the preview rewrite its address: the snippet follows.
    setInterval(function () { if (scenario() !== written) write(); }, 500);
    document.getElementById("pe-eb-copy").addEventListener("click", function () {
      var done = function () { document.getElementById("pe-eb-copied").textContent = "✓"; };
      if (navigator.clipboard) navigator.clipboard.writeText(snippet.value).then(done, function () { snippet.select(); });
      else snippet.select();
    });
    write();
  }

  // The reader's calendar day (local time), YYYY-MM-DD.
  function localToday() {
    var d = new Date();
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  // Run on every page: Material's instant navigation announces each one on document$; without it, once.
  function onEachPage(run) {
    if (window.document$ && window.document$.subscribe) {
      window.document$.subscribe(run);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run);
    } else {
      run();
    }
  }

  onEachPage(builder);
  onEachPage(init);
})();
