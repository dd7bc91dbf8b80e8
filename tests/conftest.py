"""Shared helpers: build fixture projects into tmp_path and run the CLI in-process."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
REPO = TESTS.parent


@dataclass
class Run:
    code: int
    out: str
    err: str


def make_project(dest: Path, case: str = "minimal") -> Path:
    """Copy the minimal fixture into ``dest``, then overlay the files of ``case`` (and delete those in _delete)."""
    shutil.copytree(FIXTURES / "minimal", dest)
    if case != "minimal":
        overlay = FIXTURES / case
        for path in overlay.rglob("*"):
            rel = path.relative_to(overlay)
            if path.is_file() and rel.name not in ("expected.txt", "_delete"):
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, dest / rel)
        delete = overlay / "_delete"
        if delete.is_file():
            for rel in delete.read_text().split():
                (dest / rel).unlink()
    return dest


def copy_real_project(dest: Path) -> Path:
    """Copy the repository's own thesis project (content/, bibliography.bib, mkdocs.yml)."""
    dest.mkdir(parents=True)
    shutil.copytree(REPO / "content", dest / "content")
    shutil.copyfile(REPO / "bibliography.bib", dest / "bibliography.bib")
    shutil.copyfile(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` (relative path -> digest)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``thesis-site ARGS`` in-process; returns exit code and captured output."""

    def run(*args: str) -> Run:
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's thesis, built once per test session into a temporary folder."""
    from generator.build import build_project

    project = copy_real_project(tmp_path_factory.mktemp("thesis") / "p")
    build_project(project)
    return project / "site"


SPLIT_LIMITS = {"references": 30, "antecedents": 6, "quotes": 12, "findings": 5, "categories": 5, "glossary": 8,
                "informants": 4, "figures": 8, "matrix": 30, "concepts": 30}  # fmt: skip


@pytest.fixture(scope="session")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's thesis built with list-page limits far below its size, so every list page is split."""
    from generator.build import build_project
    from generator.website import split

    with pytest.MonkeyPatch.context() as mp:
        for name, limit in SPLIT_LIMITS.items():
            mp.setitem(split.MAX_ENTRIES, name, limit)
        mp.setattr(split, "HOME_MAX_PER_FAMILY", 2)
        project = copy_real_project(tmp_path_factory.mktemp("split") / "p")
        build_project(project)
    return project / "site"
