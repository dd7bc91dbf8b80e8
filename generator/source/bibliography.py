"""Stage 1 — load (bibliography): read ``bibliography.bib`` into references with CSL-JSON.

The file is read as reference managers write it (Zotero/Better BibTeX, JabRef,
Mendeley, biblatex): two readers, each for what it does best.

* bibtexparser locates entries: their line (for ``path:line`` messages),
  repeated keys (a warning naming both lines; the first entry is kept, as
  BibTeX and biber do) and the fields as written (``missing``, ``spellings``).
* pandoc (bundled by the ``pypandoc-binary`` wheel) converts the whole file to
  CSL-JSON in one call: LaTeX decoded (math too), names split, ``@string`` with
  ``#``, ``crossref``/``xdata`` inheritance, biblatex dates, ``journaltitle``,
  ``location``, ``eprint``, ``urldate``, ``langid`` and every entry type.

That CSL-JSON is the one description of each work: the citation processor
formats it and ``datos/referencias.json`` publishes it, so any CSL processor
(citeproc-js in Zotero and Mendeley) reads the same data. ``clean_item`` makes
it valid and unambiguous: "and others" (below), initials as capitals with
periods, dates pandoc could not parse as CSL literal dates, quotations in
CSL-JSON's quote markup.

Titles: BibTeX titles are typed in title case and pandoc turns English titles
into sentence case (as APA wants). An entry without ``langid`` is in the
thesis's language (biblatex's own rule), so in a Spanish thesis its title is
kept as typed ("América Latina" stays). The conversion is cached by the file's
digest in ``.thesis-site/cache/``.

Only what the file says is used. A name list ending in ``and others`` means
co-authors the source does not name; ``missing = {title, ...}`` declares what
the thesis does not give, and the audit reads it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import bibtexparser
import citeproc
from bibtexparser import model as bibmodel
from lxml import etree
from pylatexenc.latex2text import LatexNodes2Text

from ..errors import Problems
from . import pandoc
from .models import Reference

BIB_FILE = "bibliography.bib"
CACHE_FILE = Path(".thesis-site") / "cache" / "bibliography.json"
CONVERTER_VERSION = "5"
KNOWN_MISSING = ("title", "coauthors", "year", "publisher", "author")
# biblatex language names (langid) for a thesis language code
LANGID = {
    "es": "spanish",
    "en": "english",
    "pt": "portuguese",
    "fr": "french",
    "de": "german",
    "it": "italian",
    "ca": "catalan",
    "nl": "dutch",
}
# CSL 1.0.2 item types (the csl-data schema's enum)
CSL_TYPES = frozenset(
    "article article-journal article-magazine article-newspaper bill book broadcast chapter classic collection "
    "dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing interview "
    "legal_case legislation manuscript map motion_picture musical_score pamphlet paper-conference patent "
    "performance periodical personal_communication post post-weblog regulation report review review-book "
    "software song speech standard thesis treaty webpage".split()
)
NAME_FIELDS = ("author", "editor", "translator", "container-author", "collection-editor", "composer", "director")
# APA's thesis descriptions, for the biblatex thesis kinds pandoc writes in English ("PhD thesis")
THESIS_GENRES = {
    "es": {"phd": "Tesis doctoral", "ma": "Tesis de maestría"},
    "en": {"phd": "Doctoral dissertation", "ma": "Master’s thesis"},
}
THESIS_KINDS = {"phdthesis": "phd", "mastersthesis": "ma", "mathesis": "ma"}
# LaTeX text symbols pandoc 3.9's bibliography reader drops silently (measured); replaced before conversion
TEXT_SYMBOLS = {
    "textemdash": "---",
    "textendash": "--",
    "texttrademark": "™",
    "textellipsis": "…",
    "textperthousand": "‰",
}
TEXT_SYMBOL_RE = re.compile(r"\\(" + "|".join(TEXT_SYMBOLS) + r")(?![A-Za-z])(?:\{\})?")
ENCODING_RE = re.compile(r"^%\s*Encoding:\s*([\w-]+)", re.M | re.I)

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


def fold(name: str) -> str:
    """Lowercase ASCII form of a name, to compare spellings."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()


def first_author(ref: Reference) -> str:
    """The first author's (or editor's) family or corporate name as written, '' when there is none."""
    names = ref.csl.get("author") or ref.csl.get("editor") or []
    first = names[0] if names else {}  # type: ignore[index]
    name = str(first.get("family") or first.get("literal") or "")  # type: ignore[union-attr]
    return re.sub(r"\set\Wal\.$", "", name) if ref.unknown_coauthors else name


