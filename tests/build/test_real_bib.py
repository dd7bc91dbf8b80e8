"""Real .bib exports (biblatex-examples, Zotero/Better BibTeX, JabRef, Mendeley), unchanged, cited in full.

One starter project (``thesis-site new``) gets the four files appended as they
are (see tests/fixtures/real_bib/README.md for their sources) plus an injection
probe, and a section that cites every key in parentheses and narratively. It
is built once; each test then checks every entry.
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
from pylatexenc.latex2text import LatexNodes2Text

from generator.cite.csl import CitationFormatter
from generator.cli import main
from generator.errors import Problems
from generator.source.bibliography import load_bibliography
from tests.conftest import FIXTURES
from tests.support.citeproc_js import read, render_as_built

REAL = FIXTURES / "real_bib"
FILES = ["biblatex-examples.bib", "zotero-bbt.bib", "jabref.bib", "mendeley.bib"]
PROBE = """
@article{probe/inject:1,
  author = {Evil, Eve},
  title = {<img src=x onerror=alert(1)> Probe},
  journal = {Journal of <script>alert(2)</script> Tests},
  year = {1998},
  doi = {10.1002/(SICI)1096-987X(199805)19:7<377::AID-JCC1>3.0.CO;2-P},
}
"""
ENTRY_RE = re.compile(r'<li id="([^"]+)" class="ts-ref[^"]*"><span class="ts-ref-text">(.*?)</span>\n', re.S)
PAREN_RE = re.compile(
    r'<span class="citation">\(<a class="cite"(?: id="[^"]*")? href="[^"]*#([^"]*)"[^>]*>(.*?)</a>\)</span>', re.S
)
LATEX_RESIDUE = re.compile(r"\\[A-Za-z]+|[{}$]|(?<![-\w])--(?![-\w])")


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], dict[str, dict]]:
    project = tmp_path_factory.mktemp("realbib") / "p"
    assert main(["new", str(project)]) == 0
    keys: list[str] = []
    sources: dict[str, dict] = {}
    with (project / "bibliography.bib").open("a", encoding="utf-8") as bib:
        for name in FILES:
            raw = (REAL / name).read_text(encoding="utf-8")
            bib.write("\n" + raw)
            for entry in bibtexparser.parse_string(raw).entries:
                if entry.entry_type.lower() != "xdata" and entry.key not in sources:
                    keys.append(entry.key)
                    sources[entry.key] = {f.key.lower(): str(f.value) for f in entry.fields}
        bib.write(PROBE)
    keys.append("probe/inject:1")
    sources["probe/inject:1"] = {"year": "1998", "doi": "x"}
    blocks = [{"p": f"Cita [@{k}] y narrativa @{k} en el texto."} for k in keys]
    section = {"id": "todas", "number": "9", "title": "Todas las obras", "blocks": blocks}
    (project / "content" / "sections" / "99-todas.yml").write_text(yaml.safe_dump(section, allow_unicode=True), "utf-8")
    assert main(["build", str(project)]) == 0
    return project / "site", keys, sources


def entries(site: Path) -> dict[str, str]:
    """Every entry of the references page, or of its parts when the list is long enough to be split (split.py)."""
    pages = [site / "referencias" / "index.html", *sorted((site / "referencias").glob("*/index.html"))]
    return {html.unescape(k): v for page in pages for k, v in ENTRY_RE.findall(page.read_text(encoding="utf-8"))}


def test_every_entry_is_listed_without_latex_and_with_its_year(built) -> None:  # type: ignore[no-untyped-def]
    site, keys, sources = built
    listed = entries(site)
    assert set(keys) <= set(listed)
    for key in keys:
        printed = text(listed[key])
        assert not LATEX_RESIDUE.search(printed), (key, printed)
        year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", sources[key].get("year", "") or sources[key].get("date", ""))
        if year:
            assert year[1] in printed, (key, printed)


def test_dois_are_links_and_editors_are_shown(built) -> None:  # type: ignore[no-untyped-def]
    site, keys, sources = built
    listed = entries(site)
    data = {item["id"]: item for item in json.loads((site / "datos" / "referencias.json").read_text("utf-8"))}
    with_doi = [k for k in keys if data[k].get("DOI")]
    assert len(with_doi) > 100
    for key in with_doi:
        assert 'href="https://doi.org/' in listed[key], key
    edited = [k for k in keys if data[k].get("editor") and not data[k].get("author")]
    assert edited
    for key in edited:
        family = data[key]["editor"][0].get("family") or data[key]["editor"][0].get("literal")
        assert family in text(listed[key]) and "(Ed" in text(listed[key]), key


def test_in_text_citations_are_unambiguous(built) -> None:  # type: ignore[no-untyped-def]
    site, keys, _ = built
    page = (site / "secciones" / "todas" / "index.html").read_text(encoding="utf-8")
    forms: dict[str, set[str]] = {}
    for key, form in PAREN_RE.findall(page):
        forms.setdefault(text(form), set()).add(html.unescape(key))
    assert sum(len(k) for k in forms.values()) >= len(keys)
    assert {form: ks for form, ks in forms.items() if len(ks) > 1} == {}
    assert {"Westfahl, 2000a", "Westfahl, 2000b"} <= set(forms)  # year suffixes
    assert any(re.match(r"[A-Z]\. [A-Z]", f) for f in forms)  # initials added to tell authors apart


def test_references_json_is_valid_csl_data(built) -> None:  # type: ignore[no-untyped-def]
    site, keys, _ = built
    data = json.loads((site / "datos" / "referencias.json").read_text("utf-8"))
    schema = json.loads((FIXTURES / "csl-data.schema.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    by_id = {item["id"]: item for item in data}
    assert set(keys) <= set(by_id)
    url = by_id["baez/article"]["custom"]["url"]  # the entry's anchor, on the part that holds it when split
    page, _, anchor = url.partition("#")
    assert url.startswith("referencias/") and anchor == "baez/article"
    assert 'id="baez/article"' in (site / page / "index.html").read_text("utf-8")
    assert by_id["baez/article"]["custom"]["cited_in"] == ["secciones/todas/"]


def test_no_field_becomes_markup_anywhere(built) -> None:  # type: ignore[no-untyped-def]
    site, _, _ = built
    for page in site.rglob("*.html"):
        body = page.read_text(encoding="utf-8")
        assert "<img src=x" not in body and "<script>alert" not in body, page
    entry = entries(site)["probe/inject:1"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in entry
    assert "19:7&lt;377::AID-JCC1&gt;3.0.CO;2-P</a>" in entry
    section = (site / "secciones" / "todas" / "index.html").read_text(encoding="utf-8")
    tooltip = re.search(r'href="[^"]*#probe/inject:1" title="([^"]*)"', section)
    assert tooltip and "&lt;img src=x onerror=alert(1)&gt;" in tooltip[1]


# -- a second CSL engine reads the same data the same way -----------------------------------------------------

# Entries citeproc-js prints differently from pandoc's citeproc given the same CSL-JSON and style; each is an
# engine difference documented in docs/citations.md ("Engine differences we keep").
ENGINE_DIFFERENCES = {
    "es": {"almendro", "set", "stdmodel"},
    "en": {"almendro", "set", "stdmodel", "nussbaum", "Steger2012", "padhye"},
}


def compare(ours: dict[str, str], items: list[dict], style: str, locale: str) -> set[str]:
    """Keys whose entry citeproc-js reads differently from ``ours`` (by id)."""
    theirs = render_as_built(items, style, locale)
    assert set(ours) <= set(theirs)
    return {key for key, entry in ours.items() if read(entry) != read(theirs[key])}


def test_citeproc_js_reads_our_reference_list_as_our_page_does(built, site_root: Path) -> None:  # type: ignore[no-untyped-def]
    site, _, _ = built
    differ, total = set(), 0
    for root in (site, site_root):  # the four real exports in a Spanish thesis, and the Puno thesis
        ours = entries(root)
        items = json.loads((root / "datos" / "referencias.json").read_text("utf-8"))
        differ |= compare(ours, items, "apa-no-ampersand", "es-ES")
        total += len(ours)
    assert differ == ENGINE_DIFFERENCES["es"]
    assert 1 - len(differ) / total >= 0.98, (len(differ), total)


def test_citeproc_js_reads_an_english_reference_list_alike(tmp_path: Path) -> None:
    (tmp_path / "bibliography.bib").write_text(
        "\n".join((REAL / name).read_text(encoding="utf-8") for name in FILES), encoding="utf-8"
    )
    refs = load_bibliography(tmp_path, Problems(), "en")
    ours = dict(CitationFormatter(refs, language="en").bibliography())
    differ = compare(ours, [refs[key].csl for key in sorted(refs)], "apa", "en-US")  # as datos/referencias.json
    assert differ == ENGINE_DIFFERENCES["en"]
    assert 1 - len(differ) / len(ours) >= 0.98, (len(differ), len(ours))


QUOTE_MARKS = re.compile(r"[\"'“”‘’«»„]")


def same_text(text: str) -> str:
    """Text compared without case (English titles are printed in sentence case), quotation marks, dash kinds or
    spaces (LaTeX eats the space after a command: "The {\\TeX book}" is "The TeXbook")."""
    text = QUOTE_MARKS.sub("", text).replace("∼", "~").replace("—", "-").replace("–", "-")
    return "".join(text.casefold().split())


MACROS = {"\\hyphen": "-", "\\TeX": "TeX"}  # the two macros of the fixtures pylatexenc does not know


def decoded(title: str) -> str:
    """A .bib title as text: pylatexenc's LaTeX decoding (independent of pandoc)."""
    for macro, text in MACROS.items():
        title = title.replace(macro, text)
    return LatexNodes2Text().latex_to_text(title).rstrip(".")


def test_no_title_of_a_work_is_changed(built) -> None:  # type: ignore[no-untyped-def]
    """Every title of a work (and of the journal that holds it) is printed as the .bib gives it."""
    site, keys, sources = built
    listed = entries(site)
    checked = 0
    for key in keys:
        printed = same_text(read(listed[key]))
        for field in ("title", "journaltitle", "journal"):
            title = sources[key].get(field)
            if title and "@" not in title:  # an @string abbreviation is not text
                assert same_text(decoded(title)) in printed, (key, field, decoded(title), read(listed[key]))
                checked += 1
    assert checked > 400
