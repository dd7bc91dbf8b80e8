"""Reference-manager citations in a Word document, read before pandoc sees the XML.

A citation inserted by Zotero, Mendeley, EndNote or Word's own tool is a field
(or a content control) holding the cited works' data beside the text Word shows
for it. ``extract_citations`` finds every one in the document's XML parts,
replaces it in place by one run holding a marker (``\\ue000C1\\ue001``…) that the
importer turns into ``[@key, locator]`` after pandoc has read the document, and
returns the works they cite as CSL-JSON under stable, readable keys. The
bibliographies the managers generated are removed (the site rebuilds its
reference list from the works' data) and said so in ``Works.dropped``.

What each manager stores (measured on real theses; see tests/fixtures/docx/README.md):

* Zotero: ``ADDIN ZOTERO_ITEM CSL_CITATION {json}`` complex fields (or simple
  fields), each item's CSL-JSON in ``itemData``, its library URI in ``uris``;
  the bibliography is ``ADDIN ZOTERO_BIBL``.
* Mendeley Desktop: ``ADDIN CSL_CITATION {json}``; its item ids (``ITEM-1``)
  restart in every citation, so works are told apart by their Mendeley URI,
  DOI and title; the bibliography is ``ADDIN Mendeley Bibliography CSL_BIBLIOGRAPHY``.
* Mendeley Cite (v3): inline content controls tagged
  ``MENDELEY_CITATION_v3_<base64 JSON>``; the bibliography control is ``MENDELEY_BIBLIOGRAPHY``.
* EndNote: ``ADDIN EN.CITE <EndNote>…</EndNote>`` (the record XML in the
  instruction, or base64 in a nested ``ADDIN EN.CITE.DATA`` field's ``w:fldData``);
  the bibliography is ``ADDIN EN.REFLIST``.
* Word: ``CITATION Tag \\l 3082 \\p 45`` fields, the sources in ``customXml/item*.xml``
  (``b:Sources``); the bibliography is ``BIBLIOGRAPHY``.

Deleted text (tracked deletions) is not read: the document is taken with its
changes accepted, as pandoc takes it.
"""

from __future__ import annotations

import base64
import binascii
import copy
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ...source.archive import ArchiveError, parse_xml
from . import csl_items
from .bib_out import bibliography_bib

__all__ = ["MARK_OPEN", "MARK_CLOSE", "CitedItem", "Citation", "Works", "extract_citations", "bibliography_bib"]

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
DELETED = {W + "del", W + "moveFrom", MC_FALLBACK}  # not part of the document as accepted
MAX_INSTRUCTION = 16 * 1024 * 1024  # characters; a field's data is at most a few hundred kB in real theses
V3_PREFIX = "MENDELEY_CITATION_v3_"


@dataclass(frozen=True)
class CitedItem:
    """One work cited by a citation, with what the citation says about it."""

    key: str
    locator: str | None = None
    label: str | None = None
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False


@dataclass
class Citation:
    """One citation found in the document, replaced in the XML by ``marker``."""

    marker: str
    items: list[CitedItem]
    shown: str
    kind: str
    part: str


@dataclass
class Works:
    """What ``extract_citations`` found: the citations by marker and the works they cite."""

    citations: dict[str, Citation]
    items: dict[str, dict]
    identities: dict[str, str]
    dropped: list[str]
    problems: list[str]
    notes: list[str] = field(default_factory=list)  # keys that could not be the manager's own, months not read…


# ---------------------------------------------------------------- reading the XML


@dataclass
class Field:
    """A complex field (``w:fldChar`` begin … end), a simple field, or a Mendeley v3 content control."""

    begin: etree._Element  # the element whose place the marker takes (a run, a w:fldSimple, a w:sdt)
    order: int
    code: list[str] = field(default_factory=list)  # the instruction's pieces (w:instrText of many runs)
    data: list[str] = field(default_factory=list)  # w:fldData of the field and of fields nested in its instruction
    shown: list[str] = field(default_factory=list)
    nodes: list[etree._Element] = field(default_factory=list)  # runs (and controls) the field covers
    end: etree._Element | None = None
    in_result: bool = False
    parent: Field | None = None
    simple: bool = False
    v3_tag: str | None = None

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.shown)).strip()

    @property
    def instruction(self) -> str:
        return "".join(self.code)[:MAX_INSTRUCTION]


