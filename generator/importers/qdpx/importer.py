"""``thesis-site import qdpx FILE.qdpx DIR``: a coded REFI-QDA project becomes thesis-site records.

It follows the importers' records policy (``importers/records.py``): records go to
``content/imported/*.yml``, hand-written records win, nothing is written on an error.
``content/imported/refi-qda.yml`` keeps the GUID → id map, so a re-import updates
records instead of duplicating them and ids (hence permalinks) stay stable even
when names change in the QDA tool.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...corpus import CONTENT, IMPORTED, default_vocabulary, load_vocabulary
from ...errors import Problems
from ...models import ID_PATTERN, Category, Figure, Informant, Quote, Vocabulary
from ..archive import ArchiveError, open_archive
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
from .project import Code, Project, ProjectError, Selection, Source, read_project

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


def project_vocabulary(target: Path) -> Vocabulary:
    """The target project's vocabulary (content/vocabulary.yml, or the default one)."""
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
        self, project: Project, previous: dict[str, str], hand_written: set[str], keys: set[str], vocab: Vocabulary
    ):
        self.p = project
        self.vocab = vocab
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
            code = self.ids.get(case.guid, informant_code(case.name or case.guid))
            records.append(self.informant(code, case.name, case.description, case.variables, groups, self.keys))
            for guid in case.sources + case.selections:
                owner.setdefault(guid, code)
        for src in p.sources:
            if src.guid in owner or not src.selections or all(s.guid in owner for s in src.selections):
                continue
            code = self.ids.get(src.guid, informant_code(src.name))
            variables = dict(src.variables)
            for name, members in p.source_sets:  # a document group named like a participant group (ATLAS.ti)
                if src.guid in members and name in groups:
                    variables.setdefault("group", name)
            records.append(self.informant(code, src.name, src.description, variables, groups, self.keys))
            owner[src.guid] = code
        return records, owner

    @staticmethod
    def informant(
        code: str,
        name: str,
        description: str | None,
        variables: dict[str, str],
        groups: tuple[str, ...],
        keys: set[str],
    ) -> dict[str, Any]:
        lowered = {k.strip().lower(): v for k, v in variables.items()}
        role = next((lowered[k] for k in ROLE_NAMES if k in lowered), None)
        group = next((lowered[k] for k in GROUP_NAMES if k in lowered and lowered[k] in groups), groups[0])
        rest = [f"{k}: {v}" for k, v in variables.items() if k.strip().lower() not in ROLE_NAMES + GROUP_NAMES]
        extra = [description] if description else []
        if name and name != code and role:
            extra.insert(0, f"Nombre en el proyecto REFI-QDA: {name}")
        record: dict[str, Any] = {"id": code, "role": role or name or code, "group": group}
        text = "\n\n".join(extra + (["; ".join(rest)] if rest else []))
        if text:
            record["description"] = as_data(text, keys)  # prose: a name or note cites nothing
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


def skeleton(project: Project, file_name: str) -> dict[str, str]:
    """Hand-written files of a new project (written only where missing)."""
    title = project_title(project, file_name)
    thesis = {
        "title": title,
        "title_derived": True,
        "title_source": f"Nombre del proyecto REFI-QDA importado de {one_line(file_name)}",
        "question": "",
        "abstract_es": {"text": [], "keywords": []},
    }
    origin = f"Proyecto importado de {one_line(file_name)} ({one_line(project.origin) or 'REFI-QDA'})."
    paragraphs = [origin] + ([project.description.strip()] if project.description else [])
    section = {"id": "proyecto", "title": title, "blocks": [{"p": as_data(p, set())} for p in paragraphs]}
    return {
        f"{CONTENT}/thesis.yml": dump(thesis),
        f"{CONTENT}/sections/01-proyecto.yml": dump(section),
        "bibliography.bib": "",
        "mkdocs.yml": dump({"site_name": title, "theme": {"name": "material", "language": "es"}}),
    }


def build_files(project: Project, target: Path, file_name: str) -> tuple[dict[str, str], Summary]:
    """Every file the import writes (relative path → text), checked against the content models."""
    vocab = project_vocabulary(target)
    mapper = _Mapper(project, read_previous_map(target, MAP_FILE), hand_written_ids(target), bib_keys(target), vocab)
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


def import_qdpx(file: Path, target: Path) -> Summary:
    """Import ``file`` into the project folder ``target``; raise ImportError_ ('path: message' each)."""
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
    files, summary = build_files(project, target, file.name)
    new_project = not (target / CONTENT / "thesis.yml").is_file()
    target.mkdir(parents=True, exist_ok=True)
    if new_project:
        summary.files += write_atomically(target, skeleton(project, file.name), only_missing=True)
        summary.notes.append(title_origin(project, file.name))
    summary.files += write_atomically(target, files, only_missing=False)
    return summary


__all__ = ["ImportError_", "Selection", "Source", "Summary", "import_qdpx"]
