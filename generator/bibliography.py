"""Stage 1 — load (bibliography): read ``bibliography.bib`` into references with CSL-JSON.

Only what the file says is used. A name list ending in ``and others`` means
co-authors the source does not name; ``missing = {title, ...}`` declares what
the thesis does not give, and the audit reads it.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path

import bibtexparser
from bibtexparser import model as bibmodel

from .errors import Problems
from .load import decode_utf8
from .models import Reference

BIB_FILE = "bibliography.bib"
KNOWN_MISSING = ("title", "coauthors", "year", "publisher", "author")
CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "misc": "document",
    "online": "webpage",
    "legislation": "legislation",
}
FIELD_TO_CSL = {
    "title": "title",
    "journal": "container-title",
    "booktitle": "container-title",
    "publisher": "publisher",
    "school": "publisher",
    "institution": "publisher",
    "address": "publisher-place",
    "volume": "volume",
    "number": "issue",
    "pages": "page",
    "doi": "DOI",
    "url": "URL",
    "note": "note",
    "edition": "edition",
}

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


def split_names(value: str) -> list[str]:
    """Split a BibTeX name list on ``and`` outside braces."""
    names, depth, current = [], 0, ""
    tokens = re.split(r"(\s+and\s+|[{}])", value)
    for tok in tokens:
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        if depth == 0 and re.fullmatch(r"\s+and\s+", tok or ""):
            names.append(current.strip())
            current = ""
        else:
            current += tok
    names.append(current.strip())
    return [n for n in names if n]


def name_to_csl(name: str) -> dict[str, str]:
    """One BibTeX name as a CSL-JSON name: ``{Corp}`` is literal, ``Family, Given`` is split."""
    if name.startswith("{") and name.endswith("}"):
        return {"literal": name[1:-1]}
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": family, "given": given}
    return {"family": name.replace("{", "").replace("}", "")}


def fold(name: str) -> str:
    """Lowercase ASCII form of a name, to compare spellings."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()


def first_author(ref: Reference) -> str:
    """The first author's family (or corporate) name as written, '' when there is none."""
    authors = ref.csl.get("author") or []
    first = authors[0] if authors else {}  # type: ignore[index]
    return str(first.get("family") or first.get("literal") or "")  # type: ignore[union-attr]


def entry_to_reference(entry: bibmodel.Entry) -> Reference:
    """Convert a parsed entry into a Reference with its CSL-JSON item."""
    fields = {f.key.lower(): str(f.value) for f in entry.fields}
    key = entry.key
    csl: dict[str, object] = {"id": key, "type": CSL_TYPES.get(entry.entry_type.lower(), "document")}
    unknown_coauthors = False
    if "author" in fields:
        names = split_names(fields["author"])
        if names and names[-1].lower() == "others":
            unknown_coauthors = True
            names = names[:-1]
        csl["author"] = [name_to_csl(n) for n in names]
    year = fields.get("year", "")
    if re.fullmatch(r"\d{4}", year.strip()):
        csl["issued"] = {"date-parts": [[int(year)]]}
    for bib_field, csl_field in FIELD_TO_CSL.items():
        if bib_field in fields:
            csl[csl_field] = fields[bib_field].replace("{", "").replace("}", "")
    if entry.entry_type.lower() == "phdthesis":
        csl.setdefault("genre", "Tesis doctoral")
    missing = [m.strip() for m in fields.get("missing", "").split(",") if m.strip()]
    return Reference(
        key=key,
        entry_type=entry.entry_type.lower(),
        fields=fields,
        csl=csl,
        missing=missing,
        unknown_coauthors=unknown_coauthors,
    )


def load_bibliography(root: Path, problems: Problems) -> dict[str, Reference]:
    """Read ``root/bibliography.bib``; problems are recorded with their line."""
    path = root / BIB_FILE
    if not path.is_file():
        problems.error(BIB_FILE, 1, "missing bibliography file (create bibliography.bib, even empty)")
        return {}
    text = decode_utf8(path.read_bytes(), BIB_FILE, problems)
    if text is None:
        return {}
    library = bibtexparser.parse_string(text)
    first_line = {e.key: e.start_line + 1 for e in library.entries}
    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, bibmodel.DuplicateBlockKeyBlock):
            problems.error(
                BIB_FILE,
                line,
                f"duplicate citation key '{block.key}' (first defined on line {first_line.get(block.key, '?')})",
            )
        else:
            problems.error(BIB_FILE, line, "malformed BibTeX entry (check braces, commas and quotes)")
    refs: dict[str, Reference] = {}
    for entry in library.entries:
        ref = entry_to_reference(entry)
        ref.locate(BIB_FILE, entry.start_line + 1)
        if entry.key != entry.key.lower():
            problems.error(BIB_FILE, entry.start_line + 1, f"citation key '{entry.key}' must be lowercase")
        for item in ref.missing:
            if item not in KNOWN_MISSING:
                problems.error(
                    BIB_FILE,
                    entry.start_line + 1,
                    f"'{entry.key}': unknown value '{item}' in missing (known: {', '.join(KNOWN_MISSING)})",
                )
        refs[entry.key] = ref
    return refs
