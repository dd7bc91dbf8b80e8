"""The reading path: previous/next links that skip pages holding no text of their own.

A part or chapter page whose section has no text of its own (the thesis goes
straight to its first sub-section), and a section the source leaves empty
(Puno's "Anexo 2", whose body is not in the source text), stay in the
navigation, but "Anterior" and "Siguiente" pass over them, so reading in order
never stops on an empty page.
The re-linking itself is ``mkdocs_hooks.on_nav``, which MkDocs loads by file
path (``hooks:`` in the generated mkdocs.yml); this module tells it which
pages to skip through ``extra.thesis_site_skip`` (Markdown file paths).
"""

from __future__ import annotations

from typing import Any

from .. import urls
from ..source.models import Section

SKIP_KEY = "thesis_site_skip"  # read by mkdocs_hooks.on_nav


def heading_only(sec: Section) -> bool:
    """True when a section has no text of its own: its page shows its heading (and a guide to its sub-sections)."""
    return not sec.blocks


def skipped_files(graph: Any) -> list[str]:
    """Markdown files of the section pages without text of their own, in thesis order."""
    return [
        urls.md_file(graph.url(sec.id), index=bool(sec.children))  # a leaf is secciones/<id>.md (nav.section_nav)
        for sec, _, _ in graph.corpus.all_sections()
        if heading_only(sec)
    ]


def opening(sec: Section) -> str:
    """The first paragraph a reader meets in a section (its own, else its first sub-section's...), or ''."""
    for block in sec.blocks:
        if block.p:
            return block.p
    for child in sec.children:
        found = opening(child)
        if found:
            return found
    return ""
