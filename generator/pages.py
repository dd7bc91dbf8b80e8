"""The pages of the site: which template renders which URL, with which models."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from markdown.extensions.toc import slugify

from .citable import cite_quote, cite_thesis, quote_meta
from .diagram import figure_diagram
from .export import MOVED_FILE
from .kinds import PAGES, page_exists
from .views import informant_view

if TYPE_CHECKING:
    from .link import Graph
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
    yield r.page("home", "", cite=cite_thesis(r.fmt, c.thesis, site_url), site_name=extra.get("site_name"),
                 title_anchor=slugify(c.thesis.title, "-"))  # fmt: skip
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
            meta=quote_meta(quote, informants.get(quote.informant), c.thesis, site_url),
            prev=own[pos - 1] if pos > 0 else None,
            next=own[pos + 1] if pos + 1 < len(own) else None,
        )
    for inf in c.informants:
        yield r.page("informant", g.url(inf.id), informant=inf, view=informant_view(g, inf))
    for finding in c.findings:
        yield r.page("finding", g.url(finding.id), finding=finding)
    for fig in c.figures:
        yield r.page("figure", g.url(fig.id), figure=fig, diagram=figure_diagram(g, fig, g.url(fig.id)))
    for page in PAGES.values():
        if page.name == "home" or not page_exists(page, c):
            continue
        context = {"matrices": r.matrices} if page.name == "matrix" else {}
        split = r.splits.get(page.name)
        if split is None:
            yield r.page(page.template, page.url, **context)
            continue
        # a split list page: the index lists its parts; each part is the page's own template over its entries
        # the anchors the page had before it was split: a map to their part (export.moved_maps)
        yield r.page("parts", page.url, split=split, title=r.t(page.label), moved_file=MOVED_FILE)
        for part in split.parts:
            prev, next_ = split.neighbours(part)
            yield r.page(page.template, part.url, **context, part=part, split=split, prev_part=prev, next_part=next_)
