"""Each reader task of the product brief, done in Chromium as a person would."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_reader import watch
from tests.conftest import REPO

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the loaded page ("rule: first three targets")."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "axe.run().then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')))"
    )


PAGE_KINDS = {
    "home": "",
    "section": "secciones/conceptualizando-ge/",
    "quote": "citas/dmpp5-01/",
    "quotes": "citas/",
    "informant": "informantes/dmpp5/",
    "informants": "informantes/",
    "finding": "hallazgos/motivacion-1/",
    "findings": "hallazgos/",
    "matrix": "matriz/",
    "figure": "figuras/fig-02/",
    "references": "referencias/",
    "antecedents": "antecedentes/",
    "glossary": "glosario/",
    "categories": "categorias/",
    "downloads": "datos/",
}


def test_citation_to_reference_and_back_to_the_citing_section(page: Page, base_url: str) -> None:
    page.goto(base_url + "secciones/enfoques-ge/")
    link = page.locator("a.cite").first
    href = link.get_attribute("href") or ""
    key = href.split("#")[1]
    link.click()
    expect(page).to_have_url(re.compile(rf"/referencias/#{key}$"))
    entry = page.locator(f"li#{key}")
    expect(entry).to_be_in_viewport()
    entry.locator("summary").click()
    entry.get_by_role("link", name=re.compile("Los enfoques del gobierno electrónico")).click()
    expect(page).to_have_url(re.compile(rf"/secciones/enfoques-ge/#ref-{key}$"))  # the citing paragraph
    expect(page.locator(f"#ref-{key}")).to_be_in_viewport()


def test_a_matrix_cell_opens_exactly_its_quotes(page: Page, base_url: str) -> None:
    page.goto(base_url + "matriz/")
    cell = page.locator("#tabla-mh tbody td a").first
    count = int(cell.inner_text())
    anchor = (cell.get_attribute("href") or "").lstrip("#")
    cell.click()
    expect(page).to_have_url(re.compile(rf"#{anchor}$"))
    target = page.locator(f"#{anchor}")
    expect(target).to_be_in_viewport()
    expect(target.locator("li a")).to_have_count(count)


def test_glossary_tooltip_on_keyboard_focus(page: Page, base_url: str) -> None:
    page.goto(base_url + "secciones/conceptualizando-ge/")
    abbr = page.locator("abbr[title]").first
    expansion = abbr.get_attribute("title")
    abbr.focus()
    assert expansion
    expect(page.get_by_role("tooltip")).to_contain_text(expansion)


def test_reference_preview_on_keyboard_focus(page: Page, base_url: str) -> None:
    page.goto(base_url + "secciones/conceptualizando-ge/")
    page.keyboard.press("Tab")
    cite = page.locator("a.cite").first
    cite.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("tooltip")).to_contain_text(cite.get_attribute("data-ref") or "x")


def test_quote_browser_filters_by_informant(page: Page, base_url: str) -> None:
    page.goto(base_url + "citas/")
    cards = page.locator("figure.ts-quote[data-informant]")
    total = cards.count()
    page.locator("#filtro-citas").get_by_label("Informante").select_option("DMPP5")
    visible = page.locator("figure.ts-quote[data-informant]:visible")
    expect(visible.first).to_be_visible()
    assert 0 < visible.count() < total
    for i in range(visible.count()):
        assert visible.nth(i).get_attribute("data-informant") == "DMPP5"


def test_quote_browser_is_plain_lists_without_javascript(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "citas/")
    expect(page.locator("form.ts-filter")).to_be_hidden()
    assert page.locator("figure.ts-quote").count() == 45
    expect(page.locator("#por-categoria")).to_be_visible()
    context.close()


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_axe_finds_no_serious_violation(page: Page, base_url: str, kind: str) -> None:
    errors, external = watch(page, base_url)
    page.goto(base_url + PAGE_KINDS[kind])
    page.wait_for_load_state("networkidle")
    violations = serious_violations(page)
    assert violations == []
    assert errors == [] and external == []


def test_antecedents_filter_and_sort(page: Page, base_url: str) -> None:
    page.goto(base_url + "antecedentes/")
    rows = page.locator("#tabla-antecedentes tbody tr")
    expect(rows).to_have_count(20)
    page.get_by_label("Ámbito").select_option("nacional")
    expect(page.locator("#tabla-antecedentes tbody tr:visible")).to_have_count(8)
    page.get_by_role("button", name="Año").click()
    years = [int(y) for y in page.locator("#tabla-antecedentes tbody tr:visible td:nth-child(2)").all_inner_texts()]
    assert years == sorted(years)
    page.locator("#tabla-antecedentes tbody tr:visible a").first.click()
    expect(page.locator("section.ts-antecedent-card:target")).to_be_in_viewport()
