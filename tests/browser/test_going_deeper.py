"""Readers going deeper (issue 20): previews in place, a phone's matrix and code networks.

Previews: on a touch screen the first tap on a citation or an acronym opens an opaque panel next
to it without leaving the page, a second tap follows the citation; the keyboard's focus opens it
next to its citation too. Phone: the matrix's row labels stay in view when its cells are swiped;
a code network wider than the screen says so and comes to rest at the start of a column.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_reader_experience import PHONE, SHOTS, WIDTH

pytestmark = pytest.mark.browser

THEORY = "secciones/teorias-motivacion/"
ALPHA = "el => { const c = getComputedStyle(el).backgroundColor; const m = c.match(/rgba?\\(([^)]*)\\)/);"
ALPHA += " const p = m ? m[1].split(',') : []; return p.length === 4 ? parseFloat(p[3]) : (m ? 1 : 0); }"


def near(panel: dict[str, float], anchor: dict[str, float]) -> bool:
    """The panel touches the line of its anchor: just below it or just above it."""
    below = 0 <= panel["y"] - (anchor["y"] + anchor["height"]) <= 16
    above = 0 <= anchor["y"] - (panel["y"] + panel["height"]) <= 16
    return below or above


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_first_tap_on_a_citation_previews_it_in_place_and_the_second_follows_it(
    browser: Browser, base_url: str, scheme: str
) -> None:
    context = browser.new_context(**PHONE, color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + THEORY)
    cite = page.locator("a.cite").nth(3)
    cite.scroll_into_view_if_needed()
    cite.tap()
    preview = page.get_by_role("tooltip")
    expect(preview).to_be_visible()
    expect(page).to_have_url(base_url + THEORY)  # still on the page
    expect(preview).to_contain_text(cite.get_attribute("data-ref") or "x")
    panel, anchor = preview.bounding_box(), cite.bounding_box()
    assert panel and anchor and near(panel, anchor)
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 390 and page.evaluate(WIDTH) == 390
    assert preview.evaluate(ALPHA) == 1  # opaque: no text shows through
    # what is drawn at the panel's centre is the panel, not the text under it
    assert preview.evaluate(
        "el => { const r = el.getBoundingClientRect(); return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + 8)); }"
    )
    page.screenshot(path=str(SHOTS / f"phone-citation-preview-{scheme}.png"))
    link = preview.get_by_role("link")
    assert (link.get_attribute("href") or "").endswith(cite.get_attribute("href") or "x")
    page.locator("h1").tap()  # a tap elsewhere closes it
    expect(preview).to_be_hidden()
    cite.tap()
    expect(preview).to_be_visible()
    cite.tap()  # the second tap follows the citation
    expect(page).to_have_url(re.compile(r"referencias/#"))
    context.close()


def test_first_tap_on_an_acronym_shows_its_expansion_next_to_it(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**PHONE, color_scheme="dark")
    page = context.new_page()
    page.goto(base_url + "hallazgos/motivacion-1/")
    abbr = page.locator("abbr[title]").first
    abbr.tap()
    preview = page.get_by_role("tooltip")
    expect(preview).to_contain_text(abbr.get_attribute("title") or "x")
    panel, anchor = preview.bounding_box(), abbr.bounding_box()
    assert panel and anchor and near(panel, anchor)
    assert preview.evaluate(ALPHA) == 1
    expect(preview.get_by_role("link")).to_have_attribute("href", re.compile(r"glosario/#ge$"))
    context.close()


def test_keyboard_focus_opens_the_preview_next_to_its_citation(page: Page, base_url: str) -> None:
    page.goto(base_url + THEORY)
    page.locator("h1").click()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.cite')"):
            break
    cite = page.locator("a.cite:focus")
    preview = page.get_by_role("tooltip")
    expect(preview).to_be_visible()
    panel, anchor = preview.bounding_box(), cite.bounding_box()
    assert panel and anchor and near(panel, anchor)  # next to it, not at the bottom of the screen
    assert abs(panel["x"] - anchor["x"]) < 40
    assert cite.get_attribute("aria-describedby")
    page.keyboard.press("Escape")
    expect(preview).to_be_hidden()


def test_the_mouse_follows_a_citation_at_once(page: Page, base_url: str) -> None:
    page.goto(base_url + THEORY)
    page.locator("a.cite").first.click()
    expect(page).to_have_url(re.compile(r"referencias/#"))


def test_the_matrix_row_labels_stay_in_view_when_swiped(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(base_url + "matriz/")
    box = page.locator(".ts-scroll").first
    box.scroll_into_view_if_needed()
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    page.wait_for_timeout(100)
    left = box.evaluate("el => el.getBoundingClientRect().left")
    for row in (0, 5):
        label = box.locator("tbody th").nth(row)
        bounds = label.bounding_box()
        assert bounds and abs(bounds["x"] - left) <= 1  # still at the box's left edge
        assert label.evaluate(ALPHA) == 1  # and opaque over the cells that pass under it
        assert label.evaluate(
            "el => { const r = el.getBoundingClientRect(); return el.contains(document.elementFromPoint(r.x + 4, r.y + r.height / 2)); }"
        )
    expect(box.locator("thead th").first).to_be_in_viewport()
    page.screenshot(path=str(SHOTS / "phone-matrix-swiped.png"))
    context.close()


def test_a_wide_code_network_says_there_is_more_and_rests_at_a_column(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(base_url + "figuras/fig-04/")
    box = page.locator(".ts-diagram__scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    expect(page.locator(".ts-diagram__hint")).to_be_visible()
    assert page.evaluate(WIDTH) == 390
    box.scroll_into_view_if_needed()
    box.evaluate("el => el.scrollBy({left: 150})")
    page.wait_for_timeout(600)
    starts = box.evaluate("el => [...el.querySelectorAll('.ts-diagram__snap')].map(s => s.offsetLeft)")
    padding = box.evaluate("el => parseFloat(getComputedStyle(el).scrollPaddingInlineStart) || 0")
    rest = box.evaluate("el => el.scrollLeft")
    assert any(abs(rest + padding - start) <= 1 for start in starts), (rest, starts)
    # the column now at the left edge shows its labels whole
    left = box.evaluate("el => el.getBoundingClientRect().left")
    cut = box.evaluate(
        """(el, left) => [...el.querySelectorAll('.ts-network__node rect')].filter(r => {
             const b = r.getBoundingClientRect(); return b.left < left - 0.5 && b.right > left + 0.5; }).length""",
        left,
    )
    assert cut == 0
    page.screenshot(path=str(SHOTS / "phone-network-swiped.png"))
    context.close()
    desktop = browser.new_page(viewport={"width": 1280, "height": 800})
    desktop.goto(base_url + "figuras/fig-04/")
    expect(desktop.locator(".ts-diagram__hint")).to_be_hidden()  # it fits: nothing to say
    desktop.close()
