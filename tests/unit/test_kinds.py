"""The kinds table: URL patterns expand as published, every template it names exists, URLs are unique."""

from __future__ import annotations

from generator.kinds import KINDS, PAGES, not_in_nav, url_for
from generator.resources import default_templates


def test_url_patterns_are_the_published_permalinks() -> None:
    assert url_for("quote", id="dmpp5-01") == "citas/dmpp5-01/"
    assert url_for("informant", id="DMPP5") == "informantes/dmpp5/"
    assert url_for("item", section="objetivos", id="oe1") == "secciones/objetivos/#oe1"
    assert url_for("glossary", id="TIC") == "glosario/#tic"
    assert url_for("reference", id="naser2011") == "referencias/#naser2011"
    assert url_for("reference", id="a b") == "referencias/#a%20b"  # a fragment cannot hold a space
    assert url_for("quotes") == "citas/" and url_for("home") == ""
    assert url_for("chapter", id="cap1") == "secciones/cap1/completo/" and url_for("whole") == "tesis/"
    assert url_for("concept", id="motivacion") == "conceptos/#motivacion"


def test_every_template_named_in_the_table_exists() -> None:
    pages = default_templates() / "pages"
    names = [k.template for k in KINDS.values() if k.template] + [p.template for p in PAGES.values()]
    assert [n for n in names if not (pages / f"{n}.md.j2").is_file()] == []


def test_index_pages_have_distinct_urls_and_record_pages_stay_out_of_the_nav() -> None:
    assert len({p.url for p in PAGES.values()}) == len(PAGES)
    assert {k.index for k in KINDS.values() if k.index} <= set(PAGES)
    assert not_in_nav().split() == [
        "/antecedentes/*/", "/categorias/*/", "/citas/*/", "/conceptos/*/", "/figuras/*/", "/glosario/*/", "/hallazgos/*/",
        "/informantes/*/", "/matriz/*/", "/referencias/*/", "/datos/*", "/secciones/*/completo/", "/tesis/",
    ]  # record pages, then parts of split list pages (split.py), the data files, the whole chapters and thesis  # fmt: skip
