// Comparison tables: sorting (tablesort, vendored) and filters by jurisdiction and status.
// The tables are complete, readable HTML without this script; it only adds controls. It runs on
// every page Material's instant navigation loads (document$), and marks each table it has set up.
//
// Also: while the reader switches the colour scheme, <body> carries data-pe-switching, which stops
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

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
