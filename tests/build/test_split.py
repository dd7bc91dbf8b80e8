"""List pages that outgrow their limit are split into parts (generator/website/split.py, issue 11 "budgets at ×100").

The Puno thesis itself, built with limits lowered far below its size (``split_site``), exercises every
split; the Puno site built with the real limits (``site_root``) must not be split at all (its permalinks
never change).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.kinds import SPLITTABLE, url_names
from generator.output.linkcheck import check_site
from generator.urls import Layout
from generator.website import split
from tests.conftest import SPLIT_LIMITS

PUBLISHED = Layout()  # the Puno thesis: the published names
MOVED_FILE = PUBLISHED.file("moved_file", "json")

PART_LINK = re.compile(r'<ul class="ts-parts">(.*?)</ul>', re.S)
HREF = re.compile(r'href="([^"#]+)"')


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def parts_of(site: Path, page: str) -> list[str]:
    """Site-relative URLs of the parts the index page of ``page`` links to, in order."""
    index = PUBLISHED.page(page)
    found = [index + href.removeprefix("./") for block in PART_LINK.findall(read(site, index))
             for href in HREF.findall(block)]  # fmt: skip
    return found


@pytest.mark.parametrize("page", SPLITTABLE)
def test_every_list_page_above_its_limit_becomes_an_index_of_parts(split_site: Path, page: str) -> None:
    assert set(SPLIT_LIMITS) == set(SPLITTABLE)
    parts = parts_of(split_site, page)
    assert len(parts) >= 2, page
    folders = {
        p.parent.relative_to(split_site).as_posix() + "/"
        for p in (split_site / PUBLISHED.page(page)).glob("*_*/index.html")
    }
    folders |= {p.parent.relative_to(split_site).as_posix() + "/" for p in (split_site / PUBLISHED.page(page)).glob("*/index.html")
                if "ts-part-nav" in p.read_text(encoding="utf-8")}  # fmt: skip
    assert sorted(parts) == sorted(folders)  # every part is linked from the index, and every link is a part
    for n, url in enumerate(parts, start=1):
        html = read(split_site, url)
        assert f"{n} de {len(parts)}" in html  # "Página n de N" in the part's own navigation


def test_no_link_or_anchor_is_broken_once_split(split_site: Path) -> None:
    report = check_site(split_site)
    assert report.pages > 200
    assert report.broken == []


def test_anchors_move_to_their_part_and_links_follow(split_site: Path) -> None:
    section = read(split_site, "secciones/conceptualizando-ge/")
    cites = re.findall(r'class="cite"[^>]*href="([^"]+)"', section) + re.findall(
        r'href="([^"]+)"[^>]*class="cite"', section
    )
    assert cites
    for href in cites:  # citations go to the part holding the entry: ../../referencias/<letter>/#key
        assert re.fullmatch(r"\.\./\.\./referencias/[a-z0-9_-]+/#[^#]+", href), href
    letters = [
        re.search(r"<h1[^>]*>(.*?)<", read(split_site, url)).group(1) for url in parts_of(split_site, "references")
    ]  # type: ignore[union-attr]
    assert all(": " in title for title in letters)  # "Referencias: A", "Referencias: B (parte 1 de 2)"...
    quotes = read(split_site, parts_of(split_site, "quotes")[0])
    assert 'id="filtro-citas"' in quotes and "data-informant=" in quotes  # the quote filter works on each part
    home = read(split_site, "")
    assert home.count('class="ts-answer-more"') >= 1 and 'href="hallazgos/#' in home


def test_parts_hold_every_entry_once_in_the_published_order(split_site: Path, site_root: Path) -> None:
    for page, entry in (("references", r'<li id="([^"]+)" class="ts-ref'), ("antecedents", r'<section class="ts-antecedent-card" id="([^"]+)"'),
                        ("quotes", r'<h2 id="(grupo-[^"]+)"'), ("glossary", r'<dt id="([^"]+)"')):  # fmt: skip
        whole = "".join(read(split_site, url) for url in parts_of(split_site, page))
        published = re.findall(entry, read(site_root, PUBLISHED.page(page)))
        assert len(published) >= 10, page
        found = re.findall(entry, whole)
        if page == "antecedents":  # grouped by scope, as the published page already is
            assert found == published
        else:
            assert found == published, page  # APA order of references kept across letters


def test_the_puno_thesis_is_not_split(site_root: Path) -> None:
    for page in SPLITTABLE:
        index = PUBLISHED.page(page)
        if (site_root / index / "index.html").is_file():
            assert 'class="ts-parts"' not in read(site_root, index), page
            assert not [p for p in (site_root / index).glob("*/index.html") if "ts-part-nav" in p.read_text("utf-8")]
    assert 'class="ts-answer-more"' not in read(site_root, "")


def test_letters_fold_accents_and_chunks_keep_order() -> None:
    assert [split.letter(x) for x in ("Álvarez", "ñandú", "2019 Informe", "«Perú»", "")] == ["A", "N", "0-9", "P", "#"]
    assert split.chunks([3, 1, 1, 4, 1], 4, lambda x: x) == [[3, 1], [1], [4], [1]]


def test_an_english_starter_split_everywhere_reads_english_and_links_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.build import build_project
    from generator.cli import main

    assert main(["new", str(tmp_path / "en"), "--language", "en"]) == 0
    for name in SPLITTABLE:
        monkeypatch.setitem(split.MAX_ENTRIES, name, 1)
    build_project(tmp_path / "en")
    site = tmp_path / "en" / "site"
    english = Layout.of(url_names("en"))
    assert check_site(site).broken == []
    parts = [p for p in site.rglob("index.html") if "ts-part-nav" in p.read_text("utf-8")]
    assert len(parts) >= 6
    for page in [*parts, *(site / english.page(name) / "index.html" for name in ("quotes", "references"))]:
        body = page.read_text("utf-8")
        assert not re.search(r"Página|Todas las páginas|Anterior|Siguiente|Esta lista", body), page
    assert all(re.search(r"Page \d+ of \d+", p.read_text("utf-8")) for p in parts)


def test_every_anchor_a_split_page_had_still_leads_to_its_entry(split_site: Path, site_root: Path) -> None:
    """The published anchors of a page that is split later: a map beside the index says which part holds each."""
    for index in ("referencias/", "antecedentes/"):
        published = set(re.findall(r'\bid="([^"]+)"', read(site_root, index)))  # the page before it was split
        on_index = set(re.findall(r'\bid="([^"]+)"', read(split_site, index)))
        assert f'data-ts-moved="{MOVED_FILE}"' in read(split_site, index)
        moved = json.loads((split_site / index / MOVED_FILE).read_text("utf-8"))
        gone = {a for a in published if a not in on_index and not a.startswith(("__", "ref-"))}
        first = (split_site / index / moved.pop("*") / "index.html").read_text("utf-8")
        assert gone and {a for a in gone - set(moved) if f'id="{a}"' not in first} == set()
        for anchor, target in moved.items():
            path, _, fragment = target.partition("#")
            assert fragment == anchor
            assert f'id="{anchor}"' in (split_site / index / path / "index.html").read_text("utf-8"), target
    assert not list(site_root.rglob(MOVED_FILE))  # nothing moved on the Puno thesis
