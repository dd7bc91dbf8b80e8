"""The navigation tree, generated from content order (part of the write stage)."""

from __future__ import annotations

import html
from typing import Any

from . import urls
from .link import Graph, section_label
from .models import Section


def section_nav(graph: Graph, sec: Section) -> Any:
    """A section and its children as MkDocs nav entries (index page first)."""
    page = urls.md_file(graph.url(sec.id))
    label = html.escape(section_label(sec))  # MkDocs themes print nav titles unescaped
    if not sec.children:
        return {label: page}
    return {label: [page, *(section_nav(graph, child) for child in sec.children)]}


NAV_LIST_LIMIT = 60  # longer lists of findings or informants are reached from their index page only


def listing(index: str, pages: list[str]) -> list[str]:
    """An index page followed by its pages, unless there are too many to render in every page's nav."""
    return [index, *pages] if len(pages) <= NAV_LIST_LIMIT else [index]


def build_nav(graph: Graph) -> list[Any]:
    """The whole navigation: home, the thesis in order, then the reader's tools."""
    c = graph.corpus
    t = c.t
    nav: list[Any] = [{t("nav.home"): "index.md"}]
    nav.append({t("nav.thesis"): [section_nav(graph, sec) for sec in c.sections]})
    if c.findings:
        findings = [urls.md_file(graph.url(f.id)) for f in c.findings]
        nav.append({t("nav.findings"): listing(urls.md_file(urls.FINDINGS), findings)})
    evidence = [urls.md_file(urls.QUOTES)]
    if c.findings or c.categories:
        evidence.append(urls.md_file(urls.MATRIX))
    informants = [urls.md_file(graph.url(i.id)) for i in c.informants]
    nav.append({t("nav.evidence"): evidence + listing(urls.md_file(urls.INFORMANTS), informants)})
    tools = []
    if c.figures:
        tools.append(urls.md_file(urls.FIGURES))
    if c.categories:
        tools.append(urls.md_file(urls.CATEGORIES))
    if c.antecedents:
        tools.append(urls.md_file(urls.ANTECEDENTS))
    if c.glossary:
        tools.append(urls.md_file(urls.GLOSSARY))
    tools += [urls.md_file(urls.REFERENCES), urls.md_file(urls.DATA), urls.md_file(urls.NOTES)]
    nav.append({t("nav.lookup"): tools})
    return nav