def decode(raw: bytes, problems: Problems) -> str | None:
    """UTF-8, or the encoding a JabRef header names (``% Encoding: Cp1252``)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        header = ENCODING_RE.search(raw.decode("latin-1"))
        codec = {"cp1252": "cp1252", "iso8859_1": "latin-1", "iso-8859-1": "latin-1"}.get(
            header[1].lower() if header else ""
        )
        if codec:
            return raw.decode(codec, errors="replace")
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(BIB_FILE, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")
        return None


ENTRY_HEAD = re.compile(r"@\w+\s*[{(]\s*(?P<key>[^,\s]+)\s*,")  # "@article{key," (the key as bibtexparser reads it)


def with_default_langid(text: str, entries: list[bibmodel.Entry], language: str) -> tuple[str, set[str]]:
    """The text with ``langid`` added to entries that have none (so pandoc keeps their titles as typed).

    Returns the new text and the keys that received it (their ``language`` is
    dropped again after conversion: the file did not say it).
    """
    langid = LANGID.get(language.split("-")[0].lower())
    if not langid or langid == "english":
        return text, set()
    lines = text.split("\n")
    added = set()
    for entry in entries:
        if any(f.key.lower() in ("langid", "hyphenation") for f in entry.fields):
            continue
        for index in range(entry.start_line, min(entry.start_line + 3, len(lines))):
            head = next((m for m in ENTRY_HEAD.finditer(lines[index]) if m["key"] == entry.key), None)
            if head:
                lines[index] = f"{lines[index][: head.end()]} langid = {{{langid}}},{lines[index][head.end() :]}"
                added.add(entry.key)
                break
    return "\n".join(lines), added


def clean_item(
    item: dict[str, Any], drop_language: bool, fields: dict[str, str], language: str = "es"
) -> tuple[dict[str, Any], bool]:
    """Make pandoc's item valid CSL-JSON that every CSL processor reads alike; return it and whether co-authors are unknown."""
    unknown = False
    for field in NAME_FIELDS:
        names = item.get(field)
        if not isinstance(names, list):
            continue
        if names and names[-1].get("literal", "").strip().lower() == "others":
            unknown = unknown or field == "author"
            names = unknown_coauthors(names[:-1], et_al(language))
        for name in names:
            if "given" in name:
                name["given"] = as_initials(name["given"])
        if names:
            item[field] = names
        else:
            del item[field]
    if item.get("type") not in CSL_TYPES:
        item["type"] = "document"
    if drop_language:
        item.pop("language", None)
    for variable, raw in DATE_FIELDS.items():
        dated(item, variable, next((fields[f] for f in raw if fields.get(f, "").strip()), ""))
    for variable in ("volume", "issue"):
        if isinstance(item.get(variable), str):
            item[variable] = NUMBER_RANGE_RE.sub("\\1–\\2", item[variable])
    return quoted(item), unknown


# "6-7" in a volume or issue is a range, printed with an en dash (BibTeX writes it "6--7"; processors disagree on "6-7")
NUMBER_RANGE_RE = re.compile(r"^(\d+)\s*-\s*(\d+)$")


def unknown_coauthors(known: list[dict[str, Any]], etal: str) -> list[dict[str, Any]]:
    """The names before "and others": one surname alone ("Gil and others", as the thesis writes "Gil et al.")
    becomes the literal name "Gil et al." (CSL has no way to say "and unknown others"; pandoc's citeproc reads a
    literal "others" as et al., other processors print it as a name); otherwise the known names and pandoc's
    "others" marker stay."""
    if len(known) == 1 and "given" not in known[0]:
        name = known[0]
        parts = (name.get("dropping-particle"), name.get("non-dropping-particle"), name.get("family"))
        text = name.get("literal") or " ".join(p for p in parts if p)
        return [{"literal": f"{text} {etal}"}]
    return [*known, {"literal": "others"}] if known else []


LOCALES = Path(citeproc.__file__).parent / "data" / "locales"  # the CSL locales (citeproc-py ships them)


@cache
def locale_file(language: str) -> Path | None:
    """The CSL locale file of a language tag ("es" → locales-es-ES.xml), None when there is none."""
    dialects = json.loads((LOCALES / "locales.json").read_text(encoding="utf-8"))["primary-dialects"]
    tag = language if "-" in language else dialects.get(language.lower(), language)
    path = LOCALES / f"locales-{tag}.xml"
    return path if path.is_file() else None


