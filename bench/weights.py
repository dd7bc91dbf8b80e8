"""First-visit weight of pages: every response a fresh browser fetches, gzipped as a static host would.

Usage: python bench/weights.py SITE_DIR [PATH ...]   (prints a Markdown table)
"""

from __future__ import annotations

import functools
import gzip
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--disable-gpu", "--disable-quic", "--no-sandbox", "--disable-background-networking"]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


def kind(url: str, content_type: str) -> str:
    if url.endswith("search_index.json"):
        return "search index"
    for name, marker in (("html", "text/html"), ("css", "css"), ("js", "javascript"), ("font", "font")):
        if marker in content_type:
            return name
    return "other"


def first_visit(site: Path, paths: list[str]) -> list[dict[str, object]]:
    """For each path, bytes per kind (raw and gzip) fetched by a fresh browser context."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for path in paths:
            context = browser.new_context()
            page = context.new_page()
            seen: dict[str, tuple[str, bytes]] = {}

            def on_response(response, seen=seen):  # type: ignore[no-untyped-def]
                if response.url.startswith(base) and response.status == 200:
                    try:
                        seen[response.url] = (response.headers.get("content-type", ""), response.body())
                    except Exception:  # noqa: BLE001 - a redirect or aborted body has no bytes to count
                        pass

            page.on("response", on_response)
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            totals: dict[str, list[int]] = {}
            for url, (ctype, body) in seen.items():
                k = kind(url, ctype)
                raw, gz = totals.setdefault(k, [0, 0])
                totals[k] = [raw + len(body), gz + len(gzip.compress(body, 6, mtime=0))]
            page_gz = sum(v[1] for k, v in totals.items() if k in ("html", "css", "js", "font"))
            rows.append({"path": path or "/", "totals": totals, "page_gzip": page_gz})
            context.close()
        browser.close()
    server.shutdown()
    return rows


def main(argv: list[str]) -> int:
    site = Path(argv[0])
    paths = argv[1:] or ["", "citas/dmpp5-01/", "hallazgos/motivacion-1/", "referencias/"]
    print("| page | HTML+CSS+JS+fonts (gzip) | search index (gzip) | everything (raw) |")
    print("|---|---:|---:|---:|")
    for row in first_visit(site, paths):
        totals = row["totals"]
        search = totals.get("search index", [0, 0])[1]  # type: ignore[union-attr]
        raw = sum(v[0] for v in totals.values())  # type: ignore[union-attr]
        print(f"| {row['path']} | {row['page_gzip'] / 1024:.1f} kB | {search / 1024:.1f} kB | {raw / 1024:.1f} kB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
