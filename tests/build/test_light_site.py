"""The built thesis: Pagefind instead of lunr, no Mermaid, figures as SVG with working links, and the
in-process MkDocs plugin changing how fast pages are built, never what is built (issue 11)."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from generator.output.write import run_mkdocs

SVG = "{http://www.w3.org/2000/svg}"


def test_site_has_pagefind_and_no_lunr_or_mermaid(site_root: Path) -> None:
    assert (site_root / "pagefind" / "pagefind.js").is_file()
    assert list((site_root / "pagefind").glob("wasm.es.pagefind"))
    assert not (site_root / "search").exists()
    assert not list(site_root.rglob("*lunr*")) and not list(site_root.rglob("workers/search*"))
    for path in site_root.rglob("*"):
        assert "mermaid" not in path.name.lower(), path
        if path.suffix == ".html":  # (Material's own bundle keeps its loader for sites that use Mermaid)
            assert "mermaid" not in path.read_text(encoding="utf-8").lower(), path
    config = yaml.safe_load((site_root.parent / ".thesis-site" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == []
    home = (site_root / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in home and 'type="search"' in home


def test_every_figure_is_inline_svg_with_working_links(site_root: Path) -> None:
    figures = sorted((site_root / "figuras").glob("fig-*/index.html"))
    assert len(figures) == 24
    for page in figures:
        html = page.read_text(encoding="utf-8")
        found = re.search(r"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ts-network\".*?</svg>", html, re.S)
        assert found, page
        root = ET.fromstring(found[0])
        assert (root.find(f"{SVG}title").text or "").startswith("Figura ")  # type: ignore[union-attr]
        links = root.findall(f".//{SVG}a")
        assert links, page
        for a in links:
            path, _, anchor = (a.get("href") or "").partition("#")
            target = (page.parent / path).resolve() / "index.html"
            assert target.is_file(), (page, a.get("href"))
            assert not anchor or f'id="{anchor}"' in target.read_text(encoding="utf-8"), (page, a.get("href"))
            assert a.get("aria-label"), page


def test_the_real_thesis_builds_the_same_without_the_speedups(site_root: Path) -> None:
    build = site_root.parent / ".thesis-site"
    config = yaml.safe_load((build / "mkdocs.yml").read_text(encoding="utf-8"))
    plain = run_mkdocs(build, config, speedups=False)
    try:
        # Pagefind's bundle and the PDF are made after MkDocs (search.py, pdf.py): MkDocs alone makes neither
        made_after = ("pagefind", "tesis.pdf")
        ours = {
            p.relative_to(site_root): p
            for p in site_root.rglob("*")
            if p.is_file() and not set(made_after) & set(p.parts)
        }
        theirs = {p.relative_to(plain): p for p in plain.rglob("*") if p.is_file()}
        assert set(ours) == set(theirs)
        assert [str(rel) for rel in sorted(ours) if ours[rel].read_bytes() != theirs[rel].read_bytes()] == []
    finally:
        shutil.rmtree(plain)
