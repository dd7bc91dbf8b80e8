"""The live preview in Chromium: a page open in the browser follows rename-saves and shows build errors over
the last good site until the next good build (no timing asserted: `make bench` measures the delay)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from generator.cli import main
from tests.build.test_serve import free_port, status, wait_for
from tests.conftest import REPO

WAIT_MS = 30_000


def rename_save(path: Path, text: str) -> None:
    """Save as most editors do: write a temporary file beside the original, then rename it over the original."""
    tmp = path.with_name(f".{path.name}.swp-save")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@pytest.fixture(scope="module")
def english_preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """`thesis-site serve` of a new English project, in a subprocess: (project, URL of a quote page)."""
    project = tmp_path_factory.mktemp("preview-en") / "mythesis"
    assert main(["new", str(project), "--language", "en"]) == 0
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", str(project), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/{quote_page(project)}"
    try:
        assert wait_for(lambda: status(url) == 200)
        yield project, url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def quote_page(project: Path) -> str:
    """Site-relative URL of the quote p01-01 in this project (its own folder names)."""
    from generator.errors import Problems
    from generator.source.corpus import load_corpus

    return load_corpus(project, Problems()).layout.url_for("quote", id="p01-01")


def test_the_open_page_follows_saves_and_shows_errors(english_preview: tuple[Path, str], page: Page) -> None:
    project, url = english_preview
    quotes = project / "content" / "quotes.yml"
    good = quotes.read_text(encoding="utf-8")
    page.goto(url)
    quote = page.locator("blockquote").first
    expect(quote).to_contain_text("The portal cut the waiting time")
    page.wait_for_timeout(600)  # the page has asked the preview for its state once

    rename_save(quotes, good.replace("cut the waiting time", "halved the waiting time"))
    expect(quote).to_contain_text("halved the waiting time", timeout=WAIT_MS)  # the page reloaded by itself

    broken = good.replace("informant: P02", "informant: P2").replace("cut the waiting", "NEVER SHOWN")
    rename_save(quotes, broken)
    overlay = page.locator("#ts-preview-errors")
    expect(overlay).to_be_visible(timeout=WAIT_MS)
    expect(overlay).to_contain_text("The site was not rebuilt: 1 problem")
    expect(overlay).to_contain_text("content/quotes.yml:7: unknown informant 'P2' (did you mean 'P02'?)")
    expect(quote).to_contain_text("halved the waiting time")  # the last good site stays

    rename_save(quotes, good.replace("cut the waiting time", "cut the queue"))
    expect(quote).to_contain_text("cut the queue", timeout=WAIT_MS)
    expect(overlay).to_have_count(0)
