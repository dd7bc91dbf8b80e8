"""Ready-made citations of the thesis and of each quote (APA via the CSL processor, BibTeX, RIS, CSL-JSON)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from . import urls
from .csl import CitationFormatter
from .i18n import catalog
from .models import Informant, Quote, Thesis


@dataclass(frozen=True)
class Citable:
    """One work in every citation format a reader may want."""

    apa: str  # HTML from the CSL processor
    apa_intext: str
    bibtex: str
    ris: str
    csl_json: str


def absolute(site_url: str | None, url: str) -> str | None:
    """Absolute URL when the site's public address is configured, else None."""
    return site_url.rstrip("/") + "/" + url if site_url else None


def thesis_item(thesis: Thesis, site_url: str | None) -> dict[str, Any]:
    """CSL item of the thesis (no author or date when the source names none)."""
    item: dict[str, Any] = {"id": "tesis", "type": "thesis", "language": thesis.language, "title": thesis.title}
    if thesis.authors:
        item["author"] = [{"literal": a} for a in thesis.authors]
    if thesis.year:
        item["issued"] = {"date-parts": [[thesis.year]]}
    if thesis.kind:
        item["genre"] = thesis.kind
    if thesis.institution:
        item["publisher"] = thesis.institution
    if site_url:
        item["URL"] = absolute(site_url, "")
    return item


def quote_item(quote: Quote, informant: Informant | None, thesis: Thesis, site_url: str | None) -> dict[str, Any]:
    """CSL item of one interview quote, as published in the thesis."""
    role = f" ({informant.role})" if informant else ""
    item: dict[str, Any] = {
        "id": quote.id,
        "type": "interview",
        "language": thesis.language,
        "author": [{"literal": quote.informant}],
        "title": catalog(thesis.language)("quote.citation_title", informant=quote.informant, role=role, id=quote.id),
        "container-title": thesis.title,
    }
    if thesis.year:
        item["issued"] = {"date-parts": [[thesis.year]]}
    url = absolute(site_url, f"{urls.QUOTES}{quote.id}/")
    if url:
        item["URL"] = url
    return item


def bibtex(key: str, item: dict[str, Any], entry_type: str = "misc") -> str:
    """A BibTeX entry with the fields of a CSL item (values braced; braces in values removed)."""

    def clean(value: str) -> str:
        return value.replace("{", "").replace("}", "")

    fields: list[tuple[str, str]] = []
    authors = item.get("author", [])
    if authors:
        fields.append(
            (
                "author",
                " and ".join("{" + clean(a.get("literal") or a.get("family", "")) + "}" for a in authors),
            )
        )
    if item.get("title"):
        fields.append(("title", "{" + clean(item["title"]) + "}"))
    if item.get("container-title"):
        fields.append(("howpublished", "{En: " + clean(item["container-title"]) + "}"))
    if item.get("genre"):
        fields.append(("type", "{" + clean(item["genre"]) + "}"))
    if item.get("publisher"):
        fields.append(("institution", "{" + clean(item["publisher"]) + "}"))
    if item.get("issued"):
        fields.append(("year", "{" + str(item["issued"]["date-parts"][0][0]) + "}"))
    if item.get("URL"):
        fields.append(("url", "{" + item["URL"] + "}"))
    if item.get("language"):
        fields.append(("language", "{" + item["language"] + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def ris(item: dict[str, Any], ris_type: str = "GEN") -> str:
    """An RIS record with the fields of a CSL item."""
    lines = [f"TY  - {ris_type}"]
    lines += [f"AU  - {a.get('literal') or a.get('family', '')}" for a in item.get("author", [])]
    if item.get("title"):
        lines.append(f"TI  - {item['title']}")
    if item.get("container-title"):
        lines.append(f"T2  - {item['container-title']}")
    if item.get("issued"):
        lines.append(f"PY  - {item['issued']['date-parts'][0][0]}")
    if item.get("URL"):
        lines.append(f"UR  - {item['URL']}")
    if item.get("language"):
        lines.append(f"LA  - {item['language']}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def citable(fmt: CitationFormatter, item: dict[str, Any], key: str, entry_type: str, ris_type: str) -> Citable:
    """Every format for one CSL item."""
    return Citable(
        apa=fmt.format_one(item),
        apa_intext=fmt.cite_one(item),
        bibtex=bibtex(key, item, entry_type),
        ris=ris(item, ris_type),
        csl_json=json.dumps(item, ensure_ascii=False, indent=2, sort_keys=True),
    )


def cite_thesis(fmt: CitationFormatter, thesis: Thesis, site_url: str | None) -> Citable:
    """How to cite the thesis."""
    return citable(fmt, thesis_item(thesis, site_url), "tesis", "misc", "THES")


def cite_quote(
    fmt: CitationFormatter, quote: Quote, informant: Informant | None, thesis: Thesis, site_url: str | None
) -> Citable:
    """How to cite one quote."""
    return citable(fmt, quote_item(quote, informant, thesis, site_url), quote.id, "misc", "GEN")


def json_ld(data: dict[str, Any]) -> Markup:
    """JSON-LD safe to print inside a <script> element (no '<', '>' or '&' left)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def quote_meta(
    quote: Quote, informant: Informant | None, thesis: Thesis, site_url: str | None
) -> tuple[list[tuple[str, str]], Markup]:
    """Highwire (Google Scholar) meta tags and schema.org Quotation JSON-LD of a quote page."""
    item = quote_item(quote, informant, thesis, site_url)
    tags = [("citation_title", item["title"]), ("citation_author", quote.informant)]
    tags += [("citation_author", a) for a in thesis.authors]
    if thesis.year:
        tags.append(("citation_publication_date", str(thesis.year)))
    tags.append(("citation_dissertation_name", thesis.title))
    if thesis.institution:
        tags.append(("citation_dissertation_institution", thesis.institution))
    tags.append(("citation_language", thesis.language))
    if item.get("URL"):
        tags.append(("citation_public_url", item["URL"]))
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
        "isPartOf": {"@type": "Thesis", "name": thesis.title, "inLanguage": thesis.language},
    }
    if item.get("URL"):
        data["url"] = item["URL"]
    return tags, json_ld(data)
