"""Search as a reader expects (issue 20): phrases, ranking, clean excerpts, results that open at their passage.

Driven through the header search box, as a reader would. The pages "whose text holds a phrase" are
found by reading the built pages themselves: the text Pagefind indexes (the page body, without what
is marked ``data-pagefind-ignore`` or excluded by ``generator.output.search.IGNORED``).
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from pathlib import Path

import pytest
from lxml import html as lxml_html
from playwright.sync_api import Browser, Page, expect

from generator.output.search import IGNORED
from tests.browser.test_reader_experience import PHONE, SHOTS

pytestmark = pytest.mark.browser

PHRASES = ["nueva gestión pública", "gestión pública", "cero papel", "trámite documentario"]
EDITORIAL = [
    "título editorial",
    "agrupación editorial",
    "Nota de edición",
    "no es texto de la tesis",
    "incompleta:",
    "Enlace permanente",
]


def indexed_text(page: Path) -> str | None:
    """The text Pagefind indexes of a built page (None when the page is not indexed)."""
    doc = lxml_html.fromstring(page.read_bytes())
    bodies = doc.xpath("//*[@data-pagefind-body]")
    if not bodies:
        return None
    body = bodies[0]
    classes = [selector[1:] for selector in IGNORED if selector.startswith(".")]
    for name in classes:
        for element in body.xpath(f'.//*[contains(concat(" ", normalize-space(@class), " "), " {name} ")]'):
            element.drop_tree()
    for element in body.xpath(".//*[@data-pagefind-ignore]"):
        element.drop_tree()
    return " ".join(body.text_content().split())


@pytest.fixture(scope="module")
def texts(site_root: Path) -> dict[str, str]:
    out = {}
    for page in site_root.rglob("index.html"):
        if "pagefind" in page.parts:
            continue
        text = indexed_text(page)
        if text is not None:
            out["/" + page.parent.relative_to(site_root).as_posix().strip(".") + "/"] = text
    return {url.replace("//", "/"): text for url, text in out.items()}


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def bare(text: str) -> str:
    """Without accents, as the search matches ("tramite documentario" holds "trámite documentario")."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def ask(page: Page, query: str) -> None:
    box = page.get_by_role("searchbox")
    box.click()
    box.fill(query)
    page.wait_for_function(
        "() => !document.querySelector('[data-ts-search]').hasAttribute('aria-busy')"
        " && /\\d|Ning|No /.test(document.querySelector('.ts-search__status').textContent)",
        timeout=20_000,
    )


def all_results(page: Page) -> list[str]:
    """Every result's page (the panel fetches more as it is scrolled), as site paths."""
    status = page.locator(".ts-search__status").inner_text()
    wanted = int(re.match(r"\d+", status)[0]) if re.match(r"\d+", status) else 0  # type: ignore[index]
    items = page.locator(".ts-search__list > li > a:first-child")
    for _ in range(40):
        if items.count() >= wanted:
            break
        page.locator(".ts-search__panel").evaluate("el => el.scrollTop = el.scrollHeight")
        page.wait_for_timeout(100)
    page.wait_for_function("() => !document.querySelector('[data-ts-search]').hasAttribute('aria-busy')")
    hrefs = items.evaluate_all("els => els.map(e => new URL(e.href).pathname)")
    assert len(hrefs) == wanted, status
    return hrefs


@pytest.mark.parametrize("phrase", PHRASES)
def test_a_quoted_phrase_finds_every_page_that_holds_it(
    page: Page, base_url: str, texts: dict[str, str], phrase: str
) -> None:
    holding = {url for url, text in texts.items() if fold(phrase) in fold(text)}
    holding_folded = {url for url, text in texts.items() if bare(phrase) in bare(text)}
    assert len(holding) >= 8 or phrase != "nueva gestión pública"
    page.goto(base_url)
    ask(page, f'"{phrase}"')
    found = all_results(page)
    assert len(found) == len(set(found))
    assert holding <= set(found)  # recall 1: every page whose text holds the phrase as written
    assert set(found) <= holding_folded  # and only pages that hold it (accents folded, as every search)


def test_findings_whose_title_holds_the_word_come_first(page: Page, base_url: str) -> None:
    page.goto(base_url)
    for query, first in (
        ("capacitación", "/hallazgos/estrategia-2/"),
        ("transparencia", "/hallazgos/impacto-transparencia/"),
    ):
        ask(page, query)
        top = page.locator(".ts-search__list > li > a:first-child").first
        assert new_path(top.get_attribute("href")) == first, query
        page.get_by_role("searchbox").fill("")
    # the informant page matched on "Capacitador" comes after the finding about training
    ask(page, "capacitación")
    order = page.locator(".ts-search__list > li > a:first-child").evaluate_all(
        "els => els.map(e => new URL(e.href).pathname)"
    )
    assert order.index("/hallazgos/estrategia-2/") < order.index("/informantes/dmpp9/")


def new_path(href: str | None) -> str:
    return re.sub(r"[?#].*$", "", href or "")


