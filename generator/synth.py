"""``thesis-site synth --scale N DIR``: a valid synthetic project N times the size of a real one.

Each of the N copies of the template project (by default the thesis of this
repository) becomes a "volume": every id, informant code and citation key is
renamed with the volume number, the words of every text are shuffled by a
seeded generator (same length, same citations), and references get varied
author names and years. The shape is kept: sections and paragraphs, citations
per paragraph, quotes per finding and per informant, references, antecedents,
figures and categories. The same N and seed always give the same files.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import bibtexparser
import yaml

from .source.citations import KEY

TEMPLATE = Path(__file__).resolve().parent.parent
REF_FIELDS = {
    "quote", "figure", "antecedent", "finding", "informant", "quotes", "theory",
    "objective", "figures", "section", "category", "links", "presented_in", "statement_source",
}  # fmt: skip
TEXT_FIELDS = {
    "p",
    "h",
    "text",
    "statement",
    "summary",
    "interpretation",
    "title",
    "definition",
    "caption",
    "role",
    "description",
}
CITE_RE = re.compile(r"(?<![\w.@])(-?)@(" + KEY + ")")


class Volume:
    """Renames and rewrites one copy of the template."""

    def __init__(self, number: int, ids: set[str], informants: set[str], keys: set[str], rng: random.Random):
        self.n = number
        self.ids = ids
        self.informants = informants
        self.keys = keys
        self.rng = rng

    def rid(self, value: str) -> str:
        if value in self.informants:
            return f"V{self.n}{value}"
        if value in self.ids:
            return f"v{self.n}-{value}"
        return value

    def key(self, key: str) -> str:
        return f"{key}v{self.n}" if key in self.keys else key

    def text(self, value: str) -> str:
        """Shuffle the words between citations; rename the cited keys."""
        parts = re.split(r"(\[[^\[\]]*@[^\[\]]*\]|(?<![\w.@])-?@" + KEY + ")", value)
        out = []
        for i, part in enumerate(parts):
            if i % 2:
                out.append(CITE_RE.sub(lambda m: f"{m[1]}@{self.key(m[2])}", part))
            else:
                words = part.split(" ")
                inner = words[1:-1]  # the words touching a citation stay where they are
                self.rng.shuffle(inner)
                out.append(" ".join(words[:1] + inner + words[-1:]) if len(words) > 1 else part)
        return "".join(out)

    def walk(self, node: Any, field: str | None = None) -> Any:
        if isinstance(node, dict):  # shuffled words are no longer a paragraph's phrases: an inline list is a list
            return {k: self.walk(v, k) for k, v in node.items() if k != "inline"}
        if isinstance(node, list):
            return [self.walk(v, field) for v in node]
        if isinstance(node, str):
            if field == "id" or field in REF_FIELDS:
                return self.rid(node)
            if field == "cite":
                return self.key(node) if " " not in node else self.text(node)
            if field in TEXT_FIELDS:
                return self.text(node)
        return node


def collect_ids(node: Any, out: set[str]) -> set[str]:
    """Every value of an 'id' field in a YAML tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "id" and isinstance(v, str):
                out.add(v)
            else:
                collect_ids(v, out)
    elif isinstance(node, list):
        for v in node:
            collect_ids(v, out)
    return out


def dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def synth(target: Path, scale: int, seed: int = 1, template: Path = TEMPLATE) -> None:
    """Write a synthetic project ``scale`` times the template into ``target``."""
    content = template / "content"
    lists = {
        p.name: yaml.safe_load(p.read_text("utf-8"))
        for p in sorted(content.glob("*.yml"))
        if p.name not in ("thesis.yml", "glossary.yml")
    }
    sections = [yaml.safe_load(p.read_text("utf-8")) for p in sorted((content / "sections").glob("*.yml"))]
    thesis = yaml.safe_load((content / "thesis.yml").read_text("utf-8"))
    library = bibtexparser.parse_file(str(template / "bibliography.bib"))
    ids = collect_ids([lists, sections], set())
    informants = {i["id"] for i in lists["informants.yml"]["informants"]}
    keys = {e.key for e in library.entries}
    out_lists: dict[str, dict[str, list[Any]]] = {name: {k: [] for k in data} for name, data in lists.items()}
    bib: list[str] = []
    for n in range(1, scale + 1):
        volume = Volume(n, ids - informants, informants, keys, random.Random(seed * 1_000_003 + n))
        for name, data in lists.items():
            for k, items in data.items():
                out_lists[name][k].extend(volume.walk(items))
        root = {
            "id": f"v{n}",
            "number": f"V{n}",
            "title": f"Volumen {n}",
            "blocks": [{"p": f"Volumen sintético {n} (escala {scale}, semilla {seed})."}],
            "children": [volume.walk(sec) for sec in sections],
        }
        dump(target / "content" / "sections" / f"{n:04d}-v{n}.yml", root)
        for entry in library.entries:
            bib.append(bib_entry(entry, volume))
    for name, data in out_lists.items():
        dump(target / "content" / name, data)
    thesis["discrepancies"] = []
    thesis["title"] = f"Tesis sintética ×{scale}"
    dump(target / "content" / "thesis.yml", thesis)
    glossary = content / "glossary.yml"
    if glossary.is_file():
        (target / "content" / "glossary.yml").write_text(glossary.read_text("utf-8"), encoding="utf-8")
    (target / "bibliography.bib").write_text("\n".join(bib), encoding="utf-8")
    (target / "mkdocs.yml").write_text(
        f"site_name: Tesis sintética ×{scale}\ntheme:\n  name: material\n  language: es\n", encoding="utf-8"
    )


def bib_entry(entry: Any, volume: Volume) -> str:
    """One bibliography entry of a volume, with varied author names and year."""
    fields = {f.key: str(f.value) for f in entry.fields}
    if "author" in fields and not fields["author"].startswith("{"):
        names = [n.strip() for n in re.split(r"\s+and\s+", fields["author"])]
        fields["author"] = " and ".join(n if n == "others" else f"{n}{volume.rng.choice('abcdefghij')}" for n in names)
    if "year" in fields and fields["year"].isdigit():
        fields["year"] = str(int(fields["year"]) - volume.rng.randint(0, 3))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@{entry.entry_type}{{{volume.key(entry.key)},\n{body},\n}}\n"
