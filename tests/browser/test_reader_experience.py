"""Reader experience (issue 12): a phone that never scrolls sideways, the answer first, dark mode, 404, print."""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import served
from tests.browser.test_tasks import AXE, PAGE_KINDS, serious_violations

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}
# Every page kind, plus the pages where the round-1 phone overflowed after a tap.
PHONE_PAGES = {**PAGE_KINDS, "notes": "notas/", "conclusions": "secciones/conclusiones/",
               "strategy": "hallazgos/estrategia-1/", "theories": "secciones/teorias-motivacion/"}  # fmt: skip
WIDTH = "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"


def test_no_page_is_wider_than_a_phone_before_or_after_a_tap(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    too_wide = []
    for kind, path in sorted(PHONE_PAGES.items()):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        if page.evaluate(WIDTH) > 390:
            too_wide.append(f"{kind} before any tap: {page.evaluate(WIDTH)}")
        targets = page.locator("abbr[title], a.cite, .ts-scroll")
        for i in range(min(targets.count(), 8)):
            target = targets.nth(i)
            target.scroll_into_view_if_needed()
            target.focus()  # the keyboard's focus opens a citation's or an acronym's preview next to it
            width = page.evaluate(WIDTH)
            if width > 390:
                too_wide.append(f"{kind} after focusing {target.evaluate('el => el.outerHTML.slice(0, 60)')}: {width}")
            preview = page.locator("#ts-preview:visible")
            if preview.count():
                box = preview.bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, kind
        page.keyboard.press("Escape")
    context.close()
    assert too_wide == []


def test_an_acronym_preview_stays_on_a_phone_screen(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(base_url + "hallazgos/motivacion-1/")
    abbr = page.locator("abbr[title]").first
    abbr.tap()
    preview = page.locator("#ts-preview")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text(abbr.get_attribute("title") or "x")
    box = preview.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390  # inside the screen
    assert page.evaluate(WIDTH) == 390
    page.screenshot(path=str(SHOTS / "phone-acronym-preview.png"))
    context.close()


def test_a_wide_table_scrolls_in_its_own_box_with_a_cue(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(base_url + "antecedentes/")
    box = page.locator(".ts-scroll").first
    expect(page.locator(".ts-scroll-hint").first).to_be_visible()
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # the table is wider than the screen...
    assert page.evaluate(WIDTH) == 390  # ...but only its box scrolls
    box.evaluate("el => el.scrollLeft = el.scrollWidth")
    sample = page.locator("#tabla-antecedentes thead th").last
    expect(sample).to_have_text("Muestra")
    expect(sample).to_be_in_viewport()
    # No word is broken mid-word: nothing in our tables may break inside a word, and nothing overflows its cell.
    for url in ("antecedentes/", "matriz/", "informantes/"):
        page.goto(base_url + url)
        breaking = page.evaluate(
            """() => [...document.querySelectorAll('table.ts-table th, table.ts-table td, table.ts-table td *, table.ts-table th *')]
                 .filter(el => { const s = getComputedStyle(el);
                   return !['normal', 'keep-all'].includes(s.wordBreak) || s.overflowWrap !== 'normal'
                     || el.scrollWidth > el.clientWidth + 1 && s.display !== 'inline'; })
                 .map(el => el.tagName + ': ' + el.textContent.slice(0, 30))"""
        )
        assert breaking == [], url
    context.close()


def test_tap_targets_outside_running_text_are_24px(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    failures = []
    for kind in ("home", "quote", "finding", "references", "informant", "section", "matrix", "antecedents"):
        page.goto(base_url + PAGE_KINDS[kind])
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(
            "axe.run({runOnly: ['target-size']}).then(r => r.violations"
            ".map(v => v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')))"
        )
        failures += [f"{kind}: {f}" for f in found]
    context.close()
    assert failures == []


def test_home_first_phone_screen_holds_the_answer(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(base_url)
    first = page.locator(".ts-answer-list li").first
    expect(first).to_contain_text("La primera respecto a la política de gobierno del alcalde de modernizar")
    box = first.bounding_box()
    assert box is not None and box["y"] + 40 < 844  # the first finding sentence starts on the first screen
    expect(page.locator(".ts-question")).to_be_in_viewport()
    page.screenshot(path=str(SHOTS / "phone-home-first-screen.png"))
    verdict = page.locator(".ts-verdict")
    expect(verdict).to_contain_text("hubo un impacto positivo")
    answer = page.locator(".ts-answer")
    expect(answer.locator('a[href$="hallazgos/aspectos-positivos/"]')).to_have_count(1)
    expect(answer.locator('a[href$="hallazgos/aspectos-negativos/"]')).to_have_count(1)
    expect(answer.locator('a[href$="hallazgos/estrategia-1/"]')).to_contain_text("sin citas")
    expect(page.locator(".ts-thesis-title")).to_contain_text("Motivaciones y estrategias")  # moved below, still there
    context.close()


@pytest.mark.parametrize("kind", ["home", "section", "quote", "finding", "references", "antecedents", "matrix"])
def test_dark_mode_follows_the_system_and_passes_axe(browser: Browser, base_url: str, kind: str) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(base_url + PAGE_KINDS[kind])
    page.wait_for_load_state("networkidle")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    violations = serious_violations(page)
    if kind == "home":
        page.screenshot(path=str(SHOTS / "dark-home.png"))
    context.close()
    assert violations == []


def test_the_palette_toggle_switches_to_dark(page: Page, base_url: str) -> None:
    page.goto(base_url + "citas/dmpp5-01/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    page.locator("form[data-md-component=palette] label:visible").first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


class SubpathHandler(SimpleHTTPRequestHandler):
    """Serves the site under /tesis/ and answers every missing address with 404.html, as static hosts do."""

    prefix = "/tesis"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0]
        if not path.startswith(self.prefix + "/"):
            return "/nonexistent/"
        return super().translate_path(path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def subpath_url(site_root: Path) -> Iterator[str]:
    yield from served(site_root, SubpathHandler, "tesis/")


@pytest.mark.parametrize("missing", ["no-existe", "citas/no-existe/", "secciones/a/b/c/"])
def test_404_under_a_subpath_is_styled_in_spanish_with_a_way_forward(
    page: Page, subpath_url: str, missing: str
) -> None:
    response = page.goto(subpath_url + missing)
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text("Página no encontrada")
    assert page.locator("html").get_attribute("lang") == "es"
    # Material's stylesheet and ours loaded: the header is a fixed bar, the print header hidden.
    assert page.locator(".md-header").evaluate("el => getComputedStyle(el).position") == "sticky"
    assert page.locator("#ts-404-q").evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"
    home = page.get_by_role("link", name="Ir al inicio")
    assert home.evaluate("el => el.href") == subpath_url
    if missing == "secciones/a/b/c/":
        page.screenshot(path=str(SHOTS / "404-under-subpath.png"))
    page.locator("#ts-404-q").fill("ongei")
    page.get_by_role("button", name="Buscar").click()
    expect(page.locator(".ts-search__list li").first).to_be_visible(timeout=10_000)
    page.keyboard.press("Escape")
    home.click()
    expect(page).to_have_url(subpath_url)


def test_print_keeps_citation_blocks_whole_with_site_name_and_address(page: Page, base_url: str) -> None:
    from pypdf import PdfReader

    page.goto(base_url + "citas/dmpp5-01/")
    page.wait_for_load_state("networkidle")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=False)))
    pages = [p.extract_text() for p in pdf.pages]
    text = "\n".join(pages)
    assert "Gobierno electrónico en el Gobierno Local de Puno" in pages[0]
    assert base_url + "citas/dmpp5-01/" in re.sub(r"\s+", "", pages[0])
    assert "Copiar" not in text  # no buttons
    assert "Búsqueda" not in text  # no header or search
    # The BibTeX block is printed whole on one page: its first and last lines are on the same page.
    holding = [i for i, p in enumerate(pages) if "@misc{dmpp5-01" in p]
    assert len(holding) == 1
    bibtex = pages[holding[0]]
    assert "language = {es}" in bibtex or "language = {es}" in bibtex.replace("  ", " ")
    assert "TY  - GEN" in text or "TY - GEN" in text
    ris_page = [i for i, p in enumerate(pages) if "TY - GEN" in p.replace("  ", " ")]
    er_page = [i for i, p in enumerate(pages) if "ER -" in p.replace("  ", " ")]
    assert ris_page == er_page


def test_search_for_impacto_returns_no_citation_boilerplate(page: Page, base_url: str, site_root: Path) -> None:
    page.goto(base_url)
    found = page.evaluate(
        """async () => {
             const pagefind = await import(new URL('pagefind/pagefind.js', location.href).href);
             await pagefind.options({ baseUrl: new URL('.', location.href).pathname });
             const search = await pagefind.search('impacto');
             const pages = await Promise.all(search.results.map(r => r.data()));
             return pages.map(d => [d.url, d.content]);
           }"""
    )
    assert len(found) > 10, "the word is all over the thesis"
    boilerplate = [url for url, content in found if re.search(r"howpublished|TY {2}- |Copiar|@misc\{", content)]
    assert boilerplate == []
    quote_page = (site_root / "citas" / "dmpp5-01" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="ts-cite" data-pagefind-ignore>', quote_page)


def test_singular_and_plural_agree(site_root: Path) -> None:
    wrong = re.compile(r"\b1 (citas|lugares|obras|estudios|referencias|informantes|hallazgos)\b")
    found = []
    for html in sorted(site_root.rglob("*.html")):
        for m in wrong.finditer(html.read_text(encoding="utf-8")):
            found.append(f"{html.relative_to(site_root)}: {m[0]}")
    assert found == []
    assert "Citado en 1 lugar<" in (site_root / "referencias" / "index.html").read_text(encoding="utf-8")


SHOTS = Path(os.environ.get("SCREENSHOTS", tempfile.gettempdir())) / "thesis-site-screenshots"
SHOTS.mkdir(parents=True, exist_ok=True)
