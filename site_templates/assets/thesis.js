/* thesis-site copy buttons (citations, permalink): each copies exactly the text its block shows and
   says so visibly and to screen readers. A button names its block by id (data-copy); the text is the
   block's [data-copy-source] element. Ids sit on wrapping blocks because Material renames <pre> ids. */
(function () {
  function sourceOf(button) {
    var box = document.getElementById(button.getAttribute("data-copy"));
    if (!box) return null;
    return box.hasAttribute("data-copy-source") ? box : box.querySelector("[data-copy-source]");
  }
  function statusOf(button) {
    var next = button.nextElementSibling;
    return next && next.classList.contains("ts-copy-status") ? next : null;
  }
  function announce(button, message) {
    var status = statusOf(button);
    if (status) {
      status.textContent = "";
      setTimeout(function () { status.textContent = message; }, 50);
    }
    button.classList.add("ts-copied");
    setTimeout(function () { button.classList.remove("ts-copied"); }, 2500);
  }
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  function copy(button) {
    var source = sourceOf(button);
    if (!source) return;
    var text = source.innerText.trim();
    var done = function () { announce(button, button.dataset.copied + " " + text.split("\n")[0].slice(0, 80) + (text.length > 80 || text.indexOf("\n") >= 0 ? "…" : "")); };
    var failed = function () {
      if (fallbackCopy(text)) { done(); return; }
      selectText(source);
      announce(button, button.dataset.failed);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, failed);
    } else {
      failed();
    }
  }
  /* Without a configured site_url the permalink is relative: show the page's own absolute address. */
  document.querySelectorAll("a[data-from-location]").forEach(function (link) {
    link.textContent = link.href;
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.ts-copy") : null;
    if (button) copy(button);
  });
})();

/* Quote browser filter: shown only when JavaScript runs; without it the page is plain grouped lists. */
(function () {
  var form = document.getElementById("filtro-citas");
  if (!form) return;
  form.hidden = false;
  var cards = Array.prototype.slice.call(document.querySelectorAll("figure.ts-quote[data-informant]"));
  function matches(card, name, value) {
    if (!value) return true;
    var attr = card.getAttribute("data-" + name) || "";
    return name === "informant" ? attr === value : attr.split(" ").indexOf(value) >= 0;
  }
  function apply() {
    var informant = form.elements.informant.value;
    var category = form.elements.categories.value;
    var finding = form.elements.findings.value;
    var shown = 0;
    cards.forEach(function (card) {
      var ok = matches(card, "informant", informant) && matches(card, "categories", category) && matches(card, "findings", finding);
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    document.querySelectorAll("section.ts-group").forEach(function (group) {
      var visible = group.querySelector("figure.ts-quote:not([hidden])") !== null;
      group.hidden = !visible;
      var heading = group.previousElementSibling;
      if (heading && /^H2$/.test(heading.tagName)) heading.hidden = !visible;
    });
    var template = form.elements.count.getAttribute("data-template") || "{shown} / {total}";
    form.elements.count.value = template.replace("{shown}", shown).replace("{total}", cards.length);
  }
  form.addEventListener("change", apply);
  apply();
})();

/* Antecedents table: filter by scope and approach, sort by column (the table works without it). */
(function () {
  var table = document.getElementById("tabla-antecedentes");
  var form = document.getElementById("filtro-antecedentes");
  if (!table || !form) return;
  form.hidden = false;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  function filter() {
    var scope = form.elements.scope.value, approach = form.elements.approach.value, shown = 0;
    rows.forEach(function (row) {
      var ok = (!scope || row.getAttribute("data-scope") === scope) && (!approach || row.getAttribute("data-approach") === approach);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    form.elements.count.value = shown + " de " + rows.length + " estudios";
  }
  form.addEventListener("change", filter);
  filter();
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, index) {
    var kind = cell.getAttribute("data-sort");
    if (!kind) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ts-sort";
    button.textContent = cell.textContent;
    cell.textContent = "";
    cell.appendChild(button);
    cell.setAttribute("aria-sort", "none");
    button.addEventListener("click", function () {
      var ascending = cell.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { if (c.hasAttribute("aria-sort")) c.setAttribute("aria-sort", "none"); });
      cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.cells[index].textContent.trim(), y = b.cells[index].textContent.trim();
        var order = kind === "number" ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "es");
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();

/* Print header: the page's absolute address (the canonical URL when the site declares one, else where it was opened). */
(function () {
  var url = document.querySelector(".ts-print-url");
  if (url && !url.textContent.trim() && /^https?:$/.test(location.protocol)) {
    url.textContent = location.origin + location.pathname;
  }
})();

/* The 404 page's search form hands its words to the header search box (assets/search.js). */
(function () {
  var form = document.querySelector("form.ts-404-search");
  if (!form) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var input = document.getElementById("ts-search-input");
    if (!input) return;
    input.value = form.elements.q.value;
    input.focus();
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();

/* thesis-site: a list page split into parts after it was published keeps its anchors. When the address's
   anchor is not on the page and the page says where moved anchors went (data-ts-moved: a JSON map, fetched
   only then), go to the part that holds it. */
(function () {
  function follow() {
    var marker = document.querySelector("[data-ts-moved]");
    var id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    if (!marker || !id || document.getElementById(id)) return;
    fetch(marker.getAttribute("data-ts-moved"))
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (moved) {
        var own = Object.prototype.hasOwnProperty;
        var target = own.call(moved, id) ? moved[id] : own.call(moved, "*") ? moved["*"] + "#" + encodeURIComponent(id) : null;
        if (target) location.replace(new URL(target, location.href).href);
      })
      .catch(function () {});
  }
  follow();
  window.addEventListener("hashchange", follow);
})();
