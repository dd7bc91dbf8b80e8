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
