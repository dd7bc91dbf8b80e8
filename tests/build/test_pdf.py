"""The PDF of the whole thesis (generator/website/pdf.py): made with the site, remade after the edit is served in the
live preview, and left out (with one warning, and no link to it) where its tool is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build import build_project
from generator.urls import Layout  # the minimal fixture: the published names
from generator.website import pdf
from tests.conftest import make_project


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_the_live_preview_serves_an_edit_first_then_remakes_the_pdf(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    build_project(project)
    made = project / "site" / pdf.url(Layout())
    before = made.read_bytes()
    assert "PCMGESS" in pdf_text(made)
    quotes = project / "content" / "quotes.yml"
    quotes.write_text(quotes.read_text("utf-8").replace("*no*", "*palabranueva*"), "utf-8")
    result = build_project(project, defer_search=True)
    assert made.read_bytes() == before  # the edited pages are served with the previous PDF...
    assert result.pending_search is not None
    result.pending_search()
    assert "palabranueva" in pdf_text(made)  # ...which is remade right after
    assert not list(made.parent.glob(".*"))  # written whole, no temporary file left


def test_without_its_tool_the_site_has_no_pdf_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "tool", lambda: pdf.Tool(False, "WeasyPrint is not installed"))
    project = make_project(tmp_path / "p")
    result = build_project(project)
    assert not (project / "site" / pdf.url(Layout())).exists()
    warned = [str(w) for w in result.warnings if "PDF" in w.message]
    assert warned == [
        f"site/{pdf.url(Layout())}:1: warning: " + pdf.INSTALL_HINT.format(why="WeasyPrint is not installed")
    ]
    for page in ("tesis", "datos", ""):
        assert "tesis.pdf" not in (project / "site" / page / "index.html").read_text("utf-8")
