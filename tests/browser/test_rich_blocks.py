"""A section with a table, nested lists, images, footnotes and equations, read on a 390 px phone and on a desktop."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import served
from tests.browser.test_reader_experience import PHONE, SHOTS, WIDTH
from tests.browser.test_tasks import serious_violations
from tests.conftest import make_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def rich_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from generator.build import build_project

    project = make_project(tmp_path_factory.mktemp("rich-browser") / "p", "rich_blocks")
    build_project(project)
    yield from served(project / "site", path="secciones/rico/")


def test_rich_blocks_read_on_a_phone_and_a_desktop(browser: Browser, rich_url: str) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(rich_url)
    for img in page.locator("figure.ts-image img").all():
        img.scroll_into_view_if_needed()
        assert img.evaluate("el => el.complete && el.naturalWidth > 0")  # the copied file loads
        assert (img.bounding_box() or {"width": 999})["width"] <= 390
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / "phone-rich-blocks.png"), full_page=True)
    assert page.evaluate(WIDTH) == 390  # nothing makes the page wider than the phone...
    box = page.locator(".ts-table-block .ts-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # ...the wide table scrolls in its own box
    box.evaluate("el => el.scrollLeft = el.scrollWidth")
    expect(page.locator(".ts-table-block thead th").last).to_be_in_viewport()
    # MathML laid out as mathematics: the fraction's numerator sits above its denominator
    frac = page.locator(".ts-math mfrac").first
    over, under = (frac.locator(":scope > *").nth(i).bounding_box() for i in (0, 1))
    assert over and under and over["y"] + over["height"] <= under["y"] + 1
    assert page.locator("ol[start='3'] > li").count() == 2
    assert page.locator("ul > li > ol > li > ul > li").count() == 2
    # a footnote and back: the number leads to the note, the note's arrow back to where it was read
    page.locator("sup#fnref\\:rico\\:nota-b a").click()
    assert page.url.endswith("#fn:rico:nota-b")
    expect(page.locator("li#fn\\:rico\\:nota-b")).to_be_in_viewport()
    page.locator("li#fn\\:rico\\:nota-b a.footnote-backref").first.click()
    assert page.url.endswith("#fnref:rico:nota-b")
    expect(page.locator("sup#fnref\\:rico\\:nota-b")).to_be_in_viewport()
    assert serious_violations(page) == []
    assert errors == []
    context.close()

    desktop = browser.new_page(viewport={"width": 1280, "height": 900})
    desktop.goto(rich_url)
    assert desktop.locator(".ts-scroll-hint").first.is_hidden()  # the cue is for narrow screens only
    desktop.screenshot(path=str(SHOTS / "desktop-rich-blocks.png"), full_page=True)
    desktop.close()
