"""The works a Word document cites, written as ``bibliography.bib``.

The file is written for the reader that loads it: the project's loader reads
``bibliography.bib`` through pandoc's biblatex reader (generator/source/bibliography.py),
so every CSL-JSON field is written as the biblatex field that reader turns back
into that CSL field, and the text is escaped so pandoc's LaTeX reader gives it
back character for character. Measured on the works of 14 real theses (see
tests/unit/test_docx_citations.py and docs/from-word.md): ``pandoc -f csljson
-t biblatex`` title-cases the titles of works without a language ("Una Revisión
Al Estado Del Arte…") and drops what its writer has no field for (a website's
name, a report's container, a thesis's genre), ``-t bibtex`` loses more (DOI,
ISSN, ISBN, language, dates' days). So the file is written here, field by
field, and the tests read it back with the project's loader and compare.

* Titles are kept exactly as embedded: each title field is one brace group, so
  pandoc never changes its case (an English entry's title would otherwise be
  turned into sentence case, a Spanish one is never touched anyway).
* A work's language is written only when the manager gave one (``langid``);
  an entry without it is in the thesis's language for the loader.
* Publisher and place are single literals (``{{IEEE and Co}}``), never split at "and".
* Personal names use biblatex's extended form (``family={de la Fuente}, given={Ana}``)
  so no particle, initial or comma is re-parsed; corporate names are one brace group.
"""

from __future__ import annotations

import re
from typing import Any

# CSL type → (biblatex entry type, entrysubtype); pandoc's reader maps each back to the same CSL type,
# except the types biblatex has none for (written @misc, read back as "document")
ENTRY_TYPES: dict[str, tuple[str, str | None]] = {
    "article-journal": ("article", None),
    "article-magazine": ("article", "magazine"),
    "article-newspaper": ("article", "newspaper"),
    "book": ("book", None),
    "chapter": ("incollection", None),
    "paper-conference": ("inproceedings", None),
    "entry-encyclopedia": ("inreference", None),
    "entry-dictionary": ("inreference", None),
    "thesis": ("thesis", None),
    "report": ("report", None),
    "webpage": ("online", None),
    "dataset": ("dataset", None),
    "patent": ("patent", None),
    "software": ("software", None),
    "pamphlet": ("booklet", None),
    "manuscript": ("unpublished", None),
    "speech": ("unpublished", None),
    "graphic": ("artwork", None),
    "song": ("music", None),
    "legal_case": ("jurisdiction", None),
    "legislation": ("legislation", None),
    "bill": ("legislation", None),
    "treaty": ("legal", None),
    "personal_communication": ("letter", None),
    "motion_picture": ("movie", None),
    "review": ("review", None),
}
CHAPTER_LIKE = {"incollection", "inproceedings", "inreference"}
ARTICLE_LIKE = {"article", "review"}
BOOK_LIKE = {"book"} | CHAPTER_LIKE
NAME_FIELDS = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "container-author": "bookauthor",
    "director": "director",
}
TITLE_FIELDS = {  # read by pandoc as titles: kept as one brace group
    "title": "title",
    "title-short": "shorttitle",
    "collection-title": "series",
    "event-title": "eventtitle",
    "event": "eventtitle",
    "original-title": "origtitle",
}
TEXT_FIELDS = {
    "edition": "edition",
    "volume": "volume",
    "number-of-volumes": "volumes",
    "page": "pages",
    "number-of-pages": "pagetotal",
    "chapter-number": "chapter",
    "version": "version",
    "event-place": "venue",
    "original-publisher": "origpublisher",
    "genre": "type",
    "note": "note",
    "annote": "annotation",
    "abstract": "abstract",
    "keyword": "keywords",
    "container-title-short": "shortjournal",
}
# "address" rather than "location": pandoc reads a patent's location as its jurisdiction
LITERAL_LISTS = {"publisher": "publisher", "publisher-place": "address", "original-publisher-place": "origlocation"}
VERBATIM = {
    "URL": "url",
    "DOI": "doi",
    "ISBN": "isbn",
    "ISSN": "issn",
    "PMID": "pmid",
    "PMCID": "pmcid",
    "call-number": "library",
}
HOUSEKEEPING = {"source", "groupId", "license", "id"}  # the manager's own bookkeeping, not the work's description
DATES = {"issued": "date", "accessed": "urldate", "event-date": "eventdate", "original-date": "origdate"}
LANGIDS = {
    "en": "english",
    "eng": "english",
    "english": "english",
    "ingles": "english",
    "es": "spanish",
    "spa": "spanish",
    "spanish": "spanish",
    "espanol": "spanish",
    "castellano": "spanish",
    "pt": "portuguese",
    "por": "portuguese",
    "portuguese": "portuguese",
    "portugues": "portuguese",
    "fr": "french",
    "fre": "french",
    "fra": "french",
    "french": "french",
    "francais": "french",
    "de": "german",
    "ger": "german",
    "deu": "german",
    "german": "german",
    "deutsch": "german",
    "it": "italian",
    "ita": "italian",
    "italian": "italian",
    "italiano": "italian",
    "nl": "dutch",
    "dut": "dutch",
    "nld": "dutch",
    "dutch": "dutch",
    "nederlands": "dutch",
    "ca": "catalan",
    "cat": "catalan",
    "catalan": "catalan",
}
LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\textasciitilde{}",
    "'": r"\textquotesingle{}",
    '"': r"\textquotedbl{}",
    "`": r"\`{}",
    "-": "-{}",  # only before another '-': '--' would read as a dash
    "\u00a0": "~",
}
SPECIAL_RE = re.compile(r"[\\{}$&%#_^~'\"`\u00a0]|-(?=-)")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def latex(text: str) -> str:
    """``text`` as LaTeX that pandoc's reader gives back unchanged (quotes, dashes and specials escaped)."""
    text = CONTROL_RE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\n\s*\n", "\n", text)  # a blank line would end the field's paragraph
    return SPECIAL_RE.sub(lambda m: LATEX_SPECIAL[m[0]], text)


