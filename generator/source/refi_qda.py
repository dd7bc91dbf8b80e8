"""Parse and validate ``project.qde`` (REFI-QDA 1.0) into plain records.

Liberal in what is accepted: a root with no namespace or a misspelt one (some
tools write ``urn:QDA-XML:project:1:0``) is read as the standard namespace,
every optional element may be absent, text may sit in ``PlainTextContent`` or
in an ``internal://`` member under ``sources/``, a PDF's text representation
is read like a text source. Strict where it matters: the document must be
valid against the REFI-QDA ``Project.xsd`` (shipped with the package), no
entity or DTD is resolved, no file outside the archive is ever read, and
every selection must lie inside its source's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .archive import Archive, ArchiveError, xml_parser

NS = "urn:QDA-XML:project:1.0"
XSD = Path(__file__).resolve().parent / "Project.xsd"
MAX_SCHEMA_ERRORS = 20
_SCHEMA: etree.XMLSchema | None = None


def schema() -> etree.XMLSchema:
    """The REFI-QDA 1.0 project schema (parsed once)."""
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = etree.XMLSchema(etree.parse(str(XSD)))
    return _SCHEMA


def gid(value: str | None) -> str:
    """A GUID in one spelling (tools write braces and either case)."""
    return (value or "").strip().strip("{}").lower()


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


@dataclass
class Code:
    guid: str
    name: str
    color: str | None = None
    description: str | None = None
    notes: list[str] = field(default_factory=list)
    children: list[Code] = field(default_factory=list)


@dataclass
class Selection:
    guid: str
    name: str | None
    start: int
    end: int
    line: int
    codes: list[str] = field(default_factory=list)
    description: str | None = None
    notes: list[str] = field(default_factory=list)
    text: str = ""


@dataclass
class Source:
    guid: str
    name: str
    line: int
    text: str | None = None
    description: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    selections: list[Selection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Case:
    guid: str
    name: str
    description: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    selections: list[str] = field(default_factory=list)


@dataclass
class Note:
    guid: str
    name: str
    text: str


@dataclass
class Vertex:
    guid: str
    represented: str | None
    name: str | None


@dataclass
class Graph:
    guid: str
    name: str
    vertices: list[Vertex] = field(default_factory=list)
    edges: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Project:
    name: str
    origin: str
    description: str | None = None
    codes: list[Code] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    graphs: list[Graph] = field(default_factory=list)
    source_sets: list[tuple[str, set[str]]] = field(default_factory=list)  # (set name, source GUIDs)
    skipped: dict[str, int] = field(default_factory=dict)  # what exists but is not mapped, by element

    def all_codes(self) -> list[Code]:
        out: list[Code] = []

        def walk(code: Code) -> None:
            out.append(code)
            for child in code.children:
                walk(child)

        for code in self.codes:
            walk(code)
        return out


class ProjectError(Exception):
    """project.qde is invalid; carries every message (each 'project.qde:LINE: what')."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def parse_xml(data: bytes) -> etree._Element:
    """Parse without resolving entities, DTDs or anything on the network."""
    try:
        root = etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as exc:
        raise ProjectError([f"project.qde:{exc.lineno or 1}: not well-formed XML: {exc.msg}"]) from None
    if etree.QName(root).localname != "Project":
        raise ProjectError([f"project.qde:{root.sourceline or 1}: root element is <{root.tag}>, expected <Project>"])
    for el in root.iter():
        if isinstance(el.tag, str) and etree.QName(el).namespace != NS:
            el.tag = q(etree.QName(el).localname)
    return root


def validate(root: etree._Element) -> None:
    """Raise ProjectError with the schema errors (at most MAX_SCHEMA_ERRORS of them)."""
    xsd = schema()
    if xsd.validate(root):
        return
    errors = [f"project.qde:{e.line}: invalid against Project.xsd: {e.message}" for e in xsd.error_log]
    extra = len(errors) - MAX_SCHEMA_ERRORS
    raise ProjectError(errors[:MAX_SCHEMA_ERRORS] + ([f"project.qde:1: … and {extra} more"] if extra > 0 else []))


