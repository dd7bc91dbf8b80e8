"""The live preview rebuilds after an edit and serves the new page (no timing asserted)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import REPO, make_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    return urllib.request.urlopen(url, timeout=5).read().decode("utf-8")


def wait_for(predicate, seconds: float = 60) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def test_edit_a_quote_and_the_preview_shows_it(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", str(project), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/citas/dmpp1-01/"
    try:
        assert wait_for(lambda: "herramientas para la ciudadanía" in fetch(url))
        page = fetch(url)
        assert "/__thesis_site_version" in page  # the reload script is injected when served...
        assert "__thesis_site_version" not in (project / "site" / "citas" / "dmpp1-01" / "index.html").read_text(
            "utf-8"
        )
        quotes = project / "content" / "quotes.yml"
        quotes.write_text(
            quotes.read_text("utf-8").replace("para la ciudadanía", "EDITADA para la ciudadanía"), "utf-8"
        )
        assert wait_for(lambda: "EDITADA para la ciudadanía" in fetch(url))
        # a broken edit keeps serving the previous site and reports the error
        quotes.write_text(quotes.read_text("utf-8").replace("informant: DMPP1", "informant: DMPP9"), "utf-8")
        time.sleep(2)
        assert "EDITADA para la ciudadanía" in fetch(url)
    finally:
        proc.terminate()
        output = proc.communicate(timeout=10)[0]
    assert "unknown informant 'DMPP9'" in output
    assert "files changed" in output


def test_only_sources_trigger_a_rebuild(tmp_path: Path) -> None:
    from generator.resources import default_templates
    from generator.serve import is_source

    root = tmp_path / "website" / "mi-tesis"  # a project whose own path contains "site"
    assert is_source(root, root / "content" / "quotes.yml")
    assert is_source(root, root / "bibliography.bib")
    assert is_source(root, root / "content" / "imported" / "media" / "image3.png")  # an image block's file
    assert is_source(root, default_templates() / "pages" / "quote.md.j2")
    assert not is_source(root, root / "site" / "index.html")
    assert not is_source(root, root / ".thesis-site" / "docs" / "index.md")
    assert not is_source(root, root / ".site-old-abc" / "x.html")
    assert not is_source(root, root / "content" / "notes.txt")
