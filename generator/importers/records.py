"""The imported-records policy every importer follows (``import qdpx``, ``import docx``).

Imported records live in files of their own, ``content/imported/*.yml``, which
the loader reads alongside the hand-written ``content/*.yml``. A re-import
rewrites only those files; it never touches a hand-written file (the skeleton
of a new project — thesis.yml, a section, mkdocs.yml, bibliography.bib — is
written only where missing). To edit an imported record, copy it into the
hand-written file with the same id: a hand-written record wins over an
imported one with the same id, and the edit survives every later import. A
map file under ``content/imported/`` keeps each source element's identity →
id, so a re-import updates records instead of duplicating them and ids (hence
permalinks) stay stable.

Everything is built and checked in memory first; on any error nothing is
written. Imported text is data: it is written as YAML strings, never as
markup or template syntax.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..source.citations import Cite, parse
from ..source.corpus import CONTENT, IMPORTED
from ..synth import collect_ids


class ImportError_(Exception):
    """The import failed; every message is 'path: what' (nothing was written)."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class Summary:
    """What an import wrote, for the command's report."""

    files: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # lines of the report worth printing (where the title came from…)


def fold(text: str) -> str:
    """ASCII letters and digits of ``text`` (accents dropped)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slug(text: str, limit: int = 48) -> str:
    """A lowercase ASCII id fragment of ``text`` ('Capítulo I: Marco' → 'capitulo-i-marco')."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")[:limit].strip("-")


def one_line(text: str | None) -> str:
    """A name as imported files and titles hold it: every run of white space (line breaks too) as one space."""
    return " ".join((text or "").split())


def as_data(text: str, keys: set[str]) -> str:
    """Text that cites nothing the project does not know.

    Prose fields read ``[@key]`` and ``@key`` as citations. Imported text is
    data: where it reads like a citation of a key that is not in the project's
    bibliography.bib (an e-mail handle, or a key of the thesis the project came
    from), its '@' becomes '＠' (U+FF20) so it prints as written and cites nothing.
    """
    out = []
    for seg in parse(text):
        if isinstance(seg, Cite) and not all(item.key in keys for item in seg.items):
            out.append(seg.source.replace("@", "\uff20"))
        else:
            out.append(seg if isinstance(seg, str) else seg.source)
    return "".join(out)


def bib_keys(target: Path) -> set[str]:
    """Citation keys of the target project's bibliography.bib, read leniently."""
    path = target / "bibliography.bib"
    if not path.is_file():
        return set()
    text = path.read_text(encoding="utf-8", errors="replace")
    return {m for m in re.findall(r"@\w+\s*[{(]\s*([^,\s]+)\s*,", text)}


def check_records(name: str, model: type, records: list[dict[str, Any]]) -> list[str]:
    """Validate records against the content model; messages name the file and the record."""
    errors = []
    for record in records:
        try:
            model.model_validate(record)
        except ValidationError as exc:
            for err in exc.errors():
                errors.append(f"{CONTENT}/{IMPORTED}/{name}: record '{record.get('id')}': {err['msg']}")
    return errors


def read_previous_map(target: Path, map_file: str, key: str = "ids") -> dict[str, str]:
    """The identity → id map the previous import wrote (empty when there is none or it is unreadable)."""
    path = target / CONTENT / IMPORTED / map_file
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    ids = data.get(key) if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in ids.items()} if isinstance(ids, dict) else {}


def hand_written_ids(target: Path) -> set[str]:
    """Ids already used by hand-written content (so fresh imported ids never shadow them)."""
    out: set[str] = set()
    folder = target / CONTENT
    for path in sorted(folder.glob("*.yml")) + sorted((folder / "sections").glob("*.yml")) if folder.is_dir() else []:
        try:
            collect_ids(yaml.safe_load(path.read_text(encoding="utf-8")), out)
        except (yaml.YAMLError, UnicodeDecodeError, OSError):
            continue
    return out


def dump(data: Any) -> str:
    """YAML as the importers write it: plain strings, keys in the order given."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_atomically(root: Path, files: dict[str, str | bytes], only_missing: bool) -> list[str]:
    """Write files under ``root`` (never outside it), each via a temporary file and a rename."""
    written = []
    base = root.resolve()
    for rel, content in files.items():
        path = base / rel
        if only_missing and path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if ".." in Path(rel).parts or not path.parent.resolve().is_relative_to(base):
            raise ImportError_([f"{root / rel}: would be written outside {root}; refused"])
        fd, tmp = tempfile.mkstemp(prefix=".import-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.replace(tmp, path)
        written.append(rel)
    return written
