"""First-visit weight of every page kind, and what a search transfers, gzipped as a static host would send it.

Usage: python bench/weights.py SITE_DIR [SITE_DIR ...]
Prints a Markdown table per site and exits 1 when a budget is exceeded:
a first visit (everything fetched without a click) of at most 120 kB gzip for
every kind of page, and a search for "ONGEI" of at most 150 kB (300 kB for a
site of more than 2,000 pages, i.e. a synthetic thesis ×20 and beyond).
For each kind the heaviest page of its folder is measured; every index page too (findings,
informants, figures, categories, glossary, notes, downloads), and, when a list page is split into
parts (generator/website/split.py), its heaviest part as "<kind> (part)".
"""

from __future__ import annotations

import functools
import gzip
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--disable-gpu", "--disable-quic", "--no-sandbox", "--disable-background-networking"]
KB = 1024
FIRST_VISIT_BUDGET = 120 * KB
SEARCH_BUDGET = {"small": 150 * KB, "large": 300 * KB}
LARGE_SITE_PAGES = 2000
QUERY = "ONGEI"
SINGLE = {"home": "", "matrix": "matriz/", "references": "referencias/", "antecedents": "antecedentes/",
          "quotes browser": "citas/", "findings index": "hallazgos/", "informants index": "informantes/",
          "figures index": "figuras/", "categories": "categorias/", "glossary": "glosario/", "notes": "notas/",
          "downloads": "datos/", "concepts": "conceptos/"}  # fmt: skip
FOLDERS = {"section": "secciones", "finding": "hallazgos", "quote": "citas", "informant": "informantes",
           "figure": "figuras"}  # fmt: skip
PART = 'class="ts-part-nav"'  # a part of a list page split into parts (generator/website/split.py)
# Pages a reader asks for by name ("Leer el capítulo completo", "La tesis completa"), never a search result
# (they are not indexed) nor the place a shared passage opens (links go to the sections' pages): a chapter or the
# whole thesis on one page (generator/website/whole.py) weighs what its text weighs (Puno's chapter I: 102 kB in all; its
# whole thesis, 134 kB; a synthetic chapter ×100 is a whole copy of the thesis). Measured and shown, not budgeted.
UNBUDGETED = {"chapter (whole)", "whole thesis"}
WHOLE = {"whole thesis": "tesis/"}


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


def heaviest(pages: list[Path]) -> Path | None:
    return max(pages, key=lambda p: (p.stat().st_size, p.as_posix()), default=None)


def kind_paths(site: Path) -> dict[str, str]:
    """One path per page kind: the page itself, or the heaviest page of the kind's folder.

    When a list page is split into parts, its heaviest part is measured too ("references (part)").
    """
    paths = {kind: path for kind, path in SINGLE.items() if (site / path / "index.html").is_file()}
    part_pages: set[Path] = set()
    for kind, path in list(paths.items()):
        if not path:
            continue
        parts = [p for p in (site / path).glob("*/index.html") if PART in p.read_text(encoding="utf-8")]
        part_pages.update(parts)
        if (top := heaviest(parts)) is not None:
            paths[f"{kind} (part)"] = top.parent.relative_to(site).as_posix() + "/"
    for kind, folder in FOLDERS.items():
        top = heaviest([p for p in (site / folder).glob("*/index.html") if p not in part_pages])
        if top is not None:
            paths[kind] = top.parent.relative_to(site).as_posix() + "/"
    chapter = heaviest(list((site / FOLDERS["section"]).glob("*/completo/index.html")))  # a chapter on one page
    if chapter is not None:
        paths["chapter (whole)"] = chapter.parent.relative_to(site).as_posix() + "/"
    paths.update({kind: path for kind, path in WHOLE.items() if (site / path / "index.html").is_file()})
    return paths


def gz(body: bytes) -> int:
    return len(gzip.compress(body, 6, mtime=0))


@contextmanager
def served(site: Path) -> Iterator[tuple[str, Browser]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                yield f"http://127.0.0.1:{server.server_address[1]}/", browser
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


def record(page: Page, base: str) -> dict[str, int]:
    """Gzip size of each same-origin response the page receives from now on."""
    seen: dict[str, int] = {}

    def on_response(response) -> None:  # type: ignore[no-untyped-def]
        if response.url.startswith(base) and response.status == 200:
            try:
                seen[response.url] = gz(response.body())
            except Exception:  # noqa: BLE001 - a redirect or aborted body has no bytes to count
                pass

    page.on("response", on_response)
    return seen


def first_visit(site: Path, paths: list[str]) -> list[dict[str, object]]:
    """For each path, gzip bytes fetched by a fresh browser on a first visit without a click."""
    rows = []
    with served(site) as (base, browser):
        for path in paths:
            context = browser.new_context()
            page = context.new_page()
            seen = record(page, base)
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)
            search = sum(v for k, v in seen.items() if "/pagefind/" in k or "search_index" in k)
            rows.append({"path": path or "/", "page_gzip": sum(seen.values()), "search_gzip": search})
            context.close()
    return rows


def search_transfer(site: Path, query: str = QUERY) -> dict[str, object]:
    """Gzip bytes a search transfers: from focusing the box to the first results shown, after the page loaded."""
    with served(site) as (base, browser):
        context = browser.new_context()
        page = context.new_page()
        page.goto(base)
        page.wait_for_load_state("networkidle")
        seen = record(page, base)
        box = page.get_by_role("searchbox")
        box.click()
        box.fill(query)  # one query (typing letter by letter may also search the first letters)
        page.locator(".ts-search__list a").first.wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        status = page.locator(".ts-search__status").inner_text()
        context.close()
    return {"query": query, "gzip": sum(seen.values()), "requests": len(seen), "status": status}


def report(site: Path) -> tuple[list[str], bool]:
    """Markdown lines for one site and whether every budget holds."""
    pages = sum(1 for _ in site.rglob("index.html"))
    paths = kind_paths(site)
    lines = [f"{site} ({pages} pages)", "", "| kind | page | first visit (gzip) | of it search | budget |",
             "|---|---|---:|---:|---|"]  # fmt: skip
    ok = True
    for (kind, _), row in zip(paths.items(), first_visit(site, list(paths.values())), strict=True):
        within = row["page_gzip"] <= FIRST_VISIT_BUDGET  # type: ignore[operator]
        verdict = f"{'ok' if within else 'OVER'} ≤ {FIRST_VISIT_BUDGET // KB} kB"
        if kind in UNBUDGETED:
            verdict = "not budgeted (asked for by name)"
        else:
            ok &= within
        lines.append(f"| {kind} | {row['path']} | {row['page_gzip'] / KB:.1f} kB | {row['search_gzip'] / KB:.1f} kB "  # type: ignore[operator]
                     f"| {verdict} |")  # fmt: skip
    budget = SEARCH_BUDGET["large" if pages > LARGE_SITE_PAGES else "small"]
    found = search_transfer(site)
    within = found["gzip"] <= budget  # type: ignore[operator]
    ok &= within
    lines.append(f"| search “{found['query']}” | {found['status']} | {found['gzip'] / KB:.1f} kB "  # type: ignore[operator]
                 f"({found['requests']} files) | | {'ok' if within else 'OVER'} ≤ {budget // KB} kB |")  # fmt: skip
    return lines, ok


def main(argv: list[str]) -> int:
    ok = True
    for site in argv or ["site"]:
        lines, within = report(Path(site))
        ok &= within
        print("\n".join(lines) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
