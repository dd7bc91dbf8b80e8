"""thesis.language drives the interface: the English starter builds an English site with its own vocabulary."""

from __future__ import annotations

import json
import re
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
    findings = (english / "site" / "hallazgos" / "index.html").read_text(encoding="utf-8")
    assert ">Themes (1)<" in findings and ">Sub-themes (1)<" in findings


def test_english_site_is_english(english: Path) -> None:
    site = english / "site"
    config = yaml.safe_load((english / ".thesis-site" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["language"] == "en"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"]  # the search index is English
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in home
    intro = (site / "secciones" / "introduction" / "index.html").read_text(encoding="utf-8")
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
    prior.feed((site / "antecedentes" / "index.html").read_text(encoding="utf-8"))
    text = " ".join(prior.parts)
    assert "2 studies cited as prior work (1 international and 1 local)" in text
    assert not re.search(r"estudios?|antecedentes|Cada fila|s\.f\.", text), text


def test_spanish_starter_builds_a_spanish_site(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "es-thesis"
    assert cli("new", str(project)).code == 0
    assert cli("build", str(project)).code == 0
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in home and "Resumen" in home
