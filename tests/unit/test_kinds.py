"""The kinds table: URL patterns expand as published, every template it names exists, URLs are unique; each
project's folder names come from one place."""

from __future__ import annotations

from generator.kinds import FOLDERS, KINDS, PAGES, URL_NAMES, url_names
from generator.source.models import Thesis, UrlNames
from generator.source.resources import default_templates
from generator.urls import Layout, layout_of


def test_url_patterns_are_the_published_permalinks() -> None:
    L = Layout()  # a project without `urls:` in its thesis.yml: the Puno site's names
    assert L.url_for("quote", id="dmpp5-01") == "citas/dmpp5-01/"
    assert L.url_for("informant", id="DMPP5") == "informantes/dmpp5/"
    assert L.url_for("item", section="objetivos", id="oe1") == "secciones/objetivos/#oe1"
    assert L.url_for("glossary", id="TIC") == "glosario/#tic"
    assert L.reference("naser2011") == "referencias/#naser2011"
    assert L.reference("a b") == "referencias/#a%20b"  # a fragment cannot hold a space
    assert L.page("quotes") == "citas/" and L.page("home") == "" and L.page("glossary") == "glosario/"
    assert L.data_file("quotes_file", "json") == "datos/citas.json"
    assert L.data_file("thesis_file", "qdpx") == "datos/tesis.qdpx"
    assert L.url_for("chapter", id="cap1") == "secciones/cap1/completo/" and L.page("whole") == "tesis/"
    assert L.url_for("concept", id="motivacion") == "conceptos/#motivacion"


def test_a_new_english_project_has_english_names_and_keeps_them() -> None:
    L = Layout.of(url_names("en"))
    assert L.url_for("quote", id="p01-01") == "quotes/p01-01/"
    assert L.url_for("section", id="introduction") == "sections/introduction/"
    assert L.url_for("finding", id="theme-1") == "findings/theme-1/"
    assert L.data_file("quotes_file", "json") == "data/quotes.json"
    assert url_names("en-GB") == url_names("en") and url_names("es-PE") == URL_NAMES["es"]
    # thesis.yml's urls: what it writes wins, what it leaves out is the published (Spanish) name
    thesis = Thesis.model_validate({"title": "T", "title_derived": False, "question": "Q", "urls": {"quotes": "q"}})
    assert layout_of(thesis).page("quotes") == "q/" and layout_of(thesis).page("findings") == "hallazgos/"


def test_every_language_names_every_folder_and_file_the_model_declares() -> None:
    for names in URL_NAMES.values():
        assert list(names) == list(UrlNames.model_fields)
        assert len({names[k] for k in FOLDERS}) == len(FOLDERS)


def test_every_template_named_in_the_table_exists() -> None:
    pages = default_templates() / "pages"
    names = [k.template for k in KINDS.values() if k.template] + [p.template for p in PAGES.values()]
    assert [n for n in names if not (pages / f"{n}.md.j2").is_file()] == []


def test_index_pages_have_distinct_urls_and_record_pages_stay_out_of_the_nav() -> None:
    L = Layout()
    assert len({L.page(p) for p in PAGES}) == len(PAGES)
    assert {k.index for k in KINDS.values() if k.index} <= set(PAGES)
    assert L.not_in_nav().split() == [
        "/antecedentes/*/", "/categorias/*/", "/citas/*/", "/conceptos/*/", "/figuras/*/", "/glosario/*/", "/hallazgos/*/",
        "/informantes/*/", "/matriz/*/", "/referencias/*/", "/datos/*", "/secciones/*/completo/", "/tesis/",
    ]  # record pages, then parts of split list pages (split.py), the data files, the whole chapters and thesis  # fmt: skip
    assert Layout.of(url_names("en")).not_in_nav().split()[-3:] == ["/data/*", "/sections/*/full/", "/thesis/"]
