"""What a reader sees, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "secciones/conceptualizando-ge/",
    "citas/dmpp5-01/",
    "referencias/",
    "informantes/dmpp5/",
    "hallazgos/motivacion-1/",
]


def watch(page: Page, base_url: str) -> tuple[list[str], list[str]]:
    """Collect console errors and requests that leave the site's origin."""
    errors: list[str] = []
    external: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "request",
        lambda req: (
            external.append(req.url)
            if not req.url.startswith(base_url) and not req.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    return errors, external


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors_or_external_requests(page: Page, base_url: str, path: str) -> None:
    errors, external = watch(page, base_url)
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1").first).to_be_visible()
    assert errors == []
    assert external == []


def test_citation_link_lands_on_its_reference(page: Page, base_url: str) -> None:
    page.goto(base_url + "secciones/conceptualizando-ge/")
    cite = page.locator('a.cite[href$="#kaufman2003"]').first
    expect(cite).to_have_attribute("title", re.compile(r"Kaufman"))
    cite.click()
    expect(page).to_have_url(re.compile(r"/referencias/#kaufman2003$"))
    target = page.locator("#kaufman2003")
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text("Kaufman")
