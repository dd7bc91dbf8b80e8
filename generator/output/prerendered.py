"""HTML of the generated pages without a second parse: headings and raw HTML blocks, converted in one pass.

The page templates render HTML; the only Markdown left in a generated page is
ATX headings (``## Text {#id}``, the text escaped by ``md_inline``). MkDocs
would hand the page to Python-Markdown, whose raw-HTML preprocessor parses all
that HTML again with ``html.parser`` (twice: MkDocs parses it once more to
collect anchor ids), which was about half of MkDocs' time. ``convert`` turns
such a page into exactly the HTML and table of contents Python-Markdown gives
with the extensions the tool configures (``attr_list``, ``tables``, ``toc``
with permalinks), scanning tags with one regular expression only to find where
each raw block ends.

Anything outside that subset (a paragraph, a list, an unknown tag at a line
start, a comment, ``<script>``, unbalanced tags...) makes ``convert`` return
None and the caller falls back to Python-Markdown, so an author's own
Markdown is never misread. ``tests/build/test_prerendered.py`` compares both
converters on every page of the real thesis and of a synthetic one.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from markdown.extensions.toc import nest_toc_tokens, slugify, unique
from markdown.util import BLOCK_LEVEL_ELEMENTS

HEADING = re.compile(r"(#{1,6})(.*)")
ATTR_ID = re.compile(r"^(.*?)[ ]+\{:?[ ]*#([\w.:-]+)((?:[ ]+\.[\w-]+)*)[ ]*\}[ ]*$")  # {#id} or {#id .class ...}
# Heading text as md_inline writes it: backslash escapes, entities, and no other Markdown syntax.
INLINE_OK = re.compile(
    r"(?:\\[\\`*_{}\[\]()#+\-.!>]|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);|[^\\`*_{}\[\]<>&])*"
)
ESCAPE = re.compile(r"\\(.)")
TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*(/?)>"
)
UNSAFE = re.compile(r"<!|<\?|<(?:script|style)\b|```|~~~", re.I)
# Elements whose text some Python versions' html.parser reads as raw text: accepted only without "<" inside.
RCDATA_OPEN = re.compile(r"<(?:title|textarea)\b", re.I)
RCDATA_PLAIN = re.compile(r"<(title|textarea)\b[^>]*>[^<]*</\1>", re.I)
ID_ATTR = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
BLOCK = set(BLOCK_LEVEL_ELEMENTS)


@dataclass
class Converted:
    """What MkDocs' Page.render would have produced for one page."""

    html: str
    toc_tokens: list[dict]
    title: str | None
    anchor_ids: set[str] = field(default_factory=set)


def _heading(line: str) -> tuple[int, str, str | None, str] | None:
    """(level, inner HTML, explicit id, classes) of an ATX heading line in the supported subset, else None."""
    found = HEADING.fullmatch(line)
    if not found:
        return None
    text, explicit, classes = found[2], None, ""
    attr = ATTR_ID.match(text)
    if attr:
        text, explicit, classes = attr[1], attr[2], " ".join(c[1:] for c in attr[3].split())
    text = text.strip()
    if not text or text.endswith("#") and not text.endswith("\\#") or not INLINE_OK.fullmatch(text):
        return None
    return len(found[1]), ESCAPE.sub(r"\1", text), explicit, classes


def _raw_block(source: str, start: int) -> int | None:
    """End offset of the raw HTML block that opens at ``start``, or None outside the subset."""
    stack: list[str] = []
    pos = start
    while True:
        tag = TAG.search(source, pos)
        if tag is None:
            return None
        if tag.start() == start and tag[2].lower() not in BLOCK:
            return None
        name = tag[2].lower()
        if tag[1]:
            if not stack or stack.pop() != name:
                return None
        elif not tag[4] and name not in VOID:
            stack.append(name)
        pos = tag.end()
        if not stack:
            return pos


def convert(source: str, permalink: str, permalink_title: str) -> Converted | None:
    """The HTML, TOC and title of a page made of headings and raw HTML blocks; None for anything else."""
    if UNSAFE.search(source) or len(RCDATA_OPEN.findall(source)) != len(RCDATA_PLAIN.findall(source)):
        return None
    parts: list[str] = []  # blocks, each followed by its separator
    headings: list[tuple[int, int, str, str | None, str]] = []  # (index in parts, level, inner, explicit id, classes)
    anchors: set[str] = set()
    after_raw = False  # the last block was raw HTML: a blank line after it shows as an empty line
    pos, size = 0, len(source)
    while pos < size:
        eol = source.find("\n", pos)
        eol = size if eol < 0 else eol
        line = source[pos:eol]
        if not line.strip():
            if after_raw:
                parts[-1] = "\n\n"
                after_raw = False
            pos = eol + 1
            continue
        after_raw = False
        if line.startswith("#"):
            heading = _heading(line.rstrip())
            if heading is None:
                return None
            headings.append((len(parts), *heading))
            parts += ["", "\n"]
            pos = eol + 1
            continue
        if not line.startswith("<"):
            return None
        end = _raw_block(source, pos)
        if end is None:
            return None
        block = source[pos:end]
        anchors.update(a or b for a, b in ID_ATTR.findall(block))
        parts += [block, "\n"]
        eol = source.find("\n", end)
        eol = size if eol < 0 else eol
        if source.startswith("<", end):  # "</p><figure>": the next raw block starts on the same line
            pos = end
            continue
        if source[end:eol].strip():
            return None
        after_raw = True
        pos = eol + 1
    used = {explicit for *_, explicit, _ in headings if explicit}
    counters: dict[str, int] = {}
    tokens = []
    for index, level, inner, explicit, classes in headings:
        id_ = explicit or unique(slugify(html.unescape(inner), "-"), used, counters)
        anchors.add(id_)
        link = f'<a class="headerlink" href="#{html.escape(id_)}" title="{permalink_title}">{permalink}</a>'
        attrs = f' class="{html.escape(classes)}"' if classes else ""
        parts[index] = f'<h{level}{attrs} id="{html.escape(id_)}">{inner}{link}</h{level}>'
        # the name as toc's: white space (a citation's non-breaking space in "et al.") collapsed to one space
        tokens.append({"level": level, "id": id_, "name": " ".join(inner.split()), "html": inner, "data-toc-label": ""})
    title = headings[0][2] if headings and headings[0][0] == 0 and headings[0][1] == 1 else None
    return Converted("".join(parts).strip(), nest_toc_tokens(tokens), title, anchors)