def visible(root: etree._Element) -> Iterator[etree._Element]:
    """The elements of ``root`` in document order, without deleted text (tracked deletions, fallbacks)."""
    stack = [iter([root])]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        if not isinstance(element.tag, str) or element.tag in DELETED:
            continue
        yield element
        if element.tag == W + "sdt" and v3_tag(element):
            continue  # its content is the text Mendeley shows, read by read_fields
        stack.append(iter(element))


def v3_tag(sdt: etree._Element) -> str | None:
    tag = sdt.find(f"{W}sdtPr/{W}tag")
    value = tag.get(W + "val", "") if tag is not None else ""
    return value if value.startswith(("MENDELEY_CITATION", "MENDELEY_BIBLIOGRAPHY")) else None


def run_of(element: etree._Element) -> etree._Element:
    parent = element.getparent()
    return parent if parent is not None and parent.tag == W + "r" else element


def read_fields(root: etree._Element) -> list[Field]:
    """Every field and Mendeley control in the part, each with its instruction, data, shown text and runs."""
    fields: list[Field] = []
    open_fields: list[Field] = []
    open_simple: dict[etree._Element, Field] = {}  # w:fldSimple elements being read (their runs are inside)
    size: dict[int, int] = {}

    def covering() -> list[Field]:
        return open_fields + list(open_simple.values())

    for order, element in enumerate(visible(root)):
        tag = element.tag
        for simple in [f for el, f in open_simple.items() if not _inside(element, el)]:
            del open_simple[simple.begin]
        if tag == W + "r" or (tag == W + "sdt" and v3_tag(element)):
            for f in covering():
                f.nodes.append(element)
        if tag == W + "sdt" and (value := v3_tag(element)):
            f = Field(element, order, [value], parent=_innermost(open_fields, open_simple), v3_tag=value)
            f.shown.append(_text_of(element))
            f.nodes.append(element)
            f.end = element
            fields.append(f)
            for outer in covering():
                if outer.in_result or outer.simple:
                    outer.shown.append(f.text)
        elif tag == W + "fldSimple":
            f = Field(element, order, [element.get(W + "instr", "")], simple=True)
            f.parent, f.in_result, f.end = _innermost(open_fields, open_simple), True, element
            fields.append(f)
            open_simple[element] = f
        elif tag == W + "fldChar":
            kind = element.get(W + "fldCharType")
            if kind == "begin":
                f = Field(run_of(element), order, parent=_innermost(open_fields, open_simple))
                f.nodes.append(run_of(element))
                f.data.extend(d.text or "" for d in element.iter(W + "fldData"))
                if open_fields and not open_fields[-1].in_result:
                    open_fields[-1].data.extend(f.data)
                open_fields.append(f)
                fields.append(f)
            elif kind == "separate" and open_fields:
                open_fields[-1].in_result = True
            elif kind == "end" and open_fields:
                f = open_fields.pop()
                f.end = run_of(element)
        elif tag == W + "instrText" and open_fields and not open_fields[-1].in_result:
            f, text = open_fields[-1], element.text or ""
            if size.get(id(f), 0) < MAX_INSTRUCTION:
                f.code.append(text)
                size[id(f)] = size.get(id(f), 0) + len(text)
        elif tag in (W + "t", W + "tab", W + "br", W + "noBreakHyphen", W + "sym"):
            text = {W + "t": element.text or "", W + "noBreakHyphen": "\u2011"}.get(tag, " ")
            if tag == W + "sym":
                text = _sym(element)
            for f in reversed(open_fields):
                if not f.in_result:
                    break
                f.shown.append(text)
            for f in open_simple.values():
                f.shown.append(text)
    return fields  # a field Word never closed keeps end None: it is left as it is


