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

/* == Previews in place (issue 20, i20a) ==
   A citation (a.cite: its reference, in data-ref) or an acronym (abbr[title]: its expansion) opens a small opaque
   panel next to it, below or else above, never off the screen: on a touch screen at the first tap (a second tap
   on the citation, or the panel's link, follows it), and when the keyboard focuses it. The mouse keeps the title
   tooltip and follows links at once. Messages and the glossary's address come from #ts-ui (main.html). */
(function () {
  var TRIGGERS = "a.cite, abbr[title]";
  var ui = {};
  var root = "";
  var data = document.getElementById("ts-ui");
  if (data) {
    try { ui = JSON.parse(data.textContent); } catch (e) { ui = {}; }
    root = data.getAttribute("data-root") || ".";
  }
  var panel = null, text = null, link = null, owner = null, pointer = "";

  function build() {
    panel = document.createElement("div");
    panel.className = "ts-preview";
    panel.id = "ts-preview";
    panel.setAttribute("role", "tooltip");
    panel.hidden = true;
    text = document.createElement("p");
    text.className = "ts-preview__text";
    text.id = "ts-preview-text";
    link = document.createElement("a");
    link.className = "ts-preview__link";
    panel.appendChild(text);
    panel.appendChild(link);
    document.body.appendChild(panel);
  }
  function target(el) {
    if (el.tagName === "ABBR") {
      if (!ui.glossary_url) return null;
      return root + "/" + ui.glossary_url + "#" + encodeURIComponent(el.textContent.trim().toLowerCase());
    }
    return el.getAttribute("href");
  }
  function place(el, rect) {
    var gap = 6, margin = 8;
    var width = document.documentElement.clientWidth;
    var box = panel.getBoundingClientRect();
    var left = Math.min(Math.max(margin, rect.left), Math.max(margin, width - box.width - margin));
    var below = rect.bottom + gap + box.height <= window.innerHeight || rect.top - gap - box.height < 0;
    var top = below ? rect.bottom + gap : rect.top - gap - box.height;
    panel.style.left = (left + window.pageXOffset) + "px";
    panel.style.top = (top + window.pageYOffset) + "px";
    panel.setAttribute("data-side", below ? "below" : "above");
  }
  function show(el, rect) {
    if (!panel) build();
    if (owner && owner !== el) owner.removeAttribute("aria-describedby");
    owner = el;
    text.textContent = el.tagName === "ABBR" ? el.getAttribute("title") : (el.getAttribute("data-ref") || el.getAttribute("title") || "");
    var href = target(el);
    link.hidden = !href;
    if (href) {
      link.href = href;
      link.textContent = (el.tagName === "ABBR" ? ui["preview.glossary"] : ui["preview.reference"]) || href;
    }
    panel.hidden = false;
    place(el, rect || el.getClientRects()[0] || el.getBoundingClientRect());
    el.setAttribute("aria-describedby", "ts-preview-text");
  }
  function hide() {
    if (!panel || panel.hidden) return;
    panel.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }
  /* The rect of the line the finger touched, for a citation that wraps over two lines. */
  function touchedRect(el, event) {
    var rects = el.getClientRects();
    for (var i = 0; i < rects.length; i++) {
      var r = rects[i];
      if (event.clientY >= r.top && event.clientY <= r.bottom) return r;
    }
    return rects[0];
  }

  document.addEventListener("pointerdown", function (event) { pointer = event.pointerType; }, true);
  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest(TRIGGERS) : null;
    if (panel && panel.contains(event.target)) return; /* the panel's link follows */
    if (!el) { hide(); return; }
    if (pointer !== "touch" && pointer !== "pen") return; /* the mouse follows links at once */
    if (owner === el) {
      if (el.tagName === "ABBR") hide(); /* a second tap on a citation follows it */
      return;
    }
    event.preventDefault();
    show(el, touchedRect(el, event));
  });
  document.addEventListener("focusin", function (event) {
    var el = event.target.closest ? event.target.closest(TRIGGERS) : null;
    if (el && el !== owner && el.matches(":focus-visible")) show(el);
  });
  document.addEventListener("focusout", function (event) {
    if (!owner || pointer === "touch" || pointer === "pen") return;
    if (event.target === owner && !(event.relatedTarget && panel.contains(event.relatedTarget))) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
    else if (event.key === "Tab") pointer = "";
  });
  window.addEventListener("resize", function () { if (owner) show(owner); });
})();
/* == end of the previews block (i20a) == */

/* == Phone: code networks (issue 20, i20a) ==
   A code network wider than its box says so in a sentence above it (shown only while it does not fit). */
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".ts-diagram__scroll"));
  if (!boxes.length) return;
  function update() {
    boxes.forEach(function (box) {
      var figure = box.closest("figure");
      var hint = figure && figure.previousElementSibling;
      if (hint && hint.classList.contains("ts-diagram__hint")) hint.hidden = box.scrollWidth <= box.clientWidth + 1;
    });
  }
  update();
  window.addEventListener("resize", update);
})();
/* == end of the phone block (i20a) == */

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
