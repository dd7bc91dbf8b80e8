"""``thesis-site new``: copy a small starter project that builds."""

from __future__ import annotations

import shutil
from pathlib import Path

STARTER = Path(__file__).resolve().parent / "starter"


def create(target: Path) -> None:
    """Copy the starter project into ``target`` (which must not exist or be empty)."""
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target}: folder exists and is not empty; choose a new folder")
    shutil.copytree(STARTER, target, dirs_exist_ok=True)
