"""Chunks → the thesis's parts: front matter, a tree of sections, the reference list.

Headings make the tree (their level from the pre-pass, their number as Word
shows it). Sections down to ``PAGE_DEPTH`` levels are pages; deeper headings
stay headings inside their page (``h`` blocks, number kept in the text).
Parts the site shows elsewhere are taken out of the text: the abstracts (the
home page), the reference list (the references page, rebuilt from its data),
Word's contents pages (dropped), and headings left with nothing under them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .convert import NOTE_MARK_RE, Chunk
from .prepass import Para

PAGE_DEPTH = 3
ABSTRACT_RE = {
    "es": re.compile(r"^(resumen|resumen ejecutivo|síntesis)$", re.I),
    "en": re.compile(r"^(abstract|summary|executive summary)$", re.I),
}
KEYWORDS_RE = re.compile(
    r"^\**\s*(palabras[\s-]+claves?|descriptores|key\s*-?\s*words?|index terms)\s*\**\s*[:.—–-]\s*\**(?P<rest>.*)$",
    re.I,
)
REFERENCES_RE = re.compile(
    r"^(referencias|referencias bibliográficas|referencias bibliograficas|bibliografía|bibliografia|"
    r"bibliografía consultada|fuentes|fuentes consultadas|literatura citada|references|bibliography|works cited|"
    r"reference list|literature cited)$",
    re.I,
)
CONTENTS_RE = re.compile(
    r"^(índice|indice|contenido|contenidos|tabla de contenidos?|índice general|índice de contenidos?|"
    r"índice de (tablas|figuras|gráficos|ilustraciones|cuadros|anexos)|lista de (tablas|figuras|gráficos|cuadros|ilustraciones)|"
    r"contents|table of contents|list of (tables|figures|illustrations))$",
    re.I,
)


def plain(text: str) -> str:
    """Prose without markup and escapes (to compare headings and words)."""
    out = NOTE_MARK_RE.sub("", text)
    # markup (``*``, ``^``, ``~``) goes, the document's own characters escaped as ``\*`` stay
    out = re.sub(r"\\(.)|\*+|\^|~", lambda m: m.group(1) or "", out)
    return " ".join(out.split())


def bare(text: str) -> str:
    """Plain text without the punctuation that ends a heading ('Resumen:' → 'Resumen'), for matching."""
    return plain(text).strip(" .:")


@dataclass
class Node:
    """A heading of the document and what stands under it."""

    title: str
    number: str | None
    level: int
    key: str | None
    chunks: list[Chunk] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def empty(self) -> bool:
        return not self.chunks and all(c.empty() for c in self.children)


@dataclass
class Structure:
    front: list[Chunk] = field(default_factory=list)  # before the first heading (title page, …)
    nodes: list[Node] = field(default_factory=list)  # top-level sections
    abstracts: dict[str, Node] = field(default_factory=dict)  # language → abstract section
    references: Node | None = None
    dropped: list[str] = field(default_factory=list)


TYPED_NUMBER_RE = re.compile(
    r"^(?P<number>(?:cap[ií]tulo|chapter|parte|part)\s+[\dIVXLC]+|\d+(?:\.\d+)+|\d+|[IVXLC]+)\s*[.:)—–-]?\s+(?=\S)",
    re.I,
)
CHAPTER_LABEL_RE = re.compile(r"^(cap[ií]tulo|chapter|parte|part)\s+[\dIVXLC]+\.?$", re.I)


def build_tree(chunks: list[Chunk], paras: dict[str, Para]) -> Structure:
    """Nest the chunks under their headings ("CAPÍTULO II" followed by the chapter's name is one heading)."""
    out = Structure()
    stack: list[Node] = []
    label: tuple[str, int] | None = None
    for chunk in chunks:
        info = paras.get(chunk.key or "")
        if chunk.kind == "heading" and info is not None and info.level is not None:
            if CHAPTER_LABEL_RE.match(plain(chunk.text)) and not info.number:
                label = (plain(chunk.text), info.level)
                continue
            number = info.number
            level = info.level
            typed = TYPED_NUMBER_RE.match(plain(chunk.text)) if not number else None
            if typed and typed.end() < len(plain(chunk.text)):  # "2.1.28. W3C", "CAPÍTULO II: MARCO TEÓRICO"
                number = typed["number"].strip()
                chunk.text = plain(chunk.text)[typed.end() :].lstrip(" .:)")
            if label is not None:
                number, level = label[0], min(level, label[1])
                label = None
            title = chunk.text
            if number and re.match(r"^[.:]\s+\w", plain(title)):  # Word's "1.2" before a typed ". Antecedentes"
                title = plain(title)[1:].lstrip()
            node = Node(title, number, level, chunk.key)
            while stack and stack[-1].level >= node.level:
                stack.pop()
            (stack[-1].children if stack else out.nodes).append(node)
            stack.append(node)
            continue
        if label is not None:  # a chapter label with no name after it is the heading itself
            node = Node(label[0], None, label[1], None)
            (stack[-1].children if stack and stack[-1].level < node.level else out.nodes).append(node)
            stack = [node]
            label = None
        if chunk.kind == "heading":  # pandoc saw a heading the document's styles do not make one
            chunk.kind = "p"
        (stack[-1].chunks if stack else out.front).append(chunk)
    return out


def take_special(out: Structure, language: str) -> None:
    """Take the abstracts, the reference list and the contents pages out of the tree."""

    def visit(nodes: list[Node]) -> list[Node]:
        kept = []
        for node in nodes:
            title = bare(node.title)
            lang = next((lg for lg, rx in ABSTRACT_RE.items() if rx.match(title)), None)
            if lang and lang not in out.abstracts and not node.children and node.chunks:
                out.abstracts[lang] = node
                continue
            if REFERENCES_RE.match(title) and not node.children:
                if out.references is not None:
                    out.references.chunks += node.chunks
                else:
                    out.references = node
                continue
            if (CONTENTS_RE.match(title) or CONTENTS_START_RE.match(title)) and all(junk(c) for c in node.chunks):
                if node.chunks:
                    out.dropped.append(
                        f"contents page '{title}': what Word's lists left ("
                        + "; ".join(f"'{plain(c.text)[:40]}'" for c in node.chunks if c.kind == "p")[:300]
                        + ")"
                    )
                else:
                    out.dropped.append(f"heading '{title}' (its contents list was Word's)")
                node.chunks = []
                if not node.children:
                    continue
            node.children = visit(node.children)
            if node.empty() and not node.children:
                out.dropped.append(f"empty heading '{title}'")
                continue
            kept.append(node)
        return kept

    out.nodes = visit(out.nodes)


CONTENTS_START_RE = re.compile(
    r"^(índice|indice|lista de|list of|table of contents|contents|tabla de contenidos?)\b", re.I
)
LEADER_RE = re.compile(r"(?:\s*\.){2,}\s*[\divxlcIVXLC]{1,6}\s*$")


def junk(chunk: Chunk) -> bool:
    """What a contents page leaves behind: page numbers, entries with dot leaders, a caption-less label."""
    if chunk.kind in ("ul", "ol"):
        entries = [e if isinstance(e, str) else e.get("text", "") for e in chunk.data.get("entries", [])]
        return all(LEADER_RE.search(plain(e)) or len(plain(e).split()) <= 2 for e in entries)
    if chunk.kind != "p":
        return False
    text = plain(chunk.text)
    numbered_entry = re.match(r"^\d+(?:\.\d+)*\.?\s", text) and len(text.split()) <= 12  # an entry without its page
    return bool(
        re.fullmatch(r"[\divxlcIVXLC]{1,6}", text) or LEADER_RE.search(text) or len(text.split()) <= 2 or numbered_entry
    )


def abstract_record(node: Node) -> dict[str, Any]:
    """thesis.yml's abstract: its paragraphs verbatim, the keywords line split into keywords."""
    text, keywords = [], []
    for chunk in node.chunks:
        if chunk.kind != "p":
            continue
        m = KEYWORDS_RE.match(bare(chunk.text))
        if m:
            keywords = [k.strip(" .*") for k in re.split(r"[;,]", m["rest"]) if k.strip(" .*")]
        else:
            text.append(chunk.text)
    return {"text": text, "keywords": keywords}
