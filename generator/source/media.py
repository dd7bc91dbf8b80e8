"""Image files of ``image:`` blocks: checked as untrusted data and copied into the site under ``media/``.

An image is named in the site by its content, ``media/<name>-<digest>.<type>``:
two builds of the same files give the same bytes and names, a changed image
gets a new address (so the page that shows it changes, and no browser keeps
the old picture), and two files with the same bytes are one. No page URL can
collide with ``media/``: every page of a site lives under a folder of the kinds
table (``tests/unit/test_media.py`` checks both languages) or is the home page.

A file is accepted when its path stays inside ``content/``, its type is one of
``models.IMAGE_TYPES`` and its bytes are of that type (a ``.png`` holding HTML
is refused); an SVG is parsed with the importers' safe XML parser and refused
when it holds a script, an event handler, embedded HTML or a ``javascript:``
link (shown through ``<img>`` an SVG runs nothing, but opened on its own it would).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .archive import ArchiveError, parse_xml
from .corpus import CONTENT, Corpus
from .models import IMAGE_TYPES, Image

MEDIA_DIR = "media"
SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
}
SVG_FORBIDDEN = {"script", "foreignobject", "iframe", "embed", "object"}


@dataclass(frozen=True)
class MediaFile:
    """An image of the content and where the site serves it."""

    src: str  # as written in the block, relative to content/
    url: str  # site-relative: media/<name>-<digest>.<type>
    data: bytes


def images(corpus: Corpus) -> Iterator[Image]:
    """Every image block's image, in reading order."""
    for sec, _, _ in corpus.all_sections():
        for block in sec.blocks:
            if block.image is not None:
                yield block.image


def problem(content: Path, src: str) -> str | None:
    """What is wrong with the image file ``src`` (relative to ``content``), or None when it can be published."""
    rel = PurePosixPath(src.replace("\\", "/"))
    kind = rel.suffix.lower().lstrip(".")
    if rel.is_absolute() or ".." in rel.parts or re.match(r"^[A-Za-z]:", src):
        return f"image '{src}' must be a path inside {CONTENT}/ (like 'imported/media/image1.png')"
    if kind not in IMAGE_TYPES:
        return f"image '{src}': type '{rel.suffix or '(none)'}' is not allowed (allowed: {', '.join(IMAGE_TYPES)})"
    path = content / rel
    if not path.is_file():
        return f"image '{src}' not found (looked for {CONTENT}/{rel.as_posix()})"
    if not path.resolve().is_relative_to(content.resolve()):
        return f"image '{src}' leads outside {CONTENT}/ (a link?)"
    data = path.read_bytes()
    if kind == "svg":
        return _svg_problem(src, data)
    if not _looks_like(kind, data):
        return f"image '{src}' is not a {kind.upper()} file (its first bytes say otherwise)"
    return None


def _looks_like(kind: str, data: bytes) -> bool:
    if kind == "webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    return data.startswith(SIGNATURES[kind])


def _svg_problem(src: str, data: bytes) -> str | None:
    try:
        root = parse_xml(data, src)
    except ArchiveError as exc:
        return f"image '{src}' is not a usable SVG file ({exc})"
    if not isinstance(root.tag, str) or root.tag.rpartition("}")[2] != "svg":
        return f"image '{src}' is not an SVG file (its root element is not <svg>)"
    for element in root.iter():
        name = element.tag.rpartition("}")[2].lower() if isinstance(element.tag, str) else ""
        if name in SVG_FORBIDDEN:
            return f"image '{src}': an SVG with <{name}> is not published (it could run code)"
        for attr, value in element.attrib.items():
            local = attr.rpartition("}")[2].lower()
            if (
                local.startswith("on")
                or local == "href"
                and value.strip().lower().startswith(("javascript:", "data:text"))
            ):
                return f"image '{src}': an SVG with the attribute {local}=\"…\" is not published (it could run code)"
    return None


def media_file(content: Path, src: str) -> MediaFile:
    """The published copy of a (checked) image: its site URL named by its content."""
    rel = PurePosixPath(src.replace("\\", "/"))
    data = (content / rel).read_bytes()
    stem = re.sub(r"[^a-z0-9]+", "-", rel.stem.lower()).strip("-")[:40] or "image"
    kind = rel.suffix.lower().lstrip(".")
    return MediaFile(src, f"{MEDIA_DIR}/{stem}-{hashlib.sha256(data).hexdigest()[:12]}.{kind}", data)


def media_files(corpus: Corpus) -> dict[str, MediaFile]:
    """Every image of the corpus by its ``src``, each read once."""
    content = corpus.root / CONTENT
    out: dict[str, MediaFile] = {}
    for image in images(corpus):
        if image.src not in out:
            out[image.src] = media_file(content, image.src)
    return out
