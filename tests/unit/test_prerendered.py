"""Pages made of headings and raw HTML convert exactly as Python-Markdown converts them; anything else is left to it."""

from __future__ import annotations

import markdown
import pytest

from generator.output.prerendered import convert

EXTENSIONS = ["attr_list", "tables", "toc"]
TOC = {"toc": {"permalink": True, "permalink_title": "Enlace permanente"}}


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
