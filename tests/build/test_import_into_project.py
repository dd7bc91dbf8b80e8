"""`import qdpx` follows the project it imports into: its language, its vocabulary, its participant codes.

Real coded projects: the REFI-QDA export of the Puno thesis (11 participants coded DMPP1…, PCMGESS) and the
coded project shipped with the `qualitative-coding` package (158 quotes, 262 codes). Both go into a new
English project (`thesis-site new --language en`, participant codes ^P[0-9]{2}$) and build without an error.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.errors import Problems
from generator.importers.qdpx.importer import code_candidates
from generator.source.corpus import load_corpus
from generator.source.models import Vocabulary
from tests.build.test_language import VisibleText, spanish_words
from tests.build.test_qdpx_build import QC_PACKAGE
from tests.conftest import REPO


@pytest.fixture(scope="module")
def puno_qdpx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.cli import main

    target = tmp_path_factory.mktemp("qdpx") / "tesis.qdpx"
    assert main(["export", "qdpx", str(REPO), str(target)]) == 0
    return target


def test_codes_fit_the_pattern_of_the_project() -> None:
    english = Vocabulary.model_validate(
        {
            "finding_families": [],
            "participant_groups": [],
            "participant_code": "^P[0-9]{2}$",
            "participant_code_example": "P01",
        }  # fmt: skip
    )
    assert list(code_candidates("board_2017.txt", english))[:3] == ["P01", "P02", "P03"]
    assert next(code_candidates("P07", english)) == "P07"  # a name that fits is kept
    default = Vocabulary.model_validate({"finding_families": [], "participant_groups": []})
    assert list(code_candidates("Board 2017.docx", default))[:2] == ["BOARD2017", "BOARD2017X2"]


def test_into_an_english_project_codes_fit_and_names_are_kept(tmp_path: Path, cli, puno_qdpx: Path) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "mythesis"
    assert cli("new", str(project), "--language", "en").code == 0
    assert cli("import", "qdpx", str(puno_qdpx), str(project)).code == 0
    corpus = load_corpus(project, problems := Problems())
    assert not problems.errors, problems.errors
    imported = yaml.safe_load((project / "content" / "imported" / "informants.yml").read_text("utf-8"))["informants"]
    assert [i["id"] for i in imported] == [f"P{n:02d}" for n in range(4, 15)]  # P01-P03 are the starter's own
    assert imported[0]["description"].startswith("Name in the REFI-QDA project: DMPP1")
    assert {q.informant for q in corpus.quotes} >= {"P04", "P14"}
    assert cli("check", str(project)).code == 0
    # a re-import keeps every code (the GUID map), whatever the names became
    assert cli("import", "qdpx", str(puno_qdpx), str(project)).code == 0
    again = yaml.safe_load((project / "content" / "imported" / "informants.yml").read_text("utf-8"))["informants"]
    assert [i["id"] for i in again] == [i["id"] for i in imported]


@pytest.mark.skipif(not (QC_PACKAGE / "demo.qdpx").is_file(), reason="qualitative-coding's demo project is missing")
def test_a_new_english_project_from_a_real_coded_project_builds_in_english(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "coded"
    assert cli("import", "qdpx", str(QC_PACKAGE / "demo.qdpx"), str(project), "--language", "en").code == 0
    thesis = yaml.safe_load((project / "content" / "thesis.yml").read_text("utf-8"))
    assert thesis["language"] == "en" and thesis["urls"]["quotes"] == "quotes"
    assert (project / "content" / "thesis.yml").read_text("utf-8").startswith("# yaml-language-server: $schema=")
    assert (project / "content" / "vocabulary.yml").is_file() and (project / "schema" / "quotes.schema.json").is_file()
    corpus = load_corpus(project, Problems())
    assert all(re.fullmatch(r"P[0-9]{2}", i.id) for i in corpus.informants)
    run = cli("build", str(project))
    assert run.code == 0, run.err
    site = project / "site"
    # category pages show the quotes' words, not their ids
    first = corpus.quotes[0]
    pages = [p.read_text("utf-8") for p in (site / "categories").rglob("index.html")]
    words = " ".join(first.text.split())[:40]
    assert any(words in " ".join(page.split()) for page in pages)
    assert not any(re.search(rf">{re.escape(first.id)}</a>", page) for page in pages)
    # no Spanish on the imported project's pages (its words are the QDA project's own, in English)
    spanish = spanish_words()
    leaks = []
    for page in sorted(site.rglob("*.html")):
        parser = VisibleText()
        parser.feed(page.read_text(encoding="utf-8"))
        found = {w.lower() for part in parser.parts for w in re.findall(r"[A-Za-záéíóúñü]{3,}", part)} & spanish
        leaks += [(page.relative_to(site).as_posix(), w) for w in sorted(found)]
    assert leaks == []


def test_no_empty_participant_by_category_table(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "nocats"
    assert cli("new", str(project), "--language", "en").code == 0  # the starter has no categories
    assert cli("build", str(project)).code == 0
    matrix = (project / "site" / "matrix" / "index.html").read_text("utf-8")
    assert "Participant × finding" in matrix
    assert "Participant × sub-category" not in matrix
