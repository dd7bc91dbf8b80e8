"""Stage 6 — write: Markdown into a build folder, MkDocs builds it, the site is swapped in atomically.

The previous ``site/`` is replaced only after MkDocs succeeded, so a failed
build never loses it. Output is deterministic: no timestamps (SOURCE_DATE_EPOCH
is fixed, the sitemap carries no dates), stable order, no absolute paths.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from ..errors import BuildError, Problems
from ..i18n import DEFAULT_LANGUAGE, Catalog, catalog
from ..index import reading_path
from ..source.load import read_yaml
from ..urls import Layout
from ..website.render import Page
from . import search
from .mkdocs_plugin import add_to as add_plugin

BUILD_DIR = ".thesis-site"
SITE_DIR = "site"
THEME_DIR = "theme"  # inside the build folder: the default theme overrides merged with the project's
MKDOCS_FILE = "mkdocs.yml"
HOOKS_FILE = Path(__file__).with_name("mkdocs_hooks.py")  # MkDocs loads the hooks by file path
SITE_URL_MISSING = (
    "site_url is not set: quote permalinks and citations have no absolute URL, pages no rel=canonical and "
    "sitemap.xml no entries; add the address the site is published at, e.g. 'site_url: https://example.org/tesis/'"
)
OWNED_KEYS = ("docs_dir", "site_dir", "nav", "not_in_nav", "use_directory_urls")


def write_if_changed(path: Path, text: str | bytes) -> bool:
    """Write ``text`` unless the file already holds it; True when written."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def write_docs(docs: Path, pages: Iterable[Page], files: dict[str, str | bytes], assets: dict[str, Path]) -> list[str]:
    """Write pages (as they are rendered), data files and ``assets/`` into ``docs``; remove stale files.

    Returns the paths actually rewritten: unchanged files keep their bytes and
    mtime, so a live preview only touches what an edit changed.
    """
    written: list[str] = []
    wanted: set[str] = set()

    def put(rel: str, text: str | bytes) -> None:
        wanted.add(rel)
        if write_if_changed(docs / rel, text):
            written.append(rel)

    for page in pages:
        put(page.file, page.markdown)
    for rel, text in sorted(files.items()):
        put(rel, text)
    for rel, path in assets.items():
        put(f"assets/{rel}", path.read_text(encoding="utf-8"))
    remove_stale(docs, wanted)
    return sorted(written)


def write_theme(folder: Path, files: dict[str, Path]) -> None:
    """Copy the theme overrides (defaults merged with the project's) into ``folder`` for MkDocs' custom_dir."""
    for rel, path in files.items():
        write_if_changed(folder / rel, path.read_text(encoding="utf-8"))
    remove_stale(folder, set(files))


def remove_stale(folder: Path, wanted: set[str]) -> None:
    """Delete files under ``folder`` that are not in ``wanted``, then empty folders."""
    if folder.is_dir():
        for path in sorted(folder.rglob("*"), reverse=True):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and rel not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def read_author_config(root: Path, problems: Problems) -> dict[str, Any]:
    """The project's mkdocs.yml (site name, theme options...), with line-numbered errors."""
    if not (root / MKDOCS_FILE).is_file():
        problems.error(MKDOCS_FILE, 1, "missing mkdocs.yml (it needs at least 'site_name:')")
        return {}
    doc = read_yaml(root, MKDOCS_FILE, problems)
    if doc is None:
        return {}
    if not isinstance(doc.data, dict):
        problems.error(MKDOCS_FILE, 1, "mkdocs.yml must be a mapping")
        return {}
    if "site_name" not in doc.data:
        problems.error(MKDOCS_FILE, 1, "missing required field 'site_name'")
    for key in OWNED_KEYS:
        if key in doc.data:
            problems.error(MKDOCS_FILE, doc.line_of((key,)), f"'{key}' is set by thesis-site; remove it")
    if not doc.data.get("site_url"):
        problems.warn(MKDOCS_FILE, 1, SITE_URL_MISSING, category="config")
    return doc.data


def with_items(existing: list[Any] | None, *items: Any) -> list[Any]:
    """The author's list with the tool's items appended where missing."""
    out = list(existing or [])
    out += [item for item in items if item not in out]
    return out


def mkdocs_config(
    author: dict[str, Any],
    nav: list[Any],
    skip: list[str] | None = None,
    t: Catalog | None = None,
    layout: Layout | None = None,
) -> dict[str, Any]:
    """The configuration MkDocs builds with: the author's settings plus what the tool owns.

    ``thesis.language`` (through its catalog ``t``; default: the default language's) sets
    Material's ``theme.language``, hence ``<html lang>`` and the search box's words."""
    t = t or catalog(DEFAULT_LANGUAGE)
    config = dict(author)
    theme = dict(config.get("theme") or {})
    theme.setdefault("name", "material")
    theme["language"] = t.theme_language
    theme["font"] = False  # no Google Fonts: system fonts only
    theme["custom_dir"] = THEME_DIR  # relative to the generated mkdocs.yml: no machine path in any output
    theme["features"] = with_items(theme.get("features"), "navigation.indexes", "navigation.footer", "navigation.top",
                                   "navigation.prune", "toc.follow")  # fmt: skip
    theme["palette"] = light_and_dark(theme.get("palette"), theme["language"])
    config["theme"] = theme
    config["plugins"] = without_search(list(config.get("plugins") or []))
    config["extra_css"] = with_items(config.get("extra_css"), "assets/thesis.css", "assets/search.css")
    config["extra_javascript"] = with_items(config.get("extra_javascript"), "assets/thesis.js", "assets/search.js")
    extensions = with_items(config.get("markdown_extensions"), "attr_list", "tables")
    extensions.append({"toc": {"permalink": True, "permalink_title": t("common.permalink")}})
    config["markdown_extensions"] = extensions
    extra = dict(config.get("extra") or {})
    extra.setdefault("generator", False)
    extra[reading_path.SKIP_KEY] = list(skip or [])
    config["hooks"] = with_items(config.get("hooks"), str(HOOKS_FILE))
    extra["thesis_site_404"] = NOT_FOUND.get(theme["language"], NOT_FOUND["en"])
    extra["thesis_site_ui"] = ui_messages(t, layout or Layout())
    config["extra"] = extra
    config.update(
        docs_dir="docs",
        site_dir="site",
        nav=nav,
        use_directory_urls=True,
        not_in_nav=(layout or Layout()).not_in_nav(),
    )
    return config


