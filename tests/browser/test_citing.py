"""Citing a quote or the thesis: APA 7 as a secondary source, and copy buttons that copy what they show."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

BUTTONS = ("cita-apa", "cita-apa-texto", "cita-bibtex", "cita-ris", "cita-csl")


def quote_pages(site_root: Path) -> list[str]:
    return sorted(p.parent.name for p in (site_root / "citas").glob("*/index.html"))


READ_BACK = """async target => {
  const button = document.querySelector(`button.ts-copy[data-copy="${target}"]`);
  const status = button.nextElementSibling;
  for (let i = 0; i < 100 && !status.textContent.includes("Copiado"); i++) await new Promise(r => setTimeout(r, 30));
  const box = document.getElementById(target);
  const source = box.hasAttribute("data-copy-source") ? box : box.querySelector("[data-copy-source]");
  return {shown: source.innerText.trim(), copied: await navigator.clipboard.readText(),
          status: status.textContent, live: status.getAttribute("aria-live"), visible: status.offsetParent !== null};
}"""


def copy_and_read_back(page: Page, target: str) -> tuple[str, str]:
    """Click the copy button of a block; return (text the block shows, text on the clipboard)."""
    page.locator(f'button.ts-copy[data-copy="{target}"]').click()
    got = page.evaluate(READ_BACK, target)
    assert "Copiado" in got["status"] and got["live"] == "polite" and got["visible"], (target, got["status"])
    return got["shown"], got["copied"]


def test_every_copy_button_copies_what_it_shows(page: Page, base_url: str, site_root: Path) -> None:
    for path in ["", *(f"citas/{q}/" for q in quote_pages(site_root))]:
        page.goto(base_url + path, wait_until="domcontentloaded")  # thesis.js runs before this event
        targets = list(BUTTONS) + (["enlace-permanente"] if path else [])
        assert page.locator("button.ts-copy").count() == len(targets), path
        for target in targets:
            shown, copied = copy_and_read_back(page, target)
            assert copied == shown and copied, (path, target)
            if target == "cita-bibtex":
                assert copied.startswith("@misc{"), path
            elif target == "cita-ris":
                assert copied.startswith("TY  - GEN") and copied.endswith("ER  -"), path
            elif target == "cita-csl":
                assert json.loads(copied)["type"] == "document", path
            elif target == "enlace-permanente":  # no site_url: the page's own address
                assert copied == base_url + path


def test_quote_reference_is_the_thesis_and_the_informant_is_cited_through_it(site_root: Path) -> None:
    for q in quote_pages(site_root):
        html = (site_root / "citas" / q / "index.html").read_text(encoding="utf-8")
        entry = re.search(r'id="cita-apa"[^>]*>(.*?)</p>', html, re.S)[1]  # type: ignore[index]
        intext = re.search(r'id="cita-apa-texto"[^>]*>(.*?)</p>', html, re.S)[1]  # type: ignore[index]
        informant = q.split("-")[0].upper()
        assert entry.startswith("[Motivaciones y estrategias de implementación"), q  # derived title, bracketed
        assert informant not in entry and "Entrevista" not in entry, q  # the informant is not the author
        assert re.fullmatch(rf"\({informant}, como se citó en \[Motivaciones y estrategias…\], s\.f\., "
                            r"sección [0-9.]+\)", intext), (q, intext)  # fmt: skip
        for asserted_type in ("&#34;type&#34;: &#34;thesis&#34;", "TY  - THES", "@phdthesis", '"@type": "Thesis"'):
            assert asserted_type not in html, (q, asserted_type)
        assert "citation_dissertation" not in html and '"@type": "CreativeWork"' in html, q


def test_home_cites_the_thesis_without_asserting_its_kind(site_root: Path) -> None:
    html = (site_root / "index.html").read_text(encoding="utf-8")
    entry = re.search(r'id="cita-apa"[^>]*>(.*?)</p>', html, re.S)[1]  # type: ignore[index]
    assert (
        entry
        == "[Motivaciones y estrategias de implementación del gobierno electrónico en el Gobierno local Puno y su impacto en la modernización de la gestión pública]. (s.f.)."
    )
    assert re.search(r'id="cita-apa-texto"[^>]*>\(\[Motivaciones y estrategias…\], s\.f\.\)</p>', html)
    assert "TY  - GEN" in html and "@misc{tesis," in html and "&#34;type&#34;: &#34;document&#34;" in html


def test_no_visible_glitches(site_root: Path) -> None:
    """'1 citas' and a comma before "y" after a bare surname ("Albornoz, y Rivero") are gone everywhere."""
    for path in site_root.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"\b1 citas\b", html), path
        assert not re.search(r"[^\W\d_], y [A-ZÁÉÍÓÚ][a-záéíóúñ]+\. \(", html), path


def test_editorial_titles_are_marked_and_explained(site_root: Path) -> None:
    finding = (site_root / "hallazgos" / "motivacion-1" / "index.html").read_text(encoding="utf-8")
    assert 'class="ts-ed"' in finding and "notas/#capa-editorial" in finding
    # The home page answers with the thesis's sentences (no finding titles); the findings index lists the titles.
    index = (site_root / "hallazgos" / "index.html").read_text(encoding="utf-8")
    assert 'class="ts-ed-title"' in index
    notes = (site_root / "notas" / "index.html").read_text(encoding="utf-8")
    assert 'id="capa-editorial"' in notes and "Todo lo que muestra procede" not in notes
