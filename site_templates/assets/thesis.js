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

/* == Quotes browser you can share (issue 20, i20a) ==
   Shown only when JavaScript runs (without it the page is plain grouped lists). The filters (informant,
   category, finding, words) live in the address (?informant=DMPP5&categories=…&findings=…&words=…): read on
   load, on back/forward (popstate) and when the browser restores the page (pageshow), written on every change
   (a choice in a list is a step of the history, typing replaces it). Every list and count on the page follows:
   the cards grouped by informant and their headings' counts, the "by category" and "by finding" lists, the
   table of contents, the total; when nothing matches, the page says so. */
(function () {
  var form = document.getElementById("filtro-citas");
  if (!form) return;
  form.hidden = false;
  var FIELDS = ["informant", "categories", "findings", "words"];
  var cards = Array.prototype.slice.call(document.querySelectorAll("figure.ts-quote[data-informant]"));
  var empty = document.getElementById("citas-ninguna");
  var toc = document.querySelector(".md-sidebar--secondary");
  var groupText = form.getAttribute("data-group") || "{shown} / {total}";
  var timer = 0;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  cards.forEach(function (card) {
    var quote = card.querySelector("blockquote");
    card.tsText = fold(quote ? quote.textContent : card.textContent);
    var link = card.querySelector("a.ts-permalink");
    card.tsId = card.getAttribute("data-quote") || (link ? link.getAttribute("href").replace(/\/$/, "").split("/").pop() : "");
  });
  function has(card, name, value) {
    if (!value) return true;
    if (name === "words") {
      return fold(value).split(/\s+/).every(function (word) { return !word || card.tsText.indexOf(word) >= 0; });
    }
    var attr = card.getAttribute("data-" + name) || "";
    return name === "informant" ? attr === value : attr.split(" ").indexOf(value) >= 0;
  }
  function values() {
    var out = {};
    FIELDS.forEach(function (name) { out[name] = form.elements[name] ? form.elements[name].value.trim() : ""; });
    return out;
  }
  function tocLink(id) {
    return toc ? toc.querySelector('a.md-nav__link[href="#' + id + '"]') : null;
  }
  function setTocText(id, text, hidden) {
    var link = tocLink(id);
    if (!link) return;
    var label = link.querySelector(".md-ellipsis") || link;
    label.textContent = text;
    link.parentElement.hidden = hidden;
  }
  /* A group's heading reads "DMPP1 — … (6)"; filtered, "DMPP1 — … (2 de 6)". */
  function updateGroup(group, shown) {
    var heading = group.previousElementSibling;
    if (!heading || !/^H[23]$/.test(heading.tagName)) return;
    var total = group.querySelectorAll("figure.ts-quote").length;
    var node = heading.firstChild;
    if (!node || node.nodeType !== 3) return;
    if (heading.tsLabel === undefined) {
      var suffix = " (" + total + ")";
      heading.tsLabel = node.data.slice(-suffix.length) === suffix ? node.data.slice(0, -suffix.length) : node.data;
    }
    var count = shown === total ? String(total) : groupText.replace("{shown}", shown).replace("{total}", total);
    node.data = heading.tsLabel + " (" + count + ")";
    heading.hidden = shown === 0;
    group.hidden = shown === 0;
    setTocText(heading.id, node.data, shown === 0);
  }
  /* An item of "by category" / "by finding": its quote links, the commas between them and its count. */
  function updateItem(item, matching) {
    var links = Array.prototype.slice.call(item.querySelectorAll("a[data-quote]"));
    var seen = 0;
    links.forEach(function (link) {
      var on = matching[link.getAttribute("data-quote")] === true;
      link.hidden = !on;
      var sep = link.previousElementSibling;
      if (sep && sep.classList.contains("ts-sep")) sep.hidden = !on || seen === 0;
      if (on) seen += 1;
    });
    var count = item.querySelector(".ts-count");
    if (count) {
      var total = links.length;
      count.textContent = seen === total ? String(total) : groupText.replace("{shown}", seen).replace("{total}", total);
    }
    item.hidden = seen === 0;
    return seen;
  }
  function apply() {
    var chosen = values();
    var matching = {};
    var shown = 0;
    cards.forEach(function (card) {
      var ok = FIELDS.every(function (name) { return has(card, name, chosen[name]); });
      card.hidden = !ok;
      if (ok) { shown += 1; matching[card.tsId] = true; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("section.ts-group"), function (group) {
      updateGroup(group, group.querySelectorAll("figure.ts-quote:not([hidden])").length);
    });
    Array.prototype.forEach.call(document.querySelectorAll("ul.ts-grouped"), function (list) {
      var items = 0;
      Array.prototype.forEach.call(list.children, function (item) { if (updateItem(item, matching)) items += 1; });
      list.hidden = items === 0;
      var heading = list.previousElementSibling;
      if (heading && /^H2$/.test(heading.tagName)) {
        heading.hidden = items === 0;
        var link = tocLink(heading.id);
        if (link) link.parentElement.hidden = items === 0;
      }
    });
    var template = form.elements.count.getAttribute("data-template") || "{shown} / {total}";
    form.elements.count.value = template.replace("{shown}", shown).replace("{total}", cards.length);
    if (empty) empty.hidden = shown !== 0;
  }
  /* The address holds the filters: ?informant=…&categories=…&findings=…&words=… (other parameters kept). */
  function fromAddress() {
    var params = new URLSearchParams(location.search);
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      if (!field) return;
      field.value = params.get(name) || "";
      if (field.tagName === "SELECT" && field.value !== (params.get(name) || "")) field.value = "";
    });
    apply();
  }
  function toAddress(push) {
    var params = new URLSearchParams(location.search);
    var chosen = values();
    FIELDS.forEach(function (name) {
      if (chosen[name]) params.set(name, chosen[name]); else params.delete(name);
    });
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("change", function (event) {
    if (event.target.name === "words") return;
    apply();
    toAddress(true);
  });
  form.addEventListener("input", function (event) {
    if (event.target.name !== "words") return;
    apply();
    clearTimeout(timer);
    timer = setTimeout(function () { toAddress(false); }, 300);
  });
  var reset = document.querySelector("[data-ts-reset]");
  if (reset) {
    reset.addEventListener("click", function () {
      FIELDS.forEach(function (name) { if (form.elements[name]) form.elements[name].value = ""; });
      apply();
      toAddress(true);
      var first = form.querySelector("select, input");
      if (first) first.focus();
    });
  }
  window.addEventListener("popstate", fromAddress);
  window.addEventListener("pageshow", fromAddress);
  fromAddress();
})();
/* == end of the quotes browser block (i20a) == */

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
