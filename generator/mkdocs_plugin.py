"""The in-process MkDocs plugin ``run_mkdocs`` adds to every build: MkDocs' work on pages we already rendered.

It only wires MkDocs events to small pieces of logic:

- ``on_pre_page``: a page whose Markdown is headings and raw HTML blocks (every
  page the templates write) gets its HTML and table of contents from
  ``prerendered.convert`` instead of Python-Markdown, which would parse all of
  that HTML again; any other page goes through Python-Markdown as usual.
- ``on_files``: Material's lunr scripts and search worker are not copied, as
  Pagefind replaces Material's search (``search.py``).
- ``on_env``: the theme's templates are compiled once per build folder, not
  once per build (Jinja's bytecode cache under ``.thesis-site/cache/jinja``,
  keyed by each template's source), and not checked for changes on each of
  the thousands of ``include``s of one build.
- ``on_page_context``: pages outside the navigation (quotes, findings,
  informants, figures: most pages of a big thesis) share one rendering of the
  collapsed navigation per folder (``SharedNav``, used by the theme
  override ``main.html``), instead of each rendering the same HTML again.

With ``speedups=False`` only the search assets are dropped: the output is the
same, which ``tests/build/test_mkdocs_plugin.py`` checks on the real thesis.

The plugin is added to the loaded configuration in ``write.run_mkdocs``; it is
never named in the generated ``mkdocs.yml``, so a stock ``mkdocs build`` of
the same folder stays stock.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .prerendered import convert

log = logging.getLogger("mkdocs")
# The Markdown extensions mkdocs_config sets, and fenced_code that MkDocs always adds (``convert`` leaves
# pages with fences to Python-Markdown); with any other extension Python-Markdown handles every page.
HANDLED_EXTENSIONS = {"attr_list", "tables", "toc", "fenced_code"}
TOC_OPTIONS = {"permalink", "permalink_title"}
SEARCH_ASSETS = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")


class SharedNav:
    """The primary navigation of pages outside the nav, rendered once per parent folder.

    Its links are relative, so two pages share it only when they sit in the same
    folder (``citas/a/`` and ``citas/b/``); being outside the nav, no item is active.
    """

    def __init__(self, in_nav: set[str]) -> None:
        self.in_nav = in_nav
        self.html: dict[str, str] = {}

    def key(self, page: Page | None) -> str | None:
        if page is None or page.file.src_uri in self.in_nav or not page.url.endswith("/"):
            return None
        return page.url.rstrip("/").rpartition("/")[0]

    def has(self, page: Page | None) -> bool:
        """Whether the navigation of ``page`` was already rendered."""
        return self.key(page) in self.html

    def get(self, page: Page | None) -> str:
        """The navigation rendered for an earlier page of the same depth."""
        return self.html[self.key(page)]  # type: ignore[index]

    def put(self, page: Page | None, html: str) -> str:
        """Keep ``html`` for the pages like ``page``; returns it."""
        key = self.key(page)
        if key is not None:
            self.html[key] = html
        return html


class ThesisSitePlugin(BasePlugin):  # type: ignore[type-arg]
    """Speed-ups for the pages thesis-site generated (see the module docstring)."""

    def __init__(self, cache: Path, speedups: bool = True) -> None:
        super().__init__()
        self.cache = cache
        self.speedups = speedups
        self.permalink: tuple[str, str] | None = None  # (symbol, title) when pages may skip Python-Markdown
        self.shared_nav: SharedNav | None = None
        self.converted = 0

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        extensions = set(config["markdown_extensions"])
        toc = dict((config["mdx_configs"] or {}).get("toc") or {})
        self.permalink = None
        if self.speedups and extensions <= HANDLED_EXTENSIONS and "toc" in extensions and set(toc) <= TOC_OPTIONS:
            symbol = toc.get("permalink")
            if symbol:
                symbol = "&para;" if symbol is True else str(symbol)
                self.permalink = (symbol, str(toc.get("permalink_title", "Permanent link")))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if not any(name in config.plugins for name in ("search", "material/search")):
            for file in list(files):
                if file.src_uri.startswith(SEARCH_ASSETS):
                    files.remove(file)
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if self.speedups and "navigation.prune" in (config.theme.get("features") or []):
            self.shared_nav = SharedNav({page.file.src_uri for page in nav.pages})
        return nav

    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:  # type: ignore[type-arg]
        context["ts_nav"] = self.shared_nav
        return context

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        if not self.speedups:
            return env
        env.auto_reload = False  # templates do not change during one build
        self.cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(self.cache))
        return env

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        if self.permalink is not None:
            page.render = functools.partial(self.render, page)  # type: ignore[method-assign]
        return page

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """``Page.render`` for a generated page: the same HTML, TOC, title and anchors, without Python-Markdown."""
        assert self.permalink is not None and page.markdown is not None
        done = convert(page.markdown, *self.permalink)
        if done is None:
            Page.render(page, config, files)
            return
        self.converted += 1
        page.content = done.html
        page.toc = get_toc(done.toc_tokens)
        page._title_from_render = done.title
        page.present_anchor_ids = done.anchor_ids
        page.links_to_anchors = {}

    def on_post_build(self, config: MkDocsConfig) -> None:
        log.debug("thesis-site: %d pages converted without Python-Markdown", self.converted)


def add_to(config: MkDocsConfig, cache: Path, speedups: bool = True) -> ThesisSitePlugin:
    """Add the plugin to a loaded configuration (before ``build``); returns it."""
    plugin = ThesisSitePlugin(cache, speedups)
    config.plugins["thesis-site"] = plugin
    return plugin
