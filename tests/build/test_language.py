"""thesis.language drives the interface: the English starter builds an English site with its own vocabulary."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.i18n import catalog

SKIPPED = ("script", "style", "code", "pre")
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "content", "data-copied")


class VisibleText(HTMLParser):
    """Text a reader sees or hears: text nodes and labelling attributes, not code, URLs, data file names or ids."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        self.parts += [v for k, v in attrs if k in ATTRIBUTES and v]
        shows_url = tag == "a" and ("download" in names or "ts-permalink-abs" in (names.get("class") or ""))
        if tag in SKIPPED or shows_url:  # a file name or a permalink shown as its URL is not UI text
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.stack:
            self.parts.append(data)


def fragments(message: object) -> set[str]:
    """Literal pieces of a catalog message (between parameters and tags) long enough to be telling."""
    texts = message.values() if isinstance(message, dict) else [message]
    out = set()
    for text in texts:
        for part in re.split(r"\{[a-z_]+\}|<[^>]+>", str(text)):
            part = part.strip(" ().:,;·←→")
            if len(part) >= 4 and re.search(r"[a-záéíóúñ]", part):
                out.add(part)
    return out


def spanish_only() -> set[str]:
    es, en = catalog("es").messages, catalog("en").messages
    found = set().union(*(fragments(v) for k, v in es.items() if not k.startswith("meta.") and v != en[k]))
    return found - set().union(*(fragments(v) for v in en.values()))


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.cli import main

    project = tmp_path_factory.mktemp("en") / "en-thesis"
    assert main(["new", str(project), "--language", "en"]) == 0
    (project / "content" / "antecedents.yml").write_text(  # prior work: a page the starter itself leaves out
        "antecedents:\n  - id: ant-smith2020\n    cite: smith2020\n    scope: international\n"
        '    text:\n      - "@smith2020 studied digital government in small towns."\n'
        '  - id: ant-lee2018\n    cite: lee2018\n    scope: local\n    text:\n      - "@lee2018 did too."\n',
        encoding="utf-8",
    )
    assert main(["build", str(project)]) == 0
    return project


def test_english_starter_has_its_own_vocabulary(english: Path) -> None:
    vocab = yaml.safe_load((english / "content" / "vocabulary.yml").read_text(encoding="utf-8"))["vocabulary"]
    assert [f["id"] for f in vocab["finding_families"]] == ["theme", "subtheme"]
    assert vocab["objectives_list"] == "research-questions"
    codes = yaml.safe_load((english / "content" / "informants.yml").read_text(encoding="utf-8"))["informants"]
    assert [i["id"] for i in codes] == ["P01", "P02", "P03"]
    findings = (english / "site" / "findings" / "index.html").read_text(encoding="utf-8")
    assert ">Themes (1)<" in findings and ">Sub-themes (1)<" in findings


