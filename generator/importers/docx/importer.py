"""``thesis-site import docx FILE.docx DIR``: a Word thesis becomes a thesis-site project.

Stages: open the document safely (``package``) → find its citations (``citations``)
and change what pandoc cannot read (``prepass``) → pandoc's docx reader → our prose
(``convert``) → the thesis's parts (``structure``, ``frontmatter``) → quotes and
informants (``quotes``) → records, checked against the content models → files,
written only when everything is right (``importers/records.py``'s policy).

Where the import writes: ``content/imported/docx/`` (sections, quotes,
informants, media, the identity map and the report), new works appended to
``bibliography.bib`` (an entry already there is never changed), and for a new
project the hand-written skeleton (``content/thesis.yml``, ``vocabulary.yml``,
``mkdocs.yml``). A re-import rewrites only the files under
``content/imported/docx/``, and refuses — naming the file — when the author
edited one of them since the last import; edits belong in hand-written files,
which win over imported ones with the same id.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ...source import pandoc, starter
from ...source.archive import ArchiveError
from ...source.corpus import CONTENT, IMPORTED, SECTIONS, default_vocabulary
from ...source.models import Informant, Quote, Section
from ...source.schema import SCHEMA_DIR
from ..records import ImportError_, bib_keys, check_records, dump, hand_written_ids, slug, write_atomically
from . import citations as cite_mod
from .convert import NOTE_MARK_RE, Chunk, convert
from .frontmatter import pages, read_title_page, title_pages
from .numbering import read_numbering
from .package import IMAGE_TYPES, Docx, DocxError, W, open_docx
from .prepass import PrePass, run_prepass
from .quotes import Excerpt, find_excerpts, informant_code, plain_keep
from .structure import (
    PAGE_DEPTH,
    REFERENCES_RE,
    Node,
    Structure,
    abstract_record,
    bare,
    build_tree,
    plain,
    take_special,
)
from .styles import parse_style_mapping, read_styles
from .typed import CHICAGO_RE, ENTRY_RE, Linker, fold, parse_entry

FOLDER = f"{CONTENT}/{IMPORTED}/docx"
MAP_FILE = f"{FOLDER}/map.yml"
REPORT_FILE = f"{FOLDER}/report.md"
STYLE_MAP_FILE = f"{FOLDER}/styles.yml"
HEADER = (
    "# Written by `thesis-site import docx {file}`. A re-import rewrites this file (and refuses if you\n"
    "# edited it). To change it, copy the record or the file into content/ (same id or same file name\n"
    "# under content/sections/): hand-written content wins over imported content and is never overwritten.\n"
)
LOCATOR_LABELS = {
    "es": {"page": "p.", "pages": "pp.", "chapter": "cap.", "paragraph": "párr."},
    "en": {"page": "p.", "pages": "pp.", "chapter": "chap.", "paragraph": "para."},
}


NAME_PARTICLES = {"and", "y", "&", "et", "al", "de", "del", "la", "van", "von", "der", "den", "da", "dos", "e"}


def _entry_shape(text: str) -> bool:
    """A paragraph that reads as a reference entry: names (no running words) before its year."""
    if re.match(r"^[“\"][^”\"]{3,300}[”\"]\s*(?:https?://\S+)?$", text):  # a work with no author: “Title.” URL
        return True
    m = CHICAGO_RE.match(text) or ENTRY_RE.match(text)
    if not m or len(m["authors"]) > 250:
        return False
    words = re.findall(r"[^\s,]+", m["authors"])
    return not any(w[0].islower() and w.rstrip(".") not in NAME_PARTICLES for w in words)


def chunk_strings(chunks: list[Chunk]) -> list[str]:
    """The words of blocks in reading order: paragraphs, list entries, table cells, captions."""

    def walk(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [s for v in value for s in walk(v)]
        if isinstance(value, dict):
            return [s for k, v in value.items() if k not in ("src", "width", "height", "start", "tex") for s in walk(v)]
        return []

    return [s for c in chunks for s in ([c.text] if c.text else walk(c.data))]


# a pandoc citation in imported text ("[see @key, p. 2]"), left out of a heading made from the text's first words
CITATION_RE = re.compile(r"\s*\[[^\[\]]*@[^\[\]]*\]")


@dataclass
class Report:
    """What the import found, mapped, dropped and could not resolve (printed, and written as report.md)."""

    file: str
    language: str = "es"
    counts: Counter[str] = field(default_factory=Counter)
    mapped: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def markdown(self) -> str:
        lines = [f"# Import report: {self.file}", ""]
        lines += ["## Found", ""] + [f"- {k}: {v}" for k, v in self.counts.items()] + [""]
        for title, items in (
            ("Mapped", self.mapped),
            ("Dropped", self.dropped),
            ("Unresolved", self.unresolved),
            ("Taken as interview quotes", self.quotes),
        ):
            lines += [f"## {title}", ""] + ([f"- {i}" for i in items] or ["- (none)"]) + [""]
        return "\n".join(lines)


def detect_language(docx: Docx, texts: list[str]) -> str:
    """es or en: the words of the document's text, else its own w:lang marks."""
    langs: Counter[str] = Counter()
    root = docx.part("document")
    if root is not None:
        for el in root.iter(f"{W}lang"):
            value = (el.get(f"{W}val") or "").lower()[:2]
            if value in ("es", "en"):
                langs[value] += 1
    words = " ".join(texts[:600]).lower().split()
    es = sum(words.count(w) for w in ("de", "la", "que", "el", "los", "las", "y", "en", "del"))
    en = sum(words.count(w) for w in ("the", "of", "and", "to", "in", "is", "that", "for"))
    if es or en:
        return "es" if es >= en else "en"
    return langs.most_common(1)[0][0] if langs else "es"


