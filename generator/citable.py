"""Ready-made citations of the thesis and of each quote (APA 7 via the CSL processor, BibTeX, RIS, CSL-JSON).

APA 7 (8.36 and 8.6): the words of a research participant quoted in a published
study are not a reference of their own; whoever quotes them cites the study as a
secondary source — "(DMPP5, como se citó en [Título…], s.f., sección 4.1.1)" —
and the reference list holds the study. So the reference entry of a quote page
is the thesis itself, with the quote's permalink as its URL when the site's
address is known.

Nothing is asserted that the data does not state: with no author the title takes
the author position; a title the thesis does not print (``title_derived``) is a
description in square brackets; with no year, "s.f."; and the document type is
generic (CSL ``document``, BibTeX ``@misc``, RIS ``GEN``, schema.org
``CreativeWork``) until ``thesis.yml`` declares ``kind``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from .csl import CitationFormatter
from .i18n import DEFAULT_LANGUAGE, available, catalog, primary
from .models import Informant, Quote, Thesis
from .urls import layout_of

# Words of the in-text form of a secondary citation and of the notes: catalog keys citation.<word>.
WORDS = ("as_cited", "section", "chapter", "quote", "derived", "said")
SHORT_TITLE_WORDS = 3  # APA shortens a title (or description) used in text to its first words


@dataclass(frozen=True)
class Citable:
    """One work in every citation format a reader may want."""

    apa: str  # HTML: the reference-list entry (CSL processor + URL)
    apa_intext: str  # HTML: the in-text form
    bibtex: str
    ris: str
    csl_json: str
    url: str | None = None  # absolute permalink when site_url is set


def words(thesis: Thesis) -> dict[str, str]:
    """The citation words in the thesis's language (the default catalog's when it has none)."""
    language = thesis.language if primary(thesis.language) in available() else DEFAULT_LANGUAGE
    t = catalog(language)
    return {word: t(f"citation.{word}") for word in WORDS}


def absolute(site_url: str | None, url: str) -> str | None:
    """Absolute URL when the site's public address is configured, else None."""
    return site_url.rstrip("/") + "/" + url if site_url else None


def work_title(thesis: Thesis) -> str:
    """The title as a citation prints it: a derived title is a description in square brackets."""
    return f"[{thesis.title}]" if thesis.title_derived else thesis.title


def short_title(thesis: Thesis) -> str:
    """The title shortened for in-text use (first words, then an ellipsis)."""
    parts = thesis.title.split()
    short = " ".join(parts[:SHORT_TITLE_WORDS]) + ("…" if len(parts) > SHORT_TITLE_WORDS else "")
    return f"[{short}]" if thesis.title_derived else short


def quote_locator(quote: Quote, section_number: str | None, thesis: Thesis) -> str:
    """Where the quote is in the thesis: the section of its first use, else the quote's id."""
    w = words(thesis)
    if not section_number:
        return f"{w['quote']} {quote.id}"
    return f"{w['chapter' if re.fullmatch('[IVXLC]+', section_number) else 'section']} {section_number}"


def thesis_item(thesis: Thesis, url: str | None, note: str | None = None) -> dict[str, Any]:
    """CSL item of the thesis: no author or date when the source names none, no type it does not state."""
    item: dict[str, Any] = {
        "id": "tesis",
        "type": "thesis" if thesis.kind else "document",
        "language": thesis.language,
        "title": work_title(thesis),
    }
    if thesis.authors:
        item["author"] = [{"literal": a} for a in thesis.authors]
    if thesis.year:
        item["issued"] = {"date-parts": [[thesis.year]]}
    if thesis.kind:
        item["genre"] = thesis.kind
    if thesis.institution:
        item["publisher"] = thesis.institution
    notes = [words(thesis)["derived"]] if thesis.title_derived else []
    if note:
        notes.append(note)
    if notes:
        item["note"] = "; ".join(notes)
    if url:
        item["URL"] = url
    return item


