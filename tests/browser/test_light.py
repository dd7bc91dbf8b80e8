"""Light pages: search loaded on first use, diagrams as SVG, first-visit and search budgets (issue 11)."""

from __future__ import annotations

import gzip
import re

import pytest
from playwright.sync_api import Page, Response, expect

from tests.browser.test_reader import watch

pytestmark = pytest.mark.browser

FIRST_VISIT_BUDGET = 120 * 1024  # gzip bytes of everything a first visit fetches without a click
SEARCH_BUDGET = 150 * 1024  # gzip bytes a search for "ONGEI" fetches at ×1
PAGE_KINDS = {
    "home": "",
    "section": "secciones/conceptualizando-ge/",
    "finding": "hallazgos/estrategia-1/",
    "quote": "citas/dmpp5-01/",
    "informant": "informantes/dmpp5/",
    "figure": "figuras/fig-01/",
    "matrix": "matriz/",
    "references": "referencias/",
    "antecedents": "antecedentes/",
    "quotes browser": "citas/",
}


class Transfer:
    """Bodies of the same-origin responses a page receives, gzipped as a static host would send them."""

    def __init__(self, page: Page, base_url: str):
        self.base_url = base_url
        self.bodies: dict[str, int] = {}
        page.on("response", self.record)

    def record(self, response: Response) -> None:
        if response.url.startswith(self.base_url) and response.status == 200:
            try:
                self.bodies[response.url] = len(gzip.compress(response.body(), 6, mtime=0))
            except Exception:  # noqa: BLE001 - a body the browser discarded has nothing to count
                pass

    def total(self) -> int:
        return sum(self.bodies.values())


def search(page: Page, text: str, typed: bool = True) -> None:
    box = page.get_by_role("searchbox")
    box.click()
    if typed:
        box.press_sequentially(text, delay=30)
    else:  # one input event: on a loaded machine typing may pause long enough to search "ONG" first
        box.fill(text)
    expect(page.locator(".ts-search__list a").first).to_be_visible(timeout=10_000)


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_first_visit_stays_within_budget(page: Page, base_url: str, kind: str) -> None:
    transfer = Transfer(page, base_url)
    page.goto(base_url + PAGE_KINDS[kind])
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert not [url for url in transfer.bodies if "/pagefind/" in url or "search_index" in url]
    assert transfer.total() <= FIRST_VISIT_BUDGET, sorted(transfer.bodies.items(), key=lambda kv: -kv[1])[:5]


def test_the_index_loads_when_the_reader_focuses_the_search_box(page: Page, base_url: str) -> None:
    errors, external = watch(page, base_url)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base_url + "citas/dmpp5-01/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "pagefind" in url]
    page.get_by_role("searchbox", name="Buscar").focus()
    page.wait_for_load_state("networkidle")
    assert any(url.endswith("/pagefind/pagefind.js") for url in requested)
    assert errors == [] and external == []


def test_search_ongei_finds_strategies_and_quotes_within_budget(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    transfer = Transfer(page, base_url)
    search(page, "ONGEI", typed=False)
    page.wait_for_load_state("networkidle")
    results = page.locator(".ts-search__list")
    expect(results.locator('a[href$="/hallazgos/estrategia-1/"]')).to_contain_text("Alianza estratégica con la ONGEI")
    expect(results.locator('a[href$="/citas/dmpp5-05/"]')).to_contain_text("DMPP5")
    expect(page.locator(".ts-search__status")).to_have_text(re.compile(r"^\d+ documentos encontrados$"))
    assert transfer.total() <= SEARCH_BUDGET, sorted(transfer.bodies.items(), key=lambda kv: -kv[1])[:5]


def test_search_folds_accents_and_stems(page: Page, base_url: str) -> None:
    page.goto(base_url)
    search(page, "informacion")  # typed without the accent, found with it
    expect(page.locator(".ts-search__list")).to_contain_text("información")
    page.get_by_role("searchbox").fill("")
    search(page, "digitalizado")
    expect(page.locator('.ts-search__list a[href$="/citas/dmpp5-02/"]')).to_have_count(1)


def test_search_by_keyboard_alone(page: Page, base_url: str) -> None:
    page.goto(base_url + "referencias/")
    page.keyboard.press("/")
    box = page.get_by_role("searchbox", name="Buscar")
    expect(box).to_be_focused()
    page.keyboard.type("ONGEI", delay=30)
    first = page.locator(".ts-search__list a").first
    expect(first).to_be_visible(timeout=10_000)
    page.keyboard.press("ArrowDown")
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(".ts-search__list a").nth(1)).to_be_focused()
    page.keyboard.press("Escape")
    expect(box).to_be_focused()
    expect(page.locator(".ts-search__panel")).to_be_hidden()
    page.keyboard.type(" ")  # reopen with the same query, then follow the first result
    expect(first).to_be_visible(timeout=10_000)
    href = first.get_attribute("href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(href or "") + "$"))


def test_a_code_network_is_svg_whose_nodes_are_links(page: Page, base_url: str) -> None:
    errors, external = watch(page, base_url)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base_url + "figuras/fig-02/")
    svg = page.locator("figure#diagrama svg")
    expect(svg).to_be_visible()
    expect(svg.locator("title")).to_contain_text("Figura 2")
    assert (svg.locator("desc").text_content() or "").strip()
    node = svg.get_by_role("link", name="cita dmpp5-01")
    expect(node).to_have_count(1)
    assert not [url for url in requested if url.endswith(".js") and "mermaid" in url]
    node.click()
    expect(page).to_have_url(re.compile(r"/citas/dmpp5-01/$"))
    assert errors == [] and external == []


def test_a_code_network_reads_on_a_phone(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "figuras/fig-01/")
    svg = page.locator("figure#diagrama svg")
    natural = float(svg.get_attribute("width") or 0)
    box = svg.bounding_box()
    assert box is not None and natural > 390
    assert box["width"] == pytest.approx(natural, abs=1)  # never shrunk: the labels keep their 13 px
    scroller = page.locator("figure#diagrama .ts-diagram__scroll")
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")
    scroller.evaluate("el => el.scrollLeft = el.scrollWidth")
    far = svg.get_by_role("link", name="PCMGESS", exact=True).bounding_box()  # the rightmost column
    assert far is not None and 0 <= far["x"] and far["x"] + far["width"] <= 390


def test_a_code_network_prints_within_the_page(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "figuras/fig-01/")
    page.emulate_media(media="print")
    svg = page.locator("figure#diagrama svg")
    content = page.locator("figure#diagrama").bounding_box()
    box = svg.bounding_box()
    assert box is not None and content is not None and box["width"] <= content["width"] + 1
