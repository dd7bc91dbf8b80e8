"""Image files of image blocks: what may be published, and under which name (generator/source/media.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.kinds import FOLDERS, RESERVED, URL_NAMES
from generator.source.media import MEDIA_DIR, media_file, problem

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_the_media_folder_is_no_page_folder() -> None:
    """No page URL starts with media/: every page's folder is one of the folder names of kinds.URL_NAMES (in every
    language), and a project's own names may not take it (kinds.RESERVED, checked by validate.check_urls)."""
    folders = {names[key] for names in URL_NAMES.values() for key in FOLDERS}
    assert MEDIA_DIR not in folders | {"assets", "search", "pagefind"}
    assert MEDIA_DIR in RESERVED


@pytest.mark.parametrize(
    ("src", "data", "message"),
    [
        ("a.png", PNG, None),
        ("sub/b.JPG", b"\xff\xd8\xff\xe0rest", None),
        ("c.gif", b"GIF89a...", None),
        ("d.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", None),
        ("e.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><a href="https://x.org"><rect/></a></svg>', None),
        ("f.bmp", b"BM", "image 'f.bmp': type '.bmp' is not allowed (allowed: png, jpg, jpeg, gif, webp, svg)"),
        ("sin-tipo", b"x", "image 'sin-tipo': type '(none)' is not allowed (allowed: png, jpg, jpeg, gif, webp, svg)"),
        ("g.png", b"<html><script>alert(1)</script>", "image 'g.png' is not a PNG file (its first bytes say otherwise)"),
        ("h.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
         "image 'h.svg': an SVG with <script> is not published (it could run code)"),
        ("i.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
         "image 'i.svg': an SVG with <foreignobject> is not published (it could run code)"),
        ("j.svg", b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><a x:href="javascript:alert(1)"/></svg>',
         "image 'j.svg': an SVG with the attribute href=\"…\" is not published (it could run code)"),
        ("k.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect onload="alert(1)"/></svg>',
         "image 'k.svg': an SVG with the attribute onload=\"…\" is not published (it could run code)"),
        ("l.svg", b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
         "image 'l.svg' is not a usable SVG file (l.svg: declares XML entities (an external or expanding entity?); refused)"),
        ("m.svg", b"<html/>", "image 'm.svg' is not an SVG file (its root element is not <svg>)"),
        ("n.svg", b"<svg", "image 'n.svg' is not a usable SVG file (n.svg:1: not well-formed XML: Couldn't find end of Start Tag svg line 1, line 1, column 5)"),
    ],
)  # fmt: skip
def test_what_may_be_published(tmp_path: Path, src: str, data: bytes, message: str | None) -> None:
    (tmp_path / src).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / src).write_bytes(data)
    found = problem(tmp_path, src)
    assert found == message


def test_paths_stay_inside_content(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (tmp_path / "secret.png").write_bytes(PNG)
    (content / "link.png").symlink_to(tmp_path / "secret.png")
    inside = "must be a path inside content/ (like 'imported/media/image1.png')"
    assert problem(content, "../secret.png") == f"image '../secret.png' {inside}"
    assert problem(content, "/etc/x.png") == f"image '/etc/x.png' {inside}"
    assert problem(content, "C:\\x.png") == f"image 'C:\\x.png' {inside}"
    assert problem(content, "link.png") == "image 'link.png' leads outside content/ (a link?)"
    assert problem(content, "nada.png") == "image 'nada.png' not found (looked for content/nada.png)"


def test_a_published_name_comes_from_the_content(tmp_path: Path) -> None:
    (tmp_path / "Gráfico 1.PNG").write_bytes(PNG)
    (tmp_path / "copia.png").write_bytes(PNG)
    first = media_file(tmp_path, "Gráfico 1.PNG")
    assert first.url.startswith(f"{MEDIA_DIR}/gr-fico-1-") and first.url.endswith(".png")
    assert first.url == media_file(tmp_path, "Gráfico 1.PNG").url  # deterministic
    assert first.url.rsplit("-", 1)[1] == media_file(tmp_path, "copia.png").url.rsplit("-", 1)[1]  # same bytes
    (tmp_path / "copia.png").write_bytes(PNG + b"\x01")
    assert first.url.rsplit("-", 1)[1] != media_file(tmp_path, "copia.png").url.rsplit("-", 1)[1]
    assert first.data == PNG
