/* thesis-site: the header search box. Pagefind (pagefind/pagefind.js, its WebAssembly core and the index
   chunks a query needs) is fetched only when the reader focuses the box or types in it, never on page load.
   Keyboard: "/" focuses the box; ArrowDown/ArrowUp move through the results; Escape closes them. */
(function () {
  "use strict";
  var box = document.querySelector("[data-ts-search]");
  if (!box) return;
  var input = box.querySelector("input");
  var panel = box.querySelector(".ts-search__panel");
  var status = box.querySelector(".ts-search__status");
  var list = box.querySelector(".ts-search__list");
  var text = box.dataset;
  var root = new URL((box.getAttribute("data-base") || ".") + "/", location.href);
  var PAGE = 8; /* results whose fragment is fetched at once; more as the reader scrolls or arrows down */
  var MIN = 2; /* characters before a search: a single letter would fetch fragments for little use */
  var engine = null;
  var current = null; /* { query, results, shown } */
  var ticket = 0;
  var timer = 0;

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () {
          pagefind.init();
          return pagefind;
        });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function count(n) {
    if (n === 0) return text.none;
    if (n === 1) return text.one;
    return text.other.replace("#", String(n));
  }

  /* Pagefind's excerpt is text with <mark> around matches: rebuild it from text nodes only. */
  function excerpt(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var out = document.createElement("span");
    out.className = "ts-search__excerpt";
    holder.content.childNodes.forEach(function (node) {
      if (node.nodeType === 1 && node.tagName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function item(data) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = data.url;
    var title = document.createElement("span");
    title.className = "ts-search__title";
    title.textContent = (data.meta && data.meta.title) || data.url;
    a.appendChild(title);
    a.appendChild(excerpt(data.excerpt || ""));
    li.appendChild(a);
    return li;
  }

  function more() {
    if (!current || current.shown >= current.results.length || current.loading) return Promise.resolve();
    var state = current;
    var slice = state.results.slice(state.shown, state.shown + PAGE);
    state.loading = true;
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (pages) {
      state.loading = false;
      if (state !== current) return;
      pages.forEach(function (data) { list.appendChild(item(data)); });
      state.shown += slice.length;
    });
  }

  function open() { panel.hidden = false; }
  function close() { panel.hidden = true; }

  function run() {
    var query = input.value.trim();
    var mine = ++ticket;
    if (query.length < MIN) {
      current = null;
      list.textContent = "";
      status.textContent = text.placeholder;
      return;
    }
    open();
    if (!current) status.textContent = text.initializer;
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (search) {
      if (mine !== ticket || !search) return;
      current = { query: query, results: search.results, shown: 0 };
      list.textContent = "";
      status.textContent = count(search.results.length);
      return more();
    });
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  input.addEventListener("focus", function () { load(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      input.value = "";
      run();
      close();
    } else if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      links()[0].focus();
    } else if (event.key === "Enter") {
      event.preventDefault();
      var first = links()[0];
      if (first) location.href = first.href;
    }
  });
  list.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (at === all.length - 1) {
        more().then(function () { var next = links()[at + 1]; if (next) next.focus(); });
      } else if (at >= 0) all[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (at <= 0) input.focus(); else all[at - 1].focus();
    } else if (event.key === "Escape") {
      close();
      input.focus();
    }
  });
  panel.addEventListener("scroll", function () {
    if (panel.scrollTop + panel.clientHeight >= panel.scrollHeight - 40) more();
  });
  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) close();
  });
  box.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !box.contains(event.relatedTarget)) close();
  });
  document.addEventListener("keydown", function (event) {
    var tag = (document.activeElement && document.activeElement.tagName) || "";
    if (event.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(tag) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    }
  });
})();