def _inside(element: etree._Element, ancestor: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


def _innermost(open_fields: list[Field], open_simple: dict[etree._Element, Field]) -> Field | None:
    candidates = open_fields[-1:] + list(open_simple.values())
    return max(candidates, key=lambda f: f.order) if candidates else None


def _sym(element: etree._Element) -> str:
    code = element.get(W + "char", "")
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    return chr(value - 0xF000) if 0xF020 <= value <= 0xF0FF else (chr(value) if 0x20 <= value < 0xD800 else "")


def _text_of(element: etree._Element) -> str:
    out = []
    for el in visible(element) if element.tag != W + "sdt" else _content(element):
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag in (W + "tab", W + "br"):
            out.append(" ")
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _content(sdt: etree._Element) -> Iterator[etree._Element]:
    content = sdt.find(W + "sdtContent")
    if content is not None:
        for child in content:
            yield from visible(child)


# ---------------------------------------------------------------- what each field is

KINDS = [
    ("zotero-bibl", re.compile(r"ADDIN\s+ZOTERO_BIBL\b")),
    ("zotero-temp", re.compile(r"ADDIN\s+ZOTERO_TEMP\b")),
    ("zotero", re.compile(r"ADDIN\s+ZOTERO_ITEM\b")),
    ("mendeley-bibl", re.compile(r"ADDIN\s+(Mendeley\s+Bibliography|CSL_BIBLIOGRAPHY)\b", re.I)),
    ("mendeley", re.compile(r"ADDIN\s+CSL_CITATION\b")),
    ("endnote-bibl", re.compile(r"ADDIN\s+EN\.REFLIST\b")),
    ("endnote-data", re.compile(r"ADDIN\s+EN\.CITE\.DATA\b")),
    ("endnote", re.compile(r"ADDIN\s+EN\.CITE\b")),
    ("word-bibl", re.compile(r"BIBLIOGRAPHY\b", re.I)),
    ("word", re.compile(r"CITATION\b", re.I)),
    ("other", re.compile(r"ADDIN\s+(CitaviPlaceholder|PAPERS2_CITATIONS|RW\.CITE|REFWORKS|F1\b|Citavi)", re.I)),
]
BIBLIOGRAPHY_NAMES = {
    "zotero-bibl": "Zotero bibliography field",
    "mendeley-bibl": "Mendeley bibliography field",
    "mendeley-v3-bibl": "Mendeley Cite bibliography control",
    "endnote-bibl": "EndNote bibliography field",
    "word-bibl": "Word bibliography field",
}
CITE_KINDS = {"zotero", "mendeley", "mendeley-v3", "endnote", "word"}


def kind_of(f: Field) -> str | None:
    if f.v3_tag is not None:
        return "mendeley-v3" if f.v3_tag.startswith(V3_PREFIX) else "mendeley-v3-bibl"
    instruction = f.instruction.lstrip()
    for kind, pattern in KINDS:
        if pattern.match(instruction):
            return kind
    return None


# ---------------------------------------------------------------- one occurrence of a work


@dataclass
class Occurrence:
    """A work as one citation gives it: its data, its identities, the key its manager gave it."""

    item: dict[str, Any]
    handles: list[str]
    own_key: str | None = None
    locator: str | None = None
    label: str | None = None
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False


class Unreadable(Exception):
    """A citation whose data cannot be read; the message says why."""


def parse_json(instruction: str) -> Any:
    start = instruction.find("{")
    if start < 0:
        raise Unreadable("no data in the field")
    try:
        value, _ = json.JSONDecoder().raw_decode(instruction, start)
    except (ValueError, RecursionError) as exc:
        raise Unreadable(f"its data is not valid JSON ({str(exc)[:80]})") from None
    if not isinstance(value, dict):
        raise Unreadable("its data is not a JSON object")
    return value


def csl_occurrences(data: dict[str, Any], kind: str) -> list[Occurrence]:
    """The cited items of a CSL citation (Zotero, Mendeley Desktop, Mendeley Cite)."""
    entries = data.get("citationItems")
    if not isinstance(entries, list) or not entries:
        raise Unreadable("it cites no item")
    out = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("itemData"), dict):
            raise Unreadable("an item has no data embedded (an old plugin version?)")
        raw = entry["itemData"]
        item = csl_items.with_note_variables(csl_items.without_key_note(csl_items.clean_item(raw)))
        if not item.get("title") and not item.get("author") and not item.get("editor"):
            raise Unreadable("an item has neither title nor author")
        uris = entry.get("uris") or entry.get("uri") or []
        handles = [
            "uri:" + u.strip().lower()
            for u in (uris if isinstance(uris, list) else [uris])
            if isinstance(u, str) and u.strip()
        ]
        if (
            kind == "mendeley-v3"
            and isinstance(entry.get("id"), str)
            and re.fullmatch(r"[0-9a-f-]{32,36}", entry["id"])
        ):
            handles.append("mendeley:" + entry["id"])
        locator = csl_items._text(entry.get("locator"))
        out.append(
            Occurrence(
                item,
                handles,
                own_key=csl_items.manager_key(raw),
                locator=locator,
                label=csl_items.locator_label(entry.get("label"), locator),
                prefix=csl_items._text(entry.get("prefix")) or "",
                suffix=csl_items._text(entry.get("suffix")) or "",
                suppress_author=bool(entry.get("suppress-author")),
            )
        )
    return out


