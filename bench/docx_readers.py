"""Which library reads a Word thesis best? pandoc's docx reader next to mammoth and python-docx.

    make bench-readers          # installs the two alternatives into .venv-readers, then runs this

For each document it counts what the thesis holds in its XML (paragraphs with text,
equations ``m:oMath``, footnotes, Zotero/Mendeley citation fields, heading-styled
paragraphs) and what each reader hands over of it, and times each reader (best of N,
in this process for the Python readers, pandoc as the child process it is in use).
The import needs all of it: equations, notes and citations with their item data
come only from pandoc (``-f docx+citations``), which is why the import is built on it.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import time
import zipfile
from pathlib import Path

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}


def xml_counts(path: Path) -> dict[str, int]:
    """What the document itself holds, read from its XML (lxml, no entities, no network)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    with zipfile.ZipFile(path) as z:
        doc = etree.fromstring(z.read("word/document.xml"), parser)
        notes = 0
        if "word/footnotes.xml" in z.namelist():
            foot = etree.fromstring(z.read("word/footnotes.xml"), parser)
            notes = sum(1 for n in foot.iterfind("w:footnote", NS) if n.get(f"{{{NS['w']}}}type") is None)
    body = doc.find("w:body", NS)
    instr = " ".join(doc.xpath("//w:instrText/text()", namespaces=NS))
    tags = doc.xpath("//w:sdtPr/w:tag/@w:val", namespaces=NS)
    paragraphs = [p for p in body.iter(f"{{{NS['w']}}}p") if "".join(p.xpath(".//w:t/text()", namespaces=NS)).strip()]
    return {
        "paragraphs": len(paragraphs),
        "equations": len(doc.xpath("//m:oMath[not(ancestor::m:oMath)]", namespaces=NS)),
        "footnotes": notes,
        # Zotero, Mendeley Desktop, EndNote and Word's own citation fields; Mendeley Cite's content controls
        "citations": len(re.findall(r"ADDIN (?:ZOTERO_ITEM|CSL_CITATION|EN\.CITE)\b|(?<!\w)CITATION\s+\w", instr))
        + sum(1 for t in tags if t.startswith("MENDELEY_CITATION")),
    }


def read_pandoc(path: Path) -> dict[str, int]:
    import pypandoc

    ast = json.loads(pypandoc.convert_file(str(path), "json", format="docx+citations"))
    counts = {"equations": 0, "footnotes": 0, "citations": 0}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            kind = node.get("t")
            if kind == "Math":
                counts["equations"] += 1
            elif kind == "Note":
                counts["footnotes"] += 1
            elif kind == "Cite":
                counts["citations"] += 1
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(ast["blocks"])
    return counts


def read_mammoth(path: Path) -> dict[str, int]:
    import mammoth

    with path.open("rb") as f:
        html = mammoth.convert_to_html(f).value
    return {
        "equations": html.count("<math"),  # mammoth drops OMML
        "footnotes": len(re.findall(r'<li id="footnote-\d+"', html)),
        "citations": 0,  # a field's result is kept as text; its item data is dropped
    }


def read_python_docx(path: Path) -> dict[str, int]:
    import docx

    document = docx.Document(io.BytesIO(path.read_bytes()))
    "\n".join(p.text for p in document.paragraphs)  # what it hands over: runs' text (no OMML, notes or fields)
    return {"equations": 0, "footnotes": 0, "citations": 0}


READERS = {"pandoc": read_pandoc, "mammoth": read_mammoth, "python-docx": read_python_docx}


def best_of(fn, path: Path, runs: int) -> tuple[float, dict[str, int]]:
    best, out = float("inf"), {}
    for _ in range(runs):
        start = time.perf_counter()
        out = fn(path)
        best = min(best, time.perf_counter() - start)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    totals: dict[str, dict[str, float]] = {
        r: {"seconds": 0.0, "equations": 0, "footnotes": 0, "citations": 0} for r in READERS
    }
    held = {"equations": 0, "footnotes": 0, "citations": 0}
    print("| file | equations | footnotes | citation fields | " + " | ".join(f"{r} s" for r in READERS) + " |")
    print("|---|---:|---:|---:|" + "---:|" * len(READERS))
    for path in args.files:
        counts = xml_counts(path)
        for key in held:
            held[key] += counts[key]
        cells = []
        for name, fn in READERS.items():
            seconds, got = best_of(fn, path, args.runs)
            totals[name]["seconds"] += seconds
            for key in held:
                totals[name][key] += got[key]
            cells.append(f"{seconds:.2f}")
        print(
            f"| {path.name} | {counts['equations']} | {counts['footnotes']} | {counts['citations']} | "
            + " | ".join(cells)
            + " |"
        )
    print()
    print("| reader | total s | equations kept | footnotes kept | citations with item data |")
    print("|---|---:|---:|---:|---:|")
    for name, t in totals.items():
        print(
            f"| {name} | {t['seconds']:.2f} | {t['equations']}/{held['equations']} | {t['footnotes']}/{held['footnotes']} | {t['citations']}/{held['citations']} |"
        )
    print(
        "\n(citations: what the reader hands over as citations with their items; the rest the import reads from the XML itself)"
    )


if __name__ == "__main__":
    main()
