"""Site-relative URLs: one project's layout (its folder names applied to the kinds table) and relative links.

The URL patterns live in ``kinds.py``, the folder names of each language there
too (``URL_NAMES``); a ``Layout`` is one project's: the names its
``thesis.yml`` fixed at creation, the published Spanish ones otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import kinds
from .source.models import Thesis


@dataclass(frozen=True)
class Layout:
    """Where every page and data file of one site lives."""

    names: dict[str, str] = field(default_factory=lambda: kinds.names_of(None))

    @classmethod
    def of(cls, written: dict[str, str | None] | None) -> Layout:
        """The layout of a project whose thesis.yml writes ``written`` (its ``urls:``; None: none written)."""
        return cls(kinds.names_of(written))

    def url_for(self, kind: str, **fields: str) -> str:
        """URL of a record of ``kind`` (``url_for("quote", id="dmpp5-01")``) or of an index page (``url_for("quotes")``)."""
        return kinds.url_for(kind, self.names, **fields)

    def page(self, name: str) -> str:
        """URL of an index page of the kinds table ('quotes' → 'citas/')."""
        return kinds.PAGES[name].url.format(**self.names)

    def reference(self, key: str) -> str:
        """URL of a reference entry (the key is the anchor; characters a fragment cannot hold are %-encoded)."""
        return self.url_for("reference", id=key)

    def file(self, name: str, extension: str) -> str:
        """File name of a data file ('quotes_file', 'json' → 'citas.json')."""
        return f"{self.names[name]}.{extension}"

    def data_file(self, name: str, extension: str) -> str:
        """URL of a data file of the downloads folder ('quotes_file', 'json' → 'datos/citas.json')."""
        return self.page("downloads") + self.file(name, extension)

    @property
    def part(self) -> str:
        """The word of numbered parts of split list pages ('grupo' → citas/grupo_1/)."""
        return self.names["part"]

    def not_in_nav(self) -> str:
        """MkDocs ``not_in_nav`` lines of this site (kinds.not_in_nav)."""
        return kinds.not_in_nav(self.names)


def layout_of(thesis: Thesis | None) -> Layout:
    """The layout a project's thesis.yml asks for (its ``urls:``), the published one when it has none."""
    written = thesis.urls.model_dump(exclude_none=True) if thesis is not None and thesis.urls is not None else None
    return Layout.of(written)


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