# Messages the site's scripts show (assets/thesis.js, assets/search.js), handed to every page as JSON (main.html).
UI_KEYS = ("preview.reference", "preview.glossary", "search.loading", "search.searching", "search.failed")


def ui_messages(t: Catalog, layout: Layout) -> dict[str, Any]:
    """The catalog's messages for the site's scripts, where the glossary is (acronym previews link to it), and
    the search index's language and ranking (assets/search.js)."""
    return {
        "glossary_url": layout.page("glossary"),
        "search_language": search.index_language(t.search_language),
        "search_ranking": search.RANKING,
        **{key: t(key) for key in UI_KEYS},
    }


NOT_FOUND = {
    "es": {
        "title": "Página no encontrada",
        "text": "Esta dirección no existe en el sitio. Puede que se haya escrito mal; las direcciones publicadas no cambian.",
        "home": "Ir al inicio",
        "search": "Buscar en el sitio",
        "search_button": "Buscar",
    },
    "en": {
        "title": "Page not found",
        "text": "This address does not exist on the site. It may be mistyped; published addresses do not change.",
        "home": "Go to the home page",
        "search": "Search the site",
        "search_button": "Search",
    },
}
TOGGLE_NAMES = {
    "es": ("Cambiar a modo oscuro", "Cambiar a modo claro"),
    "en": ("Switch to dark mode", "Switch to light mode"),
}


def light_and_dark(palette: Any, language: str) -> Any:
    """Material's palette as a light and a dark scheme that follow the system, with a toggle.

    An author's list of palettes is kept as written; a single palette gives its
    colours to both schemes.
    """
    if isinstance(palette, list):
        return palette
    colours = {k: v for k, v in dict(palette or {}).items() if k in ("primary", "accent")}
    to_dark, to_light = TOGGLE_NAMES.get(language, TOGGLE_NAMES["en"])
    return [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", **colours,
         "toggle": {"icon": "material/brightness-7", "name": to_dark}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", **colours,
         "toggle": {"icon": "material/brightness-4", "name": to_light}},
    ]  # fmt: skip


def without_search(plugins: list[Any]) -> list[Any]:
    """The author's plugins less Material's search: Pagefind replaces it (see ``search.py``).

    Material's search sends the whole index to every visitor on every first
    page view; Pagefind's chunked index is fetched only when someone searches.
    """
    return [p for p in plugins if (p if isinstance(p, str) else next(iter(p))) not in ("search", "material/search")]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# MkDocs and Material read these from the environment only: a fixed build date
# (page dates, the gzip header of sitemap.xml.gz) and no "MkDocs 2" banner.
MKDOCS_ENV = {"SOURCE_DATE_EPOCH": "0", "NO_MKDOCS_2_WARNING": "1"}


@contextmanager
def mkdocs_environment() -> Iterator[None]:
    """The variables above for the duration of one MkDocs run (a value the user set wins); restored after."""
    saved = {name: os.environ.get(name) for name in MKDOCS_ENV}
    os.environ.update({name: value for name, value in MKDOCS_ENV.items() if saved[name] is None})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)


def run_mkdocs(
    build: Path,
    config: dict[str, Any],
    speedups: bool = True,
    bodies: Callable[[list[tuple[str, str]]], None] | None = None,
    report: dict[str, int] | None = None,
) -> Path:
    """Build ``build/docs`` with MkDocs into a fresh ``build/site``; warnings are failures.

    ``speedups=False`` builds without the plugin's shortcuts (``mkdocs_plugin.py``): same output, slower.
    ``bodies`` receives every page's searchable body before the templates are rendered (``search.py``).
    ``report`` receives ``reused_pages``: how many pages came from the page cache (``mkdocs_plugin.PageCache``).
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config_file = build / MKDOCS_FILE
    write_if_changed(config_file, yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        with mkdocs_environment():
            cfg = load_config(config_file=str(config_file))
            plugin = add_plugin(cfg, build / "cache", speedups)
            plugin.bodies = bodies
            site = Path(tempfile.mkdtemp(prefix="site-", dir=build))
            cfg["site_dir"] = str(site)
            mkdocs_build(cfg)
            if report is not None:
                report["reused_pages"] = len(plugin.pages.hits) if plugin.pages else 0
    except Exception as exc:  # MkDocs raises several kinds; all mean "no site"
        raise BuildError(f"MkDocs failed: {exc}") from exc
    finally:
        logger.removeHandler(handler)
    if handler.messages:
        shutil.rmtree(site, ignore_errors=True)
        raise BuildError("MkDocs warnings:\n" + "\n".join(handler.messages))
    return site


def swap_site(new_site: Path, target: Path) -> None:
    """Replace ``target`` by ``new_site`` (same filesystem), removing the old one afterwards."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    new_site.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
