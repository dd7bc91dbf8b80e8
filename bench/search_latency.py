"""Time to first search results on a slow link: Chromium with the network throttled through CDP.

Usage: python bench/search_latency.py SITE_DIR [QUERY ...]
For each query, a fresh browser profile (empty cache) opens the home page over a gzipping static
server, waits until it has loaded, then throttles the link (400 kbit/s down and up, 150 ms round trip,
as Chrome DevTools' "Slow 3G" class), focuses the search box and types the query at 8 characters per
second, as a reader would. Printed, counted from the focus: when the last key was typed, when the box first
says something, when the first result is shown and when the first page of results is complete.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_gzip import GzipHandler  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--disable-gpu", "--disable-quic", "--no-sandbox", "--disable-background-networking"]
LINK = {"offline": False, "latency": 150, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
QUERIES = ["capacitación", '"nueva gestión pública"']
# Times in the page, from the focus: the first thing the box says, the first result shown, the list complete.
WATCH = """() => {
  const box = document.querySelector('[data-ts-search]');
  const t = window.__ts = {start: performance.now()};
  const now = () => performance.now() - t.start;
  new MutationObserver(() => {
    if (t.said === undefined && box.querySelector('.ts-search__status').textContent.trim()) t.said = now();
    if (t.first === undefined && box.querySelector('.ts-search__list a')) t.first = now();
    if (t.first !== undefined && !box.hasAttribute('aria-busy')) t.complete = t.complete ?? now();
  }).observe(box, {subtree: true, childList: true, characterData: true, attributes: true});
}"""
TYPING_DELAY_MS = 125


@contextmanager
def served(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def measure(site: Path, query: str) -> dict[str, object]:
    with served(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context()
        page = context.new_page()
        page.goto(base)
        page.wait_for_load_state("networkidle")
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", LINK)
        box = page.get_by_role("searchbox")
        page.evaluate(WATCH)
        box.focus()
        box.press_sequentially(query, delay=TYPING_DELAY_MS)
        page.evaluate("() => { window.__ts.typed = performance.now() - window.__ts.start; }")
        page.locator(".ts-search__list a").first.wait_for(timeout=60_000)
        page.wait_for_function(
            "() => !document.querySelector('[data-ts-search]').hasAttribute('aria-busy')", timeout=60_000
        )
        times = page.evaluate("() => window.__ts")
        shown = page.locator(".ts-search__list > li").count()
        status = page.locator(".ts-search__status").inner_text()
        browser.close()
    return {"query": query, "typed": times["typed"] / 1000, "said": times["said"] / 1000, "first": times["first"] / 1000,
            "complete": times["complete"] / 1000, "shown": shown, "status": status}  # fmt: skip


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site")
    print(f"{site}: 400 kbit/s, 150 ms round trip, cold cache, typing at {1000 // TYPING_DELAY_MS} characters/s")
    print("| query | last key | box speaks | first result | first page complete | shown | status |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for query in argv[1:] or QUERIES:
        r = measure(site, query)
        print(f"| {r['query']} | {r['typed']:.1f} s | {r['said']:.1f} s | {r['first']:.1f} s | {r['complete']:.1f} s "
              f"| {r['shown']} | {r['status']} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
