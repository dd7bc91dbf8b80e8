"""Site-relative URLs: one place for the URL scheme and for relative links."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

ASSET_ROOT = Path(__file__).resolve().parent.parent  # where `npm ci` puts node_modules/

REFERENCES = "referencias/"
QUOTES = "citas/"
INFORMANTS = "informantes/"
FINDINGS = "hallazgos/"
FIGURES = "figuras/"
CATEGORIES = "categorias/"
ANTECEDENTS = "antecedentes/"
GLOSSARY = "glosario/"
DATA = "datos/"
MATRIX = "matriz/"
NOTES = "notas/"


FRAGMENT_SAFE = "/:@!$&'()*+,;=-._~?"


def reference(key: str) -> str:
    """URL of a reference entry (the key is the anchor; characters a fragment cannot hold are %-encoded)."""
    return f"{REFERENCES}#{quote(key, safe=FRAGMENT_SAFE)}"


def md_file(url: str) -> str:
    """Markdown source file of a page URL ('' -> index.md, 'citas/x/' -> citas/x/index.md)."""
    return f"{url}index.md"


def relative(from_url: str, to_url: str) -> str:
    """Relative link from the page at ``from_url`` to ``to_url`` (both site-relative, directory style)."""
    target, _, anchor = to_url.partition("#")
    if target == from_url:
        rel = "./" if not anchor else ""
    else:
        here = [p for p in from_url.split("/") if p]
        there = target.split("/")
        common = 0
        while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
            common += 1
        rel = "../" * (len(here) - common) + "/".join(there[common:])
        rel = rel or "./"
    return f"{rel}#{anchor}" if anchor else rel
