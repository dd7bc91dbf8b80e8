"""A list page split into parts (generator/website/split.py) in Chromium: the quote filter works on a part."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import served
from tests.browser.test_reader import watch
from tests.browser.test_tasks import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def split_url(split_site: Path) -> Iterator[str]:
    yield from served(split_site)


def test_quote_filter_works_on_a_part_of_the_quotes_browser(page: Page, split_url: str) -> None:
    page.goto(split_url + "citas/")
    page.locator("ul.ts-parts a").nth(1).click()
    expect(page.locator("nav.ts-part-nav")).to_contain_text("Página 2 de")
    cards = page.locator("figure.ts-quote[data-informant]")
    total = cards.count()
    informants = page.locator("#filtro-citas select[name=informant] option:not([value=''])")
    assert informants.count() >= 1
    chosen = informants.first.get_attribute("value")
    assert chosen and {cards.nth(i).get_attribute("data-informant") for i in range(total)} >= {chosen}
    page.locator("#filtro-citas").get_by_label("Informante").select_option(chosen)
    visible = page.locator("figure.ts-quote[data-informant]:visible")
    expect(visible.first).to_be_visible()
    shown = visible.count()
    assert 0 < shown <= total
    assert all(visible.nth(i).get_attribute("data-informant") == chosen for i in range(shown))
    expect(page.locator("#filtro-citas output")).to_have_text(f"{shown} de {total} citas")
    # a category offered on this part keeps only quotes filed under it, among this part's quotes
    page.locator("#filtro-citas").get_by_label("Informante").select_option("")
    category = page.locator("#filtro-citas select[name=categories] option:not([value=''])").first.get_attribute("value")
    page.locator("#filtro-citas").get_by_label("Categoría").select_option(category)
    visible = page.locator("figure.ts-quote[data-informant]:visible")
    expect(visible.first).to_be_visible()
    assert all(
        category in (visible.nth(i).get_attribute("data-categories") or "").split() for i in range(visible.count())
    )


@pytest.mark.parametrize("url", ["referencias/", "citas/grupo_2/", "antecedentes/internacional_1/", "matriz/mh/"])
def test_axe_finds_no_serious_violation_on_an_index_of_parts_or_a_part(page: Page, split_url: str, url: str) -> None:
    errors, external = watch(page, split_url)
    page.goto(split_url + url)
    page.wait_for_load_state("networkidle")
    violations = serious_violations(page)
    assert violations == []
    assert errors == [] and external == []


def test_an_anchor_published_before_the_split_still_reaches_its_entry(
    page: Page, split_url: str, split_site: Path
) -> None:
    import json

    from generator.urls import Layout

    MOVED_FILE = Layout().file("moved_file", "json")  # the Puno thesis: the published names

    moved = json.loads((split_site / "referencias" / MOVED_FILE).read_text("utf-8"))
    anchor = sorted(a for a in moved if a != "*")[-1]  # an entry of the last letter: not on the first part
    page.goto(f"{split_url}referencias/#{anchor}")
    page.wait_for_url(f"{split_url}referencias/{moved[anchor]}")
    expect(page.locator(f"[id='{anchor}']")).to_be_in_viewport()
    page.goto(f"{split_url}antecedentes/#tabla-antecedentes")  # an anchor of the page itself: the first part
    page.wait_for_url("**/antecedentes/*/#tabla-antecedentes")
    expect(page.locator("#tabla-antecedentes")).to_be_attached()
