"""The pages of the site: which template renders which URL, with which models."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from markdown.extensions.toc import slugify

from ..cite.citable import author_names, cite_quote, cite_thesis, home_meta, quote_meta
from ..index.link import section_label
from ..kinds import PAGES, page_exists
from . import whole
from .diagram import figure_diagram
from .views import informant_view

if TYPE_CHECKING:
    from ..index.link import Graph
    from ..source.models import Section
    from .render import Page, Renderer


def first_section_number(g: Graph, quote_id: str) -> str | None:
    """Number of the first numbered section that prints the quote (the locator of its citation)."""
    for use in g.quote_uses.get(quote_id, []):
        if use.kind == "section":
            number = getattr(g.records.get(use.id), "number", None)
            if number:
                return str(number)
    return None


def all_pages(r: Renderer, extra: dict[str, Any]) -> Iterator[Page]:
    """Every page, in a stable order."""
    g = r.graph
    c = g.corpus
    site_url = extra.get("site_url")
    assert c.thesis is not None
    informants = {i.id: i for i in c.informants}
    names = author_names(r.fmt, c.thesis)
    yield r.page("home", "", cite=cite_thesis(r.fmt, c.thesis, site_url), site_name=extra.get("site_name"),
                 title_anchor=slugify(c.thesis.title, "-"), meta=home_meta(c.thesis, names, site_url))  # fmt: skip
    sections = list(c.all_sections())
    for index, (sec, depth, parent) in enumerate(sections):
        prev_sec = sections[index - 1][0] if index > 0 else None
        next_sec = sections[index + 1][0] if index + 1 < len(sections) else None
        page = r.page("section", g.url(sec.id), section=sec, depth=depth, parent=parent, prev=prev_sec, next=next_sec)
        yield replace(page, index=bool(sec.children))  # a leaf is secciones/<id>.md (nav.section_nav)
    for quote in c.quotes:
        own = g.quotes_of(quote.informant)
        pos = own.index(quote)
        yield r.page(
            "quote",
            g.url(quote.id),
            quote=quote,
            informant=informants.get(quote.informant),
            cite=cite_quote(
                r.fmt, quote, informants.get(quote.informant), c.thesis, site_url, first_section_number(g, quote.id)
            ),
            meta=quote_meta(quote, informants.get(quote.informant), c.thesis, site_url, names),
            prev=own[pos - 1] if pos > 0 else None,
            next=own[pos + 1] if pos + 1 < len(own) else None,
        )
    for inf in c.informants:
        yield r.page("informant", g.url(inf.id), informant=inf, view=informant_view(g, inf))
    for finding in c.findings:
        yield r.page("finding", g.url(finding.id), finding=finding)
    for fig in c.figures:
        yield r.page("figure", g.url(fig.id), figure=fig, diagram=figure_diagram(g, fig, g.url(fig.id)))
    for chapter in whole.chapters(c):
        yield whole_page(r, whole.chapter_url(c.layout, chapter), list(whole.walk(chapter, 1)), chapter)
    for page in PAGES.values():
        if page.name == "home" or not page_exists(page, c):
            continue
        url = c.layout.page(page.name)
        if page.name == "whole":
            yield whole_page(r, url, [s for top in c.sections for s in whole.walk(top, 2)], None)
            continue
        context = {"matrices": r.matrices} if page.name == "matrix" else {}
        if page.name == "concepts":
            context = {"concepts": r.concepts, "names": {e.id: e.name for e in r.concepts}}
        split = r.splits.get(page.name)
        if split is None:
            yield r.page(page.template, url, **context)
            continue
        # a split list page: the index lists its parts; each part is the page's own template over its entries
        # the anchors the page had before it was split: a map to their part (export.moved_maps)
        moved_file = c.layout.file("moved_file", "json")
        yield r.page("parts", url, split=split, title=r.t(page.label), moved_file=moved_file)
        for part in split.parts:
            prev, next_ = split.neighbours(part)
            yield r.page(page.template, part.url, **context, part=part, split=split, prev_part=prev, next_part=next_)


def whole_page(r: Renderer, url: str, sections: list[tuple[Section, int]], chapter: Section | None) -> Page:
    """A chapter, or the whole thesis (``chapter`` None), on one page (``whole.py``)."""
    g = r.graph
    t = r.t
    assert g.corpus.thesis is not None
    if chapter is not None:
        title = t("whole.chapter_title", chapter=section_label(chapter))
        intro = t("whole.chapter_intro", n=len(sections) - 1)
    else:
        title = g.corpus.thesis.title
        intro = t("whole.intro", n=len(sections))
    keys = [k for sec, _ in sections for k in g.page_keys.get(g.url(sec.id), [])]
    if chapter is None:
        keys = list(r.reference_html)  # the whole thesis ends with its whole reference list
    return r.page("whole", url, local=whole.held(g, sections), title=title, description=intro, intro=intro,
                  sections=sections, chapter=chapter, keys=keys,
                  whole_url=g.corpus.layout.page("whole") if page_exists(PAGES["whole"], g.corpus) else None)  # fmt: skip