def test_excerpts_hold_the_passage_words_without_editorial_notes(page: Page, base_url: str) -> None:
    page.goto(base_url)
    seen = []
    for query in ("capacitación", "título", "motivación", "gestión", "Capacitador", "contradicciones", "OTI"):
        ask(page, query)
        results = page.locator(".ts-search__list > li > a:first-child")
        seen += [
            (new_path(a.get_attribute("href")), a.locator(".ts-search__excerpt").inner_text()) for a in results.all()
        ]
        page.get_by_role("searchbox").fill("")
    assert len(seen) > 30
    for url, excerpt in seen:
        if url.endswith("/notas/"):
            continue  # the notes page is where the editorial notes and the "ed." mark are explained
        for note in EDITORIAL:
            assert note not in excerpt, (url, excerpt)
        assert not re.search(r"(^|\s)ed\.(\s|$)", excerpt), (url, excerpt)
    informant = dict(seen)["/informantes/dmpp9/"]
    assert "Capacitador de la OTI" in informant and "CargoCapacitador" not in informant


def test_the_index_holds_no_editorial_note_and_no_words_run_together(site_root: Path) -> None:
    """What Pagefind stored for every page (its fragments): the page's words, fields apart, no editorial notes.

    A word that looks like two run together ("CargoCapacitador", "1Citas3") is one only where the page's HTML
    does not hold it as written ("McClelland", "BibTeX" are words of the page)."""
    joined = re.compile(r"[a-záéíóúñ][A-ZÁÉÍÓÚÑ][a-záéíóúñ]|[a-záéíóúñ”…][0-9]+\.|[0-9][A-Z][a-z]")
    problems = []
    for fragment in sorted((site_root / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd") :])
        content, url = data["content"], data["url"]
        source = (site_root / url.strip("/") / "index.html").read_text(encoding="utf-8")
        if not url.startswith("/notas/"):  # the notes page is where the editorial notes live
            problems += [f"{url}: {note}" for note in EDITORIAL if note in content]
        for match in joined.finditer(content):
            start = content.rfind(" ", 0, match.start()) + 1
            end = content.find(" ", match.end())
            word = content[start : end if end >= 0 else len(content)].strip(".,;:()«»“”")
            if word not in source:
                problems.append(f"{url}: {word}")
    assert problems == []


def test_two_quotes_on_one_topic_have_distinct_result_titles(page: Page, base_url: str) -> None:
    page.goto(base_url)
    ask(page, "proceso de implementación")
    titles = page.locator(".ts-search__title").all_inner_texts()
    quotes = [t for t in titles if t.startswith("DMPP5 sobre el proceso de implementación")]
    assert len(quotes) >= 2
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize("form", ["desktop", "phone"])
def test_a_result_opens_at_its_passage_with_the_words_highlighted(browser: Browser, base_url: str, form: str) -> None:
    context = browser.new_context(**(PHONE if form == "phone" else {"viewport": {"width": 1280, "height": 800}}))
    page = context.new_page()
    page.goto(base_url)
    ask(page, '"nueva gestión pública"')
    under_heading = page.locator(".ts-search__list > li:has(.ts-search__where) > a:first-child").first
    expect(under_heading).to_be_visible()
    heading = under_heading.locator(".ts-search__where").inner_text()
    href = under_heading.get_attribute("href") or ""
    assert re.search(r"/#[\w-]+$", href), href  # the heading above the passage
    under_heading.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))  # the page's own address, at its heading
    marks = page.locator("mark.ts-highlight")
    expect(marks.first).to_be_attached()
    for text in marks.all_inner_texts():
        assert fold(text) == "nueva gestión pública"
    first = page.locator("mark.ts-highlight--first")
    expect(first).to_be_in_viewport()
    # it is the passage under the heading the result named
    assert first.evaluate(
        "(m, h) => [...document.querySelectorAll('h2, h3, h4')].filter(x => x.compareDocumentPosition(m) & 4).pop().textContent.includes(h)",
        heading,
    )
    page.screenshot(path=str(SHOTS / f"search-landing-phrase-{form}.png"))
    # a word: the page opens with the word (and the forms Pagefind matched) highlighted in its text
    page.goto(base_url)
    ask(page, "capacitación")
    page.screenshot(path=str(SHOTS / f"search-results-{form}.png"))
    page.locator(".ts-search__list > li > a:first-child").first.click()
    expect(page).to_have_url(re.compile(r"hallazgos/estrategia-2/$"))
    expect(page.locator("mark.ts-highlight--first")).to_be_in_viewport()
    assert all("capacit" in fold(t) for t in page.locator("mark.ts-highlight").all_inner_texts())
    assert page.locator("main mark.ts-highlight").count() >= 2
    page.reload()  # the words were for that visit only
    expect(page.locator("mark.ts-highlight")).to_have_count(0)
    # an address that names its words (Pagefind's ?highlight=) highlights them too: a link shared with its words
    page.goto(base_url + "secciones/enfoques-ge/?highlight=nueva%20gesti%C3%B3n%20p%C3%BAblica")
    expect(page.locator("mark.ts-highlight--first")).to_have_text(re.compile("nueva gestión pública", re.I))
    context.close()


def test_the_box_accepts_typing_and_says_what_happens_on_a_slow_link(browser: Browser, base_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 150, "downloadThroughput": 50_000, "uploadThroughput": 50_000},
    )
    box = page.get_by_role("searchbox")
    box.focus()
    box.press_sequentially("transparencia", delay=20)
    expect(box).to_have_value("transparencia")  # typing is never blocked
    status = page.locator(".ts-search__status")
    expect(status).to_contain_text("transparencia")  # it says what it is doing with the reader's words
    expect(page.locator("[data-ts-search][aria-busy=true]")).to_have_count(1)
    expect(page.locator(".ts-search__list a").first).to_be_visible(timeout=30_000)
    expect(status).to_have_text(re.compile(r"^\d+ documentos encontrados$"))
    context.close()