def endnote_occurrences(f: Field) -> list[Occurrence]:
    """The cited records of an EndNote field (inline XML, escaped XML, or base64 in EN.CITE.DATA)."""
    text = re.sub(r"^\s*ADDIN\s+EN\.CITE\s*", "", f.instruction)
    if "<EndNote" not in text and "&lt;EndNote" in text:
        text = html.unescape(text)
    start = text.find("<EndNote")
    if start < 0:
        text = next((t for t in (_decoded(chunk) for chunk in f.data) if "<EndNote" in t), "")
        start = text.find("<EndNote")
    if start < 0:
        raise Unreadable("no EndNote record in the field")
    end = text.rfind("</EndNote>")
    xml = text[start : end + len("</EndNote>")] if end > start else text[start:]
    try:
        root = parse_xml(xml.encode("utf-8"), "EN.CITE")
    except ArchiveError as exc:
        raise Unreadable(f"its EndNote data is not readable XML ({str(exc)[:80]})") from None
    out = []
    for cite in root.iter("Cite"):
        record = cite.find("record")
        if record is None:
            raise Unreadable("a cited work has no record embedded")
        item = csl_items.from_endnote(record)
        if not item.get("title") and not item.get("author"):
            raise Unreadable("a cited record has neither title nor author")
        handles = []
        key = record.find("foreign-keys/key")
        number = csl_items._el_text(record.find("rec-number"))
        if key is not None and key.get("db-id") and number:
            handles.append(f"endnote:{key.get('db-id')}#{number}")
        pages = csl_items._el_text(cite.find("Pages"))
        locator = re.sub(r"^pp?\.\s*", "", pages) if pages else None
        out.append(
            Occurrence(
                item,
                handles,
                locator=locator,
                label="page" if locator else None,
                prefix=(csl_items._el_text(cite.find("Prefix")) or "").replace("`", " ").strip(),
                suffix=(csl_items._el_text(cite.find("Suffix")) or "").replace("`", " ").strip(),
                suppress_author=cite.get("ExcludeAuth") == "1",
            )
        )
    if not out:
        raise Unreadable("it cites no record")
    return out


def _decoded(chunk: str) -> str:
    """The text of EN.CITE.DATA's base64 (UTF-8, or UTF-16 as some versions write it); '' when it is not."""
    chunk = re.sub(r"\s+", "", chunk)
    try:
        raw = base64.b64decode(chunk + "=" * (-len(chunk) % 4), validate=True)
    except (binascii.Error, ValueError):
        return ""
    codec = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or raw[1:2] == b"\x00" else "utf-8"
    return raw.decode(codec, "replace")


WORD_SWITCH = re.compile(r'\\([a-zA-Z])(?:\s+("[^"]*"|[^\s\\]+))?')


def word_occurrences(f: Field, sources: dict[str, tuple[str | None, dict[str, Any]]]) -> list[Occurrence]:
    """The sources a Word ``CITATION`` field cites (``\\m`` adds one; ``\\p``, ``\\s``, ``\\f``, ``\\n`` apply to the last)."""
    instruction = re.sub(r"^\s*CITATION\s*", "", f.instruction, flags=re.I)
    first = re.match(r'\s*("[^"]*"|[^\s\\]+)', instruction)
    if not first:
        raise Unreadable("the field names no source")
    tags = [first[1].strip('"')]
    switches: list[dict[str, str]] = [{}]
    for match in WORD_SWITCH.finditer(instruction, first.end()):
        name, value = match[1].lower(), (match[2] or "").strip('"')
        if name == "m" and value:
            tags.append(value)
            switches.append({})
        elif name != "l":
            switches[-1][name] = value
    by_lower = {t.lower(): t for t in sources}
    out = []
    for tag, options in zip(tags, switches, strict=True):
        found = by_lower.get(tag.lower())
        if found is None:
            raise Unreadable(f"source '{tag}' is not in the document's source list")
        guid, item = sources[found]
        locator = options.get("p") or options.get("v")
        out.append(
            Occurrence(
                dict(item),
                [f"word:{guid.lower()}" if guid else f"word-tag:{found.lower()}"],
                own_key=found,
                locator=locator or None,
                label=("page" if options.get("p") else "volume") if locator else None,
                prefix=options.get("f", ""),
                suffix=options.get("s", ""),
                suppress_author="n" in options,
            )
        )
    return out


