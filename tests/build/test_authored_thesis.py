"""An authored thesis, built: the quote pages and the home page cite it with its authors, type and institution.

One starter per language, its ``thesis.yml`` naming an author the way reference
managers write names, with ``site_url`` set (a published thesis). Formats are
read back with independent parsers (bibtexparser, the CSL-JSON schema, RIS by
its tags); every name form is covered by tests/unit/test_citable.py.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import yaml

from generator.cli import main
from generator.errors import Problems
from generator.source.corpus import load_corpus
from tests.conftest import FIXTURES

CASES = {
    "en": {
        "thesis": {"title": "Living with a time tracker", "authors": ["Morgan, Alex"], "kind": "Master's thesis",
                   "institution": "University of Northbridge", "year": 2025},
        "quote": "p01-01",
        "reference": "Morgan, A. (2025). Living with a time tracker [Master's thesis, University of Northbridge]. ",
        "intext": "(P01, as cited in Morgan, 2025, Section 1.1)",
        "bibtex": ("mastersthesis", "Morgan, Alex"),
    },
    "es": {
        "thesis": {"title": "Gobierno electrónico municipal", "authors": ["Quispe Mamani, Rosa Elena"],
                   "kind": "Tesis de maestría", "institution": "Universidad Nacional del Altiplano", "year": 2024},
        "quote": "e1-01",
        "reference": "Quispe Mamani, R. E. (2024). Gobierno electrónico municipal "
                     "[Tesis de maestría, Universidad Nacional del Altiplano]. ",
        "intext": "(E1, como se citó en Quispe Mamani, 2024, sección 1.1)",
        "bibtex": ("mastersthesis", "Quispe Mamani, Rosa Elena"),
    },
}  # fmt: skip
SITE_URL = "https://example.org/thesis/"


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def by_id(page: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:p|div)>', page, re.S)[1]  # type: ignore[index]


@pytest.fixture(scope="module", params=sorted(CASES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    language = request.param
    project = tmp_path_factory.mktemp(f"authored-{language}") / "p"
    assert main(["new", str(project), "--language", language]) == 0
    path = project / "content" / "thesis.yml"
    thesis = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**thesis, **CASES[language]["thesis"]}, allow_unicode=True), "utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"site_url: {SITE_URL}\n")
    assert main(["build", str(project)]) == 0
    return CASES[language], project / "site"


def test_the_quote_page_cites_the_thesis_by_its_author(built) -> None:  # type: ignore[no-untyped-def]
    case, site = built
    quote_url = load_corpus(site.parent, Problems()).layout.url_for("quote", id=case["quote"])  # its own folders
    page = (site / quote_url / "index.html").read_text(encoding="utf-8")
    url = f"{SITE_URL}{quote_url}"
    assert text(by_id(page, "cita-apa")) == case["reference"] + url
    assert text(by_id(page, "cita-apa-texto")) == case["intext"]
    bib = text(re.search(r'id="cita-bibtex".*?<code[^>]*>(.*?)</code>', page, re.S)[1])  # type: ignore[index]
    entry = bibtexparser.parse_string(bib).entries[0]
    fields = {f.key: f.value for f in entry.fields}
    assert (entry.entry_type, fields["author"]) == case["bibtex"]
    assert fields["school"] == case["thesis"]["institution"] and fields["type"] == case["thesis"]["kind"]
    ris = text(re.search(r'id="cita-ris".*?<code[^>]*>(.*?)</code>', page, re.S)[1])  # type: ignore[index]
    tags = [(line[:2], line[6:]) for line in ris.splitlines() if line[2:6] == "  - "]
    assert tags[0] == ("TY", "THES") and ("AU", case["bibtex"][1]) in tags
    assert ("PB", case["thesis"]["institution"]) in tags and ("M3", case["thesis"]["kind"]) in tags
    item = json.loads(text(re.search(r'id="cita-csl".*?<code[^>]*>(.*?)</code>', page, re.S)[1]))  # type: ignore[index]
    jsonschema.validate([item], json.loads((FIXTURES / "csl-data.schema.json").read_text(encoding="utf-8")))
    assert item["type"] == "thesis" and item["genre"] == case["thesis"]["kind"]
    assert item["publisher"] == case["thesis"]["institution"] and "literal" not in item["author"][0]
    family, given = case["bibtex"][1].split(", ")
    assert item["author"] == [{"family": family, "given": given}]
    assert f'<meta name="citation_author" content="{html.escape(case["bibtex"][1])}">' in page


def test_the_home_page_gives_the_same_reference(built) -> None:  # type: ignore[no-untyped-def]
    case, site = built
    home = (site / "index.html").read_text(encoding="utf-8")
    assert text(by_id(home, "cita-apa")) == case["reference"] + SITE_URL
    year = case["thesis"]["year"]
    assert text(by_id(home, "cita-apa-texto")) == f"({case['bibtex'][1].split(',')[0]}, {year})"
    assert f'<meta name="citation_author" content="{html.escape(case["bibtex"][1])}">' in home
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', home, re.S)[1])  # type: ignore[index]
    assert ld["@type"] == "Thesis" and ld["author"][0]["familyName"] == case["bibtex"][1].split(",")[0]