@cache
def et_al(language: str) -> str:
    """The locale's "et al." term, as processors print it ("et\u00a0al." in Spanish)."""
    path = locale_file(language)
    term = etree.parse(path).find('.//{http://purl.org/net/xbiblio/csl}term[@name="et-al"]') if path else None
    return term.text if term is not None and term.text else "et al."


INITIAL_RE = re.compile(r"^[^\W\d_]\.?$")


def as_initials(given: str) -> str:
    """A given name made only of initials, as APA prints them: capitals with periods ("J T" → "J. T.").

    Mendeley writes initials without periods and lowercases an initial A ("Tkachuk, a"); processors then
    disagree ("a." / "a"). A given name with any full word is left as written.
    """
    words = given.split()
    if not words or not all(INITIAL_RE.match(w) for w in words):
        return given
    return " ".join(w[0].upper() + "." for w in words)


# CSL date variables -> the .bib fields they come from (for a date pandoc could not parse)
DATE_FIELDS = {
    "issued": ("date", "year"),
    "original-date": ("origdate",),
    "event-date": ("eventdate",),
    "accessed": ("urldate",),
}
NO_DATE = {"s.f.", "s. f.", "s/f", "sf", "sin fecha", "n.d.", "n. d.", "nd", "no date", "o.j.", "s.d."}
LATEX = LatexNodes2Text()


def dated(item: dict[str, Any], variable: str, raw: str) -> None:
    """A date pandoc could not parse ("1977, reimpresión 2001") is kept as a CSL literal date; a written "no date"
    ("s.f.", "n.d.") is no date at all, so the style prints its own term. ``{"date-parts": []}`` is not valid CSL."""
    date = item.get(variable)
    if not isinstance(date, dict) or any(date.get("date-parts") or []) or "literal" in date:
        return
    text = " ".join(LATEX.latex_to_text(raw).split()) if raw else ""
    if not text or text.lower() in NO_DATE:
        del item[variable]
    else:
        item[variable] = {"literal": text}


CURLY_QUOTES_RE = re.compile(r"“([^“”]*)”")
NOT_TEXT = frozenset({"id", "type", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "language", "citation-key"})


def quoted(item: dict[str, Any]) -> dict[str, Any]:
    """Quotations in text fields (pandoc writes biblatex's ``\\mkbibquote``/``\\enquote`` as “…”) in CSL-JSON's
    quote markup, straight double quotes, so every processor prints the locale's marks («…» in Spanish);
    pandoc's citeproc prints the same either way."""
    for key, value in item.items():
        if isinstance(value, str) and key not in NOT_TEXT and "“" in value:
            item[key] = CURLY_QUOTES_RE.sub(r'"\1"', value)
    return item


Converted = list[dict[str, Any]]


DOTLESS = {"\u0131\u0301": "í", "\u0131\u0300": "ì", "\u0131\u0302": "î", "\u0131\u0308": "ï", "\u0237\u030c": "ǰ"}
DOTLESS_RE = re.compile("|".join(DOTLESS))


