"""Title-page lines and typed citations the Word import must not misread (found in real theses)."""

from __future__ import annotations

from generator.importers.docx.frontmatter import DATE_LINE_RE, names_line
from generator.importers.docx.typed import Linker


def test_a_line_of_names_is_never_a_title() -> None:
    assert names_line("Alexander Siles & Katty Provedor.")
    assert names_line("Ana Ruiz y Luis Paz")
    assert not names_line("DIGITAL COMPANY.")  # the end of a title set on two lines
    assert not names_line("Modelos de interacción espacial y migración interna en Uruguay")


def test_a_date_line_may_end_with_a_full_stop() -> None:
    assert DATE_LINE_RE.match("Enero 2018.")
    assert DATE_LINE_RE.match("Lima, 2012")


def test_a_century_before_a_year_is_not_a_citation() -> None:
    linker = Linker([], set(), "es")
    text = "A segunda mitad del siglo XVII (1657) el Virrey Conde de Lemos"
    assert linker.link(text, "a section") == text
    assert "[-@" in linker.link("Según Urbina (2013) el mercado", "a section")


def test_plain_text_drops_markup_but_keeps_the_document_s_own_asterisks() -> None:
    from generator.importers.docx.structure import plain

    assert plain(r"{{ 7\*7 }} *énfasis* R\^2 x\~y") == "{{ 7*7 }} énfasis R^2 x~y"


def title_of(*lines: str, core: str | None = None) -> str:
    from generator.importers.docx.convert import Chunk
    from generator.importers.docx.frontmatter import read_title_page

    front = [Chunk("p", line, key=f"P{n}") for n, line in enumerate(lines)]
    return str(read_title_page(front, {}, core, "tesis").fields["title"])


def test_a_title_naming_a_college_is_not_the_institution() -> None:
    """Penn State's Schreyer Honors College cover: the title holds the word 'college'."""
    title = "PREDICTING THE OUTCOME OF THE FINAL SIXTEEN TEAMS IN COLLEGE BASKETBALL USING TIME SERIES ANALYSIS"
    lines = ["THE PENNSYLVANIA STATE UNIVERSITY", "SCHREYER HONORS COLLEGE", title, "CHRISTOPER KENNETH MILLER"]
    assert title_of(*lines, "SPRING 2023", "A thesis", "Associate Teaching Professor of Statistics") == title


def test_the_author_s_byline_is_not_part_of_the_title() -> None:
    title = "Measuring the Historical Accuracy of Financial Modeling"
    assert title_of(title, "Bryce Miller | Montpellier Business School 2021") == title
    assert title_of("Machine Learning, una aproximación práctica") == "Machine Learning, una aproximación práctica"


def test_a_paragraph_of_running_text_is_never_the_title() -> None:
    """A document that opens with its first chapter's text (pandoc took the Title style paragraph as metadata)."""
    prose = (
        "The visual system encounters an enormous amount of complex information that is processed to produce a "
        "smooth phenomenal experience of the world, and this chapter reviews what is known."
    )
    assert title_of(prose, core="The influence of learning in visual working memory") == (
        "The influence of learning in visual working memory"
    )


def test_a_title_in_quotation_marks_wins_over_a_licence_line() -> None:
    title = "“Social Media Mining as a Tool Against Hate Crimes”"
    lines = ["Master’s Degree in Big Data Analytics Academic Year 2017-2018", "Master’s Thesis", title]
    licence = "This work is licensed under Creative Commons Attribution – Non Commercial – Non Derivatives"
    assert title_of(*lines, "Juan Carlos Pereira Kohatsu", "Madrid, October 2018", licence) == title
