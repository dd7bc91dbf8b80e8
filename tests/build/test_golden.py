"""Golden test: the Markdown generated for the minimal fixture, file by file.

Regenerate after an intended change with `make golden` (UPDATE_GOLDEN=1) and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.conftest import TESTS, make_project

GOLDEN = TESTS / "golden" / "minimal"


def test_generated_markdown_matches_golden(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "p")
    assert cli("build", str(project)).code == 0
    docs = project / ".thesis-site" / "docs"
    produced = {p.relative_to(docs).as_posix(): p.read_text("utf-8") for p in docs.rglob("*.md")}
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, text in produced.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text("utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(produced) == sorted(expected)
    for rel in expected:
        assert produced[rel] == expected[rel], f"{rel} differs from the golden copy (make golden to update)"
