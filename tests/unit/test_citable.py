"""Ready citations of the thesis and of a quote (APA 7 by pandoc's citeproc, BibTeX, RIS, CSL-JSON, meta tags)."""

import json
import re

import bibtexparser
import jsonschema
import pytest
from pydantic import ValidationError

from generator.cite.citable import author_names, bibtex_type, cite_quote, cite_thesis, home_meta, quote_meta
from generator.cite.csl import CitationFormatter, plain_text
from generator.source.models import Abstract, Informant, Quote, Thesis
from tests.conftest import FIXTURES

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
    assert plain_text(c.apa) == "[Título de prueba largo]. (2021). https://tesis.example/citas/dmpp5-01/"
    assert '<a href="https://tesis.example/citas/dmpp5-01/">' in c.apa  # a dated work's URL is data for the engine
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
    tags, ld = quote_meta(QUOTE, INFORMANT, thesis(), None, [])
    assert "citation_dissertation_name" not in dict(tags) and '"@type": "CreativeWork"' in ld
    assert "citation_author" not in dict(tags)  # the informant is not an author
    declared = thesis(kind="Tesis doctoral", institution="Universidad X")
    tags, ld = quote_meta(QUOTE, INFORMANT, declared, None, [])
    assert dict(tags)["citation_dissertation_name"] == "Tesis doctoral" and '"@type": "Thesis"' in ld
    c = cite_thesis(CitationFormatter({}), declared, None)
    assert json.loads(c.csl_json)["type"] == "thesis" and c.ris.startswith("TY  - THES")
    assert c.bibtex.startswith("@phdthesis{tesis,")
    assert "type = {Tesis doctoral}" in c.bibtex and "school = {Universidad X}" in c.bibtex


def test_quote_and_thesis_citations_escape_yaml_text() -> None:
    informant = Informant(id="DMPP5", role="<img src=x onerror=alert(1)> & co", group="directivo")
    c = cite_quote(CitationFormatter({}), QUOTE, informant, thesis(year=2021), None)
    assert "<img" not in c.apa + c.apa_intext
    t = cite_thesis(CitationFormatter({}), thesis(title_source=None).model_copy(update={"title": "A <b>B</b>"}), None)
    assert "<b>" not in t.apa + t.apa_intext and "A &lt;b&gt;B&lt;/b&gt;" in t.apa


# -- an authored thesis: names as BibTeX writes them, the kind and institution in every format -------------------

ENGLISH = {"title": "Living with a time tracker", "title_derived": False, "language": "en", "year": 2025,
           "kind": "Master's thesis", "institution": "University of Northbridge"}  # fmt: skip
SPANISH = {"title": "Gobierno electrónico municipal", "title_derived": False, "language": "es", "year": 2024,
           "kind": "Tesis de maestría", "institution": "Universidad Nacional del Altiplano"}  # fmt: skip
P01 = Quote(id="p01-01", informant="P01", text="…the portal…")
E1 = Quote(id="e1-01", informant="E1", text="…el portal…")
SCHEMA = json.loads((FIXTURES / "csl-data.schema.json").read_text(encoding="utf-8"))


def ris_fields(record: str) -> list[tuple[str, str]]:
    """RIS tags and values as a reader parses them ("TY  - THES")."""
    return [(line[:2], line[6:]) for line in record.splitlines() if re.match(r"^[A-Z][A-Z0-9]  - ", line)]


@pytest.mark.parametrize("written", ["Morgan, Alex", "Alex Morgan", {"family": "Morgan", "given": "Alex"}])
def test_an_english_thesis_by_morgan_in_every_format(written) -> None:  # type: ignore[no-untyped-def]
    t = Thesis(**ENGLISH, question="?", authors=[written])
    fmt = CitationFormatter({}, language="en")
    c = cite_quote(fmt, P01, None, t, "https://example.org/morgan/", "4.1")
    url = "https://example.org/morgan/citas/p01-01/"
    assert plain_text(c.apa) == (
        f"Morgan, A. (2025). Living with a time tracker [Master's thesis, University of Northbridge]. {url}"
    )
    assert "<em>Living with a time tracker</em>" in c.apa
    assert c.apa_intext == "(P01, as cited in Morgan, 2025, Section 4.1)"
    entry = bibtexparser.parse_string(c.bibtex).entries[0]
    fields = {f.key: f.value for f in entry.fields}
    assert entry.entry_type == "mastersthesis" and entry.key == "p01-01"
    assert fields["author"] == "Morgan, Alex" and fields["school"] == "University of Northbridge"
    assert fields["type"] == "Master's thesis" and fields["year"] == "2025" and fields["url"] == url
    ris = ris_fields(c.ris)
    assert ris[0] == ("TY", "THES") and ("AU", "Morgan, Alex") in ris and ("PB", "University of Northbridge") in ris
    assert ("M3", "Master's thesis") in ris and ("PY", "2025") in ris
    item = json.loads(c.csl_json)
    jsonschema.validate([item], SCHEMA)
    assert item["author"] == [{"family": "Morgan", "given": "Alex"}] and item["type"] == "thesis"
    assert item["genre"] == "Master's thesis" and item["publisher"] == "University of Northbridge"
    tags, ld = quote_meta(P01, None, t, "https://example.org/morgan/", author_names(fmt, t))
    assert ("citation_author", "Morgan, Alex") in tags
    assert json.loads(str(ld))["isPartOf"]["author"] == [
        {"@type": "Person", "name": "Alex Morgan", "familyName": "Morgan", "givenName": "Alex"}
    ]
    home = cite_thesis(fmt, t, "https://example.org/morgan/")
    assert plain_text(home.apa).startswith("Morgan, A. (2025). Living with a time tracker [Master's thesis, University")
    assert home.apa_intext == "(Morgan, 2025)"


