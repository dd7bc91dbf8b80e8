"""Ready citations of the thesis and of a quote (APA 7 via citeproc-py, BibTeX, RIS, CSL-JSON, meta tags)."""

import json

from generator.citable import cite_quote, cite_thesis, quote_meta
from generator.csl import CitationFormatter
from generator.models import Abstract, Informant, Quote, Thesis

QUOTE = Quote(id="dmpp5-01", informant="DMPP5", text="…texto…")
INFORMANT = Informant(id="DMPP5", role="Jefe de la OTI", group="directivo")


def thesis(**kw) -> Thesis:  # type: ignore[no-untyped-def]
    fields = {"title": "Título de prueba largo", "title_derived": True, "question": "¿?"}
    return Thesis(**{**fields, **kw}, abstract_es=Abstract(text=[], keywords=[]))


def test_a_derived_title_is_a_bracketed_description_without_author_date_or_type() -> None:
    c = cite_thesis(CitationFormatter({}), thesis(), None)
    assert c.apa == "[Título de prueba largo]. (s.f.)."
    assert c.apa_intext == "([Título de prueba…], s.f.)"
    assert "author" not in c.bibtex and "title = {[Título de prueba largo]}" in c.bibtex
    assert c.bibtex.startswith("@misc{tesis,")
    item = json.loads(c.csl_json)
    assert item["type"] == "document" and item["title"] == "[Título de prueba largo]" and "author" not in item
    assert c.ris.startswith("TY  - GEN\n") and "AU  -" not in c.ris


def test_a_printed_title_has_no_brackets() -> None:
    c = cite_thesis(CitationFormatter({}), thesis(title="Un título impreso", title_derived=False), None)
    assert c.apa == "Un título impreso. (s.f.)."


def test_a_quote_is_cited_through_the_thesis_with_a_locator() -> None:
    c = cite_quote(CitationFormatter({}), QUOTE, INFORMANT, thesis(year=2021), "https://tesis.example/", "4.1.1")
    assert c.apa == "[Título de prueba largo]. (2021). https://tesis.example/citas/dmpp5-01/"
    assert "DMPP5" not in c.apa  # the participant is not the author of a reference
    assert c.apa_intext == "(DMPP5, como se citó en [Título de prueba…], 2021, sección 4.1.1)"
    assert "url = {https://tesis.example/citas/dmpp5-01/}" in c.bibtex and "author" not in c.bibtex
    assert "cita dmpp5-01, sección 4.1.1: palabras de DMPP5 (Jefe de la OTI)" in json.loads(c.csl_json)["note"]
    assert "UR  - https://tesis.example/citas/dmpp5-01/" in c.ris
    assert c.url == "https://tesis.example/citas/dmpp5-01/"


def test_without_section_the_locator_is_the_quote_id_and_english_says_as_cited_in() -> None:
    c = cite_quote(CitationFormatter({}), QUOTE, INFORMANT, thesis(language="en"), None)
    assert c.apa_intext.startswith("(DMPP5, as cited in [Título de prueba…], ")
    assert c.apa_intext.endswith(", quote dmpp5-01)")
    assert c.url is None and "URL" not in json.loads(c.csl_json)


def test_types_and_dissertation_tags_only_when_the_kind_is_declared() -> None:
    tags, ld = quote_meta(QUOTE, INFORMANT, thesis(), None)
    assert "citation_dissertation_name" not in dict(tags) and '"@type": "CreativeWork"' in ld
    assert "citation_author" not in dict(tags)  # the informant is not an author
    declared = thesis(kind="Tesis doctoral", institution="Universidad X")
    tags, ld = quote_meta(QUOTE, INFORMANT, declared, None)
    assert dict(tags)["citation_dissertation_name"] == "Tesis doctoral" and '"@type": "Thesis"' in ld
    c = cite_thesis(CitationFormatter({}), declared, None)
    assert json.loads(c.csl_json)["type"] == "thesis" and c.ris.startswith("TY  - THES")
    assert "type = {Tesis doctoral}" in c.bibtex and "institution = {Universidad X}" in c.bibtex


def test_quote_and_thesis_citations_escape_yaml_text() -> None:
    informant = Informant(id="DMPP5", role="<img src=x onerror=alert(1)> & co", group="directivo")
    c = cite_quote(CitationFormatter({}), QUOTE, informant, thesis(year=2021), None)
    assert "<img" not in c.apa + c.apa_intext
    t = cite_thesis(CitationFormatter({}), thesis(title_source=None).model_copy(update={"title": "A <b>B</b>"}), None)
    assert "<b>" not in t.apa + t.apa_intext and "A &lt;b&gt;B&lt;/b&gt;" in t.apa
