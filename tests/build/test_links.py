"""Zero broken internal links or anchors over the whole built thesis."""

from __future__ import annotations

from pathlib import Path

from generator.output.linkcheck import check_site


def test_no_broken_internal_link_or_anchor(site_root: Path) -> None:
    report = check_site(site_root)
    assert report.pages > 100
    assert report.links > 5000
    assert report.broken == []


def test_the_checker_finds_a_broken_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/#nope">x</a><a href="b/">y</a><a href="https://x.org">z</a>', "utf-8"
    )
    (tmp_path / "a" / "index.html").write_text('<p id="yes"></p>', "utf-8")
    report = check_site(tmp_path)
    assert report.broken == [
        "/index.html: a/#nope -> no anchor #nope",
        "/index.html: b/ -> missing b/index.html",
        "/index.html: external link https://x.org",
    ]


def test_no_page_holds_an_id_twice(site_root: Path) -> None:
    """Every anchor is unique on its page, the pages holding a whole chapter or the whole thesis included."""
    import re
    from collections import Counter

    repeated = []
    for page in sorted(site_root.rglob("*.html")):
        ids = Counter(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")))
        repeated += [f"{page.relative_to(site_root)}: {i}" for i, n in ids.items() if n > 1]
    assert (site_root / "tesis" / "index.html").is_file() and (site_root / "secciones" / "cap1" / "completo").is_dir()
    assert repeated == []
