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
- ``on_env`` also hands every page's searchable body (Material's
  ``partials/content.html``, what the theme wraps in ``data-pagefind-body``) to
  ``search.BackgroundIndex``, so Pagefind indexes on the second core while
  MkDocs renders the templates; only when no other plugin can change a page
  after this point (no other ``page_context`` or ``post_page`` handler).
- ``PageCache``: a page whose Markdown, navigation, configuration and theme
  are all what they were at the last build gets the HTML Material wrote for
  it then, instead of rendering Material's templates again (``on_env`` points
  such a page to a one-line template holding that HTML). An edit re-renders
  the pages it changed; a changed title, nav, config or theme re-renders all.
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
import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

import jinja2
from mkdocs.commands.build import get_context
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
CACHED_TEMPLATE = "thesis-site-cached-page.html"  # renders a page's cached output as it is
# code that shapes every page: this plugin, the converter and the hooks the generated mkdocs.yml names
OWN_SOURCES = tuple(Path(__file__).with_name(f"{name}.py") for name in ("mkdocs_plugin", "prerendered", "mkdocs_hooks"))


class PageCache:
    """Material's output of each page at the last build, under ``cache/pages/``, by a digest of its inputs.

    A page's output depends on its own Markdown (content, table of contents,
    metadata) and on what every page shares: the configuration, the theme's
    files, the versions of MkDocs, Material and this plugin, and the title,
    address and place in the navigation of every page (the navigation and the
    previous/next links). The key of a page is the digest of both, so a change
    to anything shared renders every page again.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.shared = ""
        self.hits: dict[str, str] = {}  # src_uri -> cached output used in this build
        self.keys: dict[str, str] = {}  # src_uri -> key of this build
        self.stored = 0

    def begin(self, config: MkDocsConfig, files: Files, nav: Navigation) -> None:
        """Key every page and find those whose output is cached."""
        import material
        import mkdocs

        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        digest = hashlib.sha256(f"{mkdocs.__version__}\0{material.__version__}\0{epoch}".encode())
        for source in OWN_SOURCES:
            digest.update(source.read_bytes())
        config_file = Path(config.config_file_path)
        digest.update(config_file.read_bytes() if config_file.is_file() else b"")
        packaged = Path(material.__file__).parent, Path(mkdocs.__file__).parent  # their version says it all
        for folder in map(Path, config.theme.dirs):
            if folder.is_dir() and not folder.is_relative_to(packaged[0]) and not folder.is_relative_to(packaged[1]):
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        digest.update(f"\0{path.relative_to(folder)}\0".encode() + path.read_bytes())
        digest.update(repr(_nav_shape(nav.items)).encode())
        pages = files.documentation_pages()
        for file in pages:
            page = file.page
            digest.update(f"\0{file.src_uri}\0{file.url}\0{page.title if page else ''}".encode())
        self.shared = digest.hexdigest()
        self.folder.mkdir(parents=True, exist_ok=True)
        for file in pages:
            page = file.page
            if page is None or page.markdown is None:
                continue
            # the front matter (title, meta tags, JSON-LD) is not part of page.markdown once MkDocs has read it
            meta = json.dumps(page.meta, sort_keys=True, ensure_ascii=False, default=str)
            key = hashlib.sha256(f"{self.shared}\0{file.src_uri}\0{meta}\0{page.markdown}".encode()).hexdigest()
            self.keys[file.src_uri] = key
            path = self.folder / f"{key}.html"
            if path.is_file() and has_main_template(page):
                self.hits[file.src_uri] = path.read_text(encoding="utf-8")
                page.meta["template"] = CACHED_TEMPLATE

    def put(self, page: Page, output: str) -> None:
        key = self.keys.get(page.file.src_uri)
        if key is not None and page.file.src_uri not in self.hits:
            (self.folder / f"{key}.html").write_text(output, encoding="utf-8")
            self.stored += 1

    def end(self) -> None:
        """Forget the outputs no page of this build has."""
        wanted = {f"{key}.html" for key in self.keys.values()}
        for path in self.folder.glob("*.html"):
            if path.name not in wanted:
                path.unlink()


def _nav_shape(items: list) -> list:  # type: ignore[type-arg]
    """The navigation as nested (kind, title, url) tuples."""
    return [
        (type(item).__name__, item.title, getattr(item, "url", None), _nav_shape(item.children or [])) for item in items
    ]


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
        self.cache = cache  # the build folder's cache/ (Jinja's bytecode, pages' outputs)
        self.pages: PageCache | None = None
        self.speedups = speedups
        self.permalink: tuple[str, str] | None = None  # (symbol, title) when pages may skip Python-Markdown
        self.shared_nav: SharedNav | None = None
        self.converted = 0
        # Called from on_env with (output path, searchable body) of every page; None: nobody asked.
        self.bodies: Callable[[list[tuple[str, str]]], None] | None = None
        self.nav: Navigation | None = None

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
        self.nav = nav
        if self.speedups and "navigation.prune" in (config.theme.get("features") or []):
            self.shared_nav = SharedNav({page.file.src_uri for page in nav.pages})
        return nav

    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:  # type: ignore[type-arg]
        context["ts_nav"] = self.shared_nav
        if self.pages is not None and page.file.src_uri in self.pages.hits:
            context["ts_cached_page"] = self.pages.hits[page.file.src_uri]
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.pages is not None:
            self.pages.put(page, output)
        return output

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        final = self.nav is not None and self.bodies_are_final(config)
        if self.speedups:
            env.auto_reload = False  # templates do not change during one build
            (self.cache / "jinja").mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(self.cache / "jinja"))
        if self.bodies is not None and final:
            self.bodies(searchable_bodies(env, config, files, self.nav))  # type: ignore[arg-type]
        if self.speedups and final:  # after the bodies: a cached page's template is the cached output
            env.loader = jinja2.ChoiceLoader(
                [jinja2.DictLoader({CACHED_TEMPLATE: "{{ ts_cached_page }}"}), env.loader]  # type: ignore[list-item]
            )
            self.pages = PageCache(self.cache / "pages")
            self.pages.begin(config, files, self.nav)  # type: ignore[arg-type]
        return env

    def bodies_are_final(self, config: MkDocsConfig) -> bool:
        """Whether no other plugin may still change a page's HTML once its Markdown is converted."""
        events = config.plugins.events
        return all(
            getattr(handler, "__self__", None) is self
            for name in ("page_context", "post_page")
            for handler in events[name]
        )

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
        if self.pages is not None:
            self.pages.end()
            log.debug("thesis-site: %d pages from the cache, %d rendered", len(self.pages.hits), self.pages.stored)


def has_main_template(page: Page) -> bool:
    """Whether the page is rendered by the theme's ``main.html`` (the only template the cache and search know)."""
    return page.meta.get("template", "main.html") == "main.html"


def searchable_bodies(
    env: jinja2.Environment, config: MkDocsConfig, files: Files, nav: Navigation
) -> list[tuple[str, str]]:
    """(output path, body) of every page: Material's content partial, which ``main.html`` marks for Pagefind."""
    template = env.get_template("partials/content.html")
    pages = files.documentation_pages()
    bodies = []
    for file in pages:
        page = file.page
        if page is None or not has_main_template(page) or page.meta.get("ts_unsearched"):
            continue  # main.html marks no body of such a page for the index (a whole chapter: whole.py)
        bodies.append((file.dest_uri, template.render(get_context(nav, pages, config, page))))
    return bodies


def add_to(config: MkDocsConfig, cache: Path, speedups: bool = True) -> ThesisSitePlugin:
    """Add the plugin to a loaded configuration (before ``build``); returns it."""
    plugin = ThesisSitePlugin(cache, speedups)
    config.plugins["thesis-site"] = plugin
    return plugin
