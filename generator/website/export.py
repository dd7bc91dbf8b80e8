"""Downloadable data: quotes (JSON, CSV) and references (CSL-JSON, BibTeX)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .. import urls
from ..index.link import Graph


def quotes_data(graph: Graph, site_url: str | None = None) -> list[dict[str, Any]]:
    """One object per distinct quote (the contract of datos/citas.json, whatever the project's names);
    ``permalink`` is absolute when site_url is set."""
    out = []
    for q in graph.corpus.quotes:
        uses = graph.quote_uses.get(q.id, [])
        out.append(
            {
                "id": q.id,
                "informant": q.informant,
                "text": q.text,
                "url": graph.url(q.id),
                "findings": [f.id for f in graph.findings_using(q.id)],
                "categories": [c.id for c in graph.categories_using(q.id)],
                "sections": list(dict.fromkeys(u.id for u in uses if u.kind == "section")),
            }
        )
        if site_url:
            out[-1]["permalink"] = site_url.rstrip("/") + "/" + graph.url(q.id)
    return out


def quotes_csv(data: list[dict[str, Any]]) -> str:
    """The quotes as CSV (lists joined with '|')."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    columns = ["id", "informant", "text", "url", "permalink", "findings", "categories", "sections"]
    writer.writerow(columns)
    for row in data:
        writer.writerow(["|".join(v) if isinstance(v, list) else v for v in (row.get(c, "") for c in columns)])
    return buf.getvalue()


def references_data(graph: Graph, site_url: str | None = None) -> list[dict[str, Any]]:
    """CSL-JSON items (the official csl-data schema); the site's own data go under ``custom``.

    ``custom.url`` is the entry's anchor on the references page and
    ``custom.cited_in`` the pages that cite it (site-relative URLs);
    ``custom.permalink`` the absolute anchor when site_url is set.
    """
    out = []
    for key in sorted(graph.corpus.references):
        ref = graph.corpus.references[key]
        item = dict(ref.csl)
        notes = []
        if ref.unknown_coauthors:
            notes.append("coautores no indicados en la tesis")
        if ref.missing:
            notes.append("la tesis no indica: " + ", ".join(ref.missing))
        if notes:
            item["note"] = "; ".join(([str(item["note"])] if "note" in item else []) + notes)
        custom = dict(item["custom"]) if isinstance(item.get("custom"), dict) else {}
        custom["url"] = graph.place(graph.corpus.layout.reference(key))
        custom["cited_in"] = [graph.place(u.url) for u in graph.cited_in.get(key, [])]
        if site_url:
            custom["permalink"] = site_url.rstrip("/") + "/" + custom["url"]
        item["custom"] = custom
        out.append(item)
    return out


def moved_maps(graph: Graph, first_parts: dict[str, str]) -> dict[str, str]:
    """``<index>/movidos.json`` (the layout's ``moved_file``) for every list page that was split: its former anchors -> their part.

    A page split after it was published keeps its anchors resolving: when the
    address's anchor is not on the index page, ``thesis.js`` reads this map
    (fetched only then) and goes to the part that holds it; an anchor of the
    page itself rather than of an entry (its filter, its table, a heading that
    every part repeats) goes to the first part (``"*"``). Targets are relative
    to the index page. ``first_parts``: index page URL -> URL of its first part.
    """
    maps: dict[str, dict[str, str]] = {page: {"*": urls.relative(page, first)} for page, first in first_parts.items()}
    for old, new in sorted(graph.moved.items()):
        page, _, anchor = old.partition("#")
        if anchor and page in maps:
            maps[page][anchor] = urls.relative(page, new)
    dump = {"ensure_ascii": False, "indent": 0, "sort_keys": True, "separators": (",", ":")}
    moved = graph.corpus.layout.file("moved_file", "json")
    return {f"{page}{moved}": json.dumps(m, **dump) + "\n" for page, m in maps.items()}  # type: ignore[arg-type]


def data_files(
    graph: Graph, bib_text: str, site_url: str | None = None, first_parts: dict[str, str] | None = None
) -> dict[str, str | bytes]:
    """Files to place under the data folder (site/datos/: path relative to the site -> text, or bytes for the .qdpx)."""
    from .qdpx_export import qdpx_bytes

    L = graph.corpus.layout
    quotes = quotes_data(graph, site_url)
    dump = {"ensure_ascii": False, "indent": 2, "sort_keys": True}
    return {
        L.data_file("quotes_file", "json"): json.dumps(quotes, **dump) + "\n",  # type: ignore[arg-type]
        L.data_file("quotes_file", "csv"): quotes_csv(quotes),
        L.data_file("references_file", "json"): json.dumps(references_data(graph, site_url), **dump) + "\n",  # type: ignore[arg-type]
        L.data_file("bibliography_file", "bib"): bib_text,
        L.data_file("thesis_file", "qdpx"): qdpx_bytes(graph.corpus),
        **moved_maps(graph, first_parts or {}),
    }
