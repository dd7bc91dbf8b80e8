"""Reading an imported archive (``.qdpx``, ``.docx``: both are zips of XML) as untrusted input.

A project file or a Word document travels between people, so nothing in it is trusted:
every member name is checked (no ``..``, no absolute or drive paths, no
backslash tricks), symlinks are refused, and members are read with hard caps
on their real (not declared) size and on their compression ratio, which stops
zip bombs. Nothing is ever extracted to disk: the importer reads the members
it needs into memory and writes only YAML (and copies of images) it builds itself.
XML members are parsed by ``parse_xml``: no entity, DTD or network access, and a
document that declares entities is refused.
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one source or project.qde
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # everything read from one archive
MAX_RATIO = 100  # uncompressed / compressed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive is unusable or unsafe; the message says why."""


def unsafe_name(name: str) -> str | None:
    """Why a member name is refused, or None when it is safe."""
    if not name or "\x00" in name:
        return "empty or NUL in name"
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        return "'..' in path"
    return None


@dataclass
class Archive:
    """An opened, checked .qdpx: read members by name (case-insensitive fallback)."""

    path: Path
    zf: zipfile.ZipFile
    names: dict[str, zipfile.ZipInfo]
    budget: int = MAX_TOTAL_BYTES

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """The member called ``name``; tools differ in case, so fall back to a case-insensitive match."""
        if name in self.names:
            return self.names[name]
        lowered = name.lower()
        hits = [info for key, info in self.names.items() if key.lower() == lowered]
        return hits[0] if len(hits) == 1 else None

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """The member's bytes, reading at most the caps (declared sizes are not trusted)."""
        limit = min(MAX_MEMBER_BYTES, self.budget)
        out = bytearray()
        with self.zf.open(info) as fh:
            while chunk := fh.read(CHUNK):
                out += chunk
                if len(out) > limit:
                    raise ArchiveError(f"member '{info.filename}' is larger than {limit} bytes; refused")
                if len(out) > RATIO_FLOOR and len(out) > MAX_RATIO * max(info.compress_size, 1):
                    raise ArchiveError(
                        f"member '{info.filename}' expands more than {MAX_RATIO}× (a zip bomb?); refused"
                    )
        self.budget -= len(out)
        return bytes(out)

    def close(self) -> None:
        self.zf.close()


def open_archive(path: Path, what: str = "a .qdpx is a zip holding project.qde") -> Archive:
    """Open ``path`` and check every member before anything is read (``what`` explains the expected format)."""
    if not path.is_file():
        raise ArchiveError("no such file")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveError(f"not a zip archive ({what}): {exc}") from None
    try:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ArchiveError(f"{len(infos)} members (more than {MAX_MEMBERS}); refused")
        names: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            why = unsafe_name(info.filename)
            if why:
                raise ArchiveError(f"member '{info.filename}': {why}; refused")
            if stat.S_ISLNK(info.external_attr >> 16):
                raise ArchiveError(f"member '{info.filename}' is a symbolic link; refused")
            if info.flag_bits & 0x1:
                raise ArchiveError(f"member '{info.filename}' is encrypted; refused")
            if info.file_size > MAX_MEMBER_BYTES:
                raise ArchiveError(f"member '{info.filename}' declares {info.file_size} bytes; refused")
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ArchiveError(f"member '{info.filename}' expands more than {MAX_RATIO}× (a zip bomb?); refused")
            names[str(PurePosixPath(info.filename.replace("\\", "/")))] = info
    except ArchiveError:
        zf.close()
        raise
    return Archive(path, zf, names)


def xml_parser() -> etree.XMLParser:
    """The one parser settings for untrusted XML: no entities resolved, no DTD loaded, no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse_xml(data: bytes, member: str) -> etree._Element:
    """Parse one XML member safely; raise ArchiveError naming the member (with its line) when it is unusable.

    A document that declares entities in a DTD (the way XXE and billion-laughs attacks start) is refused
    outright rather than read with its references left unexpanded.
    """
    try:
        root = etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as exc:
        raise ArchiveError(f"{member}:{exc.lineno or 1}: not well-formed XML: {exc.msg}") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ArchiveError(f"{member}: declares XML entities (an external or expanding entity?); refused")
    return root
