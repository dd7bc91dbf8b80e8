"""``thesis-site import qdpx FILE.qdpx DIR``: a coded REFI-QDA project becomes thesis-site records.

It follows the importers' records policy (``importers/records.py``): records go to
``content/imported/*.yml``, hand-written records win, nothing is written on an error.
``content/imported/refi-qda.yml`` keeps the GUID → id map, so a re-import updates
records instead of duplicating them and ids (hence permalinks) stay stable even
when names change in the QDA tool.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...errors import Problems
from ...i18n import DEFAULT_LANGUAGE, Catalog, catalog, primary
from ...source import starter
from ...source.archive import ArchiveError, open_archive
from ...source.corpus import CONTENT, IMPORTED, VOCABULARY, default_vocabulary, load_thesis, load_vocabulary
from ...source.models import ID_PATTERN, Category, Figure, Informant, Quote, Thesis, Vocabulary
from ...source.refi_qda import Code, Project, ProjectError, Selection, Source, read_project
from ..records import (
    ImportError_,
    Summary,
    as_data,
    bib_keys,
    check_records,
    dump,
    fold,
    hand_written_ids,
    one_line,
    read_previous_map,
    slug,
    write_atomically,
)

MAP_FILE = "refi-qda.yml"
ROLE_NAMES = ("role", "rol", "cargo", "position", "puesto", "occupation", "ocupación", "function", "función")
GROUP_NAMES = ("group", "grupo")
HEADER = (
    "# Written by `thesis-site import qdpx {file}` (project '{project}', {origin}).\n"
    "# A re-import rewrites this file. To edit a record, copy it into content/{name} with the\n"
    "# same id: hand-written records win over imported ones and are never overwritten.\n"
)


def project_title(project: Project, file_name: str) -> str:
    """The new project's title: the REFI-QDA project's name, else the file's name without its extension."""
    return one_line(project.name) or one_line(Path(file_name).stem)


def title_origin(project: Project, file_name: str) -> str:
    """Where the title of a new project came from, for the import's report."""
    if one_line(project.name):
        return f"title: from the REFI-QDA project name in {file_name}"
    return f"title: from the file name {file_name} (the REFI-QDA project has no name)"


def informant_code(name: str) -> str:
    """A valid participant code from a case or document name ('Participant 1.docx' → 'PARTICIPANT1')."""
    stem = re.sub(r"\.(txt|docx?|rtf|pdf|odt)$", "", name.strip(), flags=re.I)
    code = re.sub(r"[^A-Z0-9]+", "", fold(stem).upper())[:24]
    if not code or not code[0].isalpha():
        code = "P" + code
    return code


def code_candidates(name: str, vocab: Vocabulary) -> Iterator[str]:
    """Participant codes for a case or document named ``name`` that fit the project's ``participant_code``, best
    first: the name made a code ('Participant 1.docx' → 'PARTICIPANT1', then 'PARTICIPANT1X2'…) where it fits,
    else codes shaped like the vocabulary's example ('P01' → 'P01', 'P02'…). The name stays in the record."""
    try:
        fits = re.compile(vocab.participant_code).fullmatch
    except re.error:  # the project's own pattern is wrong: check reports it; keep the name's code
        fits = None
    own = informant_code(name)
    if fits is None or fits(own):
        yield own
        yield from (f"{own}X{n}" for n in range(2, 10_000))
        return
    shape = re.fullmatch(r"(.*?)(\d+)(\D*)", vocab.participant_code_example)
    prefix, width, suffix = (shape[1], len(shape[2]), shape[3]) if shape else (vocab.participant_code_example, 1, "")
    for n in range(1, 10_000):
        candidate = f"{prefix}{n:0{width}d}{suffix}"
        if fits(candidate):
            yield candidate
    yield own  # nothing fits: check names the pattern the code should match


def new_project(target: Path) -> bool:
    """Whether the import creates the project (no content/thesis.yml yet)."""
    return not (target / CONTENT / "thesis.yml").is_file()


def project_language(target: Path, language: str | None) -> str:
    """The language of the project: its thesis.yml's for an existing one, else ``language`` (default: Spanish)."""
    if not new_project(target):
        thesis = load_thesis(target, Problems())
        if thesis is not None:
            return primary(thesis.language)
    return primary(language or DEFAULT_LANGUAGE)


