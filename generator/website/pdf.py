"""The whole thesis as a PDF, made at build time from the page that holds it whole (``whole.py``), offline.

Tool: WeasyPrint (PyPI ``weasyprint``, the optional extra ``thesis-site[pdf]``),
an HTML and CSS typesetter in Python: it reads the same HTML the site shows
and a small print stylesheet (``assets/thesis-pdf.css``), needs no browser, no
LaTeX and no network, keeps every in-page link as a link inside the PDF and
every heading as a bookmark. It needs the Pango text library of the system
(Debian: ``libpango-1.0-0``, ``libpangoft2-1.0-0``; present wherever a desktop
or Chromium is installed). Measured against the others (docs/reading.md):
Chromium's ``--print-to-pdf`` is a browser the tool cannot require of a
``pip install`` user; pandoc to PDF needs LaTeX; pandoc to Typst with the
``typst`` wheel needs no system library but adds an 80 MB compiler and lays the
thesis out a second time, without the site's styles.

The PDF is optional: built when WeasyPrint can be imported (with Pango), else
the build says why in one warning and the site simply has no PDF (no page links
to one). The result is cached under ``.thesis-site/cache/pdf/`` by a digest of
its HTML, stylesheet and WeasyPrint's version: a build whose thesis text did not
change reuses it. The same input gives the same bytes (no dates in the file).
"""

from __future__ import annotations

import hashlib
import html
import logging
import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
from mkdocs.utils.meta import get_data

from ..urls import Layout

STYLESHEET = "thesis-pdf.css"  # in assets/ (site_templates/assets/ or the project's own)
INSTALL_HINT = (
    "the PDF of the thesis is not built: {why}. To build it, install the optional extra "
    "(pip install 'thesis-site[pdf]') and the Pango library (Debian/Ubuntu: apt install libpango-1.0-0 "
    "libpangoft2-1.0-0; macOS: brew install pango)"
)


@dataclass(frozen=True)
class Tool:
    """Whether the PDF can be made here, and why not."""

    available: bool
    why: str = ""
    version: str = ""


@cache
def tool() -> Tool:
    """WeasyPrint, if it imports (it loads Pango when imported)."""
    try:
        import weasyprint
    except ImportError:
        return Tool(False, "WeasyPrint is not installed")
    except OSError as exc:  # WeasyPrint is there, the system's Pango is not
        return Tool(False, f"WeasyPrint cannot load the Pango library ({str(exc).splitlines()[0]})")
    return Tool(True, version=weasyprint.__version__)


def url(layout: Layout) -> str:
    """Site-relative URL of the PDF (``datos/tesis.pdf``: the data folder, the thesis's file name)."""
    return layout.data_file("thesis_file", "pdf")


def document(page_markdown: str, stylesheet: str, language: str, base: str | None) -> str:
    """The HTML WeasyPrint typesets: the whole thesis page's body (our Markdown, as MkDocs converts it)."""
    body_md, meta = get_data(page_markdown)
    body = markdown.markdown(body_md, extensions=["attr_list", "tables", "toc"])
    title = str(meta.get("title", ""))  # front_matter escaped it for the theme
    address = f'<p class="ts-pdf-address">{html.escape(base)}</p>' if base else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language)}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{stylesheet}</style></head>"
        f"<body>{address}{body}</body></html>\n"
    )


def local_files(site: Path | None, base: str | None, whole_url: str) -> Any:
    """WeasyPrint's URL fetcher: files of the built ``site`` (images of image blocks, by the site's own
    address), never the network, even when ``site_url`` names a published site; anything else is not loaded."""
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    root = base.removesuffix(whole_url) if base else None

    class LocalFiles(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            if site is not None and root and url.startswith(root):
                path = (site / unquote(urlsplit(url).path.removeprefix(urlsplit(root).path))).resolve()
                if path.is_file() and path.is_relative_to(site.resolve()):
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            raise ValueError(f"not loaded: the PDF is made offline ({url})")

    return LocalFiles()


def build(
    page_markdown: str,
    stylesheet: str,
    language: str,
    site_url: str | None,
    target: Path,
    cache: Path,
    whole_url: str,
    site: Path | None = None,
) -> int:
    """Write the PDF of the whole thesis to ``target`` (from the cache when nothing changed); returns its size.

    Images come from ``site`` (the built site) when ``site_url`` gives their address; without it they are left out.
    """
    found = tool()
    assert found.available, found.why
    base = f"{site_url.rstrip('/')}/{whole_url}" if site_url else None
    source = document(page_markdown, stylesheet, language, base)
    key = hashlib.sha256(f"{found.version}\0{base}\0{source}".encode()).hexdigest()
    cached = cache / f"{key}.pdf"
    if not cached.is_file():
        import weasyprint

        logging.getLogger("weasyprint").setLevel(logging.ERROR)  # relative links without site_url: not links
        cache.mkdir(parents=True, exist_ok=True)
        for old in cache.glob("*.pdf"):
            old.unlink()
        data = weasyprint.HTML(string=source, base_url=base, url_fetcher=local_files(site, base, whole_url)).write_pdf()
        assert data is not None
        cached.write_bytes(data)
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = target.with_name(f".{target.name}.new")  # a served site never shows half a file
    fresh.write_bytes(cached.read_bytes())
    fresh.replace(target)
    return target.stat().st_size
