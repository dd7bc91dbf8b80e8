"""The pandoc binary bundled by the ``pypandoc-binary`` wheel (no system install, no network).

Pandoc reads BibTeX/biblatex (LaTeX decoding, names, ``@string``, ``crossref``,
``xdata``, dates) and formats citations with its citeproc. Every call here is a
separate process fed through files in a temporary folder; callers batch their
work into as few calls as possible.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pypandoc


class PandocError(RuntimeError):
    """Pandoc refused its input; the message is pandoc's own."""


@cache
def binary() -> str:
    """Path of the pandoc executable shipped inside the pypandoc-binary wheel."""
    bundled = Path(pypandoc.__file__).parent / "files" / "pandoc"
    return str(bundled) if bundled.is_file() else pypandoc.get_pandoc_path()


@cache
def version() -> str:
    """``pandoc --version`` first line (part of every cache key)."""
    out = subprocess.run([binary(), "--version"], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[0]


@cache
def api_version() -> list[int]:
    """The pandoc-types API version this pandoc writes and reads (for JSON documents)."""
    out = subprocess.run([binary(), "-f", "markdown", "-t", "json"], input="", capture_output=True, text=True)
    return list(json.loads(out.stdout)["pandoc-api-version"])


def run(args: list[str], files: dict[str, str | bytes]) -> str:
    """Run pandoc with ``args`` in a temporary folder holding ``files`` (name -> text or bytes); return stdout."""
    with tempfile.TemporaryDirectory(prefix="thesis-site-pandoc-") as tmp:
        for name, content in files.items():
            if isinstance(content, bytes):
                Path(tmp, name).write_bytes(content)
            else:
                Path(tmp, name).write_text(content, encoding="utf-8")
        proc = subprocess.run([binary(), *args], cwd=tmp, capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        raise PandocError(proc.stderr.strip() or f"pandoc exited with {proc.returncode}")
    return proc.stdout


def bib_to_csl(text: str) -> list[dict[str, Any]]:
    """A whole .bib file (biblatex dialect, which also reads BibTeX) as CSL-JSON items, in file order."""
    return json.loads(run(["-f", "biblatex", "-t", "csljson", "in.bib"], {"in.bib": text}))


def bib_to_meta(text: str) -> list[dict[str, Any]]:
    """The same file as pandoc's own metadata references (AST values: text stays text, never markup)."""
    doc = json.loads(run(["-f", "biblatex", "-t", "json", "in.bib"], {"in.bib": text}))
    refs = doc.get("meta", {}).get("references", {})
    return list(refs.get("c", []))


def meta_text(value: dict[str, Any]) -> str:
    """Plain text of a MetaString / MetaInlines value (only used to read ids)."""
    if value.get("t") == "MetaString":
        return str(value["c"])
    out = []
    for inline in value.get("c", []):
        if inline.get("t") == "Str":
            out.append(inline["c"])
        elif inline.get("t") == "Space":
            out.append(" ")
    return "".join(out)
