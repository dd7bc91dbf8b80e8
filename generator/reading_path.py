"""The reading path: previous/next links that skip pages holding only a heading.

A part or chapter page whose section has no text of its own (the thesis goes
straight to its first sub-section) stays in the navigation, but "Anterior" and
"Siguiente" pass over it, so reading in order never stops on an empty page.
The re-linking itself is ``mkdocs_hooks.on_nav``, which MkDocs loads by file
path (``hooks:`` in the generated mkdocs.yml); this module tells it which
pages to skip through ``extra.thesis_site_skip`` (Markdown file paths).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import urls
from .models import Section

SKIP_KEY = "thesis_site_skip"  # read by mkdocs_hooks.on_nav
HOOKS_FILE = Path(__file__).with_name("mkdocs_hooks.py")


def heading_only(sec: Section) -> bool:
    """True when a section page would show its heading and the list of its sub-sections only."""
    return not sec.blocks and bool(sec.children)


def skipped_files(graph: Any) -> list[str]:
    """Markdown files of the heading-only section pages, in thesis order."""
    return [urls.md_file(graph.url(sec.id)) for sec, _, _ in graph.corpus.all_sections() if heading_only(sec)]
