/* thesis-site: the header search box. Pagefind (pagefind/pagefind.js, its worker, its WebAssembly core and the index
   chunks a query needs) is fetched only when the reader focuses the box or types in it, never on page load; the
   files Pagefind would fetch one after another are then asked for at once. The box accepts typing at once and says
   what it is doing while the index loads; results are shown one by one as their fragments arrive.
   Words in quotes ("nueva gestión pública") are a phrase: the words next to each other, in that order.
   Each result links to its passage (the heading above it, #id); the page it opens highlights the searched words
   and brings the first one of the passage into view (Pagefind's pagefind-highlight.js, loaded only then). The
   words travel in the tab's sessionStorage, so the address stays the page's own; an address with
   ?highlight=word (Pagefind's parameter) highlights too, for a link shared with its words.
   Keyboard: "/" focuses the box; ArrowDown/ArrowUp move through the results; Escape closes them. */
(function () {
  "use strict";
  var PARAM = "highlight";
  var STORE = "ts-search-landing";
  var box = document.querySelector("[data-ts-search]");
  var root = new URL(((box && box.getAttribute("data-base")) || rootOf()) + "/", location.href);
  var ui = messages();

  function rootOf() {
    var data = document.getElementById("ts-ui");
    return (data && data.getAttribute("data-root")) || ".";
  }
  function messages() {
    var data = document.getElementById("ts-ui");
    try { return data ? JSON.parse(data.textContent) : {}; } catch (e) { return {}; }
  }
  function say(key, query) {
    var fallback = box ? box.getAttribute("data-initializer") || "" : ""; /* a theme without #ts-ui: Material's words */
    return (ui[key] || fallback).replace("{query}", query || "");
  }

  /* ---- the landing page: highlight the searched words, bring the passage into view ---- */
  /* The words a result click left for this page (and forget them: a reload or a later visit shows the page plain). */
  function stored() {
    try {
      var left = JSON.parse(sessionStorage.getItem(STORE) || "null");
      sessionStorage.removeItem(STORE);
      var here = location.href.split("#")[0];
      return left && left.url.split("#")[0] === here && Date.now() - left.at < 60000 ? left.terms : [];
    } catch (e) {
      return [];
    }
  }
  function land() {
    var inAddress = new URLSearchParams(location.search).getAll(PARAM).filter(function (t) { return t.trim(); });
    var terms = inAddress.length ? inAddress : stored();
    if (!terms.length || !document.querySelector("[data-pagefind-body]")) return;
    import(new URL("pagefind/pagefind-highlight.js", root).href).then(function () {
      var highlighter = new window.PagefindHighlight({
        highlightParam: inAddress.length ? PARAM : STORE, /* the parameter it reads from the address, if any */
        addStyles: false,
        markOptions: {
          className: "ts-highlight",
          exclude: ["[data-pagefind-ignore]", "[data-pagefind-ignore] *", ".headerlink"],
          acrossElements: true,
          /* a word inside a longer one already marked ("capacitacion" in "capacitaciones") stays as it is */
          filter: function (node) { return !(node.parentNode && node.parentNode.closest && node.parentNode.closest("mark.ts-highlight")); },
        },
      });
      if (!inAddress.length) highlighter.markText(highlighter.createMarkInstance(), terms);
      var marks = Array.prototype.slice.call(document.querySelectorAll("mark.ts-highlight"));
      if (!marks.length) return;
      var from = null;
      try { from = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null; } catch (e) { from = null; }
      var after = marks.filter(function (mark) {
        return !from || from === mark || from.contains(mark) || (from.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      /* the passage, not the page's title: the first mark in the text below the heading it opened at */
      var inText = after.filter(function (mark) { return !mark.closest("h1, h2, h3, h4, h5, h6"); });
      var first = inText[0] || after[0] || marks[0];
      first.classList.add("ts-highlight--first");
      first.scrollIntoView({ block: "center" });
    }).catch(function () { /* the page reads the same without highlights */ });
  }
  land();

  if (!box) return;
  var input = box.querySelector("input");
  var panel = box.querySelector(".ts-search__panel");
  var status = box.querySelector(".ts-search__status");
  var list = box.querySelector(".ts-search__list");
  var text = box.dataset;
  var PAGE = 8; /* results whose fragment is fetched at once; more as the reader scrolls or arrows down */
  var MIN = 2; /* characters before a search: a single letter would fetch fragments for little use */
  var engine = null;
  var ready = false;
  var warmed = false;
  var current = null; /* { query, results, shown } */
  var ticket = 0;
  var timer = 0;

  /* Pagefind asks for its worker, then its core, one after the other: ask for both at once (the browser's cache
     hands them over when Pagefind asks). */
  function warm() {
    if (warmed) return;
    warmed = true;
    var files = ["pagefind/pagefind.js", "pagefind/pagefind-worker.js"];
    if (ui.search_language) files.push("pagefind/wasm." + ui.search_language + ".pagefind");
    files.forEach(function (file) { fetch(new URL(file, root).href).catch(function () {}); });
  }

  function load() {
    warm();
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: root.pathname, excerptLength: 24, ranking: ui.search_ranking || {} }).then(function () {
          pagefind.init();
          ready = true;
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

  /* ---- what the reader typed: phrases in quotes and single words ---- */
  function parse(query) {
    var phrases = [];
    var rest = query.replace(/["“”«»„]([^"“”«»„]+)["“”«»„]?/g, function (_, phrase) {
      var words = phrase.trim().split(/\s+/).filter(Boolean);
      if (words.length) phrases.push(words);
      return " ";
    });
    return { phrases: phrases, words: rest.trim().split(/\s+/).filter(Boolean) };
  }

  /* Where a phrase starts on a page: a position p where its first word is, its second at p + 1, and so on. */
  function starts(phrase, at) {
    var first = at[phrase[0].toLowerCase()];
    if (!first) return [];
    return Array.prototype.filter.call(first, function (p) {
      return phrase.every(function (word, k) {
        var places = at[word.toLowerCase()];
        return places && places.indexOf(p + k) >= 0;
      });
    });
  }

  /* Pagefind ranks the pages holding every word; a phrase keeps those where its words stand side by side. The
     positions of each word come from a search for that word alone: Pagefind 1.5.2's own quoted search loses
     pages where a word has several written forms (with and without accents), see docs/quality.md. */
  function find(pagefind, query) {
    var parsed = parse(query);
    var long = parsed.phrases.filter(function (p) { return p.length > 1; });
    var all = parsed.words.concat.apply(parsed.words, parsed.phrases);
    if (!all.length) return Promise.resolve([]);
    var single = parsed.phrases.length === 1 && !parsed.words.length && !long.length;
    var base = pagefind.search(single ? '"' + all[0] + '"' : all.join(" "));
    if (!long.length) {
      return base.then(function (search) {
        return (search ? search.results : []).map(function (r) { return { result: r, at: null }; });
      });
    }
    var distinct = [];
    long.forEach(function (p) { p.forEach(function (w) { if (distinct.indexOf(w.toLowerCase()) < 0) distinct.push(w.toLowerCase()); }); });
    return Promise.all([base].concat(distinct.map(function (w) { return pagefind.search(w); }))).then(function (found) {
      var byPage = {};
      found.slice(1).forEach(function (search, i) {
        (search ? search.results : []).forEach(function (r) {
          (byPage[r.id] = byPage[r.id] || {})[distinct[i]] = r.words;
        });
      });
      var kept = [];
      (found[0] ? found[0].results : []).forEach(function (r) {
        var at = byPage[r.id] || {};
        var where = long.map(function (p) { return { words: p, starts: starts(p, at) }; });
        if (where.every(function (w) { return w.starts.length; })) kept.push({ result: r, at: where });
      });
      return kept;
    });
  }

  /* ---- one result: the passage, its heading, its excerpt ---- */
  function headingBefore(data, position) {
    var best = null;
    (data.anchors || []).forEach(function (a) {
      if (/^h[1-6]$/i.test(a.element) && a.text && a.location <= position && (!best || a.location >= best.location)) best = a;
    });
    return best;
  }
  function withAnchor(url, id) {
    return id ? url.split("#")[0] + "#" + encodeURIComponent(id) : url;
  }
  /* The passage of a phrase result: its first occurrence, the heading above it, the words around it. */
  function phrasePassage(data, at) {
    var words = (data.content || "").split(/[\r\n\s]+/g);
    var first = Math.min.apply(null, at.map(function (w) { return w.starts[0]; }));
    var marked = {};
    at.forEach(function (w) {
      w.starts.forEach(function (s) { for (var k = 0; k < w.words.length; k++) marked[s + k] = true; });
    });
    var from = Math.max(0, first - 8);
    var anchor = headingBefore(data, first);
    if (anchor && /^h1$/i.test(anchor.element)) anchor = null; /* the page's title: open the page itself */
    var parts = [];
    for (var i = from; i < Math.min(words.length, from + 26); i++) parts.push([words[i], marked[i] === true]);
    return {
      url: withAnchor(data.url, anchor ? anchor.id : ""),
      heading: anchor ? anchor.text : "",
      parts: parts,
      terms: at.map(function (w) { return w.words.join(" "); }),
    };
  }
  /* The passage of a word result: Pagefind's sub-result (a heading's section) that holds the most of the words. */
  function wordPassage(data, query) {
    var subs = data.sub_results && data.sub_results.length ? data.sub_results : [{ url: data.url, excerpt: data.excerpt, locations: data.locations || [] }];
    var score = function (sub) {
      return (sub.weighted_locations || []).reduce(function (sum, l) { return sum + l.balanced_score; }, 0) || (sub.locations || []).length;
    };
    var best = subs.reduce(function (a, b) { return score(b) > score(a) ? b : a; });
    /* Highlight what the reader typed and the words Pagefind matched in this passage ("capacitaciones"). */
    var words = (data.content || "").split(/[\r\n\s]+/g);
    var parsed = parse(query);
    var terms = [];
    var seen = {};
    var add = function (word) {
      word = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").toLowerCase();
      if (word && !seen[word] && terms.length < 8) { seen[word] = true; terms.push(word); }
    };
    parsed.words.forEach(add);
    parsed.phrases.forEach(function (p) { add(p.join(" ")); });
    (best.locations || []).forEach(function (l) { add(words[l] || ""); });
    var top = !best.anchor || /^h1$/i.test(best.anchor.element);
    return { url: top ? data.url : best.url, heading: top ? "" : best.title, excerptHtml: best.excerpt || data.excerpt || "", terms: terms,
             others: subs.filter(function (s) { return s !== best && s.anchor; }).sort(function (a, b) { return score(b) - score(a); }).slice(0, 2) };
  }
  /* Longest first: a word inside a longer one ("capacitación" in "capacitaciones") is marked once. */
  function ordered(terms) {
    return terms.slice().sort(function (a, b) { return b.length - a.length; });
  }
  /* Pagefind's excerpt is text with <mark> around matches: rebuild it from text nodes only. */
  function excerptFromHtml(html) {
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
  function excerptFromParts(parts) {
    var out = document.createElement("span");
    out.className = "ts-search__excerpt";
    parts.forEach(function (part, i) {
      var piece = (i ? " " : "") + part[0];
      if (part[1]) {
        if (i) out.appendChild(document.createTextNode(" "));
        var mark = document.createElement("mark");
        mark.textContent = part[0];
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(piece));
      }
    });
    return out;
  }
  function item(data, found, query) {
    var passage = found.at ? phrasePassage(data, found.at) : wordPassage(data, query);
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = passage.url;
    a.setAttribute("data-terms", JSON.stringify(ordered(passage.terms)));
    var title = document.createElement("span");
    title.className = "ts-search__title";
    title.textContent = (data.meta && data.meta.title) || data.url;
    a.appendChild(title);
    if (passage.heading && passage.heading !== title.textContent) {
      var where = document.createElement("span");
      where.className = "ts-search__where";
      where.textContent = passage.heading;
      a.appendChild(where);
    }
    a.appendChild(passage.parts ? excerptFromParts(passage.parts) : excerptFromHtml(passage.excerptHtml));
    li.appendChild(a);
    (passage.others || []).forEach(function (sub) {
      var other = document.createElement("a");
      other.className = "ts-search__sub";
      other.href = sub.url;
      other.setAttribute("data-terms", JSON.stringify(ordered(passage.terms)));
      other.textContent = sub.title;
      li.appendChild(other);
    });
    return li;
  }

  /* Fetch the next page of results; each is shown as soon as its fragment arrives, in rank order. */
  function more() {
    if (!current || current.shown >= current.results.length || current.loading) return Promise.resolve();
    var state = current;
    var slice = state.results.slice(state.shown, state.shown + PAGE);
    var slots = slice.map(function () {
      var li = document.createElement("li");
      li.hidden = true;
      list.appendChild(li);
      return li;
    });
    state.loading = true;
    box.setAttribute("aria-busy", "true");
    return Promise.all(slice.map(function (found, i) {
      return found.result.data().then(function (data) {
        if (state !== current) return;
        var li = item(data, found, state.query);
        slots[i].replaceWith(li);
      });
    })).then(function () {
      state.loading = false;
      if (state !== current) return;
      state.shown += slice.length;
      box.removeAttribute("aria-busy");
    }, function () {
      state.loading = false;
      box.removeAttribute("aria-busy");
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
      box.removeAttribute("aria-busy");
      return;
    }
    open();
    box.setAttribute("aria-busy", "true");
    status.textContent = ready ? say("search.searching", query) : say("search.loading", query);
    load().then(function (pagefind) {
      if (mine !== ticket) return null;
      status.textContent = say("search.searching", query);
      return find(pagefind, query);
    }).then(function (results) {
      if (mine !== ticket || !results) return;
      current = { query: query, results: results, shown: 0 };
      list.textContent = "";
      status.textContent = count(results.length);
      if (!results.length) box.removeAttribute("aria-busy");
      return more();
    }).catch(function () {
      if (mine !== ticket) return;
      box.removeAttribute("aria-busy");
      status.textContent = say("search.failed", query);
    });
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  input.addEventListener("focus", function () { load(); });
  input.addEventListener("pointerenter", warm);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value.trim();
    if (query.length >= MIN) {
      open();
      box.setAttribute("aria-busy", "true"); /* until run() has shown this query's results */
      if (!ready) {
        status.textContent = say("search.loading", query);
      } else if (query.indexOf('"') < 0) {
        engine.then(function (pagefind) { pagefind.preload(query); });
      }
    }
    timer = setTimeout(run, ready ? 150 : 60);
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
      if (first) first.click();
      else run();
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
  /* Following a result leaves its words for the page it opens (see land()). */
  list.addEventListener("click", function (event) {
    var a = event.target.closest ? event.target.closest("a[data-terms]") : null;
    if (!a) return;
    try {
      sessionStorage.setItem(STORE, JSON.stringify({ url: a.href, terms: JSON.parse(a.getAttribute("data-terms")), at: Date.now() }));
    } catch (e) { /* no storage: the page opens without highlights */ }
    if (a.href.split("#")[0] === location.href.split("#")[0]) setTimeout(land, 0); /* this very page: no load follows */
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
  /* Typed before the script ran (a slow link): search it now. */
  if (input.value.trim().length >= MIN) { load(); run(); }
})();
