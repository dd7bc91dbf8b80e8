"""MkDocs hooks of thesis-site, loaded by file path: this module imports nothing from the package.

``on_nav`` gives "previous" and "next" the reading path: pages listed in
``extra.thesis_site_skip`` (heading-only parts and chapters, see
``reading_path.py``) stay in the navigation, but prev/next pass over them.
"""

from __future__ import annotations

from typing import Any


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    """Re-link previous/next over the pages that are not skipped (MkDocs hook)."""
    skip = set((config.get("extra") or {}).get("thesis_site_skip") or [])
    if not skip:
        return nav
    pages = list(nav.pages)
    previous = None
    for page in pages:  # forward: the nearest kept page before each page
        page.previous_page = previous
        if page.file.src_uri not in skip:
            previous = page
    following = None
    for page in reversed(pages):  # backward: the nearest kept page after each page
        page.next_page = following
        if page.file.src_uri not in skip:
            following = page
    return nav