def verbatim(text: str) -> str:
    """A URL or identifier: pandoc reads these fields raw, so only what would break the entry is percent-encoded."""
    return re.sub(r"[{}\\\n\t]", lambda m: f"%{ord(m[0]):02X}", CONTROL_RE.sub("", text.strip()))


def langid(language: str) -> str:
    """biblatex's name for a language the manager gave ('es', 'spa', 'Español' → 'spanish'), else as given."""
    base = re.split(r"[-_\s]", language.strip())[0]
    folded = base.lower().translate(str.maketrans("áéíóúñç", "aeiounc"))
    if language.strip().lower() in ("pt-br", "pt_br"):
        return "brazilian"
    return LANGIDS.get(folded, language.strip())


def name(person: dict[str, str]) -> str:
    if "literal" in person and "family" not in person:
        return "{" + latex(person["literal"]) + "}"
    parts = []
    for csl, biblatex in (("family", "family"), ("given", "given"), ("suffix", "suffix")):
        if person.get(csl):
            parts.append(f"{biblatex}={{{{{latex(person[csl])}}}}}")
    particle = person.get("non-dropping-particle") or person.get("dropping-particle")
    if particle:
        use = "true" if person.get("non-dropping-particle") else "false"
        parts.append(f"prefix={{{latex(particle)}}}, useprefix={use}")
    return ", ".join(parts) if parts else "{}"


def date(value: dict[str, Any]) -> tuple[str, str] | None:
    """('date', EDTF) for date parts, ('year', text) for a literal date (pandoc keeps it as the literal)."""
    rows = value.get("date-parts") or []
    if rows and rows[0]:
        edtf = "/".join(
            "-".join(f"{p:04d}" if i == 0 and p >= 0 else f"{p:02d}" for i, p in enumerate(r)) for r in rows
        )
        if value.get("circa"):
            edtf += "~"
        return "date", edtf
    literal = value.get("literal") or value.get("raw")
    return ("year", latex(literal)) if literal else None


def entry(key: str, item: dict[str, Any]) -> str:
    entry_type, subtype = ENTRY_TYPES.get(str(item.get("type", "")), ("misc", None))
    fields: list[tuple[str, str]] = []
    for csl, field in NAME_FIELDS.items():
        if item.get(csl):
            fields.append((field, " and ".join(name(p) for p in item[csl])))
    for csl, field in TITLE_FIELDS.items():
        if item.get(csl) and field not in dict(fields):
            fields.append((field, "{" + latex(item[csl]) + "}"))
    if item.get("container-title"):
        container = latex(item["container-title"])
        fields.append(
            ("booktitle", "{" + container + "}") if entry_type in CHAPTER_LIKE else ("journaltitle", container)
        )
    if entry_type in ARTICLE_LIKE:
        number = item.get("issue")
    elif entry_type in BOOK_LIKE:
        number = item.get("collection-number")
    else:
        number = item.get("number")
    if number:
        fields.append(("number", latex(number)))
    for csl, field in TEXT_FIELDS.items():
        if item.get(csl):
            fields.append((field, latex(item[csl])))
    for csl, field in LITERAL_LISTS.items():
        if item.get(csl):
            fields.append((field, "{" + latex(item[csl]) + "}"))
    for csl, field in DATES.items():
        written = date(item[csl]) if isinstance(item.get(csl), dict) else None
        if written:
            name_, value = written
            fields.append((field if name_ == "date" else field.replace("date", "") + "year", value))
    for csl, field in VERBATIM.items():
        if item.get(csl):
            fields.append((field, verbatim(item[csl])))
    if subtype:
        fields.append(("entrysubtype", subtype))
    if item.get("language"):
        fields.append(("langid", latex(langid(item["language"]))))
    body = ",\n".join(f"  {field} = {{{value}}}" for field, value in fields)
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def bibliography_bib(items: dict[str, dict], language: str) -> str:
    """The works as a bibliography.bib (BibTeX/biblatex that the project's loader — generator/source/bibliography.py, which
    reads .bib through pandoc — reads back to the same data)."""
    del language  # a work without a language is in the thesis's language: the loader's rule, nothing to write
    return "\n".join(entry(key, item) for key, item in items.items())


WRITTEN = (
    set(NAME_FIELDS)
    | set(TITLE_FIELDS)
    | set(TEXT_FIELDS)
    | set(LITERAL_LISTS)
    | set(VERBATIM)
    | set(DATES)
    | {"type", "language", "container-title", "issue", "number", "collection-number", "id"}
)


def unwritten(items: dict[str, dict]) -> list[str]:
    """What of the works the .bib cannot hold (fields biblatex or pandoc's reader has no place for), for the report."""
    out = []
    for key, item in items.items():
        lost = sorted(f for f in item if f not in WRITTEN and f not in HOUSEKEEPING)
        entry_type = ENTRY_TYPES.get(str(item.get("type", "")), ("misc", None))[0]
        if entry_type in ARTICLE_LIKE:
            lost += [f for f in ("number", "collection-number") if f in item]
        elif entry_type in BOOK_LIKE:
            lost += [f for f in ("number", "issue") if f in item]
        else:
            lost += [f for f in ("issue", "collection-number") if f in item]
        if lost:
            out.append(f"{key}: {', '.join(lost)}")
    return out
