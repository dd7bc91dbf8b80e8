"""Spanish search: accents folded in the index and in queries, plurals folded in queries.

Material's search worker loads ``assets/javascripts/lunr/min/lunr.es.min.js``;
a file of the same path in the docs folder takes precedence over the theme's.
We serve Material's own file plus a few lines that run inside the worker:
index tokens are folded after the stop-word filter (the one pipeline step
Material keeps), query text is folded by the query lexer, and a trailing
Spanish plural ("-s", "-es") is dropped from query terms. Material adds a
trailing wildcard to every term, so "motivaciones" finds "motivación" and
"informacion" finds "información". Stemming proper stays off, as in stock
Material, because lunr skips the stemmer for wildcard terms.
"""

from __future__ import annotations

from pathlib import Path

import material

LUNR_ES = "assets/javascripts/lunr/min/lunr.es.min.js"
FOLD = """
;(function () {
  /* thesis-site: fold accents in the index and in queries; fold Spanish plurals in queries. */
  if (typeof lunr === "undefined" || !lunr.es || lunr.es.foldedByThesisSite) return;
  lunr.es.foldedByThesisSite = true;
  var fold = function (text) { return text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, ""); };
  var stop = lunr.es.stopWordFilter;
  lunr.es.stopWordFilter = function (token) {
    var kept = stop(token);
    return kept ? kept.update(fold) : kept;
  };
  lunr.Pipeline.registerFunction(lunr.es.stopWordFilter, "stopWordFilter-es-folded");
  var Lexer = lunr.QueryLexer;
  var Folded = function (str) { Lexer.call(this, fold(str)); };
  Folded.prototype = Lexer.prototype;
  Object.keys(Lexer).forEach(function (key) { Folded[key] = Lexer[key]; });
  lunr.QueryLexer = Folded;
  var search = lunr.Index.prototype.search;
  lunr.Index.prototype.search = function (query) {
    var singular = fold(query).replace(/([a-z]{4,}?)(es|s)(\\*?)(?=\\s|$)/gi, "$1$3");
    return search.call(this, singular);
  };
})();
"""


def search_assets(lang: str) -> dict[str, str]:
    """Docs-folder files that adjust the search for ``lang`` (only Spanish needs it)."""
    if lang != "es":
        return {}
    original = Path(material.__file__).parent / "templates" / LUNR_ES
    return {LUNR_ES: original.read_text(encoding="utf-8") + FOLD}
