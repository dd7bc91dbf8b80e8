"""A new author's mistakes, as `thesis-site check` reports them: all at once, each with a hint that helps.

The project is the English starter (`thesis-site new --language en`), so the hints name the ids a
newcomer actually wrote (P01…P03, zero-padded).
"""

from __future__ import annotations

from pathlib import Path

import pytest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def starter(tmp_path: Path, cli) -> Path:  # type: ignore[no-untyped-def]
    project = tmp_path / "mythesis"
    assert cli("new", str(project), "--language", "en").code == 0
    return project


def problems(cli, project: Path, *flags: str) -> list[str]:  # type: ignore[no-untyped-def]
    run = cli("check", str(project), *flags)
    assert "Traceback" not in run.err
    return [line for line in run.err.splitlines() if not line.endswith("problem(s)")]


def test_five_mistakes_in_five_files_are_reported_at_once(starter: Path, cli) -> None:  # type: ignore[no-untyped-def]
    content = starter / "content"
    edit(content / "findings.yml", 'p. 12]."', "p. 12].")  # 1. a quoted text left open: YAML syntax error
    edit(content / "quotes.yml", "informant: P03", "informant: P3")  # 2. the code without its zero
    edit(content / "sections" / "01-introduction.yml", "@smith2020]", "@smith202]")  # 3. a mistyped citation key
    edit(content / "informants.yml", "group: resident", "group: residents")  # 4. a group the vocabulary lacks
    edit(content / "thesis.yml", "year:", "yaer:")  # 5. a mistyped field
    assert problems(cli, starter) == [
        "content/findings.yml:15: YAML syntax error: did not find expected key (while parsing a block mapping "
        "started on line 3); the text in double quotes opened on line 7 is not closed there",
        "content/informants.yml:11: unknown participant group 'residents' "
        "(did you mean 'resident'? declared: staff, resident)",
        "content/quotes.yml:10: unknown informant 'P3' (did you mean 'P03'?)",
        "content/sections/01-introduction.yml:18: unknown citation key 'smith202' (did you mean 'smith2020'?)",
        "content/thesis.yml:6: unknown field 'yaer' (did you mean 'year'?)",
    ]


def test_hints_show_ids_as_written_and_near_matches_of_every_kind(starter: Path, cli) -> None:  # type: ignore[no-untyped-def]
    content = starter / "content"
    edit(content / "quotes.yml", "informant: P03", "informant: P04")
    edit(content / "findings.yml", "quotes: [p02-01]", "quotes: [p02-1]")
    edit(content / "sections" / "01-introduction.yml", "- quote: p03-01", "- finding: Theme-1")
    (content / "categories.yml").write_text(
        "categories:\n  - id: cat-portal\n    name: Portal\n    quotes: [p01-01]\n", encoding="utf-8"
    )
    (content / "figures.yml").write_text(
        "figures:\n  - id: fig-01\n    number: 1\n    caption: Portal\n    category: cat-portals\n", encoding="utf-8"
    )
    assert problems(cli, starter) == [
        "content/figures.yml:5: unknown category 'cat-portals' (did you mean 'cat-portal'?)",
        "content/findings.yml:16: unknown quote 'p02-1' (did you mean 'p02-01'?)",
        "content/quotes.yml:10: unknown informant 'P04' (known: P01…P03)",
        "content/sections/01-introduction.yml:21: unknown finding 'Theme-1' (did you mean 'theme-1'?)",
    ]


def test_a_duplicate_id_is_one_error_not_a_follow_on_unknown(starter: Path, cli) -> None:  # type: ignore[no-untyped-def]
    content = starter / "content"
    edit(content / "findings.yml", "id: subtheme-1", "id: background")  # a finding with a section's id
    edit(content / "sections" / "01-introduction.yml", "- quote: p03-01", "- finding: background")
    assert problems(cli, starter) == [
        "content/findings.yml:11: duplicate id 'background' (first defined at content/sections/01-introduction.yml:14)"
    ]  # and no "unknown finding 'background' (did you mean 'theme-1'?)" for the finding the block names


def test_a_record_with_errors_is_not_reported_again_as_unknown(starter: Path, cli) -> None:  # type: ignore[no-untyped-def]
    content = starter / "content"
    edit(content / "quotes.yml", "    informant: P01\n", "    informant: P01\n    said_by: P01\n")
    edit(content / "informants.yml", "role: IT officer", "rol: IT officer")
    assert problems(cli, starter) == [
        "content/informants.yml:6: missing required field 'role'",
        "content/informants.yml:7: unknown field 'rol' (did you mean 'role'?)",
        "content/quotes.yml:5: unknown field 'said_by'",
    ]  # P02 and p01-01 exist, with errors: no 'unknown informant' or 'unknown quote' follows


def test_a_finding_without_evidence_warns_and_strict_makes_it_an_error(starter: Path, cli) -> None:  # type: ignore[no-untyped-def]
    edit(starter / "content" / "findings.yml", "    quotes: [p02-01]\n", "")
    edit(
        starter / "content" / "sections" / "01-introduction.yml",
        "- quote: p03-01",
        "- quote: p02-01\n      - quote: p03-01",
    )
    run = cli("check", str(starter))
    assert run.code == 0
    warning = (
        "content/findings.yml:11: warning: finding 'subtheme-1' has no evidence: list the quotes that support it "
        "in 'quotes' (its page says that no interview quote is given)"
    )
    assert warning in run.err.splitlines()
    assert "findings without supporting quotes: 1" in run.out
    strict = cli("check", str(starter), "--strict")
    assert strict.code == 2 and warning in strict.err.splitlines()
