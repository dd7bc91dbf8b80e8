"""A real Word thesis, imported and built, read in Chromium: every link resolves, quotes and citations work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from generator.build import build_project
from generator.importers.docx.importer import import_docx
from generator.output.linkcheck import check_site

from ..conftest import FIXTURES
from .conftest import served

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def word_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("word") / "p"
    import_docx(FIXTURES / "docx" / "en-interviews-bolton.docx", project)
    build_project(project)
    return project


@pytest.fixture(scope="module")
def word_url(word_site: Path) -> Iterator[str]:
    yield from served(word_site / "site")


def test_the_imported_thesis_has_no_broken_link(word_site: Path) -> None:
    report = check_site(word_site / "site")
    assert report.pages > 60 and report.links > 1000
    assert report.broken == []


def test_a_quote_of_the_word_thesis_reads_and_cites_in_chromium(page: Page, word_site: Path, word_url: str) -> None:
    quotes = yaml.safe_load((word_site / "content/imported/docx/quotes.yml").read_text(encoding="utf-8"))["quotes"]
    first = next(q for q in quotes if q["text"].startswith("Currently with my age"))
    (quote_page,) = (word_site / "site").glob(f"*/{first['id']}/index.html")  # the quotes folder of the project
    quote_url = quote_page.parent.relative_to(word_site / "site").as_posix() + "/"
    page.goto(word_url)
    expect(page.locator("h1")).to_contain_text("THE STUDY OF THE IMPACT OF SOCIAL MEDIA MARKETING")
    page.goto(word_url + quote_url)
    expect(page.locator("blockquote").first).to_contain_text("Currently with my age, it is not necessary.")
    expect(page.locator("body")).to_contain_text("Marketer")  # the speaker's role, as the thesis attributes it
    # "where it is used" leads to the section that quotes it, which shows the quote and links back
    page.locator("a", has_text="Theme 1").first.click()
    expect(page.locator("h1")).to_contain_text("Theme 1")
    expect(page.locator("blockquote", has_text="Currently with my age")).to_be_visible()
    assert page.locator(f"a[href$='{first['id']}/']").count() >= 1
    # a typed citation in the text is a link to its reference, whose entry is on the references page
    cited = next(
        p for p in sorted((word_site / "site").glob("*/*/index.html")) if 'class="cite"' in p.read_text("utf-8")
    )
    page.goto(word_url + cited.parent.relative_to(word_site / "site").as_posix() + "/")
    cite = page.locator("a.cite").first
    expect(cite).to_be_visible()
    key = (cite.get_attribute("href") or "").split("#")[-1]
    cite.click()
    expect(page.locator(f"[id='{key}'] .ts-ref-text")).to_be_visible()