def occurrences(f: Field, kind: str, sources: dict[str, tuple[str | None, dict[str, Any]]]) -> list[Occurrence]:
    if kind in ("zotero", "mendeley"):
        return csl_occurrences(parse_json(f.instruction), kind)
    if kind == "mendeley-v3":
        encoded = (f.v3_tag or "")[len(V3_PREFIX) :]
        try:
            raw = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
            data = json.loads(raw.decode("utf-8"))
        except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
            raise Unreadable("its tag does not hold base64 JSON") from None
        if not isinstance(data, dict):
            raise Unreadable("its data is not a JSON object")
        return csl_occurrences(data, kind)
    if kind == "endnote":
        return endnote_occurrences(f)
    return word_occurrences(f, sources)


# ---------------------------------------------------------------- changing the XML


def marker_run(f: Field, marker: str) -> etree._Element:
    """A run holding ``marker``, formatted as the first run of text Word showed (citation-style raising dropped)."""
    run = etree.Element(W + "r")
    shown = (r for n in f.nodes for r in n.iter(W + "r") if r.find(W + "t") is not None)
    source = next(shown, f.begin if f.begin.tag == W + "r" else None)
    props = source.find(W + "rPr") if source is not None else None
    if props is not None:
        props = copy.deepcopy(props)
        for name in ("vertAlign", "position"):
            for el in props.findall(W + name):
                props.remove(el)
        run.append(props)
    text = etree.SubElement(run, W + "t")
    text.text = marker
    return run


def split_boundaries(f: Field) -> None:
    """Move what shares the begin/end run with the field but lies outside it into runs of its own."""
    if f.simple or f.v3_tag is not None:
        return
    begin_char = next((c for c in f.begin.iter(W + "fldChar") if c.get(W + "fldCharType") == "begin"), None)
    if begin_char is not None and begin_char.getparent() is f.begin:
        before = [c for c in f.begin if c is not begin_char and c.tag != W + "rPr" and _precedes(c, begin_char)]
        if before:
            f.begin.addprevious(_run_like(f.begin, before))
    if f.end is not None and f.end.tag == W + "r":
        end_chars = [c for c in f.end.iter(W + "fldChar") if c.get(W + "fldCharType") == "end"]
        if end_chars and end_chars[-1].getparent() is f.end:
            after = [c for c in f.end if c.tag != W + "rPr" and _precedes(end_chars[-1], c)]
            if after:
                f.end.addnext(_run_like(f.end, after))


def _precedes(a: etree._Element, b: etree._Element) -> bool:
    parent = a.getparent()
    return parent is b.getparent() and parent.index(a) < parent.index(b)


def _run_like(run: etree._Element, children: list[etree._Element]) -> etree._Element:
    new = etree.Element(W + "r")
    props = run.find(W + "rPr")
    if props is not None:
        new.append(copy.deepcopy(props))
    for child in children:
        new.append(child)  # moves it
    return new


EMPTY_WRAPPERS = {W + "hyperlink", W + "ins", W + "smartTag", W + "customXml", W + "fldSimple", W + "moveTo"}


