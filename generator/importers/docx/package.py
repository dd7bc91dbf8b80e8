"""Open a Word document (.docx) as untrusted input and hand out its parts.

A .docx is a zip of XML parts (ECMA-376). The main part is found through the
package relationships (``_rels/.rels``), not assumed. Every member goes through
the shared archive checks (``importers/archive.py``: no ``..`` or absolute
names, no symlinks, size and ratio caps), every XML part through its safe
parser (no entity, DTD or network). Nothing is extracted to disk: the parts are
parsed in memory, modified by the pre-pass, and packed again for pandoc.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ...source.archive import Archive, ArchiveError, open_archive, parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
MAIN_TYPES = ("document.main+xml", "template.main+xml", "document.macroEnabled.main+xml")
# Parts of the main document read by name (relationship types → the role we give them).
ROLES = {
    "/styles": "styles",
    "/numbering": "numbering",
    "/footnotes": "footnotes",
    "/endnotes": "endnotes",
    "/comments": "comments",
    "/settings": "settings",
}
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}


class DocxError(Exception):
    """The file is not a usable Word document; the message says why."""


@dataclass
class Relationship:
    """One relationship of the main document (an image, a hyperlink, a part)."""

    id: str
    type: str
    target: str
    external: bool


@dataclass
class Docx:
    """An opened, checked Word document: its XML parts (parsed) and the other members by name."""

    path: Path
    archive: Archive
    main: str  # member name of the main document part (word/document.xml)
    parts: dict[str, etree._Element] = field(default_factory=dict)  # role → parsed part ("document", "styles"…)
    names: dict[str, str] = field(default_factory=dict)  # role → member name
    rels: dict[str, Relationship] = field(default_factory=dict)  # relationship id → relationship (main part's)
    custom_xml: list[etree._Element] = field(default_factory=list)  # customXml/item*.xml (Word's sources live there)
    core: etree._Element | None = None  # docProps/core.xml (title, creator as Word recorded them)

    def part(self, role: str) -> etree._Element | None:
        """The parsed part with this role, or None when the document has none."""
        return self.parts.get(role)

    def member(self, rel_id: str) -> str | None:
        """Member name of an internal relationship target (an image), or None (external or unknown)."""
        rel = self.rels.get(rel_id)
        if rel is None or rel.external:
            return None
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.main), rel.target)).lstrip("/")

    def read(self, name: str) -> bytes | None:
        """The bytes of a member (caps applied), or None when it is missing."""
        info = self.archive.find(name)
        return None if info is None else self.archive.read(info)

    def repack(self) -> bytes:
        """The document as a new .docx in memory: every member as read, the parsed parts as they are now."""
        modified = {self.names[role]: root for role, root in self.parts.items()}
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, info in sorted(self.archive.names.items()):
                if name.endswith("/"):
                    continue
                if name in modified:
                    data = etree.tostring(modified[name], xml_declaration=True, encoding="UTF-8", standalone=True)
                elif name.lower().endswith(".bin") or name.lower().startswith("word/embeddings/"):
                    continue  # macros and embedded objects: never needed to read the text
                else:
                    data = self.archive.read(info)
                zf.writestr(name, data)
        return out.getvalue()

    def close(self) -> None:
        self.archive.close()


def read_rels(docx: Docx, member: str) -> dict[str, Relationship]:
    """The relationships of one part (``word/_rels/document.xml.rels`` for word/document.xml)."""
    rels_name = posixpath.join(posixpath.dirname(member), "_rels", posixpath.basename(member) + ".rels")
    data = docx.read(rels_name)
    if data is None:
        return {}
    root = parse_xml(data, rels_name)
    out = {}
    for el in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        rid = el.get("Id", "")
        out[rid] = Relationship(rid, el.get("Type", ""), el.get("Target", ""), el.get("TargetMode") == "External")
    return out


def main_part(archive: Archive) -> str:
    """The main document's member name, from the package relationships (word/document.xml when they are missing)."""
    info = archive.find("_rels/.rels")
    if info is not None:
        root = parse_xml(archive.read(info), "_rels/.rels")
        for el in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
            if el.get("Type") == OFFICE_DOCUMENT and el.get("TargetMode") != "External":
                return el.get("Target", "").lstrip("/")
    return "word/document.xml"


def open_docx(path: Path) -> Docx:
    """Open and check ``path``; raise DocxError (with the reason) when it is not a usable Word document."""
    if path.suffix.lower() in (".doc", ".rtf", ".odt"):
        raise DocxError(f"a {path.suffix} file is not a Word .docx: save it as .docx (Word: File › Save as)")
    try:
        archive = open_archive(path, "a .docx is a zip holding word/document.xml")
    except ArchiveError as exc:
        raise DocxError(str(exc)) from None
    try:
        main = main_part(archive)
        if archive.find(main) is None:
            raise DocxError(f"no main document part ({main}): is this a Word .docx?")
        docx = Docx(path, archive, main)
        docx.rels = read_rels(docx, main)
        docx.names["document"] = main
        docx.parts["document"] = parse_xml(docx.read(main) or b"", main)
        if docx.parts["document"].tag != f"{W}document":
            raise DocxError(f"{main}: root element is not <w:document> (a Word .docx written by another tool?)")
        for rel in docx.rels.values():
            role = next((r for suffix, r in ROLES.items() if rel.type.endswith(suffix)), None)
            name = docx.member(rel.id)
            if role and name and archive.find(name) is not None and role not in docx.parts:
                docx.names[role] = name
                docx.parts[role] = parse_xml(docx.read(name) or b"", name)
        for name in sorted(archive.names):
            if name.lower().startswith("customxml/item") and name.lower().endswith(".xml") and "props" not in name:
                docx.custom_xml.append(parse_xml(archive.read(archive.names[name]), name))
        core = archive.find("docProps/core.xml")
        if core is not None:
            docx.core = parse_xml(archive.read(core), "docProps/core.xml")
    except ArchiveError as exc:
        archive.close()
        raise DocxError(str(exc)) from None
    except DocxError:
        archive.close()
        raise
    return docx
