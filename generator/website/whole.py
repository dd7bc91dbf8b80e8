"""Reading whole: each chapter, and the whole thesis, as one page (and the thesis as a PDF, ``pdf.py``).

A chapter page holds the chapter's sections in order, each under a heading one
level below its parent's, with the same citations, lists and anchors as the
sections' own pages. Those pages keep their permalinks: every other page, the
search index and the citations' back-links still point at them. On a whole
page, a link to a section or item the page holds stays on the page; an anchor
that two sections both have on their own pages (the use of a quote, a finding
card) is numbered on the page where both appear, so every id is unique.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..index.link import Graph, walk_items
from ..source.corpus import Corpus
from ..source.models import Section
from ..urls import Layout

MAX_LEVEL = 6  # HTML has six heading levels; deeper sections share the last
# The whole thesis is one page (and a PDF) up to corpus.WHOLE_PAGE_WORDS words of section text (Corpus.whole_page,
# the `when` of its row in kinds.py); above, only the chapters' pages are made.


def chapters(corpus: Corpus) -> list[Section]:
    """The chapters that get a page of their own: top-level sections with sub-sections."""
    return [sec for sec in corpus.sections if sec.children]


def chapter_url(layout: Layout, sec: Section) -> str:
    """Site-relative URL of a chapter's whole page."""
    return layout.url_for("chapter", id=sec.id)


def chapter_of(corpus: Corpus) -> dict[str, Section]:
    """Each section id (the chapter's own included) → the chapter whose whole page holds it."""
    out: dict[str, Section] = {}
    for chapter in chapters(corpus):
        for sec, _ in walk(chapter, 1):
            out[sec.id] = chapter
    return out


def walk(sec: Section, level: int) -> Iterator[tuple[Section, int]]:
    """A section and its descendants in reading order, each with its heading level on a whole page."""
    yield sec, min(level, MAX_LEVEL)
    for child in sec.children:
        yield from walk(child, level + 1)


def held(graph: Graph, sections: list[tuple[Section, int]]) -> dict[str, str]:
    """Site-relative URLs of the sections, lists and items a whole page holds → their anchor on that page."""
    local: dict[str, str] = {}
    for sec, _ in sections:
        local[graph.url(sec.id)] = f"#{sec.id}"
        for block in sec.blocks:
            if block.list is not None:
                local[graph.url(block.list.id)] = f"#{block.list.id}"
                for item in walk_items(block.list.items):
                    local[graph.url(item.id)] = f"#{item.id}"
    return local
