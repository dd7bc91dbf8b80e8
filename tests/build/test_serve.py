"""The live preview rebuilds after an edit, however the editor saves, and serves the new page (no timing asserted)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

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
        assert "/__thesis_site_state" in page  # the reload script is injected when served...
        assert "__thesis_site_state" not in (project / "site" / "citas" / "dmpp1-01" / "index.html").read_text("utf-8")
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


def status(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=5).status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The minimal fixture served by `thesis-site serve` in a subprocess: (project, base URL)."""
    project = make_project(tmp_path_factory.mktemp("preview") / "p")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", str(project), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: status(base + "citas/dmpp1-01/") == 200)
        yield project, base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def quote_shows(base: str, text: str) -> bool:
    return text in fetch(base + "citas/dmpp2-01/")


SECTION = 'id: nueva\ntitle: "{title}"\nblocks:\n  - p: Texto.\n'


def test_every_way_of_saving_is_seen(preview: tuple[Path, str], tmp_path: Path) -> None:
    project, base = preview
    quotes = project / "content" / "quotes.yml"

    def edited(old: str, new: str) -> str:
        text = quotes.read_text("utf-8")
        assert old in text
        return text.replace(old, new, 1)

    # a temporary file renamed over the original (Python's os.replace, most editors, atomic writers)
    tmp = quotes.with_name(".quotes.yml.tmp-123")
    tmp.write_text(edited("todo a través", "RENOMBRADO todo a través"), "utf-8")
    os.replace(tmp, quotes)
    assert wait_for(lambda: quote_shows(base, "RENOMBRADO todo"))

    # vim (backupcopy=no): the original renamed to a backup, a new file written, the backup deleted
    text = edited("RENOMBRADO", "VIM")
    quotes.rename(quotes.with_name("quotes.yml~"))
    quotes.write_text(text, "utf-8")
    quotes.with_name("quotes.yml~").unlink()
    assert wait_for(lambda: quote_shows(base, "VIM todo"))

    # sed -i: a temporary file in the same folder renamed over the original
    subprocess.run(["sed", "-i", "s/VIM todo/SED todo/", str(quotes)], check=True)
    assert wait_for(lambda: quote_shows(base, "SED todo"))

    # a file moved in from outside the project: a new section (and its page)
    outside = tmp_path / "04-nueva.yml"
    outside.write_text(SECTION.format(title="Movida"), "utf-8")
    section = project / "content" / "sections" / "04-nueva.yml"
    shutil.move(outside, section)
    assert wait_for(lambda: status(base + "secciones/nueva/") == 200 and "Movida" in fetch(base + "secciones/nueva/"))

    # a file edited in place, then deleted: the page goes
    section.write_text(SECTION.format(title="Editada"), "utf-8")
    assert wait_for(lambda: "Editada" in fetch(base + "secciones/nueva/"))
    section.unlink()
    assert wait_for(lambda: status(base + "secciones/nueva/") == 404)


def test_a_failed_build_is_reported_to_the_page_and_keeps_the_site(preview: tuple[Path, str]) -> None:
    project, base = preview
    quotes = project / "content" / "quotes.yml"
    good = quotes.read_text("utf-8")
    state = json.loads(fetch(base + "__thesis_site_state"))
    assert state["errors"] == []
    tmp = quotes.with_name("quotes.yml.new")
    tmp.write_text(good.replace("informant: DMPP2", "informant: DMPP02"), "utf-8")
    os.replace(tmp, quotes)
    assert wait_for(lambda: json.loads(fetch(base + "__thesis_site_state"))["errors"])
    state = json.loads(fetch(base + "__thesis_site_state"))
    assert state["errors"] == ["content/quotes.yml:6: unknown informant 'DMPP02' (did you mean 'DMPP2'?)"]
    assert state["title"] == "El sitio no se reconstruyó: 1 problema"  # the project's language
    assert "todo a través" in fetch(base + "citas/dmpp2-01/")  # the last good site
    quotes.write_text(good, "utf-8")
    assert wait_for(lambda: json.loads(fetch(base + "__thesis_site_state"))["version"] > state["version"])
    assert json.loads(fetch(base + "__thesis_site_state"))["errors"] == []


def test_only_sources_trigger_a_rebuild(tmp_path: Path) -> None:
    from generator.serve import is_source
    from generator.source.resources import default_templates

    root = tmp_path / "website" / "mi-tesis"  # a project whose own path contains "site"
    assert is_source(root, root / "content" / "quotes.yml")
    assert is_source(root, root / "bibliography.bib")
    assert is_source(root, root / "content" / "imported" / "media" / "image3.png")  # an image block's file
    assert is_source(root, default_templates() / "pages" / "quote.md.j2")
    assert not is_source(root, root / "site" / "index.html")
    assert not is_source(root, root / ".thesis-site" / "docs" / "index.md")
    assert not is_source(root, root / ".site-old-abc" / "x.html")
    assert not is_source(root, root / "content" / "notes.txt")
    assert not is_source(root, root / "content" / ".quotes.yml.swp")
    assert is_source(root, root / "content" / "sections", directory=True)  # a folder moved in or out
    assert not is_source(root, root / "site", directory=True)
    assert not is_source(root, root / ".site-old-abc", directory=True)