def project_vocabulary(target: Path, language: str = DEFAULT_LANGUAGE) -> Vocabulary:
    """The target project's vocabulary: its content/vocabulary.yml; for a new project, the one the starter of its
    language has (English: themes, participants P01…); else the default one."""
    if not (target / CONTENT / VOCABULARY).is_file() and new_project(target):
        starter_vocab = starter.vocabulary_file(language)
        if starter_vocab is not None:
            return load_vocabulary(starter_vocab.parent.parent, Problems()) or default_vocabulary()
    return load_vocabulary(target, Problems()) or default_vocabulary()


def informant_groups(vocab: Vocabulary) -> tuple[str, ...]:
    """The participant groups the project declares (the first is the default for imports)."""
    return tuple(g.id for g in vocab.participant_groups) or ("",)


class _Ids:
    """Hands out ids: the previous import's GUID map first, then fresh ones that collide with nothing."""

    def __init__(self, previous: dict[str, str], taken: set[str]):
        self.previous = previous
        self.taken = set(taken)
        self.map: dict[str, str] = {}

    def reserve(self, guids: list[str], pattern: str) -> None:
        for guid in guids:
            old = self.previous.get(guid)
            if old and re.fullmatch(pattern, old) and old not in self.taken:
                self.map[guid] = old
                self.taken.add(old)

    def first(self, guid: str, candidates: Iterator[str]) -> str:
        """The previous import's id of ``guid``, else the first candidate nothing else has."""
        if guid in self.map:
            return self.map[guid]
        candidate = next(c for c in candidates if c not in self.taken)
        self.taken.add(candidate)
        self.map[guid] = candidate
        return candidate

    def get(self, guid: str, base: str, numbered: bool = False) -> str:
        if guid in self.map:
            return self.map[guid]
        n = 1
        candidate = f"{base}-{n:02d}" if numbered else base
        while candidate in self.taken:
            n += 1
            if numbered:
                candidate = f"{base}-{n:02d}"
            else:
                candidate = f"{base}X{n}" if base.isupper() else f"{base}-{n}"
        self.taken.add(candidate)
        self.map[guid] = candidate
        return candidate


