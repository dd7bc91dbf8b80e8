"""Every kind of bad input: exact `path:line: message`, exit 2, no traceback, old site kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, make_project, tree_digest

CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.txt").is_file())


def test_there_is_a_fixture_per_error_kind() -> None:
    assert set(CASES) >= {
        "yaml_syntax",
        "non_utf8",
        "duplicate_key",
        "unknown_field",
        "missing_field",
        "wrong_type",
        "duplicate_id",
        "unknown_informant",
        "unknown_ids",
        "unknown_citation",
        "missing_bib",
        "malformed_bib",
        "missing_content_file",
    }


@pytest.mark.parametrize("case", CASES)
def test_check_reports_exact_problems(case: str, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "p", case)
    run = cli("check", str(project))
    expected = (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert run.code == 2
    lines = [line for line in run.err.splitlines() if not line.endswith("problem(s)")]
    assert lines == expected
    assert "Traceback" not in run.err


@pytest.mark.parametrize("case", CASES)
def test_failed_build_keeps_previous_site(case: str, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    good = make_project(tmp_path / "good")
    assert cli("build", str(good)).code == 0
    before = tree_digest(good / "site")
    assert before
    bad = make_project(tmp_path / "bad", case)
    (good / "site").rename(bad / "site")
    run = cli("build", str(bad))
    assert run.code == 2
    assert "previous site/ was kept" in run.err
    assert tree_digest(bad / "site") == before


def test_cli_subprocess_prints_no_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", "unknown_ids")
    proc = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", str(project)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0].startswith("content/findings.yml:8: unknown section or item")
