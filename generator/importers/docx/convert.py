"""pandoc's AST of the pre-passed document → a flat list of chunks in our prose syntax.

Each paragraph pandoc gives back starts with the marker the pre-pass put in
it, so each chunk knows what the XML said about its paragraph. Inline
formatting becomes the content format's markup (``*emphasis*``, ``**strong**``,
``^sup^``, ``~sub~``, ``[text](https://…)``, ``$TeX$``); every character of
the document's own text that would read as markup is escaped with ``\\``, so
the site prints it as written. Notes become placeholders that the section
builder numbers per page; reference-manager citations come back as their
markers and are written as ``[@key, p. 5]`` by ``cite_text``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .prepass import MARK_CLOSE, MARK_OPEN, PARA_MARK_RE

NOTE_MARK = MARK_OPEN + "N{}" + MARK_CLOSE
NOTE_MARK_RE = re.compile("\ue000N(\\d+)\ue001")
CITE_MARK_RE = re.compile("\ue000C(\\d+)\ue001")
ANY_MARK_RE = re.compile("\ue000[A-Z]\\d+\ue001")
LINK_SCHEMES = ("http://", "https://", "mailto:")
SAFE_SRC_RE = re.compile(r"^[\w./-]+$")


def escape(text: str) -> str:
    """Backslash the characters of document text that the prose syntax would read as markup."""
    out = re.sub(r"([\\*$^~@])", r"\\\1", text)
    out = re.sub(r"\[(?=\^|-?\\@)", r"\\[", out)
    out = re.sub(r"\](?=\()", r"\\]", out)
    return re.sub(r"<(?=https?:|mailto:)", r"\\<", out)


@dataclass
class Chunk:
    """One block of the document, in reading order."""

    kind: str  # heading, p, ul, ol, table, image, math, rule
    text: str = ""  # prose (heading title, paragraph)
    key: str | None = None  # marker key of its (first) paragraph
    quoted: bool = False  # inside a block quote (pandoc: indented beyond its style, or a quote style)
    data: dict[str, Any] = field(default_factory=dict)  # list entries, table rows, image src…


@dataclass
class Converted:
    chunks: list[Chunk] = field(default_factory=list)
    notes: dict[int, str] = field(default_factory=dict)  # note number → prose (paragraphs split by a blank line)
    images: list[str] = field(default_factory=list)  # media paths as pandoc names them
    dropped: dict[str, int] = field(default_factory=dict)


class Converter:
    """Walks pandoc's JSON AST (pandoc-types 1.23)."""

    def __init__(self, cite_text: Callable[[str], str]):
        self.cite_text = cite_text
        self.out = Converted()
        self.pending: list[Chunk] = []  # blocks pulled out of a paragraph (display math, images)

    # ------------------------------------------------------------------ inlines
    def inlines(self, items: list[dict[str, Any]]) -> str:
        parts = [self.inline(i) for i in items]
        return "".join(parts)

    def wrap(self, inner: str, mark: str) -> str:
        core = inner.strip()
        if not core:
            return inner
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        return f"{lead}{mark}{core}{mark}{trail}"

    def inline(self, node: dict[str, Any]) -> str:
        t, c = node.get("t"), node.get("c")
        if t == "Str":
            return self.text(c)
        if t in ("Space", "SoftBreak", "LineBreak"):
            return " "
        if t == "Emph":
            return self.wrap(self.inlines(c), "*")
        if t == "Strong":
            return self.wrap(self.inlines(c), "**")
        if t in ("Superscript", "Subscript"):  # the prose syntax holds no space inside ^…^ or ~…~
            inner = self.inlines(c)
            return (
                inner
                if any(ch.isspace() for ch in inner.strip())
                else self.wrap(inner, "^" if t == "Superscript" else "~")
            )
        if t in ("Underline", "Strikeout", "SmallCaps"):
            return self.inlines(c)
        if t == "Span":
            return self.inlines(c[1])
        if t == "Quoted":
            q = ("‘", "’") if c[0].get("t") == "SingleQuote" else ("“", "”")
            return q[0] + self.inlines(c[1]) + q[1]
        if t == "Cite":
            return self.inlines(c[1])
        if t == "Code":
            return escape(c[1])
        if t == "Math":
            kind, tex = c[0].get("t"), c[1].strip()
            if kind == "DisplayMath":
                self.pending.append(Chunk("math", data={"tex": tex}))
                return ""
            return f"${tex}$" if tex else ""
        if t == "Link":
            text, url = self.inlines(c[1]), str(c[2][0])
            if url.startswith(LINK_SCHEMES) and text.strip() and "\ue000" not in text:
                label = text.replace("[", "\\[").replace("]", "\\]")
                return f"[{label}]({url.replace(')', '%29').replace(' ', '%20')})"
            return text
        if t == "Image":
            self.pending.append(self.image(c))
            return ""
        if t == "Note":
            number = len(self.out.notes) + 1
            self.out.notes[number] = "\n\n".join(text for chunk in self.flat(c) if (text := chunk.text.strip()))
            return NOTE_MARK.format(number)
        if t == "RawInline":
            self.out.dropped["raw inline"] = self.out.dropped.get("raw inline", 0) + 1
            return ""
        return ""

    def text(self, s: str) -> str:
        """A Str: escaped, with citation markers written as citations and paragraph markers kept for the caller."""
        out, pos = [], 0
        for m in ANY_MARK_RE.finditer(s):
            out.append(escape(s[pos : m.start()]))
            token = m.group(0)
            out.append(self.cite_text(token) if token[1] == "C" else token)
            pos = m.end()
        out.append(escape(s[pos:]))
        return "".join(out)

    def image(self, c: list[Any]) -> Chunk:
        attr, alt, target = c
        src = str(target[0])
        self.out.images.append(src)
        data: dict[str, Any] = {"src": src, "alt": " ".join(self.inlines(alt).split())}
        for k, v in attr[2]:
            if k in ("width", "height"):
                data[k] = v
        return Chunk("image", data=data)

    # ------------------------------------------------------------------- blocks
    def flat(self, blocks: list[dict[str, Any]]) -> list[Chunk]:
        """Blocks (of a note or a list item) converted into chunks, without adding them to the document."""
        saved, self.out.chunks = self.out.chunks, []
        for b in blocks:
            self.block(b)
        chunks, self.out.chunks = self.out.chunks, saved
        return chunks

    def emit(self, chunk: Chunk, quoted: bool = False) -> None:
        pulled, self.pending = self.pending, []
        chunk.quoted = chunk.quoted or quoted
        if chunk.text.strip() or chunk.kind not in ("p", "heading"):
            self.out.chunks.append(chunk)
        for extra in pulled:
            extra.key = extra.key or chunk.key
            extra.quoted = quoted
            self.out.chunks.append(extra)

    def para(self, inlines: list[dict[str, Any]], kind: str = "p", quoted: bool = False) -> None:
        text = self.inlines(inlines)
        key = None
        m = PARA_MARK_RE.search(text)
        if m:
            key = m[1] + m[2]
        text = " ".join(PARA_MARK_RE.sub("", text).split())
        self.emit(Chunk(kind, text=text, key=key), quoted)

    def block(self, node: dict[str, Any], quoted: bool = False) -> None:
        t, c = node.get("t"), node.get("c")
        if t in ("Para", "Plain"):
            self.para(c, quoted=quoted)
        elif t == "Header":
            self.para(c[2], kind="heading", quoted=quoted)
        elif t == "BlockQuote":
            for b in c:
                self.block(b, quoted=True)
        elif t in ("BulletList", "OrderedList"):
            items = c if t == "BulletList" else c[1]
            entries, key = self.list_entries(items)
            data: dict[str, Any] = {"entries": entries}
            if t == "OrderedList" and c[0][0] != 1:
                data["start"] = c[0][0]
            self.emit(Chunk("ul" if t == "BulletList" else "ol", key=key, data=data), quoted)
        elif t == "Table":
            self.emit(self.table(c), quoted)
        elif t == "Figure":
            inner = self.flat(c[2])
            caption = " ".join(ch.text for ch in self.flat(c[1][1]) if ch.text)
            for ch in inner:
                if ch.kind == "image" and caption:
                    ch.data["caption"] = caption
                self.out.chunks.append(ch)
        elif t == "Div":
            for b in c[1]:
                self.block(b, quoted)
        elif t == "LineBlock":
            self.para([x for line in c for x in [*line, {"t": "Space"}]], quoted=quoted)
        elif t == "CodeBlock":
            self.emit(Chunk("p", text=escape(" ".join(c[1].split()))), quoted)
        elif t == "DefinitionList":
            for term, defs in c:
                self.para(term, quoted=quoted)
                for d in defs:
                    for b in d:
                        self.block(b, quoted)
        elif t == "HorizontalRule":
            pass
        elif t == "RawBlock":
            self.out.dropped["raw block"] = self.out.dropped.get("raw block", 0) + 1

    def list_entries(self, items: list[list[dict[str, Any]]]) -> tuple[list[Any], str | None]:
        """Entries of a (nested) list: a prose string, or {text, ul|ol: [...]} where an item holds a list."""
        entries: list[Any] = []
        first_key = None
        for item in items:
            chunks = self.flat(item)
            texts = [ch for ch in chunks if ch.kind == "p"]
            nested = [ch for ch in chunks if ch.kind in ("ul", "ol")]
            others = [ch for ch in chunks if ch.kind not in ("p", "ul", "ol", "heading")]
            first_key = first_key or next((ch.key for ch in chunks if ch.key), None)
            text = "\n\n".join(ch.text for ch in texts)
            if nested:
                entry: dict[str, Any] = {"text": text}
                sub = nested[0]
                entry[sub.kind] = sub.data["entries"]
                entries.append(entry)
            else:
                entries.append(text)
            for ch in others:  # a table or image inside a list item follows the list
                self.pending.append(ch)
        return entries, first_key

    def cells(self, row: list[Any]) -> list[Any]:
        out: list[Any] = []
        for cell in row[1]:
            _attr, _align, rowspan, colspan, blocks = cell
            text = " ".join(ch.text for ch in self.flat(blocks) if ch.text)
            if rowspan > 1 or colspan > 1:
                spec: dict[str, Any] = {"text": text}
                if colspan > 1:
                    spec["colspan"] = colspan
                if rowspan > 1:
                    spec["rowspan"] = rowspan
                out.append(spec)
            else:
                out.append(text)
        return out

    def table(self, c: list[Any]) -> Chunk:
        _attr, caption, _specs, head, bodies, foot = c
        header = [self.cells(r) for r in head[1]]
        rows = []
        for body in bodies:
            rows += [self.cells(r) for r in body[2]] + [self.cells(r) for r in body[3]]
        rows += [self.cells(r) for r in foot[1]]
        if not rows:  # a one-row table: its row is the content, not a header over nothing
            header, rows = [], header
        data: dict[str, Any] = {"header": header, "rows": rows}
        cap = " ".join(ch.text for ch in self.flat(caption[1]) if ch.text)
        if cap:
            data["caption"] = cap
        key = None
        for r in header + rows:
            for cell in r:
                text = cell if isinstance(cell, str) else cell["text"]
                if not key and (m := PARA_MARK_RE.search(text)):
                    key = m[1] + m[2]
        clean = {**data, "header": strip_marks(header), "rows": strip_marks(rows)}
        return Chunk("table", key=key, data=clean)


def strip_marks(rows: list[list[Any]]) -> list[list[Any]]:
    out = []
    for r in rows:
        cells = []
        for cell in r:
            if isinstance(cell, str):
                cells.append(" ".join(PARA_MARK_RE.sub("", cell).split()))
            else:
                cells.append({**cell, "text": " ".join(PARA_MARK_RE.sub("", cell["text"]).split())})
        out.append(cells)
    return out


def convert(ast: dict[str, Any], cite_text: Callable[[str], str]) -> Converted:
    """Every block of the document as chunks, notes collected."""
    conv = Converter(cite_text)
    for block in ast.get("blocks", []):
        conv.block(block)
    for number, text in conv.out.notes.items():
        conv.out.notes[number] = " ".join(PARA_MARK_RE.sub("", text).split(" "))
    return conv.out