class _Mapper:
    """Turns a parsed Project into record dicts (informants, quotes, categories, figures, notes)."""

    def __init__(
        self,
        project: Project,
        previous: dict[str, str],
        hand_written: set[str],
        keys: set[str],
        vocab: Vocabulary,
        t: Catalog | None = None,
    ):
        self.p = project
        self.vocab = vocab
        self.t = t or catalog(DEFAULT_LANGUAGE)
        self.keys = keys
        self.ids = _Ids(previous, hand_written - set(previous.values()))
        self.own_ids = project.origin.startswith("thesis-site")
        self.codes = {c.guid: c for c in project.all_codes()}

    def informants(self) -> tuple[list[dict[str, Any]], dict[str, str]]:
        """Participants from cases, then from documents with quotes and no case; and source/selection → code."""
        groups = informant_groups(self.vocab)
        p = self.p
        self.ids.reserve([c.guid for c in p.cases] + [s.guid for s in p.sources], self.vocab.participant_code)
        owner: dict[str, str] = {}  # source or selection guid -> informant id
        records = []
        for case in p.cases:
            code = self.ids.first(case.guid, code_candidates(case.name or case.guid, self.vocab))
            records.append(self.informant(code, case.name, case.description, case.variables, groups))
            for guid in case.sources + case.selections:
                owner.setdefault(guid, code)
        for src in p.sources:
            if src.guid in owner or not src.selections or all(s.guid in owner for s in src.selections):
                continue
            code = self.ids.first(src.guid, code_candidates(src.name, self.vocab))
            variables = dict(src.variables)
            for name, members in p.source_sets:  # a document group named like a participant group (ATLAS.ti)
                if src.guid in members and name in groups:
                    variables.setdefault("group", name)
            records.append(self.informant(code, src.name, src.description, variables, groups))
            owner[src.guid] = code
        return records, owner

    def informant(
        self, code: str, name: str, description: str | None, variables: dict[str, str], groups: tuple[str, ...]
    ) -> dict[str, Any]:
        lowered = {k.strip().lower(): v for k, v in variables.items()}
        role = next((lowered[k] for k in ROLE_NAMES if k in lowered), None)
        group = next((lowered[k] for k in GROUP_NAMES if k in lowered and lowered[k] in groups), groups[0])
        rest = [f"{k}: {v}" for k, v in variables.items() if k.strip().lower() not in ROLE_NAMES + GROUP_NAMES]
        extra = [description] if description else []
        if name and name != code and role:  # without a role, the name is the role (below)
            extra.insert(0, self.t("import.original_name", name=name))
        record: dict[str, Any] = {"id": code, "role": role or name or code, "group": group}
        text = "\n\n".join(extra + (["; ".join(rest)] if rest else []))
        if text:
            record["description"] = as_data(text, self.keys)  # prose: a name or note cites nothing
        return record

    def quotes(self, owner: dict[str, str]) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
        """One quote per text selection; and code guid → quote ids."""
        selections = [(src, sel) for src in self.p.sources for sel in src.selections]
        self.ids.reserve([sel.guid for _, sel in selections], ID_PATTERN)
        if self.own_ids:  # our own export names each selection by its quote id
            named = [sel for _, sel in selections if sel.name and re.fullmatch(ID_PATTERN, sel.name)]
            for sel in named:
                if sel.guid not in self.ids.map and sel.name not in self.ids.taken:
                    self.ids.map[sel.guid] = sel.name  # type: ignore[assignment]
                    self.ids.taken.add(sel.name)  # type: ignore[arg-type]
        records = []
        coded: dict[str, list[str]] = {}
        for src, sel in selections:
            text = sel.text.strip()
            if not text:
                continue
            informant = owner.get(sel.guid) or owner.get(src.guid)
            if informant is None:
                continue
            qid = self.ids.get(sel.guid, slug(informant) or "cita", numbered=True)
            records.append({"id": qid, "informant": informant, "text": text})
            for code in dict.fromkeys(sel.codes):
                coded.setdefault(code, []).append(qid)
        return records, coded

    def categories(self, coded: dict[str, list[str]]) -> list[dict[str, Any]]:
        self.ids.reserve(list(self.codes), ID_PATTERN)

        def record(code: Code) -> dict[str, Any]:
            out: dict[str, Any] = {
                "id": self.ids.get(code.guid, "cat-" + (slug(code.name) or code.guid[:8])),
                "name": code.name,
            }
            if code.description:
                out["definition"] = as_data(code.description.strip(), self.keys)
            if code.color:
                out["color"] = normal_color(code.color)
            if coded.get(code.guid):
                out["quotes"] = list(dict.fromkeys(coded[code.guid]))
            if code.children:
                out["children"] = [record(c) for c in code.children]
            return out

        return [record(c) for c in self.p.codes]

    def figures(self) -> list[dict[str, Any]]:
        self.ids.reserve([g.guid for g in self.p.graphs], ID_PATTERN)
        records = []
        used_numbers: set[int] = set()
        for index, graph in enumerate(self.p.graphs, start=1):
            m = re.match(r"^(?:Figura|Figure|Fig\.?)\s*(\d+)\s*[.:]\s*(.+)$", graph.name.strip(), flags=re.I | re.S)
            number, caption = (int(m[1]), m[2].strip()) if m else (index, graph.name.strip() or f"{index}")
            while number in used_numbers:
                number += 1
            used_numbers.add(number)
            record: dict[str, Any] = {
                "id": self.ids.get(graph.guid, f"fig-{number:02d}"),
                "number": number,
                "caption": caption,
            }
            root = graph_root(graph, self.codes)
            if root is not None:
                record["category"] = self.ids.map[root]
            records.append(record)
        return records

    def notes(self) -> list[str]:
        return [f"{n.name}: {n.text.strip()}" if n.name else n.text.strip() for n in self.p.notes if n.text.strip()]


def normal_color(color: str) -> str:
    """'#abc' → '#AABBCC' (the form the content model keeps)."""
    value = color.strip().lstrip("#").upper()
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    return "#" + value


def graph_root(graph: Any, codes: dict[str, Code]) -> str | None:
    """The code a network is about: the first code vertex no edge between codes points to."""
    code_of = {v.guid: v.represented for v in graph.vertices if v.represented in codes}
    if not code_of:
        return None
    targets = {t for s, t in graph.edges if s in code_of and t in code_of}
    root = next((v for v in code_of if v not in targets), next(iter(code_of)))
    return code_of[root]


