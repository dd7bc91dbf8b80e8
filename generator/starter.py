"""``thesis-site new``: copy a small starter project that builds, its addresses fixed in its own language."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from .kinds import url_names
from .resources import package_path

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


def create(target: Path, language: str = "es") -> None:
    """Copy the starter project of ``language`` into ``target`` (which must not exist or be empty)."""
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target}: folder exists and is not empty; choose a new folder")
    shutil.copytree(package_path("generator") / "starter" / language, target, dirs_exist_ok=True)
    thesis = target / "content" / "thesis.yml"
    thesis.write_text(thesis.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + urls_block(language), "utf-8")
