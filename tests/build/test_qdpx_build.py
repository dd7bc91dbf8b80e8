"""REFI-QDA bridge end to end: real tools' exports import, and imported projects build."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.errors import Problems
from generator.source.corpus import load_corpus
from tests.conftest import FIXTURES, REPO

QC_SPEC = importlib.util.find_spec("qualitative_coding")  # a namespace package: no __init__.py
QC_PACKAGE = (
    Path(next(iter(QC_SPEC.submodule_search_locations))) if QC_SPEC and QC_SPEC.submodule_search_locations else Path()
)


def test_export_import_build_gives_the_same_45_quotes(cli, tmp_path: Path, site_root: Path) -> None:
    f = tmp_path / "tesis.qdpx"
    run = cli("export", "qdpx", str(REPO), str(f))
    assert run.code == 0, run.err
    assert (site_root / "datos" / "tesis.qdpx").read_bytes() == f.read_bytes()  # the download is the same file
    project = tmp_path / "nuevo"
    assert cli("import", "qdpx", str(f), str(project)).code == 0
    run = cli("build", str(project))
    assert run.code == 0, run.err
    original = json.loads((site_root / "datos" / "citas.json").read_text(encoding="utf-8"))
    rebuilt = json.loads((project / "site" / "datos" / "citas.json").read_text(encoding="utf-8"))
    assert len(rebuilt) == 45
    key = sorted((q["id"], q["informant"], q["text"], q["url"]) for q in original)
    assert sorted((q["id"], q["informant"], q["text"], q["url"]) for q in rebuilt) == key


def test_real_atlas_codebook_only_builds_and_shows_its_codes(cli, tmp_path: Path) -> None:
    project = tmp_path / "atlas"
    assert cli("import", "qdpx", str(FIXTURES / "qdpx" / "atlas-target-atlas-project.qdpx"), str(project)).code == 0
    run = cli("build", str(project))
    assert run.code == 0, run.err
    page = (project / "site" / "categorias" / "index.html").read_text(encoding="utf-8")
    for name in ("Commits", "2022-05-10T02:05:59Z 19e4dce", "2022-02-11T10:39:25Z cdbfd92"):
        assert f"<strong>{name}</strong>" in page


def qc(*args: str, cwd: Path, path: str) -> None:
    exe = Path(sys.executable).parent / "qc"
    env = {**os.environ, "PATH": path}
    subprocess.run([str(exe), *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=120)


def test_qualitative_coding_export_imports(cli, tmp_path: Path) -> None:
    """Code an interview with the real `qc` tool (its editor step scripted) and import its `qc export`."""
    work = tmp_path / "qc"
    work.mkdir()
    interview = tmp_path / "p01.txt"
    interview.write_text(
        "Entrevista con P01.\nEl gobierno electrónico ayudó mucho — sí, “de verdad”.\nOtra línea.\nLa transparencia mejoró.\n",
        encoding="utf-8",
    )
    editor = tmp_path / "bin"
    editor.mkdir()
    (editor / "code").write_text("#!/bin/sh\nprintf '\\nimpacto, gobierno\\n\\ntransparencia\\n' > \"$2\"\n")
    (editor / "code").chmod(0o755)
    path = f"{editor}{os.pathsep}{os.environ.get('PATH', '')}"
    qc("init", cwd=work, path=path)
    qc("corpus", "import", str(interview), "--importer", "verbatim", cwd=work, path=path)
    qc("code", "ana", cwd=work, path=path)
    qc("export", str(tmp_path / "qc.qdpx"), cwd=work, path=path)
    assert cli("import", "qdpx", str(tmp_path / "qc.qdpx"), str(tmp_path / "p")).code == 0
    corpus = load_corpus(tmp_path / "p", problems := Problems())
    assert not problems.errors, problems.errors
    assert [(q.informant, q.text) for q in corpus.quotes] == [
        ("P01", "El gobierno electrónico ayudó mucho — sí, “de verdad”."),
        ("P01", "La transparencia mejoró."),
    ]
    cats = {c.name: c.quotes for c, _ in corpus.all_categories()}
    assert cats == {"gobierno": ["p01-01"], "impacto": ["p01-01"], "transparencia": ["p01-02"]}


@pytest.mark.parametrize(
    ("member", "origin", "quotes", "codes"),
    [("demo.qdpx", "qc 1.3.2", 158, 262), ("refi_qda/nvivo_project.qdpx", "NVivo for Mac 15.0.0", 0, 262)],
)
def test_real_exports_shipped_with_qualitative_coding_import(
    cli, tmp_path: Path, member: str, origin: str, quotes: int, codes: int
) -> None:
    f = QC_PACKAGE / member
    qde = etree.fromstring(zipfile.ZipFile(f).read("project.qde"))
    assert qde.get("origin") == origin
    assert cli("import", "qdpx", str(f), str(tmp_path / "p")).code == 0
    corpus = load_corpus(tmp_path / "p", problems := Problems())
    assert not problems.errors, problems.errors
    assert len(corpus.quotes) == quotes
    assert len(list(corpus.all_categories())) == codes
    sources = {
        n.removeprefix("sources/"): zipfile.ZipFile(f).read(n).decode("utf-8")
        for n in zipfile.ZipFile(f).namelist()
        if n.endswith(".txt")
    }
    for quote in corpus.quotes:  # every quote is verbatim text of a source
        assert any(quote.text in text for text in sources.values())
