from pathlib import Path

from generator.check.validate import audit, compress, known, validate
from generator.errors import Problems
from generator.source.corpus import load_corpus
from tests.conftest import make_project


def test_compress_runs_of_codes() -> None:
    codes = [f"DMPP{i}" for i in range(1, 11)] + ["PCMGESS"]
    assert compress(codes) == "DMPP1…DMPP10, PCMGESS"


def test_compress_shows_every_id_as_written() -> None:
    assert compress(["P01", "P02", "P03"]) == "P01…P03"  # not 'P1…P3'
    assert compress(["P08", "P09", "P10", "P11"]) == "P08…P11"
    assert compress(["P01", "P02", "P03", "P100"]) == "P01…P03, P100"
    assert compress(["P1", "P02"]) == "P1, P02"


def test_known_suggests_ids_that_differ_in_case_or_zero_padding() -> None:
    assert known(["P01", "P02", "P03"], "P3") == "(did you mean 'P03'?)"
    assert known(["DMPP1", "DMPP10"], "dmpp01") == "(did you mean 'DMPP1'?)"
    assert known(["p01-01", "p02-01"], "p01-1") == "(did you mean 'p01-01'?)"


def test_known_suggests_close_matches() -> None:
    assert known(["naser2011", "gil2007"], "nasser2011") == "(did you mean 'naser2011'?)"
    assert known(["a", "b"], "zzz") == "(known: a, b)"


def test_audit_of_minimal_project(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    problems = Problems()
    corpus = load_corpus(project, problems)
    validate(corpus, problems)
    assert not problems.errors
    summary = audit(corpus, problems)
    assert summary["unused"] == []
    assert summary["incomplete"] == {
        "gil2007": ["title", "coauthors"],
        "naser2011": ["title"],
        "robledosf": ["title", "year"],
    }
    assert summary["orphan_quotes"] == []


def test_audit_reports_unused_orphans_and_year_variants(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    with (project / "bibliography.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@misc{naser2008, author = {Naser}, year = {2008}, missing = {title}}\n")
    with (project / "content" / "quotes.yml").open("a", encoding="utf-8") as quotes:
        quotes.write('  - id: dmpp2-02\n    informant: DMPP2\n    text: "sin uso"\n')
    problems = Problems()
    corpus = load_corpus(project, problems)
    summary = audit(corpus, problems)
    assert summary["unused"] == ["naser2008"]
    assert summary["orphan_quotes"] == ["dmpp2-02"]
    assert any("'Naser' cited with different years: 2008, 2011" in m for m in summary["author_variants"])
    warnings = [str(w) for w in problems.warnings]
    assert (
        "content/quotes.yml:11: warning: quote 'dmpp2-02' is not used by any section, finding or category" in warnings
    )


def test_audit_reports_announced_counts_that_differ(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    path = project / "content" / "sections" / "01-marco.yml"
    path.write_text(
        path.read_text("utf-8").replace("kind: funciones\n", "kind: funciones\n          stated_count: 3\n"), "utf-8"
    )
    problems = Problems()
    corpus = load_corpus(project, problems)
    summary = audit(corpus, problems)
    assert summary["count_mismatches"] == ["list 'funciones': the thesis announces 3 items but gives 2"]
    assert "content/sections/01-marco.yml:16: warning: list 'funciones': the thesis announces 3 items but gives 2" in [
        str(w) for w in problems.warnings
    ]


def test_audit_reports_spelling_variants_declared_in_the_bib(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    bib = project / "bibliography.bib"
    bib.write_text(bib.read_text("utf-8").replace("@misc{gil2007,", "@misc{gil2007,\n  spellings = {Gíl},"), "utf-8")
    problems = Problems()
    summary = audit(load_corpus(project, problems), problems)
    assert "author spelled differently: Gil / Gíl (gil2007)" in summary["author_variants"]


def test_a_concept_presented_in_an_unknown_place_is_an_error_at_its_line(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "content" / "concepts.yml").write_text(
        "concepts:\n  - id: tic\n    name: TIC\n    presented_in: no-such-section\n"
        "  - id: tic\n    name: Tecnologías\n",
        encoding="utf-8",
    )
    problems = Problems()
    validate(load_corpus(project, problems), problems)
    found = [str(p) for p in problems.errors]
    assert found[0].startswith("content/concepts.yml:4: unknown section or item 'no-such-section'")
    assert found[1] == "content/concepts.yml:5: duplicate concept id 'tic' (first defined at content/concepts.yml:2)"


def test_rich_blocks_warn_of_unused_notes_ragged_tables_and_images_without_words(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", "rich_blocks")
    problems = Problems()
    validate(load_corpus(project, problems), problems)
    assert problems.items == []  # the fixture is clean

    path = project / "content" / "sections" / "04-rico.yml"
    text = path.read_text("utf-8")
    text = text.replace(
        '      alt: "Tres barras: azul, naranja y verde"\n      caption: "Figura 16. Citas por *categoría*"\n', ""
    )
    text = text.replace('"Según la gerencia municipal"]', '"Según la gerencia municipal", "de más"]')
    path.write_text(text + '  - id: sin-llamada\n    text: "Nadie la llama."\n', "utf-8")
    problems = Problems()
    validate(load_corpus(project, problems), problems)
    assert problems.errors == []
    assert [str(w) for w in problems.warnings] == [
        "content/sections/04-rico.yml:27: warning: table rows differ in width: row 2 of 'rows' has 7 columns, the first row 6",
        "content/sections/04-rico.yml:31: warning: image 'media/grafico 1.png' has neither 'alt' nor 'caption': a reader who cannot see it gets nothing",
        "content/sections/04-rico.yml:42: warning: footnote 'sin-llamada' of section 'rico' is never referenced",
    ]
