"""``thesis-site new``, and what every new project gets whoever makes it (the importers too).

A new project gets its addresses in its own language, fixed once in its
``thesis.yml`` (``urls_block``), the editor schemas of its content files in
``schema/`` (``new_project_files``), and content files whose first line points
an editor at their schema (``content_file``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from ..kinds import url_names
from .resources import package_path
from .schema import SCHEMA_DIR, modeline, schema_texts

URLS_COMMENT = (
    "# The folder and file names of the site's addresses, fixed when the project was created.\n"
    "# Once the site is published, never change them: every link to it would break.\n"
)


def urls_block(language: str) -> str:
    """The ``urls:`` block of a new project's thesis.yml: the folder names of ``language``, written once.

    Every way of creating a project (``thesis-site new``, ``import qdpx``, ``import docx``) writes it, so a
    project's addresses never depend on the tool's defaults or on a later change of its language.
    """
    return URLS_COMMENT + yaml.safe_dump({"urls": url_names(language)}, sort_keys=False, allow_unicode=True)


def starter_dir(language: str) -> Path:
    """The starter project of ``language`` (package data)."""
    return package_path("generator") / "starter" / language


def vocabulary_file(language: str) -> Path | None:
    """The starter's ``content/vocabulary.yml`` of ``language``, when it has one (the English starter)."""
    path = starter_dir(language) / "content" / "vocabulary.yml"
    return path if path.is_file() else None


def content_file(rel: str, text: str) -> str:
    """``text`` of ``content/<rel>`` with the first line that points an editor at its schema."""
    return f"{modeline(rel)}\n{text}"


def new_project_files(language: str) -> dict[str, str]:
    """Files every new project gets besides its own content (path → text): the editor schemas of its content
    files and, when the starter of ``language`` has one, its vocabulary."""
    files = {f"{SCHEMA_DIR}/{name}": text for name, text in schema_texts().items()}
    vocabulary = vocabulary_file(language)
    if vocabulary is not None:
        files["content/vocabulary.yml"] = vocabulary.read_text(encoding="utf-8")
    return files


def create(target: Path, language: str = "es") -> None:
    """Copy the starter project of ``language`` into ``target`` (which must not exist or be empty)."""
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target}: folder exists and is not empty; choose a new folder")
    shutil.copytree(starter_dir(language), target, dirs_exist_ok=True)
    thesis = target / "content" / "thesis.yml"
    thesis.write_text(thesis.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + urls_block(language), "utf-8")
    for rel, text in new_project_files(language).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text(text, encoding="utf-8")