class _Ids:
    """Ids for sections, quotes and informants: the last import's first (stable permalinks), then fresh ones."""

    def __init__(self, previous: dict[str, str], taken: set[str]):
        self.previous = previous
        self.taken = set(taken) - set(previous.values())
        self.map: dict[str, str] = {}

    def get(self, identity: str, base: str) -> str:
        if identity in self.map:
            return self.map[identity]
        old = self.previous.get(identity)
        if old and old not in self.taken:
            chosen = old
        else:
            base = base or "s"
            chosen, n = base, 2
            while chosen in self.taken or chosen in self.previous.values() and self.previous.get(identity) != chosen:
                chosen, n = f"{base}-{n}", n + 1
        self.taken.add(chosen)
        self.map[identity] = chosen
        return chosen


def citation_text(citation: Any, language: str) -> str:
    """A reference manager's citation in the content format: ``[prefix @key, p. 5; @other]``."""
    labels = LOCATOR_LABELS.get(language, LOCATOR_LABELS["en"])
    parts = []
    for item in citation.items:
        text = (f"{item.prefix} " if item.prefix else "") + ("-" if item.suppress_author else "") + f"@{item.key}"
        if item.locator:
            label = item.label or "page"
            if label == "page" and re.search(r"[-–,]", item.locator):
                label = "pages"
            text += f", {labels.get(label, label)} {item.locator}"
        if item.suffix:
            text += (", " if not item.locator else " ") + item.suffix.strip(", ")
        parts.append(text)
    return "[" + "; ".join(parts) + "]"


