"""Ready-made citations of the thesis and of each quote (APA 7 via the CSL processor, BibTeX, RIS, CSL-JSON).

APA 7 (8.36 and 8.6): the words of a research participant quoted in a published
study are not a reference of their own; whoever quotes them cites the study as a
secondary source — "(DMPP5, como se citó en [Título…], s.f., sección 4.1.1)" —
and the reference list holds the study. So the reference entry of a quote page
is the thesis itself, with the quote's permalink as its URL when the site's
address is known.

Authors are written in ``thesis.yml`` as BibTeX writes names ("Morgan, Alex",
"Quispe Mamani, Rosa Elena") or as ``{family, given}``; written ones are split
by pandoc's BibTeX name parser, the one that reads ``bibliography.bib``. Each
format gets them as it expects: CSL family/given, BibTeX and RIS and Highwire
"Family, Given", schema.org Person with familyName/givenName. The declared
``kind`` and ``institution`` give the type: APA "[Tesis de maestría,
Universidad X]", BibTeX ``@phdthesis``/``@mastersthesis`` with ``school``, RIS
``THES``, CSL ``thesis`` with ``genre`` and ``publisher``.

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

from ..i18n import DEFAULT_LANGUAGE, available, catalog, primary
from ..source.models import Informant, Quote, Thesis
from ..urls import layout_of
from .csl import CitationFormatter

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


THESIS_DEGREES = (  # (BibTeX entry type, words of the kind that name it), first match wins
    ("mastersthesis", ("master", "máster", "maestr", "magíster", "magister", "mestrado", "msc", "m.sc", "m.a.")),
    ("phdthesis", ("doctor", "phd", "ph.d", "dissertation", "tesis doctoral", "thèse", "doutorado", "dottorato")),
)


def bibtex_type(kind: str | None) -> str:
    """The BibTeX entry type of a thesis of this kind: ``@phdthesis``, ``@mastersthesis``, else ``@thesis`` (biblatex).

    ``@misc`` when the kind is not declared (no type is claimed the source does not state).
    """
    if not kind:
        return "misc"
    folded = kind.lower()
    return next((entry for entry, words in THESIS_DEGREES if any(w in folded for w in words)), "thesis")


def author_names(fmt: CitationFormatter, thesis: Thesis) -> list[dict[str, str]]:
    """The thesis's authors as CSL names (written ones parsed by pandoc's BibTeX name parser)."""
    written = [a for a in thesis.authors if isinstance(a, str)]
    parsed = iter(fmt.names(written)) if written else iter(())
    out = []
    for author in thesis.authors:
        if isinstance(author, str):
            out.append(next(parsed))
        else:
            out.append({k: v for k, v in (("family", author.family), ("given", author.given)) if v})
    return out


def family_part(name: dict[str, str]) -> str:
    """The family name with its particles ("van der Berg")."""
    parts = (name.get("dropping-particle"), name.get("non-dropping-particle"), name.get("family"))
    return " ".join(p for p in parts if p)


def inverted(name: dict[str, str]) -> str:
    """'Family, Given, Suffix' (RIS, Highwire); a literal name as it is."""
    if "literal" in name:
        return name["literal"]
    return ", ".join(p for p in (family_part(name), name.get("given"), name.get("suffix")) if p)


def natural(name: dict[str, str]) -> str:
    """'Given Family Suffix', as a person is named in running text."""
    if "literal" in name:
        return name["literal"]
    return " ".join(p for p in (name.get("given"), family_part(name), name.get("suffix")) if p)


def thesis_item(
    thesis: Thesis, url: str | None, names: list[dict[str, str]], note: str | None = None
) -> dict[str, Any]:
    """CSL item of the thesis: no author or date when the source names none, no type it does not state."""
    item: dict[str, Any] = {
        "id": "tesis",
        "type": "thesis" if thesis.kind else "document",
        "language": thesis.language,
        "title": work_title(thesis),
    }
    if names:
        item["author"] = names
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


TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": "",
    "}": "",
}
TEX_SPECIAL_RE = re.compile(r"[\\~^&%$#_{}]")


def tex(value: str) -> str:
    """A value as BibTeX text: braces dropped, LaTeX's special characters escaped (a reader decodes them back)."""
    return TEX_SPECIAL_RE.sub(lambda m: TEX_SPECIALS[m[0]], value)


def bibtex_name(name: dict[str, str]) -> str:
    """A name as BibTeX writes it: 'von Last, Jr, First'; a literal name braced whole."""
    if "literal" in name:
        return "{" + tex(name["literal"]) + "}"
    return ", ".join(tex(p) for p in (family_part(name), name.get("suffix"), name.get("given")) if p)


def bibtex(key: str, item: dict[str, Any]) -> str:
    """A BibTeX entry of the thesis (or a quote in it): @phdthesis/@mastersthesis with ``school`` when the kind says so."""
    entry = bibtex_type(item.get("genre"))
    fields: list[tuple[str, str]] = []
    if item.get("author"):
        fields.append(("author", " and ".join(bibtex_name(a) for a in item["author"])))
    fields.append(("title", tex(item["title"])))
    if item.get("genre"):
        fields.append(("type", tex(item["genre"])))
    if item.get("publisher"):
        fields.append(("school" if entry in ("phdthesis", "mastersthesis") else "institution", tex(item["publisher"])))
    if item.get("issued"):
        fields.append(("year", str(item["issued"]["date-parts"][0][0])))
    if item.get("note"):
        fields.append(("note", tex(item["note"])))
    if item.get("URL"):
        fields.append(("url", item["URL"]))
    fields.append(("language", item["language"]))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry}{{{key},\n{body}\n}}\n"


