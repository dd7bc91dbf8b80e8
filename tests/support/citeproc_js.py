"""citeproc-js (npm ``citeproc``, the CSL engine of Zotero and Mendeley) as a second reader of our CSL-JSON.

Runs ``tests/support/citeproc_js.cjs`` with Node, offline: the style XML, the
CSL locales (the files citeproc-py ships) and the items go in on stdin.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path
from typing import Any

from generator.cite.csl import style_xml
from generator.source.bibliography import NAME_FIELDS, locale_file

SCRIPT = Path(__file__).with_name("citeproc_js.cjs")
ROOT = SCRIPT.parents[2]
SUPERSCRIPT_ORDINALS = {"<sup>a</sup>": "ª", "<sup>o</sup>": "º"}


def render(items: list[dict[str, Any]], style: bytes | str, locale: str) -> dict[str, str]:
    """Each item's reference-list entry as citeproc-js prints it (HTML), by id."""
    locales = {tag: locale_file(tag).read_text(encoding="utf-8") for tag in (locale, "en-US")}  # type: ignore[union-attr]
    data = {
        "style": style.decode() if isinstance(style, bytes) else style,
        "locales": locales,
        "lang": locale,
        "items": [{k: v for k, v in item.items() if k != "custom"} for item in items],
    }
    out = subprocess.run(
        ["node", str(SCRIPT)], input=json.dumps(data), capture_output=True, text=True, cwd=ROOT, check=True
    )
    return dict(json.loads(out.stdout)["entries"])


def bare(item: dict[str, Any]) -> bool:
    """No name of the work has a given name (the formatter gives such works the style's bare-names variant)."""
    return not any("given" in name for field in NAME_FIELDS for name in item.get(field) or [])


def render_as_built(items: list[dict[str, Any]], style: str, locale: str) -> dict[str, str]:
    """Every item with the style the site's formatter gives it (the bare-names variant for bare works)."""
    out: dict[str, str] = {}
    for flag in (False, True):
        chosen = [item for item in items if bare(item) == flag]
        if chosen:
            out.update(render(chosen, style_xml(style, locale, flag), locale))
    return out


def read(fragment: str) -> str:
    """An entry as a reader reads it: text without tags, entities decoded, spaces collapsed.

    citeproc-js writes the ordinal indicator of "2.ª ed." as ``<sup>a</sup>``
    and pandoc as "ª"; both read "2.ª". A no-break space reads as a space.
    """
    for sup, char in SUPERSCRIPT_ORDINALS.items():
        fragment = fragment.replace(sup, char)
    text = html.unescape(re.sub(r"<[^>]+>", "", fragment)).replace("\u00a0", " ")
    return " ".join(text.split())
