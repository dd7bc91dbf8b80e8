"""Search that costs nothing until used: a Pagefind index built after MkDocs, loaded by the reader's first search.

Pagefind (a static search library whose index is split into chunks, on PyPI as
``pagefind[extended]`` with its binary) reads the built HTML and writes
``site/pagefind/``. A query fetches the small entry file, the WebAssembly
search core, the index chunks holding its words and one fragment per result
shown, so what a search costs stays flat as the site grows. Nothing is fetched
before the reader focuses the search box (``assets/search.js`` imports
``pagefind.js`` then). The index is built in the thesis's language
(``thesis.language``): Spanish or English stemming, accents folded by Pagefind.

What is indexed: the page body marked ``data-pagefind-body`` by the theme
override ``main.html``; blocks marked ``data-pagefind-ignore`` and the selectors
in ``IGNORED`` stay out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .errors import BuildError

BUNDLE = "pagefind"
# Heading permalinks ("¶") would show in every title and excerpt; a quote page's citation formats and its
# previous/next links repeat on every quote page and would bury the quote itself.
IGNORED = [".headerlink", ".ts-cite", ".ts-prevnext"]
# Files of Pagefind's bundle the site never loads (its ready-made UIs, the highlighter, the index for
# pages of an unknown language): removed so the site carries only what a search fetches.
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.", "wasm.unknown.")


def index_site(site: Path, language: str) -> None:
    """Write ``site/pagefind/`` from the built HTML of ``site`` (raises BuildError when Pagefind fails)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE,
               "--force-language", language.split("-")[0].lower(), "--exclude-selectors", ",".join(IGNORED),
               "--silent"]  # fmt: skip
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"the search index could not be built (Pagefind: {exc})") from exc
    if proc.returncode != 0 or not (site / BUNDLE / "pagefind.js").is_file():
        detail = (proc.stderr or proc.stdout).strip() or f"exit status {proc.returncode}"
        hint = (
            " (is the package 'pagefind[extended]' installed? `make site` installs it)" if "No module" in detail else ""
        )
        raise BuildError(f"the search index could not be built{hint}: {detail}")
    for path in sorted((site / BUNDLE).iterdir()):
        if path.is_file() and path.name.startswith(UNUSED):
            path.unlink()