def skeleton(project: Project, file_name: str, language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Hand-written files of a new project in ``language`` (written only where missing): the thesis, one section,
    bibliography.bib and mkdocs.yml, with what every new project gets (``starter.new_project_files``: its
    addresses in its language, the starter's vocabulary, the editor schemas)."""
    t = catalog(language)
    title = project_title(project, file_name)
    thesis: dict[str, Any] = {
        "title": title,
        "title_derived": True,
        "title_source": t("import.title_source", file=one_line(file_name)),
        "language": language,
        "question": "",
    }
    if f"abstract_{language}" in Thesis.model_fields:
        thesis[f"abstract_{language}"] = {"text": [], "keywords": []}
    origin = t("import.origin", file=one_line(file_name), origin=one_line(project.origin) or "REFI-QDA")
    paragraphs = [origin] + ([project.description.strip()] if project.description else [])
    section_id = t("import.section_id")
    section = {"id": section_id, "title": title, "blocks": [{"p": as_data(p, set())} for p in paragraphs]}
    return {
        **starter.new_project_files(language),
        f"{CONTENT}/thesis.yml": starter.content_file("thesis.yml", dump(thesis) + "\n" + starter.urls_block(language)),
        f"{CONTENT}/sections/01-{section_id}.yml": starter.content_file(f"sections/01-{section_id}.yml", dump(section)),
        "bibliography.bib": "",
        "mkdocs.yml": dump({"site_name": title, "theme": {"name": "material", "language": t.theme_language}}),
    }


def build_files(
    project: Project, target: Path, file_name: str, language: str = DEFAULT_LANGUAGE
) -> tuple[dict[str, str], Summary]:
    """Every file the import writes (relative path → text), checked against the content models; ``language``:
    the project's (``project_language``), for its vocabulary and the words the import writes."""
    vocab = project_vocabulary(target, language)
    previous, hand_written, keys = read_previous_map(target, MAP_FILE), hand_written_ids(target), bib_keys(target)
    mapper = _Mapper(project, previous, hand_written, keys, vocab, catalog(language))
    informants, owner = mapper.informants()
    quotes, coded = mapper.quotes(owner)
    categories = mapper.categories(coded)
    figures = mapper.figures()
    notes = mapper.notes()
    errors = (
        check_records("informants.yml", Informant, informants)
        + check_records("quotes.yml", Quote, quotes)
        + check_records("categories.yml", Category, categories)
        + check_records("figures.yml", Figure, figures)
    )
    if errors:
        raise ImportError_(errors)
    header = {  # on one line each: a line break in a name would end the YAML comment
        "file": one_line(file_name),
        "project": one_line(project.name),
        "origin": one_line(project.origin) or "origin not stated",
    }
    files: dict[str, str] = {}
    for name, key, records in (
        ("informants.yml", "informants", informants),
        ("quotes.yml", "quotes", quotes),
        ("categories.yml", "categories", categories),
        ("figures.yml", "figures", figures),
        ("notes.yml", "notes", notes),
    ):
        files[f"{CONTENT}/{IMPORTED}/{name}"] = HEADER.format(name=name, **header) + dump({key: records})
    files[f"{CONTENT}/{IMPORTED}/{MAP_FILE}"] = (
        HEADER.format(name="", **header).split("\n# A re-import")[0]
        + ("\n# GUID of each REFI-QDA element → the id it has here (kept across re-imports).\n")
        + dump({"ids": dict(sorted(mapper.ids.map.items()))})
    )
    summary = Summary(
        counts={
            "informants": len(informants),
            "quotes": len(quotes),
            "categories": sum(1 for _ in project.all_codes()),
            "figures": len(figures),
            "notes": len(notes),
        },
        skipped=dict(project.skipped),
    )
    return files, summary


def import_qdpx(file: Path, target: Path, language: str | None = None) -> Summary:
    """Import ``file`` into the project folder ``target``; raise ImportError_ ('path: message' each).

    A new project is made in ``language`` (default Spanish); an existing one keeps its own language, vocabulary
    and participant-code pattern, which the imported records follow.
    """
    label = str(file)
    try:
        archive = open_archive(file)
    except ArchiveError as exc:
        raise ImportError_([f"{label}: {exc}"]) from None
    try:
        project = read_project(archive)
    except ProjectError as exc:
        raise ImportError_([f"{label}: {m}" for m in exc.messages]) from None
    except ArchiveError as exc:
        raise ImportError_([f"{label}: {exc}"]) from None
    finally:
        archive.close()
    if target.exists() and not target.is_dir():
        raise ImportError_([f"{target}: not a folder"])
    language = project_language(target, language)
    files, summary = build_files(project, target, file.name, language)
    created = new_project(target)
    target.mkdir(parents=True, exist_ok=True)
    if created:
        summary.files += write_atomically(target, skeleton(project, file.name, language), only_missing=True)
        summary.notes.append(title_origin(project, file.name))
    summary.files += write_atomically(target, files, only_missing=False)
    return summary


__all__ = ["ImportError_", "Selection", "Source", "Summary", "import_qdpx"]
