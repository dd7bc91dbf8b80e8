"""The works a reference manager embedded in a Word document, as CSL-JSON items.

Each manager stores its data its own way; this module turns each into CSL-JSON
without adding anything the document does not say:

* Zotero and Mendeley store CSL-JSON already (``itemData``): it is cleaned
  (empty strings, Mendeley's name-parsing flags and the per-document ``id``
  dropped), never rewritten: titles, types and languages stay as embedded.
* EndNote stores its own XML record (``<record>``): its fields are mapped one
  by one (``ref-type`` → CSL type, ``secondary-title`` → container title…).
* Word's citation tool stores ``b:Source`` records in ``customXml/item*.xml``:
  mapped the same way (``b:SourceType`` → CSL type, ``b:JournalName`` → container title…).

It also says which occurrences are the same work (``identities``) and proposes
readable keys (``author_year``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from lxml import etree

from ...source.citations import KEY

KEY_RE = re.compile(KEY)
CSL_NAME_FIELDS = (
    "author",
    "editor",
    "translator",
    "container-author",
    "collection-editor",
    "composer",
    "director",
    "interviewer",
    "recipient",
    "reviewed-author",
    "editorial-director",
    "illustrator",
    "original-author",
    "performer",
    "producer",
    "chair",
    "compiler",
    "contributor",
    "curator",
    "executive-producer",
    "guest",
    "host",
    "narrator",
    "organizer",
    "script-writer",
    "series-creator",
)
CSL_DATE_FIELDS = ("issued", "accessed", "event-date", "original-date", "submitted", "available-date")
NAME_PARTS = ("family", "given", "literal", "non-dropping-particle", "dropping-particle", "suffix")
# CSL locator terms (CSL 1.0.2); a locator with another label keeps its text and gets no label
LOCATOR_LABELS = frozenset(
    "act appendix article-locator book canon chapter column elocation equation figure folio issue line note "
    "opus page paragraph part rule scene section sub-verbo supplement table timestamp title-locator verse "
    "version volume".split()
)
DROPPED_FIELDS = {"id", "citation-key", "citationKey", "parse-names"}
ALIASES = {"journalAbbreviation": "container-title-short", "shortTitle": "title-short"}  # Zotero's older names
MAX_TEXT = 100_000  # one field's text; longer values are cut (a hostile document, not a work)


# ---------------------------------------------------------------- cleaning CSL-JSON


def _text(value: Any) -> str | None:
    """A scalar as text (numbers as written), None for anything else or an empty string."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value.strip())[:MAX_TEXT]
        return value or None
    return None


def _names(value: Any) -> list[dict[str, str]]:
    out = []
    for name in value if isinstance(value, list) else []:
        if not isinstance(name, dict):
            continue
        clean = {part: text for part in NAME_PARTS if (text := _text(name.get(part)))}
        if clean:
            out.append(clean)
    return out


