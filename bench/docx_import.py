"""Time ``thesis-site import docx`` on real Word theses: pages, paragraphs, seconds (best of N runs).

    .venv/bin/python bench/docx_import.py tests/fixtures/docx/*.docx [--runs 3]

Each run imports into a fresh temporary folder in this process (pandoc is a child process, as in use).
Pages are Word's own count (docProps/app.xml), as the author last saw the document.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
import zipfile
from pathlib import Path

from generator.importers.docx.importer import import_docx


def word_pages(path: Path) -> str:
    try:
        app = zipfile.ZipFile(path).read("docProps/app.xml").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile):
        return "?"
    m = re.search(r"<Pages>(\d+)</Pages>", app)
    return m[1] if m else "?"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| file | KB | Word pages | paragraphs | headings | quotes | citations | import s (best) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for path in args.files:
        best = float("inf")
        report = None
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                report = import_docx(path, Path(tmp) / "p")
                best = min(best, time.perf_counter() - start)
        assert report is not None
        c = report.counts
        cites = c.get("reference-manager citations", 0) + c.get("typed citations linked", 0)
        print(
            f"| {path.name} | {path.stat().st_size // 1024} | {word_pages(path)} | {c.get('paragraphs', 0)} "
            f"| {c.get('headings', 0)} | {c.get('interview quotes', 0)} | {cites} | {best:.2f} |"
        )


if __name__ == "__main__":
    main()
