"""Splitting the list pages that grow with the thesis (references, quotes, antecedents, matrix...).

A list page stays one page, at its published URL and with its published
anchors, while it holds at most ``MAX_ENTRIES[page]`` entries (the Puno thesis
is far below every limit). Above it, the page is split the way a paginator
does it, but by a grouping readers know: references and glossary entries by
first letter (APA order kept inside each letter), antecedents by scope,
findings by family, quotes by informant (consecutive informants packed into
one part), categories by top-level category, the evidence matrices one per
part. A group larger than the limit is cut into numbered chunks.

The index page keeps its URL and becomes a list of its parts with counts;
every anchor an entry had on the index page moves to the part that holds it,
and ``Graph.moved`` maps the old anchor URL to the new one, so every in-site
link (citations, "cited in", uses) points at the part (``Renderer`` applies
the map to every link it writes).

Part URLs are ``<index>/<group>/`` (``referencias/a/``, ``antecedentes/internacional/``).
Under an index whose folder also holds record pages (``citas/<id>/``,
``hallazgos/<id>/``...), the part slug carries an underscore, which an id
cannot (``models.ID_PATTERN``), so a part never takes a record's URL.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..index.link import Graph
from ..kinds import KINDS, SPLITTABLE
from .matrix import Matrix

# Entries a list page holds before it is split (a matrix counts the quote lines of its cells and a quarter
# of its cells: Puno's two matrices weigh about 200).
# At about 60 kB of JavaScript, CSS and fonts per first visit, a part must stay under ~50 kB gzip of HTML
# to keep the 120 kB budget; these limits keep parts near 20-30 kB gzip on the synthetic thesis ×100.
MAX_ENTRIES: dict[str, int] = {
    "references": 300,
    "antecedents": 40,
    "quotes": 120,
    "findings": 120,
    "categories": 150,
    "glossary": 400,
    "informants": 500,
    "figures": 400,
    "matrix": 300,
    "concepts": 150,  # counted by ConceptEntry.weight (an entry and its links): Puno's 44 weigh about 100
}
assert set(MAX_ENTRIES) == set(SPLITTABLE)
HOME_MAX_PER_FAMILY = 12  # sentences of each family of findings the home page shows; the rest on the findings page

CHILD_PAGES = {k.index for k in KINDS.values() if k.template and k.index}  # index pages whose folder holds records


@dataclass(frozen=True)
class Part:
    """One part of a split list page."""

    slug: str
    label: str
    entries: tuple[Any, ...]
    url: str
    n: int = 0  # position, 1-based
    count: int = 0  # what the index page counts (entries, or quotes of a matrix)


@dataclass
class Split:
    """A list page split into parts; ``groups`` orders the parts under headings of the index page."""

    page: str
    url: str
    parts: list[Part]
    total: int
    groups: list[tuple[str, str, list[Part]]] = field(default_factory=list)  # (anchor, heading, parts)

    def neighbours(self, part: Part) -> tuple[Part | None, Part | None]:
        i = part.n - 1
        return (self.parts[i - 1] if i > 0 else None, self.parts[i + 1] if i + 1 < len(self.parts) else None)


def letter(text: str) -> str:
    """First letter of a text, accents folded, upper case ('Á' -> 'A'); '0-9' for a digit, '#' for anything else."""
    for ch in unicodedata.normalize("NFKD", text):
        if ch.isalpha() and ch.isascii():
            return ch.upper()
        if ch.isdigit():
            return "0-9"
        if ch.isalpha():  # a letter with no ASCII base (Ø, Ł...): itself
            return ch.upper()
    return "#"


def span(first: str, last: str) -> str:
    """Label of a run of entries: 'A – C', or 'A' when the run holds one."""
    return first if first == last else f"{first} – {last}"


def slug_of(label: str) -> str:
    return {"0-9": "0-9", "#": "otros"}.get(label, label.lower())


def chunks(entries: Sequence[Any], limit: int, weight: Callable[[Any], int]) -> list[list[Any]]:
    """Consecutive runs of entries, each weighing at most ``limit`` (an entry heavier than it stands alone)."""
    out: list[list[Any]] = []
    run: list[Any] = []
    total = 0
    for entry in entries:
        w = weight(entry)
        if run and total + w > limit:
            out.append(run)
            run, total = [], 0
        run.append(entry)
        total += w
    if run:
        out.append(run)
    return out


class Splitter:
    """Builds the parts of each list page that outgrows its limit, and records where anchors moved."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.layout = graph.corpus.layout
        self.t = graph.corpus.t
        self.splits: dict[str, Split] = {}

    def grouped(
        self,
        page: str,
        groups: list[tuple[str, str, list[Any]]],
        weight: Callable[[Any], int] = lambda _: 1,
        heading: tuple[str, str] | None = None,
    ) -> list[Part]:
        """Parts of one page from (slug, label, entries) groups; a group heavier than the limit is chunked."""
        limit = MAX_ENTRIES[page]
        index = self.layout.page(page)
        parts = []
        for slug, label, entries in groups:
            runs = chunks(entries, limit, weight)
            for k, run in enumerate(runs, start=1):
                s = slug if len(runs) == 1 and page not in CHILD_PAGES else f"{slug}_{k}"
                name = label if len(runs) == 1 else self.t("split.chunk", label=label, n=k, total=len(runs))
                parts.append(Part(s, name, tuple(run), f"{index}{s}/", count=sum(weight(e) for e in run)))
        return parts

    def under_headings(
        self, page: str, groups: list[tuple[str, str, list[Any]]]
    ) -> tuple[list[Part], list[tuple[str, str, list[Part]]]]:
        """Parts of one page by vocabulary term (scope, family), and the index's heading of each term with its parts.

        A term's parts are slugged ``<term>`` or ``<term>_<n>``; ids hold no underscore, so no term takes another's.
        """
        parts = self.grouped(page, groups)
        headings = [
            (slug, label, [p for p in parts if p.slug == slug or p.slug.startswith(f"{slug}_")])
            for slug, label, _ in groups
        ]
        return parts, headings

    def add(
        self, page: str, parts: list[Part], total: int, groups: list[tuple[str, str, list[Part]]] | None = None
    ) -> Split:
        numbered = [Part(p.slug, p.label, p.entries, p.url, n, p.count) for n, p in enumerate(parts, start=1)]
        by_slug = {p.slug: p for p in numbered}
        regrouped = [(a, h, [by_slug[p.slug] for p in ps]) for a, h, ps in groups or []]
        split = Split(page, self.layout.page(page), numbered, total, regrouped)
        self.splits[page] = split
        return split

    def move(self, old: str, part: Part) -> None:
        """An anchor of the index page now lives on ``part``."""
        _, _, anchor = old.partition("#")
        self.graph.moved[old] = f"{part.url}#{anchor}"

    def move_id(self, id_: str, part: Part) -> None:
        """A record anchored on the index page now lives on ``part`` (its URL in the graph and the moved map)."""
        old = self.graph.urls[id_]
        self.move(old, part)
        self.graph.urls[id_] = self.graph.moved[old]


