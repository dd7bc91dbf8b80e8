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


def visible_quote_ids(page: Page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).map(e => e.getAttribute('data-quote'))"
    )


def check_filtered_to(page: Page, informant: str, total: int) -> None:
    """Every list and count of the quotes browser shows the quotes of ``informant`` only."""
    cards = visible_quote_ids(page, "figure.ts-quote[data-quote]")
    assert cards and all(q.startswith(informant.lower() + "-") for q in cards)
    expect(page.locator("#filtro-citas output")).to_have_text(f"{len(cards)} de {total} citas")
    expect(page.locator("#filtro-citas select[name=informant]")).to_have_value(informant)
    headings = page.locator("h2[id^=grupo-]:visible")
    expect(headings).to_have_count(1)
    expect(headings).to_contain_text(f"({len(cards)})")
    toc = page.locator(".md-sidebar--secondary a.md-nav__link[href^='#grupo-']:visible")
    expect(toc).to_have_count(1)
    expect(toc).to_have_attribute("href", f"#grupo-{informant.lower()}")
    for section in ("por-categoria", "por-hallazgo"):
        listed = visible_quote_ids(page, f"#{section} + ul a[data-quote]")
        assert listed and set(listed) <= set(cards), section
        for item in page.locator(f"#{section} + ul > li:visible").all():
            shown = item.locator("a[data-quote]:visible").count()
            assert re.search(rf"\({shown} de \d+\)|\({shown}\)", item.inner_text()), item.inner_text()
        hidden = page.locator(f"#{section} + ul a[data-quote]:not(:visible)")
        assert all(
            not q.startswith(informant.lower() + "-")
            for q in hidden.evaluate_all("els => els.map(e => e.getAttribute('data-quote'))")
        )


def test_the_quote_filter_lives_in_the_address_through_reload_and_back(page: Page, base_url: str) -> None:
    page.goto(base_url + "citas/")
    total = page.locator("figure.ts-quote[data-quote]").count()
    page.locator("#filtro-citas").get_by_label("Informante").select_option("DMPP5")
    expect(page).to_have_url(re.compile(r"citas/\?informant=DMPP5$"))
    check_filtered_to(page, "DMPP5", total)
    page.reload()
    check_filtered_to(page, "DMPP5", total)
    # open a quote, come back: the same filtered view
    page.locator("figure.ts-quote:visible a.ts-permalink").first.click()
    expect(page).to_have_url(re.compile(r"citas/dmpp5-\d+/$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"citas/\?informant=DMPP5$"))
    check_filtered_to(page, "DMPP5", total)
    # a second filter is a step of the history: Back returns to the first one
    category = page.locator("#filtro-citas select[name=categories] option:not([value=''])").first.get_attribute("value")
    page.locator("#filtro-citas").get_by_label("Categoría").select_option(category)
    expect(page).to_have_url(re.compile(rf"categories={category}"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"citas/\?informant=DMPP5$"))
    check_filtered_to(page, "DMPP5", total)
    page.screenshot(path=str(SHOTS / "quotes-filtered-dmpp5.png"), full_page=True)


def test_words_filter_and_the_no_match_state(page: Page, base_url: str) -> None:
    page.goto(base_url + "citas/?words=ONGEI")
    expect(page.locator("#filtro-citas input[name=words]")).to_have_value("ONGEI")
    shown = page.locator("figure.ts-quote[data-quote]:visible")
    assert shown.count() > 0
    for text in shown.locator("blockquote").all_inner_texts():
        assert "ongei" in text.lower()
    empty = page.locator("#citas-ninguna")
    expect(empty).to_be_hidden()
    page.goto(base_url + "citas/?informant=DMPP9&words=ONGEI")
    expect(page.locator("figure.ts-quote[data-quote]:visible")).to_have_count(0)
    expect(empty).to_be_visible()
    expect(empty).to_contain_text("Ninguna cita coincide")
    expect(page.locator("h2[id^=grupo-]:visible")).to_have_count(0)
    expect(page.locator("#por-categoria")).to_be_hidden()
    page.screenshot(path=str(SHOTS / "quotes-no-match.png"))
    empty.get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"citas/$"))
    expect(page.locator("figure.ts-quote[data-quote]:visible")).to_have_count(
        page.locator("figure.ts-quote[data-quote]").count()
    )
    expect(empty).to_be_hidden()