def remove_field(f: Field, replacement: etree._Element | None) -> None:
    """Take the field out of the XML; put ``replacement`` (the marker run) where it began."""
    split_boundaries(f)
    anchor = f.begin
    first_block = anchor.find(f"{W}sdtContent/{W}p") if anchor.tag == W + "sdt" else None
    if replacement is not None and first_block is not None:  # a control holding paragraphs: one paragraph now
        paragraph = etree.Element(W + "p")
        props = first_block.find(W + "pPr")
        if props is not None:
            paragraph.append(copy.deepcopy(props))
        paragraph.append(replacement)
        replacement = paragraph
    if replacement is not None:
        anchor.addprevious(replacement)
    first_paragraph = _paragraph(anchor)
    touched: list[etree._Element] = []
    for node in dict.fromkeys([anchor, *f.nodes]):
        parent = node.getparent()
        if parent is None:
            continue
        paragraph = _paragraph(node)
        if paragraph is not None and paragraph not in touched:
            touched.append(paragraph)
        parent.remove(node)
        _prune(parent)
    last_paragraph = touched[-1] if touched else None
    if first_paragraph is not None and last_paragraph is not None and first_paragraph is not last_paragraph:
        _remove_between(first_paragraph, last_paragraph, touched)
    for paragraph in touched:
        if replacement is not None and paragraph is first_paragraph:
            continue
        if _is_empty(paragraph) and paragraph.getparent() is not None:
            paragraph.getparent().remove(paragraph)


def _paragraph(node: etree._Element) -> etree._Element | None:
    while node is not None and node.tag != W + "p":
        node = node.getparent()
    return node


def _prune(parent: etree._Element) -> None:
    while (
        parent is not None
        and parent.tag in EMPTY_WRAPPERS
        and not any(isinstance(c.tag, str) and not c.tag.endswith("Pr") for c in parent)
    ):
        grand = parent.getparent()
        if grand is None:
            return
        grand.remove(parent)
        parent = grand


def _remove_between(first: etree._Element, last: etree._Element, touched: list[etree._Element]) -> None:
    """Remove the blocks between two paragraphs of one container (a bibliography's entries and tables)."""
    parent = first.getparent()
    if parent is None or last.getparent() is not parent:
        return
    for sibling in list(first.itersiblings()):
        if sibling is last:
            break
        if sibling.tag == W + "p" and sibling.find(f"{W}pPr/{W}sectPr") is not None:
            continue  # a section break: its page settings stay
        if sibling.tag in (W + "p", W + "tbl", W + "sdt"):
            parent.remove(sibling)


def _is_empty(paragraph: etree._Element) -> bool:
    if paragraph.find(f"{W}pPr/{W}sectPr") is not None:
        return False
    for el in paragraph.iter(
        W + "t",
        W + "drawing",
        W + "pict",
        W + "object",
        W + "fldChar",
        W + "footnoteReference",
        W + "endnoteReference",
        "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath",
    ):
        if el.tag != W + "t" or (el.text or "").strip():
            return False
    return True


# ---------------------------------------------------------------- the works and their keys


@dataclass
class Work:
    item: dict[str, Any]
    identities: list[str]
    own_key: str | None
    key: str = ""


def merge_works(found: list[list[Occurrence]]) -> tuple[list[Work], list[list[int]]]:
    """One Work per distinct work (occurrences sharing an identity), and each citation's work indexes."""
    works: list[Work] = []
    by_identity: dict[str, int] = {}
    refs: list[list[int]] = []
    for citation in found:
        indexes = []
        for occ in citation:
            ids = csl_items.identities(occ.item, occ.handles)
            hits = sorted({by_identity[i] for i in ids if i in by_identity})
            if hits:
                index = hits[0]
                work = works[index]
                for other in hits[1:]:  # an occurrence joining two works found apart: they are one
                    _absorb(works, by_identity, index, other)
                for i in ids:
                    if i not in work.identities:
                        work.identities.append(i)
                work.own_key = work.own_key or occ.own_key
            else:
                index = len(works)
                works.append(Work(occ.item, list(ids), occ.own_key))
            for i in ids:
                by_identity[i] = index
            indexes.append(index)
        refs.append(indexes)
    alias = {i: by_identity[w.identities[0]] for i, w in enumerate(works)}
    live = sorted(set(alias.values()))
    position = {old: new for new, old in enumerate(live)}
    return [works[i] for i in live], [[position[alias[i]] for i in r] for r in refs]


def _absorb(works: list[Work], by_identity: dict[str, int], keep: int, other: int) -> None:
    for i in works[other].identities:
        if i not in works[keep].identities:
            works[keep].identities.append(i)
        by_identity[i] = keep
    works[keep].own_key = works[keep].own_key or works[other].own_key