def ris(item: dict[str, Any]) -> str:
    """An RIS record of the thesis: TY THES (GEN unless the kind is declared), AU 'Family, Given', M3 its kind, PB its institution."""
    lines = ["TY  - " + ("THES" if item["type"] == "thesis" else "GEN")]
    lines += [f"AU  - {inverted(a)}" for a in item.get("author", [])]
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
    """The APA reference-list entry, as the processor prints it.

    The URL is part of the data when the work is dated (a thesis with a URL is
    a published one: APA 7 puts the institution in the bracketed description,
    "[Master's thesis, University]"). An undated work's URL is written after
    the entry instead: given no date, the APA style adds a "Recuperado"
    retrieval phrase, which APA 7 asks for only with a retrieval date, and a
    build must not depend on the day it runs.
    """
    dated = "issued" in item
    entry = Markup(fmt.format_one({k: v for k, v in item.items() if k != "note" and (dated or k != "URL")}))
    if item.get("URL") and not dated:
        entry = Markup("{} {}").format(entry, item["URL"])
    return entry


def in_text(
    fmt: CitationFormatter,
    thesis: Thesis,
    names: list[dict[str, str]],
    who: str | None = None,
    locator: str | None = None,
) -> Markup:
    """The parenthetical in-text form; for a quote, the informant "como se citó en" the thesis and a locator."""
    item = thesis_item(thesis, None, names)
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
    names = author_names(fmt, thesis)
    item = thesis_item(thesis, absolute(site_url, ""), names)
    return citable(fmt, item, "tesis", in_text(fmt, thesis, names))


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
    names = author_names(fmt, thesis)
    item = thesis_item(thesis, absolute(site_url, layout_of(thesis).url_for("quote", id=quote.id)), names, note)
    item["id"] = quote.id
    return citable(fmt, item, quote.id, in_text(fmt, thesis, names, quote.informant, locator))


def json_ld(data: dict[str, Any]) -> Markup:
    """JSON-LD safe to print inside a <script> element (no '<', '>' or '&' left)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def thesis_meta(thesis: Thesis, names: list[dict[str, str]], url: str | None) -> list[tuple[str, str]]:
    """Highwire (Google Scholar) meta tags of the thesis: authors as 'Family, Given'; dissertation tags only when its kind is declared."""
    tags = [("citation_title", work_title(thesis))]
    tags += [("citation_author", inverted(name)) for name in names]
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


def person(name: dict[str, str]) -> dict[str, str]:
    """A schema.org author: a Person with family and given names, or an Organization for a literal (braced) name."""
    if "literal" in name:
        return {"@type": "Organization", "name": name["literal"]}
    out = {"@type": "Person", "name": natural(name), "familyName": family_part(name)}
    if name.get("given"):
        out["givenName"] = name["given"]
    return out


def work_ld(thesis: Thesis, names: list[dict[str, str]]) -> dict[str, Any]:
    """The thesis as a schema.org Thesis (CreativeWork until its kind is declared)."""
    work: dict[str, Any] = {
        "@type": "Thesis" if thesis.kind else "CreativeWork",
        "name": work_title(thesis),
        "inLanguage": thesis.language,
    }
    if names:
        work["author"] = [person(n) for n in names]
    if thesis.year:
        work["datePublished"] = str(thesis.year)
    if thesis.kind:
        work["inSupportOf"] = thesis.kind
    if thesis.institution:
        work["sourceOrganization"] = {"@type": "Organization", "name": thesis.institution}
    return work


def home_meta(
    thesis: Thesis, names: list[dict[str, str]], site_url: str | None
) -> tuple[list[tuple[str, str]], Markup]:
    """Highwire meta tags and schema.org JSON-LD of the home page, the thesis's own page."""
    url = absolute(site_url, "")
    work = {"@context": "https://schema.org", **work_ld(thesis, names)}
    if url:
        work["url"] = url
    return thesis_meta(thesis, names, url), json_ld(work)


def quote_meta(
    quote: Quote, informant: Informant | None, thesis: Thesis, site_url: str | None, names: list[dict[str, str]]
) -> tuple[list[tuple[str, str]], Markup]:
    """Highwire meta tags (of the thesis, the citable work) and schema.org Quotation JSON-LD of a quote page."""
    url = absolute(site_url, layout_of(thesis).url_for("quote", id=quote.id))
    speaker: dict[str, Any] = {"@type": "Person", "name": quote.informant}
    if informant:
        speaker["jobTitle"] = informant.role
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "identifier": quote.id,
        "text": quote.text,
        "inLanguage": thesis.language,
        "spokenByCharacter": speaker,
        "isPartOf": work_ld(thesis, names),
    }
    if url:
        data["url"] = url
    return thesis_meta(thesis, names, url), json_ld(data)