def test_english_site_is_english(english: Path) -> None:
    site = english / "site"
    config = yaml.safe_load((english / ".thesis-site" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["language"] == "en"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"]  # the search index is English
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in home
    intro = (site / "sections" / "introduction" / "index.html").read_text(encoding="utf-8")
    assert ">Smith &amp; Brown (2020)<" in intro  # CSL locale en-US, APA 7 in English
    spanish = sorted(spanish_only())
    assert len(spanish) > 100  # the check below has something to find
    leaks = []
    for page in sorted(site.rglob("*.html")):
        parser = VisibleText()
        parser.feed(page.read_text(encoding="utf-8"))
        text = " ".join(parser.parts)
        leaks += [(page.name, s) for s in spanish if re.search(r"(?<!\w)" + re.escape(s) + r"(?!\w)", text)]
    assert leaks == []
    prior = VisibleText()
    prior.feed((site / "antecedents" / "index.html").read_text(encoding="utf-8"))
    text = " ".join(prior.parts)
    assert "2 studies cited as prior work (1 international and 1 local)" in text
    assert not re.search(r"estudios?|antecedentes|Cada fila|s\.f\.", text), text


def test_spanish_starter_builds_a_spanish_site(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "es-thesis"
    assert cli("new", str(project)).code == 0
    assert cli("build", str(project)).code == 0
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in home and "Resumen" in home


def test_a_new_english_project_has_english_addresses_for_good(english: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    from generator.kinds import URL_NAMES

    site = english / "site"
    folders = {p.name for p in site.iterdir() if p.is_dir()}
    assert {"sections", "quotes", "informants", "findings", "references", "data", "matrix", "notes"} <= folders
    assert folders.isdisjoint(URL_NAMES["es"].values())
    assert (site / "quotes" / "p01-01" / "index.html").is_file()
    quotes = json.loads((site / "data" / "quotes.json").read_text(encoding="utf-8"))
    assert quotes[0]["url"] == "quotes/p01-01/"
    assert {p.name for p in (site / "data").iterdir()} >= {"quotes.json", "quotes.csv", "references.json"}
    # fixed at creation: a later change of language keeps them
    copy = tmp_path / "p"
    shutil.copytree(english / "content", copy / "content")
    for name in ("bibliography.bib", "mkdocs.yml"):
        shutil.copyfile(english / name, copy / name)
    thesis = copy / "content" / "thesis.yml"
    thesis.write_text(thesis.read_text(encoding="utf-8").replace("language: en", "language: es"), encoding="utf-8")
    assert cli("build", str(copy)).code == 0
    assert (copy / "site" / "quotes" / "p01-01" / "index.html").is_file()


def test_folder_names_must_differ(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "p"
    assert cli("new", str(project), "--language", "en").code == 0
    thesis = project / "content" / "thesis.yml"
    thesis.write_text(
        thesis.read_text(encoding="utf-8").replace("  findings: findings", "  findings: quotes"), encoding="utf-8"
    )
    run = cli("check", str(project))
    assert run.code == 2
    assert "folder name 'quotes' is already the folder of 'quotes'" in run.err


WORD = re.compile(r"[A-Za-záéíóúñüÁÉÍÓÚÑÜ]{3,}")
ALSO_ENGLISH = {"literal", "son", "sin", "red", "dice", "solo", "cargo", "con", "tal", "dmpp"}  # or a Puno code
COMMON_SPANISH = {"pero", "también", "desde", "hasta", "porque", "muy", "ningún", "ninguna", "aún", "según"}


def spanish_words() -> set[str]:
    """Words of the Spanish catalog that the English one never uses, and common Spanish words."""

    def words(messages: dict[str, object]) -> set[str]:
        out: set[str] = set()
        for key, value in messages.items():
            for text in value.values() if isinstance(value, dict) else [value]:
                if not key.startswith("meta."):
                    out |= {w.lower() for w in WORD.findall(re.sub(r"\{[a-z_]+\}|<[^>]+>", " ", str(text)))}
        return out

    return (words(catalog("es").messages) - words(catalog("en").messages) - ALSO_ENGLISH) | COMMON_SPANISH


def test_an_english_project_with_every_optional_part_empty_shows_no_spanish_word(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "bare"
    assert cli("new", str(project), "--language", "en").code == 0
    content = project / "content"
    thesis = (content / "thesis.yml").read_text(encoding="utf-8")
    urls = thesis[thesis.index("# The folder") :]
    (content / "thesis.yml").write_text(
        f"title: A bare thesis\ntitle_derived: false\nlanguage: en\nquestion: Why?\n\n{urls}", encoding="utf-8"
    )
    (content / "informants.yml").write_text("informants: []\n", encoding="utf-8")
    (content / "quotes.yml").write_text("quotes: []\n", encoding="utf-8")
    (content / "findings.yml").write_text(  # a finding with nothing but its statement: no evidence, no theory
        "findings:\n  - id: theme-1\n    kind: theme\n    title: Alone\n    statement: It stands alone.\n",
        encoding="utf-8",
    )
    (content / "sections" / "01-introduction.yml").write_text(
        "id: introduction\ntitle: Introduction\nblocks:\n  - p: Text.\n", encoding="utf-8"
    )
    (project / "bibliography.bib").write_text("", encoding="utf-8")
    assert cli("build", str(project)).code == 0
    spanish = spanish_words()
    assert {"tesis", "hallazgo", "cita", "ninguna", "transcribe"} <= spanish  # the check has something to find
    pages = sorted((project / "site").rglob("*.html"))
    assert len(pages) >= 8
    found = []
    for page in pages:
        parser = VisibleText()
        parser.feed(page.read_text(encoding="utf-8"))
        words = {w.lower() for part in parser.parts for w in WORD.findall(part)}
        found += [(page.relative_to(project / "site").as_posix(), w) for w in sorted(words & spanish)]
    assert found == []
    finding = (project / "site" / "findings" / "theme-1" / "index.html").read_text(encoding="utf-8")
    assert "No interview quote is given for this finding." in finding


def test_an_english_items_links_and_discussing_findings_are_labelled_in_english(
    english: Path, tmp_path: Path, cli
) -> None:  # type: ignore[no-untyped-def]
    """A list item's "Related" links and the findings discussing it are written from the catalog."""
    project = tmp_path / "copy"
    shutil.copytree(english, project, ignore=shutil.ignore_patterns("site", ".thesis-site"))
    section = project / "content" / "sections" / "01-introduction.yml"
    text = section.read_text(encoding="utf-8")
    section.write_text(
        text.replace(
            "          text: Why did the town adopt an online portal?\n",
            "          text: Why did the town adopt an online portal?\n          links: [background]\n",
        ),
        encoding="utf-8",
    )
    findings = project / "content" / "findings.yml"
    findings.write_text(
        findings.read_text(encoding="utf-8").replace("theory: [background]", "theory: [background, rq1]", 1),
        encoding="utf-8",
    )
    result = cli("build", str(project))
    assert result.code == 0, result.err
    page = (project / "site" / "sections" / "introduction" / "index.html").read_text(encoding="utf-8")
    assert "Related" in page and "Findings that discuss it" in page
    assert "Relacionado" not in page and "Hallazgos que lo discuten" not in page
