"""Reading deeper (issue 20, items 4, 6, 7): print in reading order, a chapter and the thesis on one page, the reading
path, the index of concepts."""

from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from generator.errors import Problems
from generator.source.corpus import load_corpus
from tests.conftest import REPO

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


def test_a_chapter_reads_whole_on_one_page_with_working_anchors(page: Page, base_url: str, site_root: Path) -> None:
    from generator.website.whole import chapters, walk

    c = load_corpus(REPO, Problems())
    chapter = next(sec for sec in chapters(c) if sec.id == "cap1")
    # From a section of the chapter, "Leer el capítulo completo" opens the chapter's page at that section.
    page.goto(base_url + "secciones/teorias-motivacion/")
    page.get_by_role("link", name="Leer el capítulo completo").click()
    expect(page).to_have_url(re.compile(r"/secciones/cap1/completo/#teorias-motivacion$"))
    expect(page.locator("#teorias-motivacion")).to_be_in_viewport()
    # Every section of the chapter is on the page, in reading order, under its own heading.
    ids = [sec.id for sec, _ in walk(chapter, 1)]
    tops = page.evaluate("ids => ids.map(id => document.getElementById(id)?.getBoundingClientRect().top ?? null)", ids)
    assert None not in tops and tops == sorted(tops)
    # The same citations as the sections' own pages, and no id twice.
    own = sum(
        len(re.findall(r'<a class="cite"', (site_root / "secciones" / i / "index.html").read_text("utf-8")))
        for i in ids
    )
    assert page.locator("article a.cite").count() == own
    assert page.evaluate("() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id);"
                         " return ids.length - new Set(ids).size; }") == 0  # fmt: skip
    # A link to an item the page holds stays on the page (the theory's heading), and lands there.
    link = page.locator('article a[href="#teoria-bifactorial"]').first
    expect(link).to_have_count(1)
    link.click()
    expect(page.locator("#teoria-bifactorial")).to_be_in_viewport()
    page.screenshot(path=str(SHOTS / "chapter-whole.png"))
    # The section pages keep their permalinks: search indexes them, not this page.
    html = (site_root / "secciones" / "cap1" / "completo" / "index.html").read_text("utf-8")
    assert "data-pagefind-body" not in html
    assert "data-pagefind-body" in (site_root / "secciones" / "teorias-motivacion" / "index.html").read_text("utf-8")


def test_the_whole_thesis_prints_with_its_citations_in_place(page: Page, base_url: str, site_root: Path) -> None:
    from pypdf import PdfReader

    page.goto(base_url + "tesis/")
    expect(page.locator("h2#introduccion")).to_have_count(1)
    expect(page.locator("h2#anexo-2")).to_have_count(1)
    pdf_link = page.get_by_role("link", name="Descargar la tesis en PDF")
    assert pdf_link.get_attribute("href") == "../datos/tesis.pdf"
    # The PDF built with the site: every section heading, and the sentences with their citations.
    built = PdfReader(site_root / "datos" / "tesis.pdf")
    text = squeezed("\n".join(p.extract_text() for p in built.pages))
    assert len(built.pages) > 30
    assert squeezed("De acuerdo con Santrock (2014), existen ocho perspectivas fundamentales") in text
    assert squeezed("Anexo 2. Consentimiento informado para participantes de investigación") in text
    assert [o["/Title"] for o in built.outline if isinstance(o, dict)][0].startswith("Motivaciones y estrategias")


def test_previous_and_next_pass_over_empty_sections_that_stay_in_the_nav(page: Page, base_url: str) -> None:
    page.goto(base_url + "secciones/anexo-1/")
    following = page.locator("a.md-footer__link--next")
    expect(following).not_to_have_attribute("href", re.compile(r"anexo-2/$"))
    page.goto(base_url + "secciones/recomendaciones/")
    page.locator("a.md-footer__link--next").click()
    expect(page).to_have_url(re.compile(r"/secciones/anexo-1/$"))
    nav = page.locator('.md-sidebar--primary a[href$="anexo-2/"]')
    expect(nav).to_have_count(1)  # still reachable
    nav.click()
    expect(page.locator("h1")).to_contain_text("Anexo 2")


def test_a_parent_page_opens_with_a_guide_to_its_parts(page: Page, base_url: str) -> None:
    page.goto(base_url + "secciones/cap1/")
    guide = page.locator(".ts-children li")
    expect(guide).to_have_count(2)
    expect(guide.first.locator(".ts-opening")).to_contain_text("De acuerdo con Santrock (2014), la motivación es")
    expect(guide.first.locator(".ts-sublinks a")).to_have_count(3)
    page.screenshot(path=str(SHOTS / "parent-guide.png"))


def test_antecedent_pages_have_a_heading_per_study_and_a_measure_of_about_70(page: Page, base_url: str) -> None:
    page.goto(base_url + "secciones/antecedentes-internacionales/")
    toc = page.locator(".md-sidebar--secondary .md-nav__link")
    expect(toc).to_have_count(12)
    expect(page.locator("h2#ant-martinez2001")).to_contain_text("Martínez (2001)")
    per_line = page.evaluate(
        """() => [...document.querySelectorAll('article p')].filter(p => p.innerText.length > 400).map(p => {
             const lines = Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
             return p.innerText.length / (lines - 0.5); })"""
    )
    assert len(per_line) > 5 and all(55 <= n <= 80 for n in per_line), per_line


def test_the_index_of_concepts_links_both_ways(page: Page, base_url: str) -> None:
    page.goto(base_url + "secciones/teorias-motivacion/")
    back = page.locator(".ts-concepts-here a", has_text="Teoría bifactorial")
    back.click()
    expect(page).to_have_url(re.compile(r"/conceptos/#teoria-bifactorial$"))
    entry = page.locator("#teoria-bifactorial")
    expect(entry).to_be_in_viewport()
    page.locator("#teoria-bifactorial + dl a", has_text="c) Teoría bifactorial").click()
    expect(page).to_have_url(re.compile(r"/secciones/teorias-motivacion/#teoria-bifactorial$"))
    page.goto(base_url + "conceptos/")
    ngp = page.locator("#nueva-gestion-publica + dl")
    expect(ngp).to_contain_text("1.1.3.2 Gobierno electrónico, instrumento de la modernización")
    # "el primero es el Gobierno abierto": the name is the thesis's words, not an editorial title (issue 18)
    expect(page.locator("#eje-gobierno-abierto:not(.ts-ed-heading)")).to_have_count(1)
    page.screenshot(path=str(SHOTS / "concepts.png"))


@pytest.mark.parametrize("path", ["secciones/cap1/completo/", "tesis/", "conceptos/", "secciones/cap1/"])
def test_the_new_pages_pass_axe(page: Page, base_url: str, path: str) -> None:
    from tests.browser.test_tasks import serious_violations

    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []


SHOTS = Path(os.environ.get("SCREENSHOTS", tempfile.gettempdir())) / "thesis-site-screenshots"
SHOTS.mkdir(parents=True, exist_ok=True)