@pytest.mark.parametrize("written", ["Quispe Mamani, Rosa Elena", {"family": "Quispe Mamani", "given": "Rosa Elena"}])
def test_a_spanish_thesis_by_quispe_mamani_keeps_the_compound_surname(written) -> None:  # type: ignore[no-untyped-def]
    t = Thesis(**SPANISH, question="?", authors=[written])
    fmt = CitationFormatter({})
    c = cite_quote(fmt, E1, None, t, None, "1.1")
    assert plain_text(c.apa) == (
        "Quispe Mamani, R. E. (2024). Gobierno electrónico municipal [Tesis de maestría]. "
        "Universidad Nacional del Altiplano."
    )  # no URL known: APA's form of a thesis not published online
    assert c.apa_intext == "(E1, como se citó en Quispe Mamani, 2024, sección 1.1)"
    online = cite_quote(fmt, E1, None, t, "https://example.org/q/", "1.1")
    assert "[Tesis de maestría, Universidad Nacional del Altiplano]. " in plain_text(online.apa)
    entry = bibtexparser.parse_string(c.bibtex).entries[0]
    assert entry.entry_type == "mastersthesis"
    assert {f.key: f.value for f in entry.fields}["author"] == "Quispe Mamani, Rosa Elena"
    assert ("AU", "Quispe Mamani, Rosa Elena") in ris_fields(c.ris)
    assert json.loads(c.csl_json)["author"] == [{"family": "Quispe Mamani", "given": "Rosa Elena"}]
    tags, _ = quote_meta(E1, None, t, None, author_names(fmt, t))
    assert ("citation_author", "Quispe Mamani, Rosa Elena") in tags


def test_particles_several_authors_and_a_group_author() -> None:
    t = Thesis(**ENGLISH, question="?", authors=["van der Berg, Ana", "Brian Lee", "{Research and Data Unit}"])
    fmt = CitationFormatter({}, language="en")
    names = author_names(fmt, t)
    assert names[0] == {"dropping-particle": "van der", "family": "Berg", "given": "Ana"}
    assert names[2] == {"literal": "Research and Data Unit"}  # braces keep a group's name whole, "and" included
    c = cite_thesis(fmt, t, None)
    assert c.apa_intext == "(Berg et al., 2025)"
    authors = {f.key: f.value for f in bibtexparser.parse_string(c.bibtex).entries[0].fields}["author"]
    assert authors == "van der Berg, Ana and Lee, Brian and {Research and Data Unit}"
    assert [v for k, v in ris_fields(c.ris) if k == "AU"] == [
        "van der Berg, Ana",
        "Lee, Brian",
        "Research and Data Unit",
    ]
    two = cite_thesis(fmt, t.model_copy(update={"authors": t.authors[:2]}), None)
    assert two.apa_intext == "(Berg &amp; Lee, 2025)"
    es = CitationFormatter({})
    assert cite_thesis(es, t.model_copy(update={"authors": ["Quispe Mamani, Rosa", "Lee, Brian"], "language": "es"}),
                       None).apa_intext == "(Quispe Mamani y Lee, 2025)"  # fmt: skip
    _, ld = home_meta(t, names, None)
    assert json.loads(str(ld))["author"][2] == {"@type": "Organization", "name": "Research and Data Unit"}


def test_the_kind_names_the_bibtex_type() -> None:
    assert bibtex_type("Tesis doctoral") == bibtex_type("Doctoral dissertation") == "phdthesis"
    assert bibtex_type("Tesis de maestría") == bibtex_type("Master's thesis") == "mastersthesis"
    assert bibtex_type("Trabajo fin de máster") == "mastersthesis"
    assert bibtex_type("Tesis de licenciatura") == bibtex_type("Bachelor's thesis") == "thesis"
    assert bibtex_type(None) == "misc"


@pytest.mark.parametrize("bad", [{"familia": "Morgan"}, "{Morgan", "", ["Morgan"]])
def test_an_author_that_is_not_a_name_is_one_clear_error(bad) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        Thesis(**ENGLISH, question="?", authors=[bad])
    assert "author 1" in str(exc.value) and "{family: ..., given: ...}" in str(exc.value)
