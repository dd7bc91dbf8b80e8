"""Reading deeper (issue 20, items 4, 6, 7): print in reading order, a chapter and the thesis on one page, the reading
path, the index of concepts."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def squeezed(text: str) -> str:
    """Text without any white space: a PDF's text breaks lines (and so spaces) where the page does."""
    return re.sub(r"\s+", "", text)


def printed_text(page: Page) -> str:
    """The text of the loaded page printed to PDF by Chromium, as pypdf reads it (all pages, in order)."""
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return "\n".join(p.extract_text() for p in pdf.pages)


def paragraphs_with_citations(page: Page, limit: int = 12) -> list[str]:
    """The text of the page's paragraphs and list entries that hold a citation, as the screen shows them."""
    return page.evaluate(
        """limit => [...document.querySelectorAll('article p, article li')]
             .filter(el => el.querySelector(':scope > a.cite, :scope > .citation, :scope > abbr'))
             .slice(0, limit).map(el => el.innerText)""",
        limit,
    )


def test_a_printed_page_keeps_its_citations_in_their_sentences(page: Page, base_url: str) -> None:
    page.goto(base_url + "secciones/teorias-motivacion/")
    page.wait_for_load_state("networkidle")
    shown = paragraphs_with_citations(page)
    assert len(shown) >= 5
    assert any("De acuerdo con Santrock (2014), existen" in text for text in shown)
    printed = squeezed(printed_text(page))
    missing = [text[:80] for text in shown if squeezed(text) not in printed]
    assert missing == []  # every sentence reads in the PDF as on screen, its citations where they stand
