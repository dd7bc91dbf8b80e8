"""The pipeline: load → validate → link → render → write, timed stage by stage.

Every page and reference is gathered and checked before anything is written,
so an error anywhere leaves the previous site untouched.
"""

from __future__ import annotations

import functools
import gc
import resource
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import urls
from .check.validate import audit, validate
from .cite.citestyle import citation_style
from .cite.csl import CitationFormatter, RenderCache
from .errors import ContentError, Problem, Problems
from .index.link import Graph, IdIndex, build_graph, index_ids
from .index.reading_path import skipped_files
from .kinds import PAGES, page_exists
from .output.search import BUNDLE, BackgroundIndex, index_site
from .output.write import (
    BUILD_DIR,
    SITE_DIR,
    THEME_DIR,
    mkdocs_config,
    read_author_config,
    run_mkdocs,
    swap_site,
    write_docs,
    write_theme,
)
from .source.bibliography import BIB_FILE
from .source.corpus import Corpus, load_corpus
from .source.resources import merged_files
from .website import pdf
from .website.export import data_files
from .website.mathml import Formula, check_formulas
from .website.nav import build_nav
from .website.pages import all_pages
from .website.render import Page, Renderer


@dataclass
class Result:
    """What a check or build found and did."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    language: str = "es"  # the thesis's language: the CLI prints the audit in it
    ids: IdIndex | None = None  # the id index the check built (the build's graph reuses it)
    formulas: dict[Formula, str] = field(default_factory=dict)  # MathML of every formula, made by the check
    timings: dict[str, float] = field(default_factory=dict)
    memory: dict[str, int] = field(default_factory=dict)  # peak RSS (KiB) reached by the end of each stage
    pages: int = 0
    reused_pages: int = 0  # pages whose Material output came from the page cache (nothing they depend on changed)
    search_reused: bool = False  # the search index of the previous build stood (no page body changed)
    written: list[str] = field(default_factory=list)
    # With defer_search: re-indexes the swapped-in site and remakes its PDF (the live preview runs it after the page
    # is served; until then the site keeps the previous index and PDF).
    pending_search: Callable[[], None] | None = None


@contextmanager
def timed(result: Result, stage: str) -> Iterator[None]:
    """Record the wall time of one stage."""
    start = time.perf_counter()
    try:
        yield
    finally:
        result.timings[stage] = result.timings.get(stage, 0.0) + time.perf_counter() - start
        result.memory[stage] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def check_project(root: Path, strict: bool = False, result: Result | None = None) -> tuple[Corpus, dict[str, Any]]:
    """Load and validate a project; raise ContentError with every error found."""
    result = result or Result()
    problems = Problems()
    with timed(result, "load"):
        corpus = load_corpus(root, problems)
        author_config = read_author_config(root, problems)
    with timed(result, "validate"):
        # every file is checked even when another has errors (what those could not give is not reported)
        result.ids = index_ids(corpus)  # built once: validate, audit and the graph read it
        validate(corpus, problems, result.ids)
        # every formula through pandoc once: its errors join the others, its MathML serves the build
        result.formulas = check_formulas(corpus, problems, result.ids.urls, root / BUILD_DIR / "cache" / "math.json")
        if not problems.errors:
            result.summary = audit(corpus, problems, result.ids)
            result.language = corpus.t.language
    result.warnings = problems.warnings
    # --strict promotes content warnings; a missing deployment address (category "config") stays a warning
    errors = problems.errors + ([w for w in problems.warnings if w.category != "config"] if strict else [])
    if errors:
        result.problems = errors
        raise ContentError(sorted(errors))
    return corpus, author_config


def render_project(
    corpus: Corpus, author_config: dict[str, Any], result: Result
) -> tuple[Graph, Iterator[Page], dict[str, str | bytes]]:
    """Link, then prepare rendering: pages are rendered lazily, one at a time, as they are written."""
    with timed(result, "link"):
        graph = build_graph(corpus, result.ids)
    with timed(result, "cite"):
        cache = RenderCache(corpus.root / BUILD_DIR / "cache" / "citations.json")
        style = citation_style(corpus.thesis.citation_style if corpus.thesis else "apa7", corpus.t)
        language = corpus.thesis.language if corpus.thesis else "es"
        formatter = CitationFormatter(corpus.references, cache, language, style)
        formatter.prepare(graph.citations)  # every citation and the reference list, in a few pandoc calls
    with timed(result, "render"):
        renderer = Renderer(
            graph,
            formatter,
            project=corpus.root,
            cache=corpus.root / BUILD_DIR / "cache" / "jinja-pages",
            formulas=result.formulas,
        )
        bib_text = (corpus.root / BIB_FILE).read_bytes().decode("utf-8", errors="replace")
        first_parts = {split.url: split.parts[0].url for split in renderer.splits.values() if split.parts}
        files = data_files(graph, bib_text, author_config.get("site_url"), first_parts)
        files.update({image.url: image.data for image in renderer.media.values()})  # media/: images, by content

    def pages() -> Iterator[Page]:
        it = all_pages(
            renderer, {"site_url": author_config.get("site_url"), "site_name": author_config.get("site_name")}
        )
        while True:
            with timed(result, "render"):
                page = next(it, None)
            if page is None:
                break
            result.pages += 1
            yield page
        cache.save()

    return graph, pages(), files


def build_project(root: Path, strict: bool = False, defer_search: bool = False) -> Result:
    """Build ``root/site`` from ``root/content`` and ``root/bibliography.bib``.

    ``defer_search`` (the live preview): the new site keeps the previous search index and
    ``result.pending_search`` rebuilds it, so an edit shows before Pagefind has re-read every page; the PDF of the
    thesis likewise (the previous one stands until it is remade).
    """
    result = Result()
    corpus, author_config = check_project(root, strict, result)
    gc.freeze()  # the corpus lives for the whole build: keep the collector from re-scanning it
    try:
        _write_and_build(root, corpus, author_config, result, defer_search)
    finally:
        gc.unfreeze()  # a live preview builds many times in one process
    return result


def _write_and_build(
    root: Path, corpus: Corpus, author_config: dict[str, Any], result: Result, defer_search: bool = False
) -> None:
    graph, pages, files = render_project(corpus, author_config, result)
    build = root / BUILD_DIR
    start = time.perf_counter()
    render_before = result.timings["render"]
    result.written = write_docs(build / "docs", pages, files, merged_files(root, "assets"))
    write_theme(build / THEME_DIR, merged_files(root, "theme"))
    config = mkdocs_config(author_config, build_nav(graph), skipped_files(graph), corpus.t, corpus.layout)
    render_during = result.timings["render"] - render_before
    result.timings["write"] = time.perf_counter() - start - render_during
    result.memory["write"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    language = corpus.t.search_language  # the catalog of thesis.language says which language to index
    search = BackgroundIndex(build / "search", language)  # Pagefind runs while MkDocs renders the templates
    previous = root / SITE_DIR / BUNDLE
    new_site = None
    deferred_pdf: Callable[[], None] | None = None  # the live preview's PDF, made after the new site is served
    try:
        with timed(result, "mkdocs"):
            report: dict[str, int] = {}
            new_site = run_mkdocs(build, config, bodies=search.start, report=report)
            result.reused_pages = report.get("reused_pages", 0)
            result.search_reused = search.started and search.proc is None
        with timed(result, "pdf"):
            make = pdf_maker(root, corpus, author_config, result)
            stale = root / SITE_DIR / pdf.url(corpus.layout)
            if make is not None and defer_search and stale.is_file():  # the live preview: the edit shows first
                (new_site / pdf.url(corpus.layout)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(stale, new_site / pdf.url(corpus.layout))
                deferred_pdf = functools.partial(make, root / SITE_DIR)
            elif make is not None:
                make(new_site)
        with timed(result, "search"):
            if not search.started:  # another plugin may still change pages: index the finished site
                index_site(new_site, language)
            elif defer_search and search.proc is not None and previous.is_dir():
                shutil.copytree(previous, new_site / BUNDLE)
                result.pending_search = lambda: search.finish(root / SITE_DIR)
            else:
                search.finish(new_site)
    except BaseException:
        search.cancel()
        if new_site is not None:
            shutil.rmtree(new_site, ignore_errors=True)
        raise
    with timed(result, "swap"):
        swap_site(new_site, root / SITE_DIR)
    if deferred_pdf is not None:
        result.pending_search = chain(result.pending_search, deferred_pdf)


def chain(first: Callable[[], None] | None, then: Callable[[], None]) -> Callable[[], None]:
    """One pending job after another."""

    def both() -> None:
        if first is not None:
            first()
        then()

    return both


def pdf_maker(
    root: Path, corpus: Corpus, author_config: dict[str, Any], result: Result
) -> Callable[[Path], int] | None:
    """What writes the whole thesis as ``datos/tesis.pdf`` into a site folder (``pdf.py``); None when the site has
    no PDF: the thesis is too long for one page, or the tool is missing (then one warning says what to install)."""
    if not page_exists(PAGES["whole"], corpus):
        return None  # the thesis is too long to be one page (corpus.WHOLE_PAGE_WORDS): no PDF either
    found = pdf.tool()
    if not found.available:
        result.warnings.append(
            Problem(
                f"{SITE_DIR}/{pdf.url(corpus.layout)}", 1, pdf.INSTALL_HINT.format(why=found.why), "warning", "config"
            )
        )
        return None
    build = root / BUILD_DIR
    page = (build / "docs" / urls.md_file(corpus.layout.page("whole"))).read_text(encoding="utf-8")
    stylesheet = merged_files(root, "assets")[pdf.STYLESHEET].read_text(encoding="utf-8")
    language = corpus.thesis.language if corpus.thesis else "es"
    site_url = author_config.get("site_url")
    pdf_file, whole_url = pdf.url(corpus.layout), corpus.layout.page("whole")
    return lambda site: pdf.build(  # images are read from the built site (never the network)
        page, stylesheet, language, site_url, site / pdf_file, build / "cache" / "pdf", whole_url, site
    )
