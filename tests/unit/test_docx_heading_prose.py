"""A paragraph of prose set in a heading style is text, not a heading (found in a real thesis: FranciscoRiano/
thesis_mkt_analytics, whose body paragraphs are in its template's "Heading 3" and were dropped as empty headings)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import yaml

from generator.importers.docx.importer import import_docx

from ..conftest import FIXTURES

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PROSE = (
    "A product feature is a component of a product that fulfills a customer need, and companies modify features "
    "to enhance the user experience and to set their prices."
)


def para(text: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def docx(path: Path, body: str) -> Path:
    """A real Word package (pandoc's own test document, its styles) with ``body`` as its text."""
    base = FIXTURES / "docx" / "cit-zotero-pandoc.docx"
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    )
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            data = document.encode() if info.filename == "word/document.xml" else zin.read(info)
            zout.writestr(info, data)
    return path


def test_a_paragraph_of_prose_in_a_heading_style_stays_text_under_its_heading(tmp_path: Path) -> None:
    body = (
        para("Introduction", "Heading1")
        + para("Products could be seen as bundles of features with their attractiveness determined by them.")
        + para(PROSE, "Heading1")
        + para("Method", "Heading1")
        + para("The study will be carried out through an online experiment with four conditions.")
    )
    project = tmp_path / "p"
    import_docx(docx(tmp_path / "t.docx", body), project)
    secs = [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((project / "content/imported/docx/sections").glob("*.yml"))
    ]
    assert [s["title"] for s in secs] == ["Introduction", "Method"]
    assert [b["p"] for b in secs[0]["blocks"]][-1] == PROSE  # kept, verbatim, as a paragraph of its section
