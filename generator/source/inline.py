"""Inline markup of prose fields: parsing only (``render.Renderer.prose`` turns the nodes into escaped HTML).

The syntax is a small subset of pandoc's Markdown (docs/content-format.md):
``*emphasis*``, ``**strong**``, ``~sub~``, ``^sup^``, ``\\`` escapes of ASCII
punctuation, links ``[text](https://…)`` and ``<https://…>``, footnote
references ``[^ID]``, math ``$TeX$`` (``$$TeX$$`` for a display formula) and
the citations of ``citations.py`` (``[@key]``, ``@key``), which keep working
inside emphasis but not inside link text or math.

``parse`` returns nodes: plain text is ``str`` (so text without markup parses
to exactly what ``citations.parse`` gives), the rest are the frozen
dataclasses below. Parsing never fails: what is not markup is text. Every
scan is linear in the text (delimiters are matched with a stack, closing
brackets and ``$`` found once), so hostile input costs no more than long input.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .citations import BRACKET_RE, NARRATIVE_RE, Cite, CiteItem, parse_item

PUNCTUATION = frozenset(string.punctuation)  # ASCII punctuation: what a backslash escapes
NOTE_RE = re.compile(r"\[\^([A-Za-z0-9-]+)\]")
AUTOLINK_RE = re.compile(r"<((?:https?|mailto):[^\s<>]+)>", re.I)
SAFE_URL_RE = re.compile(r"(?:https?|mailto):", re.I)  # the only link targets that become links
SPANS = {"*": ("em", "strong"), "~": ("sub", None), "^": ("sup", None)}
SPACE_RE = re.compile(r"\s")
SPECIAL_RE = re.compile(r"[\\\[<$@*~^]")  # where markup may start
BRACKETS_RE = re.compile(r"\\.|[\[\]]", re.S)


@dataclass(frozen=True)
class Span:
    """Emphasis (em), strong emphasis (strong), subscript (sub) or superscript (sup) around inline nodes."""

    kind: str
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Link:
    """A link; ``url`` is None when its target is not http(s) or mailto (the text is shown, unlinked)."""

    url: str | None
    children: tuple[Node, ...]


@dataclass(frozen=True)
class NoteRef:
    """A footnote reference ``[^ID]``: the note is in the enclosing section's ``footnotes``."""

    id: str


@dataclass(frozen=True)
class Math:
    """A TeX formula: inline ``$…$``, or display ``$$…$$`` (and ``math:`` blocks)."""

    tex: str
    display: bool = False


Node = str | Cite | Span | Link | NoteRef | Math


@dataclass
class _Delim:
    """A run of ``*``, or one ``~`` / ``^``, that may open or close a span (resolved by ``_nest``)."""

    char: str
    count: int
    can_open: bool
    can_close: bool
    end: int  # offset just after the run in the source (to test the text between for sub/sup)
    start: int = field(default=0)


def parse(text: str) -> list[Node]:
    """The nodes of a prose text, in order (adjacent text merged, no empty strings)."""
    return _Parser(text).run(0, len(text), cites=True, links=True)


def walk(nodes: Iterable[Node]) -> Iterator[Node]:
    """Every node, depth first (the children of spans and links after the node itself)."""
    for node in nodes:
        yield node
        if isinstance(node, Span | Link):
            yield from walk(node.children)


def cites(text: str) -> list[Cite]:
    """The citations of a prose text, in order."""
    return [n for n in walk(parse(text)) if isinstance(n, Cite)]


def cited_keys(text: str) -> list[str]:
    """Every key cited in a prose text, in order, with repeats."""
    return [item.key for cite in cites(text) for item in cite.items]


def note_refs(text: str) -> list[str]:
    """Ids of the footnotes a prose text references, in order, with repeats."""
    return [n.id for n in walk(parse(text)) if isinstance(n, NoteRef)]


def formulas(text: str) -> list[Math]:
    """The formulas of a prose text, in order."""
    return [n for n in walk(parse(text)) if isinstance(n, Math)]


