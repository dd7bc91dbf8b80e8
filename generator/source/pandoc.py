"""The pandoc binary bundled by the ``pypandoc-binary`` wheel (no system install, no network).

Pandoc reads BibTeX/biblatex (LaTeX decoding, names, ``@string``, ``crossref``,
``xdata``, dates) into CSL-JSON and formats citations from CSL-JSON with its
citeproc. Every call here is a
separate process fed through files in a temporary folder; callers batch their
work into as few calls as possible.
"""

from __future__ import annotations

import json
import re
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
    return run_logged(args, files)[0]


def run_logged(args: list[str], files: dict[str, str | bytes]) -> tuple[str, list[dict[str, Any]]]:
    """Like ``run``, also returning pandoc's messages as data (its ``--log`` JSON: type, contents, message)."""
    with tempfile.TemporaryDirectory(prefix="thesis-site-pandoc-") as tmp:
        for name, content in files.items():
            if isinstance(content, bytes):
                Path(tmp, name).write_bytes(content)
            else:
                Path(tmp, name).write_text(content, encoding="utf-8")
        log = Path(tmp, "pandoc-log.json")
        command = [binary(), *args, f"--log={log.name}"]
        proc = subprocess.run(command, cwd=tmp, capture_output=True, text=True, encoding="utf-8")
        messages = json.loads(log.read_text(encoding="utf-8") or "[]") if log.is_file() else []
    if proc.returncode != 0:
        raise PandocError(proc.stderr.strip() or f"pandoc exited with {proc.returncode}")
    return proc.stdout, messages


# TeX math in a field ("$\\sim$", "$10^{-3}$") becomes the text pandoc's HTML writer shows for it: Unicode,
# with <sup>/<sub>/<i>, which CSL-JSON keeps as rich text. Without it the CSL-JSON holds the TeX source.
MATH_FILTER = """
function Math(m)
  local doc = pandoc.read(pandoc.write(pandoc.Pandoc({pandoc.Plain({m})}), 'html'), 'html')
  local out = pandoc.List()
  for _, block in ipairs(doc.blocks) do
    if block.content then out:extend(block.content) end
  end
  return out
end
"""


def bib_to_csl(text: str) -> list[dict[str, Any]]:
    """A whole .bib file (biblatex dialect, which also reads BibTeX) as CSL-JSON items, in file order.

    Rich text (``\\emph``, case protection, math) is written as CSL-JSON's markup
    (``<i>``, ``<span class="nocase">``, ``<sup>``), which every CSL processor reads.
    """
    args = ["-f", "biblatex", "-t", "csljson", "--lua-filter", "math.lua", "in.bib"]
    return json.loads(run(args, {"in.bib": text, "math.lua": MATH_FILTER}))


AND_RE = re.compile(r"\s+and\s+", re.I)


def parse_names(names: list[str]) -> list[dict[str, Any]]:
    """Names written as BibTeX writes them, split by pandoc's BibTeX name parser into CSL name parts.

    The parser that reads ``bibliography.bib`` reads the thesis's authors too:
    "Given Family", "Family, Given", "Family, Jr., Given", particles ("van der
    Berg, Ana" → dropping particle "van der"), braces for words that stay
    together ("{Grupo GobE}" → a literal name) and LaTeX accents. Each string
    is one person: an "and" inside it does not split it.
    """
    bib = "\n".join(
        f"@misc{{n{index}, author = {{{AND_RE.sub(' {and} ', name.strip())}}}}}" for index, name in enumerate(names)
    )
    items = {str(item.get("id")): item for item in bib_to_csl(bib)}
    out = []
    for index, name in enumerate(names):
        parsed = items.get(f"n{index}", {}).get("author") or [{"literal": name.strip()}]
        out.append(parsed[0])
    return out
