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