def plain_text(nodes: Iterable[Node]) -> str:
    """The words of nodes without markup (citations by their source, formulas as TeX, notes left out)."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Cite):
            out.append(node.source)
        elif isinstance(node, Span | Link):
            out.append(plain_text(node.children))
        elif isinstance(node, Math):
            out.append(node.tex)
    return "".join(out)


class _Parser:
    """One pass over a text: tokens (text, escapes, citations, links, notes, math, delimiters), then spans."""

    def __init__(self, text: str):
        self.text = text
        self.closing = _closing_brackets(text)

    def run(self, start: int, end: int, cites: bool, links: bool) -> list[Node]:
        tokens: list[Node | _Delim] = []
        text, pos, plain = self.text, start, start
        while pos < end:
            special = SPECIAL_RE.search(text, pos, end)  # plain text is skipped at C speed
            if special is None:
                break
            pos = special.start()
            ch = text[pos]
            found: tuple[Node | _Delim | None, int] | None = None
            if ch == "\\" and pos + 1 < end and text[pos + 1] in PUNCTUATION:
                found = (text[pos + 1], pos + 2)
            elif ch == "[":
                found = self.bracket(pos, end, cites, links)
            elif ch == "<" and links:
                m = AUTOLINK_RE.match(text, pos, end)
                found = (Link(m[1], (m[1],)), m.end()) if m else None
            elif ch == "$":
                found = self.math(pos, end)
            elif ch == "@" and cites:
                m = NARRATIVE_RE.match(text, pos, end)  # its look-behind sees the text before pos
                found = (Cite((CiteItem(m["key"]),), narrative=True, source=m[0]), m.end()) if m else None
            elif ch in SPANS:
                found = self.delimiter(pos, end)
            if found is None:
                pos += 1
                continue
            if plain < pos:
                tokens.append(text[plain:pos])
            node, pos = found
            if node is not None:
                tokens.append(node)
            plain = pos
        if plain < end:
            tokens.append(text[plain:end])
        return _merge(_nest(tokens, text))

    def bracket(self, pos: int, end: int, cites: bool, links: bool) -> tuple[Node, int] | None:
        """A footnote reference, a link or a bracketed citation opening at ``pos``."""
        text = self.text
        if links:
            m = NOTE_RE.match(text, pos, end)
            if m:
                return NoteRef(m[1]), m.end()
            close = self.closing.get(pos)
            if close is not None and close < end and text.startswith("(", close + 1):
                target = _destination(text, close + 2, end)
                if target is not None:
                    url, after = target
                    inner = self.run(pos + 1, close, cites=False, links=False)
                    return Link(url if SAFE_URL_RE.match(url) else None, tuple(inner)), after
        if cites:
            m = BRACKET_RE.match(text, pos, end)
            if m and "\\" not in m["body"]:
                items = [parse_item(part) for part in m["body"].split(";")]
                if all(items):
                    return Cite(tuple(i for i in items if i), narrative=False, source=m[0]), m.end()
        return None

    def math(self, pos: int, end: int) -> tuple[Node, int] | None:
        """``$TeX$`` (pandoc's rule: no space inside either '$', no digit right after the closing one) or ``$$TeX$$``.

        As in pandoc, a formula holds no unescaped '$': the scan stops at the next one, so it never
        runs past it and the whole text is scanned about once however many '$' it has.
        """
        text = self.text
        if text.startswith("$$", pos):
            close = text.find("$$", pos + 2, end)
            if close > pos + 2 and text[pos + 2 : close].strip():
                return Math(text[pos + 2 : close].strip(), display=True), close + 2
            return None
        if pos + 1 >= end or text[pos + 1].isspace():
            return None
        j = pos + 1
        while j < end:
            c = text[j]
            if c == "\\":
                j += 2
                continue
            if c == "$":
                closes = not text[j - 1].isspace() and not (j + 1 < len(text) and text[j + 1].isdigit())
                return (Math(text[pos + 1 : j]), j + 1) if closes else None
            j += 1
        return None

    def delimiter(self, pos: int, end: int) -> tuple[_Delim | str, int]:
        """A run of the same delimiter character; a run of ``~`` or ``^`` longer than one is text."""
        text, ch = self.text, self.text[pos]
        stop = pos
        while stop < end and text[stop] == ch:
            stop += 1
        count = stop - pos
        if ch != "*" and count > 1 or ch == "*" and count > 3:
            return text[pos:stop], stop
        after = text[stop] if stop < end else " "
        before = text[pos - 1] if pos > 0 else " "
        return _Delim(ch, count, not after.isspace(), not before.isspace(), stop, pos), stop


def _closing_brackets(text: str) -> dict[int, int]:
    """Offset of the ']' that closes each '[' (nesting counted, escaped brackets skipped), found in one pass."""
    out: dict[int, int] = {}
    stack: list[int] = []
    for m in BRACKETS_RE.finditer(text):
        ch = m[0]
        if ch == "[":
            stack.append(m.start())
        elif ch == "]" and stack:
            out[stack.pop()] = m.start()
    return out


def _destination(text: str, pos: int, end: int) -> tuple[str, int] | None:
    """A link target after ``](``: no spaces, parentheses balanced, then ``)``; (url, offset after ``)``)."""
    depth = 0
    start = pos
    while pos < end:
        ch = text[pos]
        if ch.isspace() or ch == "<" or ch == ">":
            return None
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return (text[start:pos], pos + 1) if pos > start else None
            depth -= 1
        pos += 1
    return None


def _nest(tokens: list[Node | _Delim], text: str) -> list[Node]:
    """Pair delimiters into spans, nearest opener first (CommonMark's algorithm, pandoc's flanking rules)."""
    out: list[Node | _Delim] = []
    waiting = dict.fromkeys(SPANS, 0)  # openers of each character in ``out``: none, no look back
    for tok in tokens:
        if not isinstance(tok, _Delim):
            out.append(tok)
            continue
        while tok.can_close and tok.count and waiting[tok.char]:
            i = _opener(out, tok, text)
            if i is None:
                break
            opener = out[i]
            assert isinstance(opener, _Delim)
            use = 2 if tok.char == "*" and opener.count >= 2 and tok.count >= 2 else 1
            kind = SPANS[tok.char][use - 1]
            assert kind is not None
            inside = out[i + 1 :]
            for item in inside:
                if isinstance(item, _Delim):
                    waiting[item.char] -= 1
            span = Span(kind, tuple(_merge(_literal(inside))))
            opener.count -= use
            tok.count -= use
            tok.start += use
            del out[i + 1 :]
            if not opener.count:
                del out[i]
                waiting[opener.char] -= 1
            out.append(span)
        if tok.count and tok.can_open:
            out.append(tok)
            waiting[tok.char] += 1
        elif tok.count:
            out.append(tok.char * tok.count)
    return _merge(_literal(out))


def _opener(out: list[Node | _Delim], closer: _Delim, text: str) -> int | None:
    """Index of the nearest delimiter in ``out`` that ``closer`` closes, or None."""
    for i in range(len(out) - 1, -1, -1):
        cand = out[i]
        if isinstance(cand, _Delim) and cand.char == closer.char:
            if closer.char != "*" and SPACE_RE.search(text, cand.end, closer.start):
                return None  # pandoc: sub- and superscripts hold no space
            return i
    return None


def _literal(items: list[Node | _Delim]) -> list[Node]:
    """Unmatched delimiters as the text they are."""
    return [item.char * item.count if isinstance(item, _Delim) else item for item in items]


def _merge(items: list[Node | _Delim]) -> list[Node]:  # type: ignore[return]
    """Adjacent strings joined; empty strings dropped."""
    out: list[Node | _Delim] = []
    for item in items:
        if isinstance(item, str):
            if not item:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += item
                continue
        out.append(item)
    return out  # type: ignore[return-value]