def normalized(value: Any) -> Any:
    """Every string in NFC; LaTeX's ``\\'\\i`` (dotless i + accent) becomes the accented letter people type."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", DOTLESS_RE.sub(lambda m: DOTLESS[m[0]], value))
    if isinstance(value, list):
        return [normalized(v) for v in value]
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items()}
    return value


def thesis_genre(entry_type: str, fields: dict[str, str], language: str) -> str | None:
    """APA's description of a thesis in the thesis's language, when the entry only names its kind."""
    kind = THESIS_KINDS.get(fields.get("type", "").strip().lower()) or THESIS_KINDS.get(entry_type)
    if entry_type not in ("thesis", "phdthesis", "mastersthesis") or kind is None:
        return None
    if fields.get("type") and fields["type"].strip().lower() not in THESIS_KINDS:
        return None
    return THESIS_GENRES.get(language.split("-")[0].lower(), THESIS_GENRES["en"])[kind]


def convert(root: Path, text: str, language: str, problems: Problems) -> Converted | None:
    """pandoc's CSL-JSON of the whole file (cached by the text's digest)."""
    key = hashlib.sha256(f"{CONVERTER_VERSION}\0{pandoc.version()}\0{language}\0{text}".encode()).hexdigest()
    path = root / CACHE_FILE
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("key") == key:
            return list(cached["items"])
    except (OSError, ValueError, AttributeError):
        pass
    try:
        items = normalized(pandoc.bib_to_csl(text))
    except pandoc.PandocError as exc:
        match = re.search(r"line (\d+)", str(exc))
        problems.error(BIB_FILE, int(match[1]) if match else 1, f"pandoc could not read the file: {exc}")
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": key, "items": items}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # the cache only saves time
    return items


def without_failed(text: str, library: bibtexparser.Library) -> str:
    """The text with malformed blocks blanked (already reported), so pandoc reads the rest; lines keep their numbers."""
    lines = text.split("\n")
    for block in library.failed_blocks:
        if isinstance(block, bibmodel.DuplicateBlockKeyBlock):
            continue
        for index in range(block.start_line, min(block.start_line + block.raw.count("\n") + 1, len(lines))):
            lines[index] = ""
    return "\n".join(lines)


def locate(library: bibtexparser.Library, problems: Problems) -> dict[str, bibmodel.Entry]:
    """First entry per key; repeated keys warn with both lines, malformed blocks are errors."""
    first: dict[str, bibmodel.Entry] = {}
    for entry in library.entries:
        if entry.entry_type.lower() != "xdata":  # data for other entries, not a work
            first.setdefault(entry.key, entry)
    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, bibmodel.DuplicateBlockKeyBlock):
            kept = first.get(block.key)
            where = f"{BIB_FILE}:{kept.start_line + 1}" if kept else "an earlier entry"
            problems.warn(
                BIB_FILE,
                line,
                f"duplicate citation key '{block.key}': this entry is ignored, the first one ({where}) is used",
                category="bibliography",
            )
        else:
            problems.error(BIB_FILE, line, "malformed BibTeX entry (check braces, commas and quotes)")
    return first


def load_bibliography(root: Path, problems: Problems, language: str = "es") -> dict[str, Reference]:
    """Read ``root/bibliography.bib``; problems are recorded with their line."""
    path = root / BIB_FILE
    if not path.is_file():
        problems.error(BIB_FILE, 1, "missing bibliography file (create bibliography.bib, even empty)")
        return {}
    text = decode(path.read_bytes(), problems)
    if text is None:
        return {}
    library = bibtexparser.parse_string(text)
    entries = locate(library, problems)
    if not entries:
        return {}
    prepared, added = with_default_langid(without_failed(text, library), list(entries.values()), language)
    prepared = TEXT_SYMBOL_RE.sub(lambda m: TEXT_SYMBOLS[m[1]], prepared)
    converted = convert(root, prepared, language, problems)
    if converted is None:
        return {}
    by_key: dict[str, dict[str, Any]] = {}
    for item in converted:
        by_key.setdefault(str(item.get("id")), item)
    refs: dict[str, Reference] = {}
    for key, entry in entries.items():
        line = entry.start_line + 1
        item = by_key.get(key)
        if item is None:
            problems.error(BIB_FILE, line, f"'{key}': pandoc could not read this entry")
            continue
        fields = {f.key.lower(): str(f.value) for f in entry.fields}
        csl, unknown = clean_item(copy.deepcopy(item), drop_language=key in added, fields=fields, language=language)
        missing = [m.strip() for m in fields.get("missing", "").split(",") if m.strip()]
        for gap in missing:
            if gap not in KNOWN_MISSING:
                problems.error(
                    BIB_FILE, line, f"'{key}': unknown value '{gap}' in missing (known: {', '.join(KNOWN_MISSING)})"
                )
        genre = thesis_genre(entry.entry_type.lower(), fields, language)
        if genre:
            csl["genre"] = genre
        ref = Reference(
            key=key,
            entry_type=entry.entry_type.lower(),
            fields=fields,
            csl=csl,
            missing=missing,
            unknown_coauthors=unknown,
        )
        ref.locate(BIB_FILE, line)
        refs[key] = ref
    inherit_container_titles(refs)
    return refs


def inherit_container_titles(refs: dict[str, Reference]) -> None:
    """biblatex's crossref gives a part its parent's title as ``booktitle``; pandoc inherits the rest only."""
    for ref in refs.values():
        parent = refs.get(ref.fields.get("crossref", "").strip())
        if parent is None or "container-title" in ref.csl or "title" not in parent.csl:
            continue
        ref.csl["container-title"] = parent.csl["title"]
