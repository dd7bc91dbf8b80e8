"""site_url: absolute permalinks, canonical links and sitemap when set; one warning when missing."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import make_project

SITE_URL = "https://example.org/tesis/"


def test_with_site_url_everything_shareable_is_absolute(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "p")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write(f"site_url: {SITE_URL}\n")
    run = cli("build", str(project))
    assert run.code == 0, run.err
    assert "site_url is not set" not in run.err
    site = project / "site"
    quote = (site / "citas" / "dmpp1-01" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}citas/dmpp1-01/">' in quote
    assert f'id="enlace-permanente" data-copy-source href="{SITE_URL}citas/dmpp1-01/">' in quote
    assert f"(s.f.). {SITE_URL}citas/dmpp1-01/</p>" in quote  # the reference entry ends with the quote's URL
    assert f"url = {{{SITE_URL}citas/dmpp1-01/}}" in quote and f"UR  - {SITE_URL}citas/dmpp1-01/" in quote
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}citas/dmpp1-01/</loc>" in sitemap and "<loc>/" not in sitemap
    quotes = json.loads((site / "datos" / "citas.json").read_text(encoding="utf-8"))
    assert all(q["permalink"] == SITE_URL + q["url"] for q in quotes)
    refs = json.loads((site / "datos" / "referencias.json").read_text(encoding="utf-8"))
    assert all(r["custom"]["permalink"] == SITE_URL + r["custom"]["url"] for r in refs)


def test_without_site_url_check_and_build_warn_once(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "p")
    for command in ("check", "build"):
        run = cli(command, "--strict", str(project)) if command == "check" else cli(command, str(project))
        assert run.code == 0, run.err  # a missing address is never an error, even with --strict
        assert run.err.count("mkdocs.yml:1: warning: site_url is not set") == 1, run.err
    quotes = json.loads((project / "site" / "datos" / "citas.json").read_text(encoding="utf-8"))
    assert all("permalink" not in q for q in quotes)