def assign_keys(works: list[Work], previous: dict[str, str], taken: set[str], language: str, notes: list[str]) -> None:
    """Previous keys first (stable across imports), then the manager's own keys, then author-year keys."""
    used: set[str] = set()
    for work in works:
        key = next((previous[i] for i in work.identities if i in previous), None)
        if key and key not in used and csl_items.valid_key(key):
            work.key = key
            used.add(key)
    reserved = used | set(previous.values()) | set(taken)
    for work in works:
        if work.key:
            continue
        own = work.own_key if csl_items.valid_key(work.own_key) else None
        if own and own not in reserved:
            work.key = own
        else:
            base = own or csl_items.author_year(work.item, language)
            work.key = _unique(base, reserved)
            if own:
                notes.append(
                    f"the work the document calls '{own}' is '{work.key}': '{own}' is already a key of the project"
                )
        reserved.add(work.key)


def _unique(base: str, reserved: set[str]) -> str:
    if base not in reserved:
        return base
    n = 0
    while True:
        suffix, m = "", n
        while True:
            suffix = chr(ord("a") + m % 26) + suffix
            m = m // 26 - 1
            if m < 0:
                break
        if base + suffix not in reserved:
            return base + suffix
        n += 1


# ---------------------------------------------------------------- the whole pass


def extract_citations(
    parts: dict[str, etree._Element],
    custom_xml: list[etree._Element],
    previous: dict[str, str],
    taken_keys: set[str],
    language: str,
) -> Works:
    """Find every reference-manager citation in the XML parts (document, footnotes, endnotes), replace each IN PLACE
    by one run holding its marker (w:r/w:t with the marker text, the first run's w:rPr kept), and return the works
    they cite."""
    notes: list[str] = []
    sources = csl_items.word_sources(custom_xml, notes)
    dropped: list[str] = []
    problems: list[str] = []
    pending: list[tuple[str, Field, str, list[Occurrence]]] = []
    for part, root in parts.items():
        fields = read_fields(root)
        kinds = {id(f): kind_of(f) for f in fields}
        for f in sorted(fields, key=lambda f: f.order):
            kind = kinds[id(f)]
            if kind is None or _under_handled(f, kinds):
                continue
            if f.end is None:
                problems.append(f"{part}: a field showing “{f.text}” is never closed in the XML (kept as it is)")
                continue
            if kind in BIBLIOGRAPHY_NAMES:
                dropped.append(f"{part}: {BIBLIOGRAPHY_NAMES[kind]} (rebuilt from the works' data)")
                remove_field(f, None)
            elif kind in CITE_KINDS:
                try:
                    pending.append((part, f, kind, occurrences(f, kind, sources)))
                except Unreadable as exc:
                    problems.append(f"{part}: {_label(kind)} citation showing “{f.text}” could not be read: {exc}")
            elif kind == "zotero-temp":
                problems.append(f"{part}: Zotero citation showing “{f.text}” was never finished in Word (kept as text)")
            elif kind == "other":
                problems.append(f"{part}: citation showing “{f.text}” from an unsupported manager (kept as text)")
    works, refs = merge_works([occ for _, _, _, occ in pending])
    assign_keys(works, previous, taken_keys, language, notes)
    citations: dict[str, Citation] = {}
    for n, ((part, f, kind, occs), indexes) in enumerate(zip(pending, refs, strict=True), start=1):
        marker = f"{MARK_OPEN}C{n}{MARK_CLOSE}"
        cited = [
            CitedItem(works[i].key, o.locator, o.label if o.locator else None, o.prefix, o.suffix, o.suppress_author)
            for o, i in zip(occs, indexes, strict=True)
        ]
        citations[marker] = Citation(marker, cited, f.text, kind, part)
        remove_field(f, marker_run(f, marker))
    items = {w.key: {"id": w.key, **w.item} for w in works}
    identities = {i: w.key for w in works for i in w.identities}
    return Works(citations, items, identities, dropped, problems, notes)


def _under_handled(f: Field, kinds: dict[int, str | None]) -> bool:
    """A field inside a citation or bibliography (EndNote's EN.CITE.DATA, a hyperlink in a Zotero result)."""
    parent = f.parent
    while parent is not None:
        if kinds.get(id(parent)) in CITE_KINDS or kinds.get(id(parent)) in BIBLIOGRAPHY_NAMES:
            return True
        parent = parent.parent
    return False


def _label(kind: str) -> str:
    return {"zotero": "Zotero", "mendeley": "Mendeley", "mendeley-v3": "Mendeley Cite", "endnote": "EndNote"}.get(
        kind, "Word"
    )
