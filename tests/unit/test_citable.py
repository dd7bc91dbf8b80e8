"""Ready citations of the thesis and of a quote (APA via citeproc-py, BibTeX, RIS, CSL-JSON)."""

import json

from generator.citable import cite_quote, cite_thesis
from generator.csl import CitationFormatter
from generator.models import Abstract, Informant, Quote, Thesis


def thesis(**kw) -> Thesis:  # type: ignore[no-untyped-def]
    return Thesis(
        title="Título de prueba", title_derived=True, question="¿?", abstract_es=Abstract(text=[], keywords=[]), **kw
    )


def test_a_thesis_without_author_or_year_is_cited_by_title_and_sf() -> None:
    c = cite_thesis(CitationFormatter({}), thesis(), None)
    assert c.apa == "Título de prueba. (s.f.)."
    assert c.apa_intext == "(Título de prueba, s.f.)"
    assert "author" not in c.bibtex and "title = {Título de prueba}" in c.bibtex
    assert json.loads(c.csl_json) == {"id": "tesis", "type": "thesis", "language": "es", "title": "Título de prueba"}
    assert "AU  -" not in c.ris


def test_a_quote_citation_names_the_informant_and_the_thesis() -> None:
    quote = Quote(id="dmpp5-01", informant="DMPP5", text="…texto…")
    informant = Informant(id="DMPP5", role="Jefe de la OTI", group="directivo")
    c = cite_quote(CitationFormatter({}), quote, informant, thesis(year=2021), "https://tesis.example/")
    assert c.apa.startswith(
        "DMPP5. (2021). Entrevista a DMPP5 (Jefe de la OTI), cita dmpp5-01 [Entrevista]. <i>Título de prueba</i>."
    )
    assert "https://tesis.example/citas/dmpp5-01/" in c.apa
    assert c.apa_intext == "(DMPP5, 2021)"
    assert "url = {https://tesis.example/citas/dmpp5-01/}" in c.bibtex


def test_quote_and_thesis_citations_escape_yaml_text() -> None:
    quote = Quote(id="dmpp5-01", informant="DMPP5", text="…")
    informant = Informant(id="DMPP5", role="<img src=x onerror=alert(1)> & co", group="directivo")
    c = cite_quote(CitationFormatter({}), quote, informant, thesis(year=2021), None)
    assert "<img" not in c.apa and "&lt;img src=x onerror=alert(1)&gt; &amp; co" in c.apa
    t = cite_thesis(CitationFormatter({}), thesis(title_source=None).model_copy(update={"title": "A <b>B</b>"}), None)
    assert "<b>" not in t.apa + t.apa_intext and "A &lt;b&gt;B&lt;/b&gt;" in t.apa
