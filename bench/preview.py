"""The live preview as an author meets it: a page open in Chromium, a file saved by rename, the time until the page
shows the edit.

`thesis-site serve` runs in a subprocess; Chromium (Debian's, through Playwright) opens a quote page; the quotes
file is saved the way vim, `sed -i` and most editors save (a temporary file renamed over the original with
`os.replace`), each time with a new marker word before a sentence of a quote, and the clock runs from the rename to the moment the
page's text holds the edit (the page reloads itself). Figures only: nothing here asserts a time.

    .venv/bin/python -m bench.preview            # the Puno thesis and a new English project, 7 saves each
    make bench                                   # the same at ×1, in the benchmark report
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def page_text(page, selector: str) -> str:  # type: ignore[no-untyped-def]
    """The selector's text, or '' while the page is reloading."""
    try:
        return str(page.evaluate("s => (document.querySelector(s) || {}).textContent || ''", selector))
    except Exception:  # the page is navigating: its context went away
        return ""


def rename_save_seconds(project: Path, url_path: str, old: str, saves: int = 7, pause: float = 6.0) -> dict:
    """Median and every time (s) from ``os.replace`` of content/quotes.yml to the open page showing the edit."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", str(project), "--port", str(port)],
                            env=ENV, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}/{url_path}"
    quotes = project / "content" / "quotes.yml"
    text = quotes.read_text("utf-8")
    assert old in text, f"{old!r} is not in {quotes}"
    times = []
    try:
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except (OSError, urllib.error.HTTPError):
                time.sleep(0.2)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--disable-gpu", "--no-sandbox"])
            page = browser.new_page()
            page.goto(url)
            time.sleep(1.0)  # the page has asked the preview for its state
            for n in range(saves):
                wanted = f"SAVE{n}X"  # each save writes a word no earlier save wrote
                saved = text.replace(old, f"{wanted} {old}", 1)
                tmp = quotes.with_name(f".{quotes.name}.save")
                tmp.write_text(saved, "utf-8")
                start = time.perf_counter()
                os.replace(tmp, quotes)
                while wanted not in page_text(page, "blockquote") and time.perf_counter() - start < 60:
                    time.sleep(0.005)
                times.append(time.perf_counter() - start)
                # after the page is served the preview remakes the search index and the PDF in its own process;
                # a save during that work waits for it, so saves are spaced by `pause` (an author reading)
                time.sleep(pause)
            browser.close()
    finally:
        proc.terminate()
        output = proc.communicate(timeout=10)[0]
        quotes.write_text(text, "utf-8")
    rebuilds = [float(s) for s in re.findall(r"rebuilt \d+ pages in ([0-9.]+)s", output)][1:]  # the first: startup
    return {
        "median_s": statistics.median(times),
        "all_s": [round(t, 3) for t in times],
        "saves": saves,
        "pause_s": pause,
        "rebuild_median_s": statistics.median(rebuilds) if rebuilds else None,
        "load_average": os.getloadavg()[0],
    }


def puno(folder: Path) -> tuple[Path, str, str]:
    """A copy of the repository's thesis and an edit of one of its quotes."""
    project = folder / "puno"
    project.mkdir()
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copyfile(ROOT / "bibliography.bib", project / "bibliography.bib")
    shutil.copyfile(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project, "citas/dmpp5-01/", "El gobierno electrónico es el proceso"


def english(folder: Path) -> tuple[Path, str, str]:
    """A new English project (`thesis-site new --language en`) and an edit of one of its quotes."""
    from generator.errors import Problems
    from generator.source.corpus import load_corpus

    project = folder / "mythesis"
    subprocess.run([sys.executable, "-m", "generator.cli", "new", str(project), "--language", "en"], env=ENV,
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    url = load_corpus(project, Problems()).layout.url_for("quote", id="p01-01")
    return project, url, "The portal cut"


def measure() -> dict:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in (("puno", puno), ("english_starter", english)):
            project, url, old = make(Path(tmp))
            out[name] = rename_save_seconds(project, url, old)
    return out


if __name__ == "__main__":
    for name, figures in measure().items():
        print(f"{name}: rename-save → page updated in Chromium, median {figures['median_s']:.2f} s "
              f"over {figures['saves']} saves {figures['pause_s']:.0f} s apart ({', '.join(f'{t:.2f}' for t in figures['all_s'])}); "
              f"the rebuild itself {figures['rebuild_median_s']:.2f} s; load average {figures['load_average']:.1f}")  # fmt: skip
