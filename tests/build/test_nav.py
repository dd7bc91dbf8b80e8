"""The navigation never drops a section, whatever the mix of sections with and without sub-sections.

Material's ``navigation.indexes`` takes the first ``index.md`` page of a navigation section as that
section's own page and leaves it out of the list under it: a chapter without sub-sections that came
after one with sub-sections vanished from every sidebar. Every mix of three and four top-level files
(each with or without sub-sections, sub-sections with and without their own) is built for real and
each page's sidebar is read back.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from generator.build import build_project


def sidebar_links(page: Path) -> list[str]:
    """Texts of the links of the primary navigation of a built page (its table of contents left out)."""
    doc = lxml_html.parse(str(page)).getroot()
    nav = doc.xpath('//nav[contains(@class, "md-nav--primary")]')[0]
    out = []
    for link in nav.iter("a"):
        if any("md-nav--secondary" in (a.get("class") or "") for a in link.iterancestors("nav")):
            continue
        text = " ".join(link.text_content().split())
        if text:
            out.append(text)
    return out


def section_file(number: int, children: bool) -> str:
    """A top-level section; with children: a leaf, one with a sub-section of its own, another leaf."""
    text = f'id: s{number}\nnumber: "{number}"\ntitle: Chapter {number}\nblocks:\n  - p: Text.\n'
    if children:
        text += (
            f"children:\n"
            f'  - {{id: s{number}-1, number: "{number}.1", title: Leaf {number}.1}}\n'
            f'  - id: s{number}-2\n    number: "{number}.2"\n    title: Parent {number}.2\n'
            f'    children: [{{id: s{number}-2-1, number: "{number}.2.1", title: Leaf {number}.2.1}}]\n'
            f'  - {{id: s{number}-3, number: "{number}.3", title: Leaf {number}.3}}\n'
        )
    return text


MIXES = [mix for n in (3, 4) for mix in itertools.product((False, True), repeat=n)]


@pytest.fixture(scope="module")
def mix_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small English project whose sections each test rewrites (builds reuse the project's caches)."""
    root = tmp_path_factory.mktemp("mixes") / "p"
    (root / "content").mkdir(parents=True)
    (root / "content" / "thesis.yml").write_text(
        "title: T\ntitle_derived: false\nlanguage: en\nquestion: Why?\n", "utf-8"
    )
    (root / "content" / "informants.yml").write_text("informants: []\n", "utf-8")
    (root / "content" / "quotes.yml").write_text("quotes: []\n", "utf-8")
    (root / "bibliography.bib").write_text("", "utf-8")
    (root / "mkdocs.yml").write_text("site_name: Mixes\nsite_url: https://example.org/m/\n", "utf-8")
    return root


@pytest.mark.parametrize("mix", MIXES, ids=["".join("P" if m else "L" for m in mix) for mix in MIXES])
def test_every_section_is_in_the_sidebar(mix_project: Path, mix: tuple[bool, ...]) -> None:
    sections = mix_project / "content" / "sections"
    shutil.rmtree(sections, ignore_errors=True)
    sections.mkdir()
    for number, children in enumerate(mix, start=1):
        (sections / f"0{number}-s{number}.yml").write_text(section_file(number, children), "utf-8")
    build_project(mix_project)
    site = mix_project / "site" / "secciones"
    chapters = [f"{n} Chapter {n}" for n in range(1, len(mix) + 1)]
    for number, children in enumerate(mix, start=1):
        links = sidebar_links(site / f"s{number}" / "index.html")
        assert [c for c in chapters if c not in links] == [], f"chapter {number}'s page lacks chapters in {links}"
        if children:
            subs = [f"{number}.1 Leaf {number}.1", f"{number}.2 Parent {number}.2", f"{number}.3 Leaf {number}.3"]
            assert [s for s in subs if s not in links] == [], links
            for sub in (f"s{number}-1", f"s{number}-3"):
                assert set(chapters) | set(subs) <= set(sidebar_links(site / sub / "index.html"))
            deep = sidebar_links(site / f"s{number}-2-1" / "index.html")
            assert f"{number}.2.1 Leaf {number}.2.1" in deep and set(chapters) <= set(deep)