class Importer:
    """One import of one document into one project folder."""

    def __init__(self, file: Path, target: Path, language: str | None, heading_styles: list[str]):
        self.file = file
        self.target = target
        self.language = language
        self.heading_styles = heading_styles
        self.report = Report(file.name)
        self.previous = self.read_map()
        self.ids = _Ids(self.previous.get("ids", {}), hand_written_ids(target) | self.other_imported_ids())
        self.files: dict[str, str | bytes] = {}
        self.skeleton: dict[str, str] = {}
        self.bib_append = ""

    # ------------------------------------------------------------ the steps
    def run(self) -> Report:
        try:
            docx = open_docx(self.file)
        except DocxError as exc:
            raise ImportError_([f"{self.file}: {exc}"]) from None
        try:
            return self.convert(docx)
        except ArchiveError as exc:
            raise ImportError_([f"{self.file}: {exc}"]) from None
        finally:
            docx.close()

    def convert(self, docx: Docx) -> Report:
        styles = read_styles(docx.part("styles"))
        styles.author_levels = self.style_mapping()
        numbering = read_numbering(docx.part("numbering"), styles)
        parts = {r: docx.parts[r] for r in ("document", "footnotes", "endnotes") if r in docx.parts}
        works = cite_mod.extract_citations(
            parts, docx.custom_xml, self.previous.get("keys", {}), bib_keys(self.target), self.language or "es"
        )
        pre = run_prepass(docx.parts, styles, numbering)
        self.pre = pre
        try:
            ast = json.loads(pandoc.run(["-f", "docx", "-t", "json", "in.docx"], {"in.docx": docx.repack()}))
        except pandoc.PandocError as exc:
            raise ImportError_([f"{self.file}: pandoc could not read it: {exc}"]) from None
        self.language = self.language or detect_language(docx, [p.text for p in pre.paras.values()])
        self.report.language = self.language
        conv = convert(ast, lambda marker: self.cite(works, marker))
        tree = build_tree(conv.chunks, pre.paras)
        thesis = self.front_matter(docx, tree, pre)
        self.note_found(pre, conv, tree, works)
        self.typed_citations(tree, works, conv.notes, thesis)
        vocab = self.vocabulary()
        quotes, informants = self.quotes(tree, pre, vocab)
        sections = [self.section(node, depth=1, notes=conv.notes) for node in tree.nodes]
        self.notes_outside_sections([thesis, *quotes], conv.notes)
        self.formulas(sections)
        self.media(docx, sections)
        self.bibliography(works)
        self.check(sections, quotes, informants)
        self.lay_out(sections, quotes, informants, thesis, vocab)
        return self.report

    # ------------------------------------------------------------ inputs
    def read_map(self) -> dict[str, dict[str, str]]:
        path = self.target / MAP_FILE
        if not path.is_file():
            return {}
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError):
            return {}
        return {k: {str(a): str(b) for a, b in v.items()} for k, v in data.items() if isinstance(v, dict)}

    def other_imported_ids(self) -> set[str]:
        """Ids written by other importers (content/imported/*.yml), which the docx import must not reuse."""
        from ..records import collect_ids  # the same walker as hand_written_ids

        out: set[str] = set()
        base = self.target / CONTENT / IMPORTED
        for path in sorted(base.glob("*.yml")) if base.is_dir() else []:
            try:
                collect_ids(yaml.safe_load(path.read_text(encoding="utf-8")), out)
            except (yaml.YAMLError, UnicodeDecodeError, OSError):
                continue
        return out

    def style_mapping(self) -> dict[str, int]:
        items = list(self.heading_styles)
        path = self.target / STYLE_MAP_FILE
        if path.is_file():
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                raise ImportError_([f"{STYLE_MAP_FILE}: not valid YAML: {exc}"]) from None
            if not isinstance(data, dict) or not all(isinstance(v, int) for v in data.values()):
                raise ImportError_([f"{STYLE_MAP_FILE}:1: write one 'Style name: level' per line (level 0 to 9)"])
            items = [f"{k}={v}" for k, v in data.items()] + items
        try:
            return parse_style_mapping(items)
        except ValueError as exc:
            raise ImportError_([str(exc)]) from None

    def cite(self, works: Any, marker: str) -> str:
        citation = works.citations.get(marker)
        return citation_text(citation, self.language or "es") if citation else ""

    # ------------------------------------------------------------ what was found
    def note_found(self, pre: PrePass, conv: Any, tree: Structure, works: Any) -> None:
        r = self.report
        paras = [p for p in pre.paras.values() if p.key[0] == "P"]
        r.counts["paragraphs"] = sum(1 for p in paras if p.level is None and p.text.strip())
        r.counts["headings"] = sum(1 for p in paras if p.level is not None)
        r.counts["footnotes and endnotes"] = len(conv.notes)
        r.counts["tables"] = sum(1 for c in conv.chunks if c.kind == "table")
        r.counts["images"] = len(conv.images)
        r.counts["equations"] = sum(1 for c in conv.chunks if c.kind == "math") + sum(
            c.text.count("$") // 2 for c in conv.chunks
        )
        r.counts["reference-manager citations"] = len(works.citations)
        for kind, n in sorted(Counter(c.kind for c in works.citations.values()).items()):
            r.counts[f"  {kind} citations"] = n
        r.counts["works cited through a reference manager"] = len(works.items)
        r.mapped.append(f"headings: {pre.heading_source or 'Word heading styles and outline levels'}")
        for what, n in sorted(pre.dropped.items()):
            r.dropped.append(f"{what}: {n} (page numbers mean nothing on a site; the site has its own navigation)")
        r.dropped += [f"{d}" for d in works.dropped]
        r.dropped += tree.dropped
        if pre.counts["comments"]:
            r.dropped.append(f"reviewer comments: {pre.counts['comments']} (never published)")
        revisions = {k: v for k, v in pre.counts.items() if k.startswith("tracked")}
        if revisions:
            r.mapped.append(
                "tracked changes taken as accepted: " + ", ".join(f"{v} {k}" for k, v in sorted(revisions.items()))
            )
        for what, n in sorted(conv.dropped.items()):
            r.dropped.append(f"{what}: {n}")
        r.unresolved += works.problems

    # ------------------------------------------------------------ front matter
    def front_matter(self, docx: Docx, tree: Structure, pre: PrePass) -> dict[str, Any]:
        core_title = None
        if docx.core is not None:
            el = docx.core.find("{http://purl.org/dc/elements/1.1/}title")
            core_title = el.text if el is not None else None
        all_pages = pages(tree.front, pre.paras)
        headed = any(not REFERENCES_RE.match(bare(node.title)) for node in tree.nodes)
        covers = title_pages(all_pages, headed)
        front = read_title_page([c for page in covers for c in page], pre.paras, core_title, self.file.stem)
        front_nodes = [self.page_node(page, whole=not headed) for page in all_pages[len(covers) :]]
        tree.nodes[:0] = [node for node in front_nodes if node is not None]
        take_special(tree, self.language or "es")
        if not tree.nodes:
            raise ImportError_(
                [
                    f"{self.file}: nothing to publish: no text stands outside the title page, the abstracts, the "
                    "reference list and empty headings (a site needs at least one section of text)"
                ]
            )
        thesis: dict[str, Any] = {
            "title": front.fields["title"],
            "title_derived": bool(front.fields.get("title_derived")),
        }
        if thesis["title_derived"]:
            thesis["title_source"] = front.sources["title"]
        for name in ("kind", "institution", "authors", "year"):
            if name in front.fields:
                thesis[name] = front.fields[name]
        thesis["language"] = self.language
        thesis["question"] = ""
        for name in thesis:
            if name in front.sources:
                self.report.mapped.append(f"thesis {name} ← {front.sources[name]}")
        for lang, node in tree.abstracts.items():
            thesis[f"abstract_{lang}"] = abstract_record(node)
            self.report.mapped.append(f"thesis abstract_{lang} ← the section '{plain(node.title)}'")
        if front.unmapped:
            self.report.dropped.append(
                "title page lines that fill no thesis.yml field: " + "; ".join(f"'{t}'" for t in front.unmapped)
            )
        return thesis

    @staticmethod
    def page_node(page: list[Chunk], whole: bool = False) -> Node | None:
        """A front-matter page that is not a title page (dedication, acknowledgements…): a section headed by its
        first line, as the page prints it. In a document without headings (``whole``) no line of the text is
        taken for a heading: its first words (citations left out) head it, and the text stays whole."""
        if whole:  # its first words, from whatever block opens it (a list, a table)
            words = plain(CITATION_RE.sub("", " ".join(chunk_strings(page)))).split()
            if not words:
                return None
            return Node(" ".join(words[:10]) + (" …" if len(words) > 10 else ""), None, 1, page[0].key, page)
        first = next((c for c in page if c.kind == "p" and plain(c.text)), None)
        if first is None:
            return None
        words = plain(first.text).split()
        if len(words) > 12:  # a page that opens with running text: its first words head it, and the text stays whole
            return Node(" ".join(words[:10]) + " …", None, 1, first.key, page)
        return Node(plain(first.text), None, 1, first.key, [c for c in page if c is not first])

    # ------------------------------------------------------------ typed citations
    def unheaded_references(self, tree: Structure) -> None:
        """A reference list printed with no heading (a document converted from LaTeX): the paragraphs that end
        the document, three or more in a row, each read as a reference entry ("Name. 2008. “Title.” …")."""
        last = tree.nodes[-1]
        while last.children:
            last = last.children[-1]
        n = 0
        for chunk in reversed(last.chunks):
            if chunk.kind != "p" or not _entry_shape(plain(chunk.text)):
                break
            n += 1
        if n >= 3:
            tree.references = Node("", None, 1, None, last.chunks[-n:])
            last.chunks = last.chunks[:-n]
            self.report.mapped.append(
                f"the last {n} paragraphs (in section '{plain(last.title)}') read as a reference list without a heading"
            )

    def typed_citations(self, tree: Structure, works: Any, notes: dict[int, str], thesis: dict[str, Any]) -> None:
        """Parse the typed reference list; link every typed author-year citation (``typed.py``)."""
        if tree.references is None and tree.nodes:
            self.unheaded_references(tree)
        texts: list[str] = []
        for chunk in tree.references.chunks if tree.references else []:
            if chunk.kind == "p":
                texts.append(chunk.text)
            elif chunk.kind in ("ul", "ol"):
                texts += [e if isinstance(e, str) else e.get("text", "") for e in chunk.data["entries"]]
        taken = bib_keys(self.target) | set(works.items)
        entries = [parse_entry(t, taken) for t in texts if plain(t)]
        managed = {(fold_name(item), str(item_year(item))): key for key, item in works.items.items() if fold_name(item)}
        self.typed_bib: dict[str, dict[str, Any]] = {}
        for entry in entries:
            same = managed.get((entry.families[0] if entry.families else "", entry.year[:4]))
            if same:
                entry.key = same  # the reference manager's data already holds this work
            else:
                self.typed_bib[entry.key] = {"id": entry.key, **entry.csl}
        linker = Linker(entries, taken, self.language or "es")

        def visit(nodes: list[Node]) -> None:
            for node in nodes:
                where = f"section '{plain(node.title)}'"
                for chunk in node.chunks:
                    link_chunk(chunk, lambda text, w=where: linker.link(text, w))
                visit(node.children)

        visit(tree.nodes)
        for number, text in notes.items():
            notes[number] = linker.link(text, "a footnote")
        for lang in ("es", "en"):
            abstract = thesis.get(f"abstract_{lang}")
            if abstract:
                abstract["text"] = [linker.link(t, f"abstract_{lang}") for t in abstract["text"]]
        self.incomplete = linker.result.created
        r = self.report
        if tree.references is not None:
            parsed = sum(1 for e in entries if e.parsed)
            r.mapped.append(
                f"reference list '{plain(tree.references.title)}': {len(entries)} entries → bibliography.bib "
                f"({parsed} parsed into fields, {len(entries) - parsed} kept as written where a field could not be parsed;"
                f" {len(entries) - len(self.typed_bib)} already held by the reference manager's data)"
            )
        r.counts["typed citations linked"] = linker.result.linked
        r.counts["typed citations without a reference-list entry"] = len(linker.result.unmatched)
        r.unresolved += linker.result.unmatched

    # ------------------------------------------------------------ quotes
    def vocabulary(self) -> Any:
        """The project's vocabulary; a new project starts from the starter's of its language."""
        from ...errors import Problems
        from ...source.corpus import load_vocabulary
        from ...source.resources import package_path

        if (self.target / CONTENT / "vocabulary.yml").is_file():
            return load_vocabulary(self.target, Problems()) or default_vocabulary()
        starter = package_path("generator") / "starter" / (self.language or "es")
        return load_vocabulary(starter, Problems()) or default_vocabulary()

    def quotes(self, tree: Structure, pre: PrePass, vocab: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Find the excerpts in every section; replace their paragraphs by quote blocks; make the records."""
        found: list[Excerpt] = []

        def visit(nodes: list[Node]) -> None:
            for node in nodes:
                excerpts = find_excerpts(node.chunks, pre.paras, pre.body_indent)
                for ex in excerpts:
                    found.append(ex)
                    first = ex.chunks[0]
                    first.kind, first.data = "quote", {"excerpt": ex}
                    for other in ex.chunks[1:]:
                        other.kind = "drop"
                visit(node.children)

        visit(tree.nodes)
        labels = list(dict.fromkeys(ex.label for ex in found))
        pattern, example = self.participant_pattern(vocab, found)
        taken: dict[str, str] = {}
        code_of: dict[str, str] = {}
        previous_codes = self.previous.get("informants", {})
        for label in labels:
            code = previous_codes.get(label)
            if not code or not re.fullmatch(pattern, code) or code in taken:
                code = informant_code(label, pattern, example, taken)
            taken[code] = label
            code_of[label] = code
        self.ids.map.update({f"informant:{k}": v for k, v in code_of.items()})
        self.informant_map = code_of
        group = self.participant_group(vocab)
        roles = {ex.label: ex for ex in found}
        informants = [
            {"id": code_of[label], "role": label, "group": group}
            | (
                {"source": f"as the thesis attributes its interview excerpts: ({label})"}
                if roles[label].is_code
                else {}
            )
            for label in labels
        ]
        records: dict[str, dict[str, Any]] = {}
        for ex in found:
            identity = "quote:" + hashlib.sha1(" ".join(ex.text.split()).encode()).hexdigest()[:16]
            code = code_of[ex.label]
            if identity not in self.ids.map:
                n = sum(1 for q in records.values() if q["informant"] == code) + 1
                qid = self.ids.get(identity, f"{slug(code)}-{n:02d}")
            else:
                qid = self.ids.map[identity]
            records.setdefault(qid, {"id": qid, "informant": code, "text": ex.text})
            ex.chunks[0].data["id"] = qid
            self.report.quotes.append(f"{qid} ({ex.label}): {ex.text[:90]}{'…' if len(ex.text) > 90 else ''}")
        self.report.counts["interview quotes"] = len(records)
        self.report.counts["informants"] = len(informants)
        return list(records.values()), informants

    def participant_group(self, vocab: Any) -> str:
        """The group imported informants get: a new project's neutral one ("participant"), else the project's first
        (the report says so: the thesis's excerpts say who spoke, not which group they belong to)."""
        if (self.target / CONTENT / "vocabulary.yml").is_file() and vocab.participant_groups:
            group = str(vocab.participant_groups[0].id)
            self.report.mapped.append(
                f"informants put in the group '{group}' (the vocabulary's first): correct where wrong"
            )
            return group
        word = "participante" if (self.language or "es") == "es" else "participant"
        self.new_groups = [{"id": word, "label": word}]
        return word

    def participant_pattern(self, vocab: Any, found: list[Excerpt]) -> tuple[str, str]:
        """The project's participant-code pattern; a new project's is made to fit the labels the thesis uses:
        its codes when it attributes excerpts by code (E1, E2…), P01, P02… when by role (Marketer)."""
        if (self.target / CONTENT / "vocabulary.yml").is_file() or not found:
            return vocab.participant_code, vocab.participant_code_example
        codes = [re.sub(r"[^A-Z0-9]", "", ex.label.upper()) for ex in found if ex.is_code]
        prefixes = {re.match(r"[A-Z]*", c)[0] for c in codes if c}  # type: ignore[index]
        if (
            codes
            and len(codes) == len(found)
            and len(prefixes) == 1
            and all(re.fullmatch(r"[A-Z]+\d+[A-Z]?", c) for c in codes)
        ):
            prefix = prefixes.pop()
            self.new_vocabulary = {"participant_code": f"^{prefix}[0-9]+[A-Z]?$", "participant_code_example": codes[0]}
        elif not codes:
            self.new_vocabulary = {"participant_code": "^P[0-9]{2}$", "participant_code_example": "P01"}
        else:
            self.new_vocabulary = {"participant_code": "^[A-Z][A-Z0-9]*$", "participant_code_example": "P01"}
        return self.new_vocabulary["participant_code"], self.new_vocabulary["participant_code_example"]

    # ------------------------------------------------------------ sections
    def section(self, node: Node, depth: int, notes: dict[int, str], parent: str = "") -> dict[str, Any]:
        for m in NOTE_MARK_RE.finditer(node.title):
            self.report.dropped.append(
                f"a note on the heading '{plain(node.title)}': '{plain(notes.get(int(m[1]), ''))[:120]}'"
            )
        title = plain(node.title) or (node.number or "")
        number = re.sub(r"(?<=\d)\.$", "", node.number.strip()) if node.number else None
        base = slug(title) or slug(number or "") or "seccion"
        identity = f"section:{parent}/{title}"
        while identity in self.ids.map:  # the same heading twice under one parent: each its own section
            identity += "+"
        if parent and base in self.ids.taken and identity not in self.ids.previous:
            base = f"{parent}-{base}"[:60].strip("-")  # "Conclusion" of several chapters: each under its chapter's id
        sid = self.ids.get(identity, base)
        blocks: list[dict[str, Any]] = []
        self.blocks(node.chunks, blocks)
        children = []
        for child in node.children:
            if depth < PAGE_DEPTH:
                children.append(self.section(child, depth + 1, notes, sid))
            else:
                self.flatten(child, blocks)
        record: dict[str, Any] = {"id": sid}
        if number:
            record["number"] = number
        record["title"] = title
        footnotes = self.number_notes(blocks, notes)
        record["blocks"] = blocks
        if footnotes:
            record["footnotes"] = footnotes
        if children:
            record["children"] = children
        return record

    def flatten(self, node: Node, blocks: list[dict[str, Any]]) -> None:
        """A heading below the page depth: an ``h`` block (its number kept in the text), then its content."""
        title = plain(node.title)
        blocks.append({"h": f"{node.number} {title}".strip() if node.number else title})
        self.blocks(node.chunks, blocks)
        for child in node.children:
            self.flatten(child, blocks)

    def blocks(self, chunks: list[Chunk], out: list[dict[str, Any]]) -> None:
        pending_caption: str | None = None
        for n, chunk in enumerate(chunks):
            if chunk.kind == "drop":
                continue
            nxt = chunks[n + 1] if n + 1 < len(chunks) else None
            if chunk.kind == "p" and self.is_caption(chunk) and nxt is not None and nxt.kind in ("table", "image"):
                pending_caption = chunk.text if pending_caption is None else f"{pending_caption} {chunk.text}"
                continue
            if chunk.kind == "quote":
                out.append({"quote": chunk.data["id"]})
            elif chunk.kind == "p":
                if chunk.quoted:
                    out.append({"excerpt": {"text": chunk.text}})
                else:
                    out.append({"p": chunk.text})
            elif chunk.kind == "heading":
                out.append({"h": plain(chunk.text)})
            elif chunk.kind in ("ul", "ol"):
                block: dict[str, Any] = {chunk.kind: chunk.data["entries"]}
                if chunk.kind == "ol" and chunk.data.get("start"):
                    block["ol_start"] = chunk.data["start"]
                out.append(block)
            elif chunk.kind == "table":
                table = {k: v for k, v in chunk.data.items() if k in ("caption", "header", "rows")}
                table["rows"] = [r for r in table["rows"] if any(cell_text(c).strip() for c in r)]
                table["header"] = [r for r in table["header"] if any(cell_text(c).strip() for c in r)]
                if not table["rows"]:
                    table["rows"], table["header"] = table["header"], []
                if not table["rows"]:
                    self.report.dropped.append("an empty table")
                    continue
                if pending_caption and "caption" not in table:
                    table = {"caption": pending_caption, **table}
                out.append({"table": table})
            elif chunk.kind == "image":
                image = {k: v for k, v in chunk.data.items() if k in ("src", "alt", "caption") and v}
                if pending_caption and "caption" not in image:
                    image["caption"] = pending_caption
                elif nxt is not None and nxt.kind == "p" and self.is_caption(nxt) and "caption" not in image:
                    image["caption"] = nxt.text
                    nxt.kind = "drop"
                out.append({"image": image})
            elif chunk.kind == "math":
                out.append({"math": chunk.data["tex"]})
            pending_caption = None

    def is_caption(self, chunk: Chunk) -> bool:
        info = self.pre.paras.get(chunk.key or "") if hasattr(self, "pre") else None
        return bool(info and info.is_caption)

    @staticmethod
    def number_notes(blocks: list[dict[str, Any]], notes: dict[int, str]) -> list[dict[str, str]]:
        """Turn note placeholders into ``[^n]`` numbered per page; the notes themselves, in order."""
        order: dict[int, int] = {}

        def renumber(text: str) -> str:
            def sub(m: re.Match[str]) -> str:
                k = int(m[1])
                order.setdefault(k, len(order) + 1)
                return f"[^{order[k]}]"

            return NOTE_MARK_RE.sub(sub, text)

        def walk(value: Any) -> Any:
            if isinstance(value, str):
                return renumber(value)
            if isinstance(value, list):
                return [walk(v) for v in value]
            if isinstance(value, dict):
                return {k: walk(v) for k, v in value.items()}
            return value

        blocks[:] = walk(blocks)
        return [{"id": str(n), "text": NOTE_MARK_RE.sub("", notes.get(k, ""))} for k, n in order.items()]

    def formulas(self, sections: list[dict[str, Any]]) -> None:
        """Equations the site cannot typeset (TeX that pandoc's docx reader wrote but cannot read back) stay as
        their TeX, as text, and the report lists them."""
        from ...source.inline import formulas as formulas_in
        from ...website.mathml import convert as to_mathml

        texts = [t for t in strings_of(sections) if "$" in t]
        wanted = [(m.tex, m.display) for t in texts for m in formulas_in(t)]
        displays = [(b["math"], True) for b in blocks_of(sections) if "math" in b]
        _, failed = to_mathml(wanted + displays)
        if not failed:
            return
        bad = {tex for tex, _ in failed}

        def fix(value: Any) -> Any:
            if isinstance(value, str):
                for tex in bad:
                    value = value.replace(f"${tex}$", escape_tex(tex))
                return value
            if isinstance(value, list):
                return [fix(v) for v in value]
            if isinstance(value, dict):
                if "math" in value and value["math"] in bad:
                    return {"p": escape_tex(value["math"])}
                return {k: fix(v) for k, v in value.items()}
            return value

        for record in sections:
            record.update(fix(record))
        for tex, reason in failed.items():
            self.report.dropped.append(
                f"equation '{tex[0][:60]}': not TeX the site can typeset ({reason}); kept as TeX text"
            )

    # ------------------------------------------------------------ media and works
    def media(self, docx: Docx, sections: list[dict[str, Any]]) -> None:
        """Copy each image the text shows into content/imported/docx/media/; drop those a browser cannot show."""

        def walk(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
            out = []
            for block in blocks:
                image = block.get("image")
                if image is None:
                    out.append(block)
                    continue
                member = (
                    str(PurePosixPath("word") / image["src"]) if not image["src"].startswith("word/") else image["src"]
                )
                name = PurePosixPath(member).name
                data = docx.read(member) if PurePosixPath(name).suffix.lower() in IMAGE_TYPES else None
                if data is None:
                    self.report.dropped.append(
                        f"image {name}: not a web image format (EMF, WMF, TIFF…) or missing; save it as PNG in Word"
                        + (f" — its caption stays as text: '{plain(image['caption'])}'" if image.get("caption") else "")
                    )
                    if image.get("caption"):
                        out.append({"p": image["caption"]})
                    continue
                rel = f"{FOLDER}/media/{slug(PurePosixPath(name).stem) or 'image'}{PurePosixPath(name).suffix.lower()}"
                self.files[rel] = data
                image["src"] = rel.removeprefix(f"{CONTENT}/")
                out.append(block)
            return out

        def visit(records: list[dict[str, Any]]) -> None:
            for record in records:
                record["blocks"] = walk(record["blocks"])
                visit(record.get("children", []))

        visit(sections)

    def bibliography(self, works: Any) -> None:
        """New works appended to bibliography.bib; an entry the project already has is never changed."""
        have = bib_keys(self.target)
        new = {k: v for k, v in works.items.items() if k not in have}
        typed = {k: v for k, v in getattr(self, "typed_bib", {}).items() if k not in have}
        incomplete = {k: v for k, v in getattr(self, "incomplete", {}).items() if k not in have}
        self.identities = dict(works.identities)
        parts = []
        if new:
            parts.append(cite_mod.bibliography_bib(new, self.language or "es"))
            self.report.mapped.append(f"{len(new)} works added to bibliography.bib from the reference manager's data")
        if typed:
            parts.append(cite_mod.bibliography_bib(typed, self.language or "es"))
            self.report.mapped.append(f"{len(typed)} works added to bibliography.bib from the typed reference list")
        if incomplete:
            parts.append(incomplete_bib(incomplete))
            self.report.mapped.append(
                f"{len(incomplete)} incomplete references added to bibliography.bib (author and year only, as the text "
                "gives them; `missing` says what a full reference needs)"
            )
        self.bib_append = "\n".join(p.strip() + "\n" for p in parts if p.strip())
        kept = len(works.items) - len(new)
        if kept:
            self.report.mapped.append(f"{kept} works already in bibliography.bib kept as they are there")

    # ------------------------------------------------------------ check and write
    def check(
        self, sections: list[dict[str, Any]], quotes: list[dict[str, Any]], informants: list[dict[str, Any]]
    ) -> None:
        errors = check_records("docx/quotes.yml", Quote, quotes) + check_records(
            "docx/informants.yml", Informant, informants
        )
        for record in sections:
            errors += check_records(f"docx/{SECTIONS}/{record['id']}.yml", Section, [record])
        if errors:
            raise ImportError_([f"{self.file}: {e}" for e in errors])

    def notes_outside_sections(self, records: list[Any], notes: dict[int, str]) -> None:
        """A note on a heading, in the abstract or in a quote has no page of its own to stand on: its mark is
        removed and the report keeps its text."""

        def clean(value: Any) -> Any:
            if isinstance(value, str):
                for m in NOTE_MARK_RE.finditer(value):
                    self.report.dropped.append(
                        f"a note outside the body text: '{plain(notes.get(int(m[1]), ''))[:120]}'"
                    )
                return NOTE_MARK_RE.sub("", value)
            if isinstance(value, list):
                return [clean(v) for v in value]
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            return value

        for record in records:
            record.update(clean(record))

    def lay_out(
        self,
        sections: list[dict[str, Any]],
        quotes: list[dict[str, Any]],
        informants: list[dict[str, Any]],
        thesis: dict[str, Any],
        vocab: Any,
    ) -> None:
        head = self.header = HEADER.format(file=self.file.name)
        self.section_files: dict[str, dict[str, Any]] = {}
        for n, record in enumerate(sections, start=1):
            rel = f"{FOLDER}/{SECTIONS}/{n:02d}-{record['id']}.yml"
            self.files[rel] = head + dump(record)
            self.section_files[rel] = record
        self.files[f"{FOLDER}/quotes.yml"] = head + dump({"quotes": quotes})
        self.files[f"{FOLDER}/informants.yml"] = head + dump({"informants": informants})
        existing = self.target / CONTENT / "thesis.yml"
        if existing.is_file():
            try:
                now = yaml.safe_load(existing.read_text(encoding="utf-8")) or {}
            except (yaml.YAMLError, UnicodeDecodeError):
                now = {}
            changed = [
                k
                for k in ("title", "authors", "institution", "kind", "year")
                if k in thesis and now.get(k) != thesis[k]
            ]
            if changed:
                self.report.unresolved.append(
                    "content/thesis.yml was not changed (it is yours); the document now says: "
                    + "; ".join(f"{k}: {thesis[k]!r}" for k in changed)
                )
        else:
            # what every new project gets (starter.py): its addresses in its language, editor schemas
            language = self.language or "es"
            new = starter.new_project_files(language)
            self.skeleton.update({rel: text for rel, text in new.items() if rel.startswith(f"{SCHEMA_DIR}/")})
            thesis_text = dump(thesis) + "\n" + starter.urls_block(language)
            self.skeleton[f"{CONTENT}/thesis.yml"] = starter.content_file("thesis.yml", thesis_text)
            self.skeleton[f"{CONTENT}/vocabulary.yml"] = starter.content_file(
                "vocabulary.yml", self.vocabulary_file(vocab)
            )
            site_name = str(thesis["title"])
            self.skeleton["mkdocs.yml"] = dump(
                {"site_name": site_name, "theme": {"name": "material", "language": self.language}}
            )
        self.report.counts["sections (pages)"] = sum(1 for _ in walk_sections(sections))

    def vocabulary_file(self, vocab: Any) -> str:
        data = vocab.model_dump(exclude_none=True, exclude_defaults=False)
        data.update(getattr(self, "new_vocabulary", {}))
        if getattr(self, "new_groups", None):
            data["participant_groups"] = self.new_groups
        return dump({"vocabulary": data})

    def rehearse(self, stale: list[str]) -> None:
        """Write everything into a copy of the project and check it as ``thesis-site check`` would: an import
        never leaves a project that does not build. A block of a section that the site cannot show (an image
        it refuses, a formula it cannot set, a table it cannot lay out) is kept as text and reported; any other
        problem stops the import with nothing written."""
        for _ in range(4):
            problems = self.rehearsal(stale)
            if not problems or not self.salvage(problems):
                break
        if problems:
            raise ImportError_([f"{self.file}: the imported project would not build: {p}" for p in problems])

    def rehearsal(self, stale: list[str]) -> list[Any]:
        from ...build import check_project
        from ...errors import ContentError

        with tempfile.TemporaryDirectory(prefix="thesis-site-import-") as tmp:
            stage = Path(tmp) / "project"
            staged_copy(self.target, stage)
            for rel in stale:
                (stage / rel).unlink(missing_ok=True)
            write_atomically(stage, dict(self.skeleton), only_missing=True)
            if self.bib_append:
                bib = stage / "bibliography.bib"
                before = bib.read_text(encoding="utf-8") if bib.is_file() else ""
                write_atomically(stage, {"bibliography.bib": before + "\n" + self.bib_append}, False)
            elif not (stage / "bibliography.bib").is_file():
                write_atomically(stage, {"bibliography.bib": ""}, True)
            write_atomically(stage, self.files, only_missing=False)
            try:
                check_project(stage)
            except ContentError as exc:
                return [p for p in exc.problems if p.severity == "error"]
        return []

    def salvage(self, problems: list[Any]) -> bool:
        """Turn each block a problem names into plain paragraphs of its words; False when a problem is elsewhere."""
        from ...errors import Problems
        from ...source.load import parse_yaml

        targets: dict[str, dict[tuple[Any, ...], str]] = {}  # file → block path → the problem's message
        for problem in problems:
            rel = problem.path
            if rel not in self.section_files:
                return False
            doc = parse_yaml(str(self.files[rel]), rel, Problems())
            if doc is None:
                return False
            blocks = [(line, path) for path, line in doc.lines.items() if len(path) >= 2 and path[-2] == "blocks"]
            before = [(line, path) for line, path in blocks if line <= problem.line]
            if not before:
                return False
            targets.setdefault(rel, {})[max(before)[1]] = problem.message
        for rel, paths in targets.items():
            record = self.section_files[rel]
            for path, message in paths.items():
                container: Any = record
                for step in path[:-2]:
                    container = container[step]
                block = container["blocks"][path[-1]]
                kind = next(iter(block))
                words = " ".join(plain_keep(t) for t in strings_of(block))
                container["blocks"][path[-1]] = {"p": escape_tex(words)}
                self.report.dropped.append(f"a {kind} the site cannot show ({message}); kept as text")
            self.files[rel] = self.header + dump(record)
        return True

    def write(self) -> list[str]:
        """Refuse if an imported file was edited since the last import; then write everything at once."""
        digests = self.previous.get("files", {})
        edited = []
        for rel, digest in sorted(digests.items()):
            path = self.target / rel
            if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                edited.append(rel)
        if edited:
            raise ImportError_(
                [
                    f"{self.target / rel}: edited since the last import; nothing was written. Copy your edit into a "
                    f"hand-written file (content/{SECTIONS}/ for a section, content/quotes.yml for a quote: hand-written "
                    f"content wins over imported content), or delete this file, then import again"
                    for rel in edited
                ]
            )
        stale = [rel for rel in digests if rel not in self.files and rel not in (REPORT_FILE, MAP_FILE)]
        stale = [rel for rel in stale if (self.target / rel).is_file()]
        self.rehearse(stale)
        self.files[REPORT_FILE] = self.report.markdown()
        digests_now = {
            rel: hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()
            for rel, data in sorted(self.files.items())
        }
        mapping = {
            "ids": dict(sorted(self.ids.map.items())),
            "keys": dict(sorted(getattr(self, "identities", {}).items())),
            "informants": dict(sorted(getattr(self, "informant_map", {}).items())),
            "files": digests_now,
        }
        self.files[MAP_FILE] = (
            f"# Written by `thesis-site import docx {self.file.name}`: identities → ids (kept across re-imports)\n"
            "# and a digest of every file the import wrote (a re-import refuses to overwrite an edited one).\n"
            + dump(mapping)
        )
        self.target.mkdir(parents=True, exist_ok=True)
        written = write_atomically(self.target, dict(self.skeleton), only_missing=True)
        if self.bib_append:
            bib = self.target / "bibliography.bib"
            before = bib.read_text(encoding="utf-8") if bib.is_file() else ""
            sep = "" if not before or before.endswith("\n\n") else ("\n" if before.endswith("\n") else "\n\n")
            added = f"% Added by `thesis-site import docx {self.file.name}` (the works its citations name).\n"
            written += write_atomically(
                self.target, {"bibliography.bib": before + sep + added + self.bib_append}, False
            )
        elif not (self.target / "bibliography.bib").is_file():
            written += write_atomically(self.target, {"bibliography.bib": ""}, True)
        written += write_atomically(self.target, self.files, only_missing=False)
        for rel in stale:
            (self.target / rel).unlink()
        self.report.files = written
        return written


def strings_of(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in strings_of(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_of(v)]
    return []


def blocks_of(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for record in records:
        out += record.get("blocks", [])
        out += blocks_of(record.get("children", []))
    return out


def escape_tex(tex: str) -> str:
    from .convert import escape

    return escape(" ".join(tex.split()))


def cell_text(cell: Any) -> str:
    return cell if isinstance(cell, str) else str(cell.get("text", ""))


def incomplete_bib(items: dict[str, dict[str, Any]]) -> str:
    """BibTeX of references the text names but no list holds: the names and the year, and what is missing."""
    out = []
    for key, item in items.items():
        lines = [f"@misc{{{key},", f"  author  = {{{bib_text(item['author-text'])}}},"]
        if "issued" in item:
            lines.append(f"  year    = {{{item['issued']['date-parts'][0][0]}}},")
        lines.append(f"  missing = {{{', '.join(item['missing'])}}},")
        out.append("\n".join(lines) + "\n}\n")
    return "\n".join(out)


def bib_text(text: str) -> str:
    """Text safe inside a BibTeX brace group (braces balanced, LaTeX specials escaped)."""
    return re.sub(r"([{}\\#%&$_^~])", r"\\\1", text)


def fold_name(item: dict[str, Any]) -> str:
    """The first author's surname of a CSL item, folded (to meet the typed reference list)."""
    names = item.get("author") or item.get("editor") or []
    if not names:
        return ""
    first = names[0]
    return fold(str(first.get("family") or first.get("literal") or "")).split(" ")[0]


def item_year(item: dict[str, Any]) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts and parts[0] else "sf"


def link_chunk(chunk: Chunk, link: Any) -> None:
    """Apply ``link`` to every prose text of a chunk (paragraph, list entries, table cells, caption)."""
    if chunk.kind in ("p", "heading"):
        chunk.text = link(chunk.text)
        return

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return link(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {
                k: (walk(v) if k in ("text", "entries", "header", "rows", "caption", "ul", "ol") else v)
                for k, v in value.items()
            }
        return value

    chunk.data = walk(chunk.data)


def staged_copy(target: Path, stage: Path) -> None:
    """The project's own files (not its site or caches) copied into ``stage``."""
    if not target.is_dir():
        stage.mkdir(parents=True)
        return
    shutil.copytree(target, stage, ignore=shutil.ignore_patterns("site", ".thesis-site", ".git"), symlinks=True)


def walk_sections(records: list[dict[str, Any]]) -> Any:
    for record in records:
        yield record
        yield from walk_sections(record.get("children", []))


def import_docx(
    file: Path, target: Path, language: str | None = None, heading_styles: list[str] | None = None
) -> Report:
    """Import ``file`` into the project folder ``target``; raise ImportError_ ('path: message' each)."""
    import time

    start = time.perf_counter()
    if target.exists() and not target.is_dir():
        raise ImportError_([f"{target}: not a folder"])
    importer = Importer(file, target, language, list(heading_styles or []))
    report = importer.run()
    importer.write()
    report.seconds = time.perf_counter() - start
    return report
