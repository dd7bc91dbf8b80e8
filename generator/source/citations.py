"""Pandoc-style citations inside text fields: parsing only (rendering is in ``csl``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# pandoc's citation keys: a letter, digit or _, then alphanumerics and internal punctuation (:.#$%&-+?<>~/)
KEY = r"[\w](?:[\w:.#$%&+?<>~/-]*\w)?"
BRACKET_RE = re.compile(r"\[(?P<body>[^\[\]]*?(?<![\w.])-?@" + KEY + r"[^\[\]]*)\]")
NARRATIVE_RE = re.compile(r"(?<![\w.@])@(?P<key>" + KEY + ")")
ITEM_RE = re.compile(r"^(?P<prefix>.*?)(?P<suppress>-)?@(?P<key>" + KEY + r")(?:\s*,\s*(?P<suffix>.*))?$", re.S)
LOCATOR_RE = re.compile(r"^(?P<label>pp?\.|cap\.|párr\.)\s*(?P<value>\S.*)$")
LOCATOR_LABELS = {"p.": "page", "pp.": "page", "cap.": "chapter", "párr.": "paragraph"}


@dataclass(frozen=True)
class CiteItem:
    """One cited work inside a citation."""

    key: str
    prefix: str = ""
    suffix: str = ""
    locator: tuple[str, str] | None = None  # (CSL label, value)
    suppress_author: bool = False


@dataclass(frozen=True)
class Cite:
    """A citation: parenthetical ``[@a; @b]`` or narrative ``@a``."""

    items: tuple[CiteItem, ...]
    narrative: bool
    source: str


Segment = str | Cite


def parse_item(part: str) -> CiteItem | None:
    """Parse ``prefix @key, suffix`` (one item of a bracketed citation)."""
    match = ITEM_RE.match(part.strip())
    if not match:
        return None
    suffix = (match["suffix"] or "").strip()
    locator = None
    loc = LOCATOR_RE.match(suffix)
    if loc:
        locator = (LOCATOR_LABELS[loc["label"]], loc["value"].strip())
        suffix = ""
    return CiteItem(
        key=match["key"],
        prefix=match["prefix"].strip(),
        suffix=suffix,
        locator=locator,
        suppress_author=bool(match["suppress"]),
    )


def _narratives(text: str) -> list[Segment]:
    out: list[Segment] = []
    pos = 0
    for m in NARRATIVE_RE.finditer(text):
        out.append(text[pos : m.start()])
        out.append(Cite((CiteItem(m["key"]),), narrative=True, source=m.group(0)))
        pos = m.end()
    out.append(text[pos:])
    return out


def parse(text: str) -> list[Segment]:
    """Split text into plain strings and citations, in order (empty strings dropped)."""
    out: list[Segment] = []
    pos = 0
    for m in BRACKET_RE.finditer(text):
        items = [parse_item(part) for part in m["body"].split(";")]
        if any(item is None for item in items):
            continue
        out.extend(_narratives(text[pos : m.start()]))
        out.append(Cite(tuple(i for i in items if i), narrative=False, source=m.group(0)))
        pos = m.end()
    out.extend(_narratives(text[pos:]))
    return [s for s in out if s != ""]


def cited_keys(text: str) -> list[str]:
    """Every key cited in ``text``, in order, with repeats."""
    return [item.key for seg in parse(text) if isinstance(seg, Cite) for item in seg.items]
