"""MkDocs hooks of thesis-site, loaded by file path: this module imports nothing from the package.

Being named in the generated mkdocs.yml (``hooks:``), they run in every build
of it, ours or a stock ``mkdocs build``:

- ``on_config``: configuration text is plain text. Material prints
  ``site_name`` raw in the header and ``<title>`` but through ``| e`` in the
  logo's ``title``; ``copyright``, ``site_description``... raw. Each text of
  ``CONFIG_TEXT`` is escaped here, once, and marked safe (``Markup``), so it
  reads as written ("Tecnología & sociedad", "x < y") wherever a template
  prints it, with or without ``| e``, and no name holds markup or breaks out
  of an attribute. Nothing in the configuration is ever evaluated as a template.
- ``on_page_markdown``: a generated page's ``title`` and ``description``
  (front matter written by ``render.front_matter``) are HTML-escaped text
  already; marked safe, so Material's ``| e`` (the footer's previous/next
  ``aria-label``) does not escape them twice.
- ``on_nav``: the titles the generated nav gives (escaped by ``nav.py``) are
  marked safe the same way; and "previous" and "next" follow the reading path: pages listed in
  ``extra.thesis_site_skip`` (heading-only parts and chapters, see
  ``reading_path.py``) stay in the navigation, but prev/next pass over them.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

# Where configuration text reaches the HTML (Material 9.8.1's templates and the theme overrides of
# site_templates/theme/): a path of keys from the configuration's root, "*" for every item of a list
# or mapping. URLs, icons, colours and features are not text and stay as MkDocs validated them.
CONFIG_TEXT: tuple[tuple[str, ...], ...] = (
    ("site_name",),  # <title>, header and drawer title, logo title/aria-label, print header, 404 <title>
    ("site_description",),  # <meta name="description"> of pages without a description of their own
    ("site_author",),  # <meta name="author">
    ("copyright",),  # footer
    ("repo_name",),  # the repository link in the header and the drawer
    ("theme", "palette", "*", "toggle", "name"),  # the light/dark toggle's title and aria-label
    ("extra", "thesis_site_404", "*"),  # the 404 page (site_templates/theme/404.html)
    ("extra", "status", "*"),  # the status icons' titles in the navigation
    ("extra", "alternate", "*", "name"),  # the language selector
    ("extra", "social", "*", "name"),  # the footer's social links' titles
    ("extra", "consent", "title"),
    ("extra", "consent", "description"),
    ("extra", "analytics", "feedback", "title"),
    ("extra", "analytics", "feedback", "ratings", "*", "name"),
    ("extra", "analytics", "feedback", "ratings", "*", "note"),
)
PAGE_TEXT = ("title", "description")  # front matter of the generated pages, HTML-escaped by render.front_matter


def as_html_text(value: Any, path: tuple[str, ...]) -> Any:
    """``value`` with the texts at ``path`` escaped once and marked safe (Markup); the rest unchanged."""
    if not path:
        return escape(value) if isinstance(value, str) and not isinstance(value, Markup) else value
    key, rest = path[0], path[1:]
    if isinstance(value, list) and key == "*":
        return [as_html_text(item, rest) for item in value]
    if hasattr(value, "keys"):  # a dict, MkDocs' Config or Material's Theme
        keys = list(value.keys()) if key == "*" else [key] if key in value else []
        for name in keys:
            value[name] = as_html_text(value[name], rest)
    return value


def on_config(config: Any) -> Any:
    """Escape every configuration text the theme prints, once (MkDocs hook)."""
    for path in CONFIG_TEXT:
        as_html_text(config, path)
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Mark the generated front matter's title and description as the escaped text they are (MkDocs hook)."""
    for key in PAGE_TEXT:
        value = page.meta.get(key)
        if isinstance(value, str):
            page.meta[key] = Markup(value)
    return markdown


def mark_nav_titles(items: list[Any]) -> None:
    """Mark the titles the generated nav gives (HTML-escaped by ``nav.py``) as the escaped text they are."""
    for item in items:
        title = vars(item).get("title")  # a page's own title (front matter) is not set before it is read
        if isinstance(title, str):
            item.title = Markup(title)
        mark_nav_titles(getattr(item, "children", None) or [])


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    """Mark the nav's titles as escaped text; re-link previous/next over the pages that are not skipped (MkDocs hook)."""
    mark_nav_titles(nav.items)
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
