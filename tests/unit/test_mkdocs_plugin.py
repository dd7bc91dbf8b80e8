"""The in-process MkDocs plugin changes how fast pages are built, never what is built."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest
import yaml

from generator.prerendered import convert
from generator.write import run_mkdocs

EXTENSIONS = ["attr_list", "tables", "toc"]
TOC = {"toc": {"permalink": True, "permalink_title": "Enlace permanente"}}


def test_the_real_thesis_builds_the_same_without_the_speedups(site_root: Path) -> None:
    build = site_root.parent / ".thesis-site"
    config = yaml.safe_load((build / "mkdocs.yml").read_text(encoding="utf-8"))
    plain = run_mkdocs(build, config, speedups=False)
    try:
        ours = {p.relative_to(site_root): p for p in site_root.rglob("*") if p.is_file() and "pagefind" not in p.parts}
        theirs = {p.relative_to(plain): p for p in plain.rglob("*") if p.is_file()}
        assert set(ours) == set(theirs)
        assert [str(rel) for rel in sorted(ours) if ours[rel].read_bytes() != theirs[rel].read_bytes()] == []
    finally:
        shutil.rmtree(plain)


@pytest.mark.parametrize(
    "source",
    [
        "# T\n\n<div>a</div>\n\n<p>b</p>\n",
        "<div>a</div>\n# H\n<p>z</p>\n\n## H {#h}\n\n### H\n",
        "<p>a</p><figure>b</figure>\n\n<div>\n\n<p>x</p>\n\n</div>\n",
        "# A \\- B &amp; C \\` \\* \\_ \\{\\} “q” TIC\\`s\n\n<hr>\n\n<p>x<br>y</p>",
    ],
)
def test_converted_pages_equal_python_markdown(source: str) -> None:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=TOC)
    done = convert(source, "&para;", "Enlace permanente")
    assert done is not None
    assert done.html == md.convert(source)
    assert done.toc_tokens == md.toc_tokens  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "source",
    [
        "Un párrafo en Markdown.\n",
        "# T\n\n- una lista\n",
        "<div>sin cerrar\n",
        "<span>en línea</span>\n",
        "<div>a</div> texto detrás\n",
        "<div><!-- comentario --></div>\n",
        "<script>x()</script>\n",
        "# *énfasis*\n",
        "```\ncódigo\n```\n",
    ],
)
def test_anything_else_is_left_to_python_markdown(source: str) -> None:
    assert convert(source, "&para;", "Enlace permanente") is None
