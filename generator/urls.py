"""Site-relative URLs: relative links between pages; the URL patterns themselves live in ``kinds.py``.

The constants below are the index pages of the kinds table, kept as names for
the modules that link to them.
"""

from __future__ import annotations

from .kinds import PAGES, url_for

REFERENCES = PAGES["references"].url
QUOTES = PAGES["quotes"].url
INFORMANTS = PAGES["informants"].url
FINDINGS = PAGES["findings"].url
FIGURES = PAGES["figures"].url
CATEGORIES = PAGES["categories"].url
ANTECEDENTS = PAGES["antecedents"].url
GLOSSARY = PAGES["glossary"].url
DATA = PAGES["downloads"].url
MATRIX = PAGES["matrix"].url
NOTES = PAGES["notes"].url


def reference(key: str) -> str:
    """URL of a reference entry (the key is the anchor; characters a fragment cannot hold are %-encoded)."""
    return url_for("reference", id=key)


def md_file(url: str, index: bool = True) -> str:
    """Markdown source file of a page URL ('' -> index.md, 'citas/x/' -> citas/x/index.md).

    ``index=False`` names the page ``secciones/x.md`` instead (same URL, same output file): the
    file of a navigation leaf. Material's ``navigation.indexes`` makes the first ``index.md`` page
    among a navigation section's entries that section's own page and drops it from the list, so a
    leaf must never be an ``index.md`` (a chapter without sub-sections vanished from the sidebar).
    """
    if index or not url:
        return f"{url}index.md"
    return f"{url.rstrip('/')}.md"


def relative(from_url: str, to_url: str) -> str:
    """Relative link from the page at ``from_url`` to ``to_url`` (both site-relative, directory style)."""
    target, _, anchor = to_url.partition("#")
    if target == from_url:
        rel = "./" if not anchor else ""
    else:
        here = [p for p in from_url.split("/") if p]
        there = target.split("/")
        common = 0
        while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
            common += 1
        rel = "../" * (len(here) - common) + "/".join(there[common:])
        rel = rel or "./"
    return f"{rel}#{anchor}" if anchor else rel
