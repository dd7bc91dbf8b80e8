"""The navigation tree, generated from content order (part of the write stage)."""

from __future__ import annotations

import html
from typing import Any

from .. import urls
from ..index.link import Graph, section_label
from ..kinds import PAGES, listed_kind, page_exists
from ..source.models import Section


def section_nav(graph: Graph, sec: Section) -> Any:
    """A section and its children as MkDocs nav entries (index page first).

    A section without children is a leaf file (``secciones/<id>.md``, not ``.../index.md``): Material would
    otherwise take it for the page of the navigation section around it and leave it out of the list.
    """
    page = urls.md_file(graph.url(sec.id), index=bool(sec.children))
    label = html.escape(section_label(sec))  # MkDocs themes print nav titles unescaped
    if not sec.children:
        return {label: page}
    return {label: [page, *(section_nav(graph, child) for child in sec.children)]}


NAV_GROUPS = ("findings", "evidence", "lookup")  # nav slots of index pages, in order (catalog: nav.<group>)
NAV_LIST_LIMIT = 60  # longer lists of findings or informants are reached from their index page only


def listing(index: str, pages: list[str]) -> list[str]:
    """An index page followed by its pages, unless there are too many to render in every page's nav."""
    return [index, *pages] if len(pages) <= NAV_LIST_LIMIT else [index]


def build_nav(graph: Graph) -> list[Any]:
    """The whole navigation: home, the thesis in order, then each group of index pages of the kinds table."""
    c = graph.corpus
    t = c.t
    L = c.layout
    nav: list[Any] = [{t("nav.home"): urls.md_file(L.page("home"))}]
    nav.append({t("nav.thesis"): [section_nav(graph, sec) for sec in c.sections]})
    for group in NAV_GROUPS:
        entries: list[str] = []
        for page in PAGES.values():
            if page.nav != group or not page_exists(page, c):
                continue
            kind = listed_kind(page)
            if kind is None or kind.collection is None:
                entries.append(urls.md_file(L.page(page.name)))
                continue
            records = [urls.md_file(graph.url(r.id)) for r in getattr(c, kind.collection)]
            entries += listing(urls.md_file(L.page(page.name)), records)
        if entries:
            nav.append({t(f"nav.{group}"): entries})
    return nav