def bibtex(key: str, item: dict[str, Any]) -> str:
    """A BibTeX entry with the fields of a CSL item (values braced; braces in values removed)."""

    def clean(value: str) -> str:
        return value.replace("{", "").replace("}", "")

    fields: list[tuple[str, str]] = []
    if item.get("author"):
        fields.append(("author", " and ".join("{" + clean(a["literal"]) + "}" for a in item["author"])))
    fields.append(("title", "{" + clean(item["title"]) + "}"))
    if item.get("genre"):
        fields.append(("type", "{" + clean(item["genre"]) + "}"))
    if item.get("publisher"):
        fields.append(("institution", "{" + clean(item["publisher"]) + "}"))
    if item.get("issued"):
        fields.append(("year", "{" + str(item["issued"]["date-parts"][0][0]) + "}"))
    if item.get("note"):
        fields.append(("note", "{" + clean(item["note"]) + "}"))
    if item.get("URL"):
        fields.append(("url", "{" + item["URL"] + "}"))
    fields.append(("language", "{" + item["language"] + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def ris(item: dict[str, Any]) -> str:
    """An RIS record with the fields of a CSL item (type GEN unless the kind is declared)."""
    lines = ["TY  - " + ("THES" if item["type"] == "thesis" else "GEN")]
    lines += [f"AU  - {a['literal']}" for a in item.get("author", [])]
    lines.append(f"TI  - {item['title']}")
    if item.get("genre"):
        lines.append(f"M3  - {item['genre']}")
    if item.get("publisher"):
        lines.append(f"PB  - {item['publisher']}")
    if item.get("issued"):
        lines.append(f"PY  - {item['issued']['date-parts'][0][0]}")
    if item.get("note"):
        lines.append(f"N1  - {item['note']}")
    if item.get("URL"):
        lines.append(f"UR  - {item['URL']}")
    lines.append(f"LA  - {item['language']}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def reference_entry(fmt: CitationFormatter, item: dict[str, Any]) -> Markup:
    """The APA reference-list entry: the processor formats the work, the URL follows it.

    The URL is appended here because the APA style, given no date, would add a
    "Recuperado …" retrieval phrase; APA 7 asks for one only for works designed
    to change, and a build must not depend on the day it runs.
    """
    without_url = {k: v for k, v in item.items() if k not in ("URL", "note")}
    entry = Markup(fmt.format_one(without_url))
    if item.get("URL"):
        entry = Markup("{} {}").format(entry, item["URL"])
    return entry


def in_text(fmt: CitationFormatter, thesis: Thesis, who: str | None = None, locator: str | None = None) -> Markup:
    """The parenthetical in-text form; for a quote, the informant "como se citó en" the thesis and a locator."""
    item = thesis_item(thesis, None)
    item["title"] = short_title(thesis)
    inner = Markup(fmt.cite_one(item)).removeprefix("(").removesuffix(")")
    parts = [Markup(inner)]
    if locator:
        parts.append(escape(locator))
    cite = Markup(", ").join(parts)
    if who:
        cite = Markup("{}, {} {}").format(who, words(thesis)["as_cited"], cite)
    return Markup("({})").format(cite)


def citable(fmt: CitationFormatter, item: dict[str, Any], key: str, intext: Markup) -> Citable:
    """Every format for one CSL item."""
    return Citable(
        apa=str(reference_entry(fmt, item)),
        apa_intext=str(intext),
        bibtex=bibtex(key, item),
        ris=ris(item),
        csl_json=json.dumps(item, ensure_ascii=False, indent=2, sort_keys=True),
        url=item.get("URL"),
    )


def cite_thesis(fmt: CitationFormatter, thesis: Thesis, site_url: str | None) -> Citable:
    """How to cite the thesis."""
    return citable(fmt, thesis_item(thesis, absolute(site_url, "")), "tesis", in_text(fmt, thesis))


def cite_quote(
    fmt: CitationFormatter,
    quote: Quote,
    informant: Informant | None,
    thesis: Thesis,
    site_url: str | None,
    section_number: str | None = None,
) -> Citable:
    """How to cite one quote: the thesis is the work; the informant and the locator go in the text."""
    locator = quote_locator(quote, section_number, thesis)
    who = quote.informant + (f" ({informant.role})" if informant else "")
    w = words(thesis)
    note = f"{w['quote']} {quote.id}, {locator}: {w['said'].format(who=who)}" if section_number else None
    note = note or f"{locator}: {w['said'].format(who=who)}"
    item = thesis_item(thesis, absolute(site_url, layout_of(thesis).url_for("quote", id=quote.id)), note)
    item["id"] = quote.id
    return citable(fmt, item, quote.id, in_text(fmt, thesis, quote.informant, locator))


def json_ld(data: dict[str, Any]) -> Markup:
    """JSON-LD safe to print inside a <script> element (no '<', '>' or '&' left)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def thesis_meta(thesis: Thesis, url: str | None) -> list[tuple[str, str]]:
    """Highwire (Google Scholar) meta tags of the thesis: dissertation tags only when its kind is declared."""
    tags = [("citation_title", work_title(thesis))]
    tags += [("citation_author", a) for a in thesis.authors]
    if thesis.year:
        tags.append(("citation_publication_date", str(thesis.year)))
    if thesis.kind:
        tags.append(("citation_dissertation_name", thesis.kind))
        if thesis.institution:
            tags.append(("citation_dissertation_institution", thesis.institution))
    tags.append(("citation_language", thesis.language))
    if url:
        tags.append(("citation_public_url", url))
    return tags


def quote_meta(
    quote: Quote, informant: Informant | None, thesis: Thesis, site_url: str | None
) -> tuple[list[tuple[str, str]], Markup]:
    """Highwire meta tags (of the thesis, the citable work) and schema.org Quotation JSON-LD of a quote page."""
    url = absolute(site_url, layout_of(thesis).url_for("quote", id=quote.id))
    speaker: dict[str, Any] = {"@type": "Person", "name": quote.informant}
    if informant:
        speaker["jobTitle"] = informant.role
    work: dict[str, Any] = {
        "@type": "Thesis" if thesis.kind else "CreativeWork",
        "name": work_title(thesis),
        "inLanguage": thesis.language,
    }
    if thesis.authors:
        work["author"] = [{"@type": "Person", "name": a} for a in thesis.authors]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "identifier": quote.id,
        "text": quote.text,
        "inLanguage": thesis.language,
        "spokenByCharacter": speaker,
        "isPartOf": work,
    }
    if url:
        data["url"] = url
    return thesis_meta(thesis, url), json_ld(data)
