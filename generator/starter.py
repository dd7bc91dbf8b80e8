"""``thesis-site new``: copy a small starter project that builds."""

from __future__ import annotations

import shutil
from pathlib import Path

from .resources import package_path


def create(target: Path, language: str = "es") -> None:
    """Copy the starter project of ``language`` into ``target`` (which must not exist or be empty)."""
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target}: folder exists and is not empty; choose a new folder")
    shutil.copytree(package_path("generator") / "starter" / language, target, dirs_exist_ok=True)
