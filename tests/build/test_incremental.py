"""Rebuilds reuse what did not change (Material's output per page, the search index) and the site is the same
as a build from scratch (issue 11: a build far below stock Material, the live preview under 2 s)."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.build import build_project
from generator.output.search import BUNDLE, index_site
from tests.conftest import make_project, tree_digest


def scratch(project: Path, where: Path) -> dict[str, str]:
    """The site a build from scratch (no build folder, no caches) makes of ``project``'s sources."""
    shutil.copytree(project, where, ignore=shutil.ignore_patterns(".thesis-site", "site"))
    build_project(where)
    return tree_digest(where / "site")


def test_an_edit_renders_only_the_pages_it_changed_and_gives_the_site_from_scratch(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    first = build_project(project)
    assert first.reused_pages == 0 and not first.search_reused

    same = build_project(project)
    assert same.reused_pages == same.pages  # nothing changed: every page and the search index stand
    assert same.search_reused

    quotes = project / "content" / "quotes.yml"
    quotes.write_text(quotes.read_text("utf-8").replace("herramientas para", "instrumentos para"), "utf-8")
    edited = build_project(project)
    assert 0 < edited.reused_pages < edited.pages
    assert not edited.search_reused
    assert "instrumentos para" in (project / "site" / "citas" / "dmpp1-01" / "index.html").read_text("utf-8")
    assert tree_digest(project / "site") == scratch(project, tmp_path / "fresh")


def test_a_theme_override_renders_every_page_again(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    build_project(project)
    header = project / "site_templates" / "theme" / "partials" / "header.html"
    header.parent.mkdir(parents=True)
    default = Path(__file__).resolve().parents[2] / "site_templates" / "theme" / "partials" / "header.html"
    header.write_text(default.read_text("utf-8").replace("</header>", "<!-- local -->\n</header>"), "utf-8")
    again = build_project(project)
    assert again.reused_pages == 0
    assert "<!-- local -->" in (project / "site" / "index.html").read_text("utf-8")
    assert tree_digest(project / "site") == scratch(project, tmp_path / "fresh")


def test_the_search_index_is_what_pagefind_makes_of_the_finished_site(site_root: Path, tmp_path: Path) -> None:
    """Pagefind ran on the pages' bodies while MkDocs rendered; on the built pages it writes the same bytes."""
    copy = tmp_path / "site"
    shutil.copytree(site_root, copy, ignore=shutil.ignore_patterns(BUNDLE))
    index_site(copy, "es")
    assert tree_digest(copy / BUNDLE) == tree_digest(site_root / BUNDLE)


def test_without_pagefind_the_build_fails_clearly_and_keeps_the_site(tmp_path: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import generator.output.search as search

    project = make_project(tmp_path / "p")
    build_project(project)
    before = tree_digest(project / "site")
    quotes = project / "content" / "quotes.yml"  # a changed body: the cached index cannot stand in
    quotes.write_text(quotes.read_text("utf-8").replace("herramientas para", "instrumentos para"), "utf-8")
    real = search._command
    monkeypatch.setattr(search, "_command", lambda *a: [*real(*a)[:2], "no_such_pagefind_module", *real(*a)[3:]])
    run = cli("build", str(project))
    assert run.code != 0
    assert "the search index could not be built (is the package 'pagefind[extended]' installed?" in run.err
    assert "Traceback" not in run.err + run.out
    assert tree_digest(project / "site") == before


def test_the_live_preview_serves_the_edit_first_and_the_new_search_index_after(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    build_project(project)
    before = tree_digest(project / "site" / BUNDLE)
    quotes = project / "content" / "quotes.yml"
    quotes.write_text(quotes.read_text("utf-8").replace("herramientas para", "instrumentos para"), "utf-8")
    result = build_project(project, defer_search=True)
    assert "instrumentos para" in (project / "site" / "citas" / "dmpp1-01" / "index.html").read_text("utf-8")
    assert result.pending_search is not None
    assert tree_digest(project / "site" / BUNDLE) == before  # the edited page is served with the last index
    result.pending_search()
    assert tree_digest(project / "site") == scratch(project, tmp_path / "fresh")
