"""Whole builds of tiny projects into tmp_path: determinism, data contracts, escaping, offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import make_project, tree_digest


def build(cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("build", str(project))
    assert run.code == 0, run.err


@pytest.fixture(scope="module")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture, built once for the tests that only read its output."""
    from generator.build import build_project

    project = make_project(tmp_path_factory.mktemp("minimal") / "p")
    build_project(project)
    return project / "site"


def test_two_builds_in_different_folders_are_byte_identical(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    a = make_project(tmp_path / "a")
    b = make_project(tmp_path / "elsewhere" / "b")
    build(cli, a)
    build(cli, b)
    build(cli, b)  # a rebuild in place gives the same bytes too
    assert tree_digest(a / "site") == tree_digest(b / "site")
    for path in (a / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".csv"):
            assert str(tmp_path) not in path.read_text(encoding="utf-8"), path


def test_quote_text_is_data_not_code(minimal_site: Path) -> None:
    html = (minimal_site / "citas" / "pcmgess-01" / "index.html").read_text(encoding="utf-8")
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% if x %}sí{% endif %} *no* [enlace](http://example.com)"
        in html
    )
    assert "49" not in re.sub(r"<[^>]+>", "", html.split("<article", 1)[1]).split("Citar")[0]
    for page in minimal_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text, page
        assert 'href="http://example.com"' not in text, page


def test_quotes_json_contract(minimal_site: Path) -> None:
    data = json.loads((minimal_site / "datos" / "citas.json").read_text(encoding="utf-8"))
    assert [q["id"] for q in data] == ["dmpp1-01", "dmpp2-01", "pcmgess-01"]
    first = data[0]
    assert first["informant"] == "DMPP1"
    assert first["text"] == "…Es un conjunto de herramientas para la ciudadanía…"
    assert first["url"] == "citas/dmpp1-01/"
    assert first["findings"] == ["motivacion-1"]
    assert (minimal_site / first["url"] / "index.html").is_file()


def test_references_json_is_csl_with_url_and_cited_in(minimal_site: Path) -> None:
    refs = {r["id"]: r for r in json.loads((minimal_site / "datos" / "referencias.json").read_text("utf-8"))}
    assert set(refs) == {"naser2011", "gil2007", "pcm2013", "robledosf"}
    naser = refs["naser2011"]
    assert naser["author"] == [{"family": "Naser"}, {"family": "Concha"}]
    assert naser["issued"] == {"date-parts": [[2011]]}
    assert naser["custom"]["url"] == "referencias/#naser2011"
    # the abstract cites it too: the home page, whose site-relative URL is ''
    assert naser["custom"]["cited_in"] == [
        "secciones/marco/",
        "secciones/conceptualizando/",
        "hallazgos/motivacion-1/",
        "",
    ]
    assert "url" not in naser and "cited_in" not in naser and "URL" not in naser
    assert refs["pcm2013"]["author"] == [{"literal": "PCM"}]
    assert "issued" not in refs["robledosf"]
    assert "coautores no indicados" in refs["gil2007"]["note"]
    html = (minimal_site / "referencias" / "index.html").read_text(encoding="utf-8")
    for key in refs:
        assert f'id="{key}"' in html


def test_citation_links_to_its_reference_with_full_reference_as_title(minimal_site: Path) -> None:
    html = (minimal_site / "secciones" / "conceptualizando" / "index.html").read_text(encoding="utf-8")
    gil = "Gil et\u00a0al. (2007). Referencia incompleta: la tesis solo da autor y a\u00f1o (falta: t\u00edtulo, coautores)."
    assert (
        f'<a class="cite" id="ref-gil2007" href="../../referencias/#gil2007" title="{gil}" data-ref="{gil}">Gil et\u00a0al. (2007)</a>'
        in html
    )
    assert re.search(
        r'<a class="cite" id="ref-naser2011" href="../../referencias/#naser2011"[^>]*>Naser y Concha, 2011</a>; ', html
    )
    assert "Robledo, s.f." in html


def test_no_request_can_leave_the_site(minimal_site: Path) -> None:
    for page in minimal_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', text), page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_new_starter_project_builds(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "x"
    assert cli("new", str(target)).code == 0
    assert cli("check", str(target)).code == 0
    build(cli, target)
    assert (target / "site" / "index.html").is_file()
    assert cli("new", str(target)).code == 2  # never overwrites


def test_schema_is_json_schema_of_every_file(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("schema")
    schema = json.loads(run.out)
    assert set(schema["files"]) >= {"thesis.yml", "sections/*.yml", "quotes.yml", "informants.yml"}
    quote = schema["files"]["quotes.yml"]["$defs"]["Quote"]
    assert quote["additionalProperties"] is False
    assert all("description" in p for p in quote["properties"].values())


def test_synthetic_project_checks_and_builds(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "synth"
    assert cli("synth", "--scale", "2", str(target)).code == 0
    run = cli("check", str(target))
    assert run.code == 0, run.err
    assert "ok: 0 errors" in run.out
    build(cli, target)
    quotes = json.loads((target / "site" / "datos" / "citas.json").read_text("utf-8"))
    assert len(quotes) == 2 * 45
    assert {q["informant"] for q in quotes} >= {"V1DMPP5", "V2DMPP5"}


def test_synthetic_project_is_deterministic(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    for name in ("a", "b"):
        assert cli("synth", "--scale", "2", "--seed", "7", str(tmp_path / name)).code == 0
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
    assert cli("synth", "--scale", "2", "--seed", "8", str(tmp_path / "c")).code == 0
    assert tree_digest(tmp_path / "a") != tree_digest(tmp_path / "c")


def test_citation_cache_changes_nothing_but_time(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "p")
    build(cli, project)
    cold = tree_digest(project / "site")
    assert (project / ".thesis-site" / "cache" / "citations.json").is_file()
    build(cli, project)
    assert tree_digest(project / "site") == cold


def test_the_real_thesis_builds_identically_in_two_folders(tmp_path: Path, site_root: Path) -> None:
    from generator.build import build_project
    from tests.conftest import copy_real_project

    other = copy_real_project(tmp_path / "other" / "thesis")
    build_project(other)
    assert tree_digest(other / "site") == tree_digest(site_root)
