"""Stage 2 — models: turn loaded YAML into typed records, each knowing its file and line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from ..errors import Problems
from ..i18n import DEFAULT_LANGUAGE, Catalog, available, catalog, primary
from ..kinds import KINDS
from ..urls import Layout, layout_of
from .bibliography import BIB_FILE, load_bibliography
from .blocks import section_texts
from .load import YamlDoc, read_yaml
from .models import (
    CODE_PATTERN,
    LIST_FILES,
    NOTE_ID_PATTERN,
    REQUIRED_FILES,
    Antecedent,
    Category,
    Concept,
    Figure,
    Finding,
    GlossaryEntry,
    Informant,
    Quote,
    Record,
    Reference,
    Section,
    Thesis,
    Vocabulary,
    prose_mark,
)
from .resources import package_path

CONTENT = "content"
SECTIONS = "sections"
# Words of section text up to which the whole thesis is also one page and a PDF (generator/website/whole.py): a doctoral
# thesis runs to 60,000-100,000 words (Puno: 16,400); above, the page would weigh megabytes and the PDF take
# minutes, so only the chapters' pages are made (the synthetic theses ×10 and beyond of bench/).
WHOLE_PAGE_WORDS = 150_000
IMPORTED = "imported"  # content/imported/: records written by the importers (`import qdpx`, `import docx`)


def imported_folders(root: Path) -> list[str]:
    """Folders of imported records, relative to ``root``: content/imported/ (import qdpx), then one
    sub-folder per importer that keeps its files apart (content/imported/docx/), in name order."""
    base = root / CONTENT / IMPORTED
    if not base.is_dir():
        return []
    subs = sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    return [f"{CONTENT}/{IMPORTED}"] + [f"{CONTENT}/{IMPORTED}/{name}" for name in subs if name != SECTIONS]


@dataclass
class Corpus:
    """Every record of one project, as typed models."""

    root: Path
    thesis: Thesis | None = None
    informants: list[Informant] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    antecedents: list[Antecedent] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    references: dict[str, Reference] = field(default_factory=dict)
    vocabulary: Vocabulary | None = None  # None only when content/vocabulary.yml has errors (reported)
    # What a file with errors failed to give, so that checks of the rest do not report its records as unknown:
    unread: set[str] = field(default_factory=set)  # kinds (kinds.KINDS) of a file that could not be read at all
    invalid_ids: set[str] = field(default_factory=set)  # ids and citation keys written in records that failed

    @cached_property
    def layout(self) -> Layout:
        """Where the site's pages and files live: the folder names thesis.yml fixed (the published ones without)."""
        return layout_of(self.thesis)

    @property
    def t(self) -> Catalog:
        """The UI messages in the thesis's language (the default catalog when it has none; validate reports that)."""
        language = self.thesis.language if self.thesis else DEFAULT_LANGUAGE
        return catalog(language if primary(language) in available() else DEFAULT_LANGUAGE)

    @property
    def words(self) -> int:
        """Words of the thesis's section text (paragraphs, headings, excerpts, list items)."""
        return sum(len(text.split()) for sec, _, _ in self.all_sections() for text in section_texts(sec))

    @property
    def whole_page(self) -> bool:
        """Whether the whole thesis also gets one page and a PDF: up to ``WHOLE_PAGE_WORDS`` words (``whole.py``)."""
        return self.words <= WHOLE_PAGE_WORDS

    @property
    def concept_sources(self) -> bool:
        """Whether the thesis has an index of concepts: declared concepts, or a list the vocabulary names as concepts."""
        kinds = set(self.vocabulary.concept_lists) if self.vocabulary else set()
        return bool(self.concepts) or any(
            b.list is not None and b.list.kind in kinds for s, _, _ in self.all_sections() for b in s.blocks
        )

    def all_sections(self) -> Iterator[tuple[Section, int, Section | None]]:
        """Every section in reading order as (section, depth, parent)."""

        def walk(sec: Section, depth: int, parent: Section | None) -> Iterator[tuple[Section, int, Section | None]]:
            yield sec, depth, parent
            for child in sec.children:
                yield from walk(child, depth + 1, sec)

        for root in self.sections:
            yield from walk(root, 0, None)

    def all_categories(self) -> Iterator[tuple[Category, Category | None]]:
        """Every category as (category, parent)."""

        def walk(cat: Category, parent: Category | None) -> Iterator[tuple[Category, Category | None]]:
            yield cat, parent
            for child in cat.children:
                yield from walk(child, cat)

        for cat in self.categories:
            yield from walk(cat, None)


def fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the record at ``loc`` inside ``model`` (through lists and nested records)."""
    for part in loc:
        if isinstance(part, int):
            continue
        field_info = model.model_fields.get(str(part))
        if field_info is None:
            return []
        found = model_in(field_info.annotation)
        if found is None:
            return []
        model = found
    return list(model.model_fields)


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The record model an annotation holds (``Abstract | None``, ``list[Item]``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((m for m in map(model_in, get_args(annotation)) if m is not None), None)


def describe_error(err: dict[str, Any], model: type[BaseModel] | None = None) -> str:
    """A pydantic error as a sentence an author can act on (with the record's ``model``: near field names)."""
    loc = [str(part) for part in err["loc"] if not isinstance(part, int)]
    name = loc[-1] if loc else "record"
    kind = err["type"]
    if kind == "missing":
        return f"missing required field '{name}'"
    if kind == "extra_forbidden":
        known_fields = fields_at(model, tuple(err["loc"])[:-1]) if model is not None else []
        close = difflib.get_close_matches(name, known_fields, n=1, cutoff=0.7)
        return f"unknown field '{name}'" + (f" (did you mean '{close[0]}'?)" if close else "")
    msg = str(err["msg"]).removeprefix("Value error, ")
    if kind == "value_error" or not loc:
        return msg
    if kind == "literal_error":
        return f"field '{name}': {msg[0].lower()}{msg[1:]}, got {err['input']!r}"
    if kind == "string_pattern_mismatch":
        pattern = (err.get("ctx") or {}).get("pattern")
        if pattern == CODE_PATTERN:
            return f"field '{name}': {err['input']!r} is not a valid code (letters, digits, '-' and '_')"
        if pattern == NOTE_ID_PATTERN:
            return f"field '{name}': {err['input']!r} is not a valid footnote id (letters, digits and '-')"
        return f"field '{name}': {err['input']!r} is not a valid id (lowercase letters, digits and '-')"
    return f"field '{name}': {msg[0].lower()}{msg[1:]}"


def attach_locations(model: BaseModel, path: tuple[Any, ...], doc: YamlDoc) -> None:
    """Tell every record in ``model`` the file and line it came from (records in lists of lists too)."""
    if isinstance(model, Record):
        fields = {name: doc.lines[(*path, name)] for name in type(model).model_fields if (*path, name) in doc.lines}
        for name in nested_fields(type(model)):  # the line of each entry of a prose list, for messages about it
            fields.update(nested_lines(getattr(model, name), (*path, name), name, doc))
        model.locate(doc.rel, doc.line_of(path), fields)
    for name in type(model).model_fields:
        _attach_within(getattr(model, name), (*path, name), doc)


@cache
def nested_fields(model: type[Record]) -> tuple[str, ...]:
    """Prose fields of a model (those holding lists, 'interpretation', 'rows', 'ul', get each entry's line)."""
    return tuple(name for name in model.model_fields if prose_mark(model, name))


def _attach_within(value: Any, path: tuple[Any, ...], doc: YamlDoc) -> None:
    if isinstance(value, BaseModel):
        attach_locations(value, path, doc)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _attach_within(item, (*path, i), doc)


def nested_lines(value: Any, path: tuple[Any, ...], name: str, doc: YamlDoc) -> dict[str, int]:
    """Line of every entry of nested lists, keyed 'rows.2.1' (entry 1 of row 2 of field 'rows')."""
    out: dict[str, int] = {}
    if isinstance(value, list):
        for i, item in enumerate(value):
            key, where = f"{name}.{i}", (*path, i)
            if where in doc.lines:
                out[key] = doc.lines[where]
            out.update(nested_lines(item, where, key, doc))
    return out


def validate_record(model: type[Record], data: Any, path: tuple[Any, ...], doc: YamlDoc, problems: Problems) -> Any:
    """Validate one record; report each schema problem at its own line."""
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            problems.error(doc.rel, doc.line_of((*path, *loc)), describe_error(dict(err), model))
        return None
    attach_locations(record, path, doc)
    return record


@dataclass
class Unread:
    """What files with errors failed to give: kinds of a file that could not be read, ids of records that failed."""

    kinds: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    def file(self, source: str) -> None:
        """Nothing of ``source`` (a kinds-table source: 'quotes.yml', 'sections/*.yml') could be read."""
        self.kinds |= {k.name for k in KINDS.values() if k.source == source}

    def record(self, data: Any) -> None:
        """A record failed validation: the ids written in it (its children's included) exist all the same."""
        if isinstance(data, dict):
            if isinstance(data.get("id"), str):
                self.ids.add(data["id"])
            data = list(data.values())
        if isinstance(data, list):
            for value in data:
                self.record(value)


def load_list(
    root: Path, name: str, problems: Problems, folder: str = CONTENT, unread: Unread | None = None
) -> list[Any]:
    """Load one list file (``informants.yml``...) into records; ``unread`` learns what it could not."""
    key, model = LIST_FILES[name]
    rel = f"{folder}/{name}"
    unread = unread if unread is not None else Unread()
    if not (root / rel).is_file():
        if (
            name in REQUIRED_FILES
            and folder == CONTENT
            and not any((root / f / name).is_file() for f in imported_folders(root))
        ):
            problems.error(rel, 1, f"missing content file (required: {', '.join(REQUIRED_FILES)})")
            unread.file(name)
        return []
    doc = read_yaml(root, rel, problems)
    if doc is None:
        unread.file(name)
        return []
    if not isinstance(doc.data, dict) or set(doc.data) != {key}:
        problems.error(rel, 1, f"the file must be a mapping with the single key '{key}:' holding a list")
        unread.file(name)
        return []
    items = doc.data[key] or []
    if not isinstance(items, list):
        problems.error(rel, doc.line_of((key,)), f"'{key}' must be a list")
        unread.file(name)
        return []
    records = []
    for i, item in enumerate(items):
        record = validate_record(model, item, (key, i), doc, problems)
        if record is None:
            unread.record(item)
        else:
            records.append(record)
    return records


def record_ids(records: list[Any]) -> set[str]:
    """Every id in a list of records, nested ones included (sub-categories)."""
    out: set[str] = set()
    for record in records:
        out.add(getattr(record, "id", ""))
        out |= record_ids(getattr(record, "children", []))
    return out


def load_list_with_imports(root: Path, name: str, problems: Problems, unread: Unread | None = None) -> list[Any]:
    """Hand-written records, then imported ones (content/imported/) whose id no hand-written record uses.

    A hand-written record wins over an imported record with the same id: that is how an
    author edits an imported record so that a re-import never overwrites the edit.
    """
    out = load_list(root, name, problems, unread=unread)
    for folder in imported_folders(root):
        imported = load_list(root, name, problems, folder, unread)
        taken = record_ids(out)
        out += [r for r in imported if not (record_ids([r]) & taken)]
    return out


def load_imported_notes(root: Path, problems: Problems) -> list[str]:
    """Notes and memos imported from a QDA project (content/imported/notes.yml)."""
    rel = f"{CONTENT}/{IMPORTED}/notes.yml"
    if not (root / rel).is_file():
        return []
    doc = read_yaml(root, rel, problems)
    if doc is None:
        return []
    notes = doc.data.get("notes") if isinstance(doc.data, dict) else None
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        problems.error(rel, 1, "the file must be a mapping with the single key 'notes:' holding a list of texts")
        return []
    return notes


def section_files(root: Path) -> list[str]:
    """Section files relative to ``root`` in reading order: ``content/sections/*.yml`` and each importer's
    ``sections/*.yml`` (``content/imported/docx/sections/``), sorted by file name, a hand-written file before
    an imported one of the same name; files starting with '_' are skipped."""
    folders = [f"{CONTENT}/{SECTIONS}"] + [f"{f}/{SECTIONS}" for f in imported_folders(root)]
    found = []
    for rank, folder in enumerate(folders):
        path = root / folder
        if path.is_dir():
            found += [(p.name, rank, f"{folder}/{p.name}") for p in path.glob("*.yml") if not p.name.startswith("_")]
    return [rel for _, _, rel in sorted(found)]


def load_sections(root: Path, problems: Problems, unread: Unread | None = None) -> list[Section]:
    """Load the section files in reading order; a hand-written top-level section wins over an imported one
    with the same id (that is how an author edits an imported chapter: copy its file into content/sections/)."""
    files = section_files(root)
    unread = unread if unread is not None else Unread()
    if not files:
        problems.error(f"{CONTENT}/{SECTIONS}", 1, "no section files (add content/sections/01-<id>.yml)")
    own: list[Section] = []
    imported: list[Section] = []
    for rel in files:
        doc = read_yaml(root, rel, problems)
        if doc is None:
            unread.file(f"{SECTIONS}/*.yml")
            continue
        sec = validate_record(Section, doc.data, (), doc, problems)
        if sec is None:
            unread.record(doc.data)
        else:
            (own if rel.startswith(f"{CONTENT}/{SECTIONS}/") else imported).append(sec)
    mine = {sec.id for sec in own}
    shown = [sec for sec in imported if sec.id not in mine]
    order = {rel: n for n, rel in enumerate(files)}
    return sorted(own + shown, key=lambda sec: order[sec.where[0]])


def load_thesis(root: Path, problems: Problems) -> Thesis | None:
    """Load ``content/thesis.yml``."""
    rel = f"{CONTENT}/thesis.yml"
    if not (root / rel).is_file():
        problems.error(rel, 1, f"missing content file (required: {', '.join(REQUIRED_FILES)})")
        return None
    doc = read_yaml(root, rel, problems)
    return None if doc is None else validate_record(Thesis, doc.data, (), doc, problems)


VOCABULARY = "vocabulary.yml"


def load_vocabulary(root: Path, problems: Problems) -> Vocabulary | None:
    """``content/vocabulary.yml``, or the default vocabulary (the Puno thesis's words) when the project has none."""
    rel = f"{CONTENT}/{VOCABULARY}"
    if (root / rel).is_file():
        doc = read_yaml(root, rel, problems)
    else:
        doc = read_yaml(package_path("generator"), "default_vocabulary.yml", problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict) or set(doc.data) != {"vocabulary"}:
        problems.error(doc.rel, 1, "the file must be a mapping with the single key 'vocabulary:'")
        return None
    return validate_record(Vocabulary, doc.data["vocabulary"], ("vocabulary",), doc, problems)


def default_vocabulary() -> Vocabulary:
    """The vocabulary of a project without content/vocabulary.yml (the Puno thesis's words)."""
    vocab = load_vocabulary(package_path("generator") / "no-project", Problems())
    assert vocab is not None, "generator/default_vocabulary.yml is valid"
    return vocab


BIB_KEY = re.compile(r"@\w+\s*[{(]\s*([^,\s]+)\s*,")  # a key as written, even in an entry that fails to parse


def load_references(root: Path, problems: Problems, language: str, unread: Unread) -> dict[str, Reference]:
    """The bibliography; when it has errors, the keys written in it still count as known (their errors say why)."""
    before = len(problems.items)
    references = load_bibliography(root, problems, language)
    if any(p.path == BIB_FILE and p.severity == "error" for p in problems.items[before:]):
        path = root / BIB_FILE
        if path.is_file():
            unread.ids |= set(BIB_KEY.findall(path.read_bytes().decode("utf-8", errors="replace"))) - set(references)
        else:
            unread.kinds.add("reference")
    return references


def load_corpus(root: Path, problems: Problems) -> Corpus:
    """Read every content file and the bibliography of the project at ``root``.

    A file with errors gives what it can (nothing after a YAML syntax error, the valid records
    otherwise); ``Corpus.unread`` and ``Corpus.invalid_ids`` tell the checks what is missing,
    so that every other file is still checked without follow-on errors.
    """
    unread = Unread()
    lists = {name: load_list_with_imports(root, name, problems, unread) for name in LIST_FILES}
    thesis = load_thesis(root, problems)
    if thesis is not None:
        thesis.notes = thesis.notes + load_imported_notes(root, problems)
    sections = load_sections(root, problems, unread)
    references = load_references(root, problems, thesis.language if thesis else "es", unread)
    return Corpus(
        root=root,
        thesis=thesis,
        informants=lists["informants.yml"],
        quotes=lists["quotes.yml"],
        sections=sections,
        figures=lists["figures.yml"],
        categories=lists["categories.yml"],
        findings=lists["findings.yml"],
        antecedents=lists["antecedents.yml"],
        glossary=lists["glossary.yml"],
        concepts=lists["concepts.yml"],
        references=references,
        vocabulary=load_vocabulary(root, problems),
        unread=unread.kinds,
        invalid_ids=unread.ids,
    )