def text_of(el: etree._Element, tag: str) -> str | None:
    child = el.find(q(tag))
    return child.text if child is not None and child.text and child.text.strip() else None


def note_refs(el: etree._Element) -> list[str]:
    return [gid(ref.get("targetGUID")) for ref in el.findall(q("NoteRef"))]


def read_code(el: etree._Element) -> Code:
    return Code(
        guid=gid(el.get("guid")),
        name=el.get("name", ""),
        color=el.get("color"),
        description=text_of(el, "Description"),
        notes=note_refs(el),
        children=[read_code(child) for child in el.findall(q("Code"))],
    )


def variable_values(el: etree._Element, names: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for vv in el.findall(q("VariableValue")):
        ref = vv.find(q("VariableRef"))
        name = names.get(gid(ref.get("targetGUID")), "") if ref is not None else ""
        value = next((c.text for c in vv if c.tag != q("VariableRef") and c.text is not None), None)
        if name and value is not None and value.strip():
            out[name] = value.strip()
    return out


class _Reader:
    def __init__(self, archive: Archive):
        self.archive = archive
        self.errors: list[str] = []

    def source_text(self, el: etree._Element, name: str) -> str | None:
        inline = el.find(q("PlainTextContent"))
        if inline is not None and inline.text is not None:
            return inline.text
        path = el.get("plainTextPath")
        if not path:
            return None
        line = el.sourceline or 1
        scheme, sep, rest = path.partition("://")
        if sep and scheme != "internal":
            self.errors.append(
                f"project.qde:{line}: source '{name}' is outside the archive ({path}); only internal:// sources are read"
            )
            return None
        # internal://NAME is sources/NAME; a bare NAME (qc 1.3 writes one) is looked up the same way
        member = "sources/" + (rest if sep else path).lstrip("/")
        info = self.archive.find(member) or (None if sep else self.archive.find(path))
        if info is None:
            self.errors.append(f"project.qde:{line}: missing source '{name}': the archive has no '{member}'")
            return None
        try:
            raw = self.archive.read(info)
        except ArchiveError as exc:
            self.errors.append(f"project.qde:{line}: {exc}")
            return None
        try:
            if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # some Windows tools write UTF-16 with a BOM
                return raw.decode("utf-16")
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self.errors.append(f"project.qde:{line}: source '{name}' ({member}) is not UTF-8 (byte {exc.start})")
            return None

    def text_source(self, el: etree._Element, names: dict[str, str]) -> Source:
        guid = gid(el.get("guid"))
        path_name = (el.get("plainTextPath") or "").rpartition("/")[2]
        name = el.get("name") or path_name or guid
        src = Source(
            guid=guid,
            name=name,
            line=el.sourceline or 1,
            description=text_of(el, "Description"),
            variables=variable_values(el, names),
            notes=note_refs(el),
        )
        sel_els = el.findall(q("PlainTextSelection"))
        if sel_els or el.get("plainTextPath") or el.find(q("PlainTextContent")) is not None:
            src.text = self.source_text(el, name)
        for s in sel_els:
            sel = Selection(
                guid=gid(s.get("guid")),
                name=s.get("name"),
                start=int(s.get("startPosition", "0")),
                end=int(s.get("endPosition", "0")),
                line=s.sourceline or 1,
                codes=[gid(c.get("targetGUID")) for c in s.iterfind(f"{q('Coding')}/{q('CodeRef')}")],
                description=text_of(s, "Description"),
                notes=note_refs(s),
            )
            if src.text is not None:
                span = resolve_span(src.text, sel.start, sel.end, sel.name)
                if span is None:
                    self.errors.append(
                        f"project.qde:{sel.line}: selection {sel.guid} [{sel.start}, {sel.end}) lies outside "
                        f"source '{name}' ({len(src.text)} characters)"
                    )
                    continue
                sel.text = span
            src.selections.append(sel)
        return src


def resolve_span(text: str, start: int, end: int, name: str | None) -> str | None:
    """The text of a selection: [start, end) in Unicode characters, as the specification says.

    Tools differ where the text has line breaks or characters outside the
    Basic Multilingual Plane: some count a CR LF as one character, some
    count UTF-16 units. When the selection's name is its own text (QualCoder
    writes it so) and one of those readings gives exactly that text, that
    reading wins; otherwise the specification's reading is used.
    """
    if not 0 <= start <= end:
        return None
    readings = [text]
    if "\r\n" in text:
        readings.append(text.replace("\r\n", "\n"))
    candidates = [r[start:end] for r in readings if end <= len(r)]
    if any(ord(c) > 0xFFFF for c in text):
        units = text.encode("utf-16-le")
        if 2 * end <= len(units):
            candidates.append(units[2 * start : 2 * end].decode("utf-16-le", errors="replace"))
    if not candidates:
        return None
    wanted = (name or "").strip()
    return next((c for c in candidates if wanted and c.strip() == wanted), candidates[0])


def read_project(archive: Archive) -> Project:
    """Find, parse, validate and read project.qde; raise ProjectError with every problem."""
    info = archive.find("project.qde")
    if info is None:
        raise ProjectError(["no project.qde in the archive (is this a REFI-QDA project export, .qdpx?)"])
    try:
        root = parse_xml(archive.read(info))
    except ArchiveError as exc:
        raise ProjectError([str(exc)]) from None
    validate(root)
    reader = _Reader(archive)
    names = {gid(v.get("guid")): v.get("name", "") for v in root.iterfind(f"{q('Variables')}/{q('Variable')}")}
    project = Project(
        name=root.get("name", ""), origin=root.get("origin", ""), description=text_of(root, "Description")
    )
    project.codes = [read_code(c) for c in root.iterfind(f"{q('CodeBook')}/{q('Codes')}/{q('Code')}")]
    for el in root.iterfind(f"{q('Cases')}/{q('Case')}"):
        project.cases.append(
            Case(
                guid=gid(el.get("guid")),
                name=el.get("name") or "",
                description=text_of(el, "Description"),
                variables=variable_values(el, names),
                sources=[gid(r.get("targetGUID")) for r in el.findall(q("SourceRef"))],
                selections=[gid(r.get("targetGUID")) for r in el.findall(q("SelectionRef"))],
            )
        )
    sources = root.find(q("Sources"))
    for el in sources if sources is not None else []:
        if not isinstance(el.tag, str):
            continue
        kind = etree.QName(el).localname
        if kind == "TextSource":
            project.sources.append(reader.text_source(el, names))
        elif kind == "PDFSource" and el.find(q("Representation")) is not None:
            rep = el.find(q("Representation"))
            src = reader.text_source(rep, names)
            src.guid, src.name = gid(el.get("guid")), el.get("name") or src.name
            project.sources.append(src)
        else:
            project.skipped[kind] = project.skipped.get(kind, 0) + 1
    for el in root.iterfind(f"{q('Notes')}/{q('Note')}"):
        name = el.get("name") or ""
        text = reader.source_text(el, name or gid(el.get("guid")))
        text = text if text is not None else (text_of(el, "Description") or "")
        project.notes.append(Note(guid=gid(el.get("guid")), name=name, text=text))
    for el in root.iterfind(f"{q('Graphs')}/{q('Graph')}"):
        project.graphs.append(
            Graph(
                guid=gid(el.get("guid")),
                name=el.get("name") or "",
                vertices=[
                    Vertex(gid(v.get("guid")), gid(v.get("representedGUID")) or None, v.get("name"))
                    for v in el.findall(q("Vertex"))
                ],
                edges=[(gid(e.get("sourceVertex")), gid(e.get("targetVertex"))) for e in el.findall(q("Edge"))],
            )
        )
    for el in root.iterfind(f"{q('Sets')}/{q('Set')}"):
        members = {gid(m.get("targetGUID")) for m in el.findall(q("MemberSource"))}
        if members:
            project.source_sets.append((el.get("name") or "", members))
    for tag in ("Links", "Users"):
        found = root.find(q(tag))
        if found is not None:
            project.skipped[tag] = len(found)
    if reader.errors:
        raise ProjectError(reader.errors)
    return project