def _date(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    out: dict[str, Any] = {}
    parts = value.get("date-parts")
    if isinstance(parts, list):
        rows = []
        for row in parts[:2]:
            if isinstance(row, list):
                cells = [c for c in (_date_part(c) for c in row[:3]) if c is not None]
                if cells:
                    rows.append(cells)
        if rows:
            out["date-parts"] = rows
    for field in ("literal", "raw", "season", "circa"):
        text = _text(value.get(field))
        if text:
            out[field] = text
    return out or None


def _date_part(value: Any) -> int | None:
    text = _text(value)
    if text is None:
        return None
    match = re.fullmatch(r"-?\d{1,5}", text)
    return int(text) if match else None


def clean_item(data: Any) -> dict[str, Any]:
    """The item as CSL-JSON with only the fields it has: strings, name lists, dates (no ``id``)."""
    if not isinstance(data, dict):
        return {}
    out: dict[str, Any] = {}
    for field, value in data.items():
        if not isinstance(field, str) or field in DROPPED_FIELDS or len(field) > 64:
            continue
        field = ALIASES.get(field, field)
        if field in out:
            continue
        if field in CSL_NAME_FIELDS:
            names = _names(value)
            if names:
                out[field] = names
        elif field in CSL_DATE_FIELDS:
            date = _date(value)
            if date:
                out[field] = date
        else:
            text = _text(value)
            if text:
                out[field] = text
    return out


BBT_KEY_RE = re.compile(r"^\s*citation key:\s*(\S+)\s*$", re.I | re.M)
# Zotero keeps the CSL variables its item types lack in Extra ("publisher: Taylor & Francis"), which its
# citation processor reads as those variables (citeproc-js "cheater syntax"); the same are read here
NOTE_VARIABLES = {
    name.lower(): name
    for name in (
        "publisher publisher-place original-publisher original-publisher-place original-title event-title event "
        "event-place genre medium archive archive_location PMID PMCID ISSN ISBN DOI URL number issue volume page "
        "container-title collection-title collection-number edition version status number-of-pages "
        "number-of-volumes chapter-number title-short container-title-short authority section"
    ).split()
}
NOTE_DATES = {"original-date", "issued", "event-date", "available-date", "submitted", "accessed"}
NOTE_LINE_RE = re.compile(r"^\s*([A-Za-z][A-Za-z _-]*?)\s*:\s*(\S.*?)\s*$")


def manager_key(data: Any) -> str | None:
    """The item's own citation key (Zotero 7 ``citation-key``, Better BibTeX's "Citation Key:" in Extra)."""
    if not isinstance(data, dict):
        return None
    for field in ("citation-key", "citationKey"):
        key = _text(data.get(field))
        if key:
            return key
    note = _text(data.get("note")) or ""
    match = BBT_KEY_RE.search(note)
    return match[1] if match else None


def with_note_variables(item: dict[str, Any]) -> dict[str, Any]:
    """Variables Zotero keeps in ``note`` ("publisher: X", "original-date: 1984") moved to their fields.

    Only a variable the item does not already have; the other lines stay in the note.
    """
    note = item.get("note")
    if not isinstance(note, str):
        return item
    item = dict(item)
    kept = []
    for line in note.split("\n"):
        match = NOTE_LINE_RE.match(line)
        name = match[1].strip().lower().replace(" ", "-") if match else ""
        field = NOTE_VARIABLES.get(name) or (name if name in NOTE_DATES else None)
        if match and field and field not in item:
            if field in NOTE_DATES:
                parts = re.fullmatch(r"(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", match[2])
                if not parts:
                    kept.append(line)
                    continue
                item[field] = {"date-parts": [[int(p) for p in parts.groups() if p]]}
            else:
                item[field] = match[2]
        else:
            kept.append(line)
    rest = "\n".join(kept).strip()
    if rest:
        item["note"] = rest
    else:
        item.pop("note", None)
    return item


def without_key_note(item: dict[str, Any]) -> dict[str, Any]:
    """The item without Better BibTeX's "Citation Key:" line in ``note`` (it became the key)."""
    note = item.get("note")
    if isinstance(note, str) and BBT_KEY_RE.search(note):
        rest = BBT_KEY_RE.sub("", note).strip()
        item = {k: v for k, v in item.items() if k != "note"}
        if rest:
            item["note"] = rest
    return item


def locator_label(label: Any, locator: str | None) -> str | None:
    """The CSL locator term for a cited item ("page" when a locator has no label)."""
    if not locator:
        return None
    text = _text(label)
    if text is None:
        return "page"
    return text if text in LOCATOR_LABELS else None


# ---------------------------------------------------------------- identities and keys


def fold(text: str) -> str:
    """Lowercase ASCII letters and digits of ``text`` (accents dropped, everything else removed)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "", ascii_text)


def first_name(item: dict[str, Any]) -> dict[str, str]:
    for field in ("author", "editor", "container-author", "director", "composer", "interviewer"):
        names = item.get(field)
        if names:
            return names[0]
    return {}


def year_of(item: dict[str, Any]) -> str | None:
    date = item.get("issued") or {}
    parts = date.get("date-parts") or []
    if parts and parts[0]:
        return str(parts[0][0])
    for field in ("literal", "raw"):
        match = re.search(r"\b(\d{4})\b", date.get(field, ""))
        if match:
            return match[1]
    return None


def normalized_doi(value: str) -> str:
    doi = value.strip().lower()
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi)
    return doi


def work_identity(item: dict[str, Any]) -> str | None:
    """'work:title|year|first author' (folded), None when the item has no title."""
    title = fold(str(item.get("title", "")))
    if not title:
        return None
    name = first_name(item)
    who = fold(name.get("family") or name.get("literal") or "")
    return f"work:{title[:120]}|{year_of(item) or ''}|{who}"


def identities(item: dict[str, Any], handles: list[str]) -> list[str]:
    """Every identity of a work, most specific first: the manager's handles, DOI with title, title+year+author.

    Two occurrences sharing any identity are the same work. A DOI alone is not
    enough (people give a chapter its book's DOI): it counts with the title.
    """
    out = [h for h in handles if h]
    doi = item.get("DOI")
    title = fold(str(item.get("title", "")))
    if doi:
        out.append(f"doi:{normalized_doi(doi)}|{title[:60]}")
    work = work_identity(item)
    if work:
        out.append(work)
    if not out:  # nothing names the work: its whole data does
        data = "|".join(f"{k}={v}" for k, v in sorted(item.items()))
        out.append("data:" + fold(data)[:200])
    return out


def author_year(item: dict[str, Any], language: str) -> str:
    """A readable key base: first author's folded family name (or a corporate author's first word), year or sf/nd."""
    name = first_name(item)
    family = name.get("family", "")
    who = fold(family) if len(family.split()) <= 3 else ""  # a long "family" is an institution's name
    corporate = name.get("literal") or (family if not who else "")
    if not who and corporate:
        who = next((w for w in (fold(word) for word in corporate.split()) if w), "")
    if not who:
        who = next((w for w in (fold(word) for word in str(item.get("title", "")).split()) if len(w) > 3), "")
    who = re.sub(r"^[0-9]+", "", who)[:24] or "ref"
    year = year_of(item)
    when = fold(year) if year else ("sf" if language.split("-")[0].lower() == "es" else "nd")
    return f"{who}{when}"


def valid_key(key: str | None) -> bool:
    return bool(key) and len(key) <= 80 and KEY_RE.fullmatch(key) is not None  # type: ignore[arg-type]


# ---------------------------------------------------------------- EndNote records

ENDNOTE_TYPES = {
    "journal article": "article-journal",
    "electronic article": "article",
    "magazine article": "article-magazine",
    "newspaper article": "article-newspaper",
    "book": "book",
    "edited book": "book",
    "electronic book": "book",
    "book section": "chapter",
    "electronic book section": "chapter",
    "conference proceedings": "paper-conference",
    "conference paper": "paper-conference",
    "thesis": "thesis",
    "report": "report",
    "government document": "report",
    "web page": "webpage",
    "blog": "post-weblog",
    "patent": "patent",
    "dataset": "dataset",
    "computer program": "software",
    "statute": "legislation",
    "bill": "bill",
    "case": "legal_case",
    "film or broadcast": "motion_picture",
    "manuscript": "manuscript",
    "unpublished work": "manuscript",
    "map": "map",
    "personal communication": "personal_communication",
    "dictionary": "entry-dictionary",
    "encyclopedia": "entry-encyclopedia",
    "serial": "periodical",
    "standard": "standard",
    "figure": "figure",
    "chart or table": "figure",
    "interview": "interview",
    "generic": "document",
}
ARTICLE_TYPES = {"article-journal", "article", "article-magazine", "article-newspaper", "periodical"}


def _el_text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    return _text("".join(el.itertext()))


def _endnote_name(text: str) -> dict[str, str]:
    """'He, Tianhua' → family/given; a name without a comma (a corporate author) stays whole."""
    text = text.strip().rstrip(",").strip() if text.strip().endswith(",") else text.strip()
    if "," in text:
        family, given = (part.strip() for part in text.split(",", 1))
        return {"family": family, "given": given} if given else {"family": family}
    return {"literal": text}


def from_endnote(record: etree._Element) -> dict[str, Any]:
    """An EndNote ``<record>`` as CSL-JSON (only the fields it has)."""

    def get(path: str) -> str | None:
        return _el_text(record.find(path))

    ref_type = record.find("ref-type")
    kind_name = (ref_type.get("name") or "").strip().lower() if ref_type is not None else ""
    kind = ENDNOTE_TYPES.get(kind_name, "document")
    item: dict[str, Any] = {"type": kind}
    people = {
        "author": "contributors/authors/author",
        "editor": "contributors/secondary-authors/author",
        "collection-editor": "contributors/tertiary-authors/author",
        "translator": "contributors/subsidiary-authors/author",
    }
    if kind_name == "edited book":  # EndNote's "authors" of an edited book are its editors
        people["editor"], people["author"] = people["author"], people["editor"]
    for field, path in people.items():
        names = [_endnote_name(t) for t in (_el_text(a) for a in record.findall(path)) if t]
        if names:
            item[field] = names
    container = get("titles/secondary-title") or get("periodical/full-title")
    fields = {
        "title": get("titles/title"),
        "container-title": container,
        "collection-title": get("titles/tertiary-title"),
        "title-short": get("titles/short-title"),
        "container-title-short": get("periodical/abbr-1"),
        "page": get("pages"),
        "volume": get("volume"),
        "edition": get("edition"),
        "publisher": get("publisher"),
        "publisher-place": get("pub-location"),
        "language": get("language"),
        "genre": get("work-type"),
        "abstract": get("abstract"),
        "URL": next((t for t in (_el_text(u) for u in record.findall("urls/related-urls/url")) if t), None)
        or next((t for t in (_el_text(u) for u in record.findall("urls/web-urls/url")) if t), None),
    }
    number = get("number")
    if number:
        fields["issue" if kind in ARTICLE_TYPES else "number"] = number
    if get("issue"):
        fields["issue"] = get("issue")
    isbn = get("isbn")
    if isbn:
        fields["ISSN" if kind in ARTICLE_TYPES else "ISBN"] = isbn
    doi = get("electronic-resource-num")
    if doi and "10." in doi:
        fields["DOI"] = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi.strip(), flags=re.I)
    item.update({k: v for k, v in fields.items() if v})
    year = get("dates/year")
    if year:
        item["issued"] = _endnote_date(year, get("dates/pub-dates/date"))
    return item


def _endnote_date(year: str, detail: str | None) -> dict[str, Any]:
    parts: list[int] = []
    if re.fullmatch(r"\d{1,4}", year.strip()):
        parts = [int(year)]
        match = re.fullmatch(r"(\d{4})/(\d{1,2})(?:/(\d{1,2}))?/?", (detail or "").strip())
        if match and match[1] == year.strip() and 1 <= int(match[2]) <= 12:
            parts.append(int(match[2]))
            if match[3] and 1 <= int(match[3]) <= 31:
                parts.append(int(match[3]))
        return {"date-parts": [parts]}
    return {"literal": year}


# ---------------------------------------------------------------- Word's b:Source records

B_NS = "http://schemas.openxmlformats.org/officeDocument/2006/bibliography"
B = "{" + B_NS + "}"
WORD_TYPES = {
    "Book": "book",
    "BookSection": "chapter",
    "JournalArticle": "article-journal",
    "ArticleInAPeriodical": "article-magazine",
    "ConferenceProceedings": "paper-conference",
    "Report": "report",
    "InternetSite": "webpage",
    "DocumentFromInternetSite": "webpage",
    "ElectronicSource": "document",
    "Art": "graphic",
    "SoundRecording": "song",
    "Performance": "performance",
    "Film": "motion_picture",
    "Interview": "interview",
    "Patent": "patent",
    "Case": "legal_case",
    "Misc": "document",
}
WORD_ROLES = {
    "Author": "author",
    "Editor": "editor",
    "Translator": "translator",
    "BookAuthor": "container-author",
    "Compiler": "compiler",
    "Director": "director",
    "Performer": "performer",
    "Interviewee": "author",
    "Interviewer": "interviewer",
    "Inventor": "author",
    "Writer": "script-writer",
    "Composer": "composer",
    "Artist": "author",
    "Conductor": "contributor",
    "ProducerName": "producer",
    "Counsel": "contributor",
}
WORD_FIELDS = {
    "Title": "title",
    "ShortTitle": "title-short",
    "JournalName": "container-title",
    "PeriodicalTitle": "container-title",
    "BookTitle": "container-title",
    "ConferenceName": "container-title",
    "InternetSiteTitle": "container-title",
    "PublicationTitle": "container-title",
    "AlbumTitle": "container-title",
    "Publisher": "publisher",
    "Institution": "publisher",
    "ProductionCompany": "publisher",
    "Broadcaster": "publisher",
    "Volume": "volume",
    "Issue": "issue",
    "Pages": "page",
    "Edition": "edition",
    "URL": "URL",
    "DOI": "DOI",
    "ThesisType": "genre",
    "Medium": "medium",
    "NumberVolumes": "number-of-volumes",
    "ChapterNumber": "chapter-number",
    "PatentNumber": "number",
    "CaseNumber": "number",
    "Court": "authority",
}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "january enero janeiro janvier januar gennaio januari gener jan ene",
            "february febrero fevereiro fevrier februar febbraio februari febrer feb fev",
            "march marzo marco mars marz maart marc mar",
            "april abril avril aprile apr abr avr",
            "may mayo maio mai maggio mei maig",
            "june junio junho juin juni giugno juny jun",
            "july julio julho juillet juli luglio juliol jul",
            "august agosto aout augustus agost aug ago",
            "september septiembre setiembre setembro septembre settembre setembre sep sept set",
            "october octubre outubro octobre oktober ottobre oct okt out",
            "november noviembre novembro novembre nov",
            "december diciembre dezembro decembre dezember dicembre desember des dec dic dez",
        ],
        start=1,
    )
    for name in names.split()
}
# Windows language ids (b:LCID) of the languages theses are written in
LCIDS = {
    1033: "en-US",
    2057: "en-GB",
    3081: "en-AU",
    4105: "en-CA",
    1034: "es-ES",
    3082: "es-ES",
    2058: "es-MX",
    10250: "es-PE",
    11274: "es-AR",
    9226: "es-CO",
    13322: "es-CL",
    8202: "es-VE",
    12298: "es-EC",
    16394: "es-BO",
    22538: "es-419",
    5130: "es-CR",
    4106: "es-GT",
    20490: "es-PR",
    14346: "es-UY",
    15370: "es-PY",
    1046: "pt-BR",
    2070: "pt-PT",
    1036: "fr-FR",
    1031: "de-DE",
    1040: "it-IT",
    1043: "nl-NL",
    1027: "ca-ES",
}


def month_number(text: str) -> int | None:
    word = fold(text)
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 12 else None
    return MONTHS.get(word) or MONTHS.get(word[:3]) if word else None


def _word_names(role: etree._Element) -> list[dict[str, str]]:
    names: list[dict[str, str]] = []
    corporate = _el_text(role.find(B + "Corporate"))
    if corporate:
        names.append({"literal": corporate})
    for person in role.iter(B + "Person"):
        last = _el_text(person.find(B + "Last"))
        given = " ".join(t for t in (_el_text(person.find(B + p)) for p in ("First", "Middle")) if t)
        if last:
            names.append({"family": last, "given": given} if given else {"family": last})
        elif given:
            names.append({"literal": given})
    return names


def _word_date(source: etree._Element, suffix: str, notes: list[str], tag: str) -> dict[str, Any] | None:
    """``b:Year``/``b:Month``/``b:Day`` (or ``…Accessed``) as a CSL date; a month Word users typed in words is read."""
    year, month, day = (_el_text(source.find(B + part + suffix)) for part in ("Year", "Month", "Day"))
    if not year:
        return None
    if not re.fullmatch(r"\d{1,4}", year):
        return {"literal": " ".join(t for t in (day, month, year) if t)}
    parts = [int(year)]
    if month:
        number = month_number(month)
        if number is None:
            notes.append(f"Word source '{tag}': month '{month}' not understood; only the year is kept")
        else:
            parts.append(number)
            if day and day.isdigit() and 1 <= int(day) <= 31:
                parts.append(int(day))
    return {"date-parts": [parts]}


def from_word_source(source: etree._Element, notes: list[str]) -> tuple[str, str | None, dict[str, Any]]:
    """A ``b:Source`` as (tag, guid, CSL-JSON); ``notes`` collects what could not be kept."""
    tag = _el_text(source.find(B + "Tag")) or ""
    guid = _el_text(source.find(B + "Guid"))
    kind = _el_text(source.find(B + "SourceType")) or "Misc"
    item: dict[str, Any] = {"type": WORD_TYPES.get(kind, "document")}
    authors = source.find(B + "Author")
    for role in authors if authors is not None else []:
        field = WORD_ROLES.get(etree.QName(role).localname)
        names = _word_names(role) if field else []
        if field and names:
            item.setdefault(field, []).extend(names)
    for element, field in WORD_FIELDS.items():
        text = _el_text(source.find(B + element))
        if text and field not in item:
            item[field] = text
    place = next(
        (t for t in (_el_text(source.find(B + f)) for f in ("City", "StateProvince", "CountryRegion")) if t), None
    )
    if place:
        item["publisher-place"] = place
    number = _el_text(source.find(B + "StandardNumber"))
    if number:
        field = "ISSN" if number.upper().startswith("ISSN") or item["type"] in ARTICLE_TYPES else "ISBN"
        item[field] = re.sub(r"^(ISSN|ISBN)[:\s]*", "", number, flags=re.I)
    for suffix, field in (("", "issued"), ("Accessed", "accessed")):
        date = _word_date(source, suffix, notes, tag)
        if date:
            item[field] = date
    lcid = _el_text(source.find(B + "LCID"))
    if lcid and lcid.isdigit() and int(lcid) in LCIDS:
        item["language"] = LCIDS[int(lcid)]
    return tag, guid, item


def word_sources(roots: list[etree._Element], notes: list[str]) -> dict[str, tuple[str | None, dict[str, Any]]]:
    """Every ``b:Source`` of the document's source lists: tag → (guid, CSL-JSON); the first of a repeated tag wins."""
    out: dict[str, tuple[str | None, dict[str, Any]]] = {}
    for root in roots:
        if etree.QName(root).namespace != B_NS:
            continue
        for source in root.iter(B + "Source"):
            tag, guid, item = from_word_source(source, notes)
            if tag and tag.lower() not in {t.lower() for t in out}:
                out[tag] = (guid, item)
    return out