def plan(
    graph: Graph,
    reference_order: list[str],
    reference_text: dict[str, str],
    matrices: list[Matrix],
    concepts: Sequence[Any] = (),
) -> dict[str, Split]:
    """Split every list page above its limit; returns the splits by index page name."""
    c = graph.corpus
    s = Splitter(graph)
    L = c.layout

    if len(reference_order) > MAX_ENTRIES["references"]:
        letters: dict[str, list[str]] = {}
        for key in reference_order:
            letters.setdefault(letter(reference_text.get(key, key)), []).append(key)
        parts = s.grouped("references", [(slug_of(lt), lt, keys) for lt, keys in letters.items()])
        for part in parts:
            for key in part.entries:
                s.move(L.reference(key), part)
        s.add("references", parts, len(reference_order))

    if len(c.antecedents) > MAX_ENTRIES["antecedents"] and c.vocabulary is not None:
        groups = []
        for scope in c.vocabulary.antecedent_scopes:
            studies = [a for a in c.antecedents if a.scope == scope.id]
            if studies:
                groups.append((scope.id, scope.heading or scope.shown, studies))
        parts, headings = s.under_headings("antecedents", groups)
        for part in parts:
            for a in part.entries:
                s.move_id(a.id, part)
        s.add("antecedents", parts, len(c.antecedents), headings)

    if len(c.quotes) > MAX_ENTRIES["quotes"]:
        by_inf = [(inf, graph.quotes_of(inf.id)) for inf in c.informants if graph.quotes_of(inf.id)]
        runs = chunks(by_inf, MAX_ENTRIES["quotes"], lambda pair: len(pair[1]))
        parts = []
        for k, run in enumerate(runs, start=1):
            first, last = run[0][0].id, run[-1][0].id
            label = span(first, last)
            parts.append(Part(f"{L.part}_{k}", label, tuple(run), f"{L.page('quotes')}{L.part}_{k}/",
                              count=sum(len(qs) for _, qs in run)))  # fmt: skip
        for part in parts:
            for inf, _ in part.entries:
                s.move(f"{L.page('quotes')}#grupo-{inf.id.lower()}", part)
        s.add("quotes", parts, len(c.quotes))

    if len(c.findings) > MAX_ENTRIES["findings"] and c.vocabulary is not None:
        groups = []
        for fam in c.vocabulary.finding_families:
            fs = [f for f in c.findings if f.kind == fam.id]
            if fs:
                groups.append((fam.id, fam.heading or fam.plural, fs))
        parts, headings = s.under_headings("findings", groups)
        s.add("findings", parts, len(c.findings), headings)

    all_cats = list(c.all_categories())
    if len(all_cats) > MAX_ENTRIES["categories"]:
        size: dict[str, int] = {}
        top_of: dict[str, str] = {}
        for cat, parent in all_cats:  # parents come before their children
            top = cat.id if parent is None else top_of[parent.id]
            top_of[cat.id] = top
            size[top] = size.get(top, 0) + 1
        runs = chunks(c.categories, MAX_ENTRIES["categories"], lambda cat: size.get(cat.id, 1))
        parts = [
            Part(run[0].id, span(run[0].name, run[-1].name), tuple(run),
                 f"{L.page('categories')}{run[0].id}/", count=sum(size.get(x.id, 1) for x in run))
            for run in runs
        ]  # fmt: skip
        part_of_top = {cat.id: part for part in parts for cat in part.entries}
        for cat, _ in all_cats:
            s.move_id(cat.id, part_of_top[top_of[cat.id]])
        s.add("categories", parts, len(all_cats))

    if sum(e.weight for e in concepts) > MAX_ENTRIES["concepts"]:  # the index of concepts (concepts.py), by letter
        letters_c: dict[str, list[Any]] = {}
        for e in concepts:  # in alphabetical order already
            letters_c.setdefault(letter(e.name), []).append(e)
        groups_c = [(slug_of(lt), lt, es) for lt, es in letters_c.items()]
        parts = s.grouped("concepts", groups_c, weight=lambda e: e.weight)
        for part in parts:
            for e in part.entries:
                s.move(L.url_for("concept", id=e.id), part)
        s.add("concepts", parts, len(concepts))

    if len(c.glossary) > MAX_ENTRIES["glossary"]:
        letters_g: dict[str, list[Any]] = {}
        for e in sorted(c.glossary, key=lambda e: e.id):
            letters_g.setdefault(letter(e.id), []).append(e)
        parts = s.grouped("glossary", [(slug_of(lt), lt, es) for lt, es in sorted(letters_g.items())])
        for part in parts:
            for e in part.entries:
                s.move_id(f"glosario-{e.id.lower()}", part)
        s.add("glossary", parts, len(c.glossary))

    if len(c.informants) > MAX_ENTRIES["informants"]:
        runs = chunks(c.informants, MAX_ENTRIES["informants"], lambda _: 1)
        parts = [Part(f"{L.part}_{k}", span(run[0].id, run[-1].id), tuple(run), f"{L.page('informants')}{L.part}_{k}/",
                      count=len(run)) for k, run in enumerate(runs, start=1)]  # fmt: skip
        s.add("informants", parts, len(c.informants))

    if len(c.figures) > MAX_ENTRIES["figures"]:
        runs = chunks(c.figures, MAX_ENTRIES["figures"], lambda _: 1)
        parts = [Part(f"{L.part}_{k}", span(str(run[0].number), str(run[-1].number)), tuple(run), f"{L.page('figures')}{L.part}_{k}/",
                      count=len(run)) for k, run in enumerate(runs, start=1)]  # fmt: skip
        s.add("figures", parts, len(c.figures))

    lines = lambda mx: sum(len(qs) for qs in mx.cells.values())  # noqa: E731
    weight = lambda mx: lines(mx) + len(mx.cells) // 4 + 1  # a table weighs its cells too  # noqa: E731
    if sum(weight(mx) for mx in matrices) > MAX_ENTRIES["matrix"]:
        runs = chunks(matrices, MAX_ENTRIES["matrix"], weight)
        parts = []
        for run in runs:
            label = span(run[0].caption, run[-1].caption)
            parts.append(Part(run[0].id, label, tuple(run), f"{L.page('matrix')}{run[0].id}/",
                              count=sum(lines(mx) for mx in run)))  # fmt: skip
        for part in parts:
            for mx in part.entries:
                s.move(f"{L.page('matrix')}#{mx.id}", part)
                s.move(f"{L.page('matrix')}#tabla-{mx.id}", part)
                for (inf, col), qs in mx.cells.items():
                    if qs:
                        s.move(f"{L.page('matrix')}#{mx.anchor(inf, col)}", part)
        s.add("matrix", parts, sum(lines(mx) for mx in matrices))
    return s.splits
