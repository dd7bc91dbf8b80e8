"""The index of concepts: the theories, models and concepts the thesis discusses, with every place that does.

Two sources, both data:

- the items of the section lists whose ``kind`` the vocabulary names in
  ``concept_lists`` (the Puno thesis: its theories, approaches, phases,
  dimensions and functions of e-government); an item's title is its name, and
  the name is editorial where the item's title is (``editorial: [title]``);
- ``content/concepts.yml`` (optional): concepts the thesis presents in a
  section or item of its own (``presented_in``), with the phrases that name
  them in its text (``terms``). A declared concept presented in a list item
  replaces the concept made from that item.

Each concept then gathers, in thesis order: where the thesis presents it, the
findings discussed against it (a finding's ``theory``), and the sections,
findings and quotes whose text holds one of its terms (whole words, case and
accents as written: the thesis's own spelling). Nothing is inferred from
meaning: a place is listed because the data links it or its text names it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..source.blocks import section_texts
from ..source.corpus import Corpus
from ..source.models import Concept, Finding, Item, Quote, Section
from .link import Graph

PLACES_SHOWN = 40  # places of one kind an entry lists before "and N more" (Puno's longest list: well below)


@dataclass
class ConceptEntry:
    """One entry of the index: a concept and the places that discuss it."""

    id: str
    name: str
    editorial: bool  # the name is the editors', not the thesis's
    presented_in: str | None  # id of the section or item where the thesis presents it
    terms: list[str]
    parent: str | None = None  # id of the entry it belongs to (a model of a family of models)
    findings: list[Finding] = field(default_factory=list)  # discussed against it (finding.theory)
    editorial_findings: bool = False  # some of those links are the editors'
    sections: list[Section] = field(default_factory=list)  # their text names it
    named_by: list[Finding] = field(default_factory=list)  # findings whose text names it
    quotes: list[Quote] = field(default_factory=list)  # quotes whose text names it

    @property
    def weight(self) -> int:
        """What the entry weighs on its page, for splitting the index (split.py): 1, and 1 per 4 links shown."""
        shown = sum(
            min(len(places), PLACES_SHOWN) for places in (self.findings, self.sections, self.named_by, self.quotes)
        )
        return 1 + shown // 4


def sort_key(name: str) -> str:
    """Alphabetical order for Spanish and English alike: accents folded, case ignored."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def term_pattern(terms: list[str]) -> re.Pattern[str] | None:
    """A pattern finding any of the terms as whole words, ignoring case."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def terms_in(pattern: re.Pattern[str] | None, texts: list[str]) -> set[str]:
    """The terms (casefolded) a record's texts hold: one scan, whatever the number of concepts."""
    if pattern is None:
        return set()
    return {m[0].casefold() for text in texts for m in pattern.finditer(text)}


def from_items(corpus: Corpus) -> list[ConceptEntry]:
    """Concepts made from the items of the lists the vocabulary names (nested items under their parent)."""
    vocab = corpus.vocabulary
    kinds = set(vocab.concept_lists if vocab else [])
    out: list[ConceptEntry] = []

    def add(items: list[Item], parent: str | None) -> None:
        for item in items:
            if item.title:
                out.append(ConceptEntry(item.id, item.title, "title" in item.editorial, item.id, [], parent))
            add(item.items, item.id if item.title else parent)

    for sec, _, _ in corpus.all_sections():
        for block in sec.blocks:
            if block.list is not None and block.list.kind in kinds:
                add(block.list.items, None)
    return out


def declared(concepts: list[Concept]) -> list[ConceptEntry]:
    """Concepts of content/concepts.yml."""
    return [
        ConceptEntry(c.id, c.name, "name" in c.editorial, c.presented_in, list(c.terms or [c.name])) for c in concepts
    ]


def build_index(graph: Graph) -> list[ConceptEntry]:
    """Every concept with its places, in alphabetical order of names."""
    c = graph.corpus
    mine = declared(c.concepts)
    taken = {e.presented_in for e in mine} | {e.id for e in mine}
    entries = mine + [e for e in from_items(c) if e.id not in taken]
    below = descendants(c)
    for entry in entries:
        ids = {entry.presented_in} | below.get(entry.presented_in or "", set()) if entry.presented_in else set()
        for finding in c.findings:
            if ids & set(finding.theory):
                entry.findings.append(finding)
                entry.editorial_findings |= "theory" in finding.editorial
    name_places(entries, c)
    return sorted(entries, key=lambda e: (sort_key(e.name), e.id))


def name_places(entries: list[ConceptEntry], c: Corpus) -> None:
    """The sections, findings and quotes whose text holds a term of each entry (each text scanned once)."""
    naming: dict[str, list[ConceptEntry]] = {}
    for entry in entries:
        for term in entry.terms:
            naming.setdefault(term.casefold(), []).append(entry)
    pattern = term_pattern([t for e in entries for t in e.terms])
    if pattern is None:
        return

    def entries_in(texts: list[str]) -> list[ConceptEntry]:
        found = {id(e): e for term in terms_in(pattern, texts) for e in naming.get(term, [])}
        return list(found.values())

    for sec, _, _ in c.all_sections():
        for entry in entries_in(section_texts(sec)):
            entry.sections.append(sec)
    for finding in c.findings:
        for entry in entries_in(finding_texts(finding)):
            entry.named_by.append(finding)
    for quote in c.quotes:
        for entry in entries_in([quote.text]):
            entry.quotes.append(quote)


def descendants(corpus: Corpus) -> dict[str, set[str]]:
    """For each section and list item, the ids of the items and sections below it."""
    out: dict[str, set[str]] = {}

    def items_below(item: Item) -> set[str]:
        ids: set[str] = set()
        for sub in item.items:
            ids |= {sub.id} | items_below(sub)
        out[item.id] = ids
        return ids

    def section_below(sec: Section) -> set[str]:
        ids: set[str] = set()
        for block in sec.blocks:
            if block.list is not None:
                ids.add(block.list.id)
                for item in block.list.items:
                    ids |= {item.id} | items_below(item)
        for child in sec.children:
            ids |= {child.id} | section_below(child)
        out[sec.id] = ids
        return ids

    for sec in corpus.sections:
        section_below(sec)
    return out


def finding_texts(finding: Finding) -> list[str]:
    """A finding's statement and interpretation."""
    return [finding.statement, *finding.interpretation]


def concepts_on(entries: list[ConceptEntry], graph: Graph) -> dict[str, list[ConceptEntry]]:
    """For each page (site-relative URL), the concepts whose entry links to it: the way back to the index.

    One link per name (two entries of one name, as in a synthetic thesis of many copies, link to the first)."""
    pages: dict[str, list[ConceptEntry]] = {}

    def add(url: str, entry: ConceptEntry) -> None:
        found = pages.setdefault(url.split("#")[0], [])
        if all(e.name != entry.name for e in found):
            found.append(entry)

    for entry in entries:
        if entry.presented_in:
            add(graph.url(entry.presented_in), entry)
        for record in (*entry.findings, *entry.sections, *entry.named_by, *entry.quotes):
            add(graph.url(record.id), entry)
    return pages
