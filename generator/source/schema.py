"""JSON Schemas of the content files, one per file, for editors (YAML language server) and validators.

``thesis-site schema --out DIR`` writes them (``thesis.schema.json``,
``section.schema.json``, ``quotes.schema.json``, ``vocabulary.schema.json``…);
``thesis-site new`` writes them into the project's ``schema/`` folder, and
every starter content file begins with the line that points an editor at its
schema, relative to the file (``# yaml-language-server: $schema=../schema/quotes.schema.json``),
so completion and hover help work offline. The schemas are generated from
the models (``models.py``): their field descriptions are the help an editor shows.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from .models import LIST_FILES, Section, Thesis, Vocabulary

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = "schema"  # in a project, beside content/
MODELINE = "# yaml-language-server: $schema="


def wrapper(name: str, key: str, annotation: Any, doc: str) -> type[BaseModel]:
    """A model of a file that holds its records under one key (``quotes: [...]``)."""
    model: type[BaseModel] = create_model(  # type: ignore[call-overload]
        name, __config__=ConfigDict(extra="forbid"), __doc__=doc, **{key: (annotation, Field(description=doc))}
    )
    return model


def file_models() -> dict[str, tuple[str, type[BaseModel]]]:
    """Schema name → (the content files it describes, relative to content/; the model of a whole file)."""
    out: dict[str, tuple[str, type[BaseModel]]] = {
        "thesis": ("thesis.yml", Thesis),
        "vocabulary": (
            "vocabulary.yml",
            wrapper("VocabularyFile", "vocabulary", Vocabulary, "The words of this thesis (vocabulary.yml)."),
        ),
        "section": ("sections/*.yml", Section),
    }
    for file, (key, model) in LIST_FILES.items():
        doc = (
            f"content/{file}: the {key} of the thesis under '{key}:', in the order the site shows them. {model.__doc__}"
        )
        out[key] = (file, wrapper(f"{model.__name__}File", key, list[model], doc))  # type: ignore[valid-type]
    return out


def file_schemas() -> dict[str, dict[str, Any]]:
    """Schema file name (``quotes.schema.json``) → the JSON Schema of that content file."""
    out = {}
    for name, (files, model) in file_models().items():
        schema = model.model_json_schema()
        out[f"{name}.schema.json"] = {"$schema": DIALECT, "title": f"thesis-site: content/{files}", **schema}
    return out


def schema_of(content_file: str) -> str | None:
    """The schema file of a content file (``sections/01-intro.yml`` → ``section.schema.json``), if any."""
    path = PurePosixPath(content_file)
    for name, (files, _) in file_models().items():
        if path.match(files):
            return f"{name}.schema.json"
    return None


def modeline(content_file: str) -> str:
    """The first line of ``content/<content_file>`` that points an editor at its schema in the project's schema/."""
    name = schema_of(content_file)
    if name is None:
        raise KeyError(content_file)
    up = "../" * (len(PurePosixPath(content_file).parts))  # from content/<...>/file to the project folder
    return f"{MODELINE}{up}{SCHEMA_DIR}/{name}"


def schema_texts() -> dict[str, str]:
    """Schema file name → its text, as ``write_schemas`` writes it (stable: sorted keys)."""
    return {
        name: json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for name, schema in file_schemas().items()
    }


def write_schemas(folder: Path) -> list[str]:
    """Write every schema into ``folder`` (created); returns the file names."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in schema_texts().items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(schema_texts())


def content_schema() -> dict[str, Any]:
    """Every file's schema in one object keyed by its path under content/ (what `thesis-site schema` prints)."""
    return {
        "$schema": DIALECT,
        "title": "thesis-site content files",
        "files": {files: file_schemas()[f"{name}.schema.json"] for name, (files, _) in file_models().items()},
    }
