from pathlib import Path

from generator.errors import Problems
from generator.source.load import decode_utf8, parse_yaml


def test_lines_of_every_node() -> None:
    problems = Problems()
    doc = parse_yaml("a: 1\nb:\n  - x: 2\n    y: 3\n  - z\n", "f.yml", problems)
    assert doc is not None and not problems.items
    assert doc.data == {"a": 1, "b": [{"x": 2, "y": 3}, "z"]}
    assert doc.line_of(("b", 0, "y")) == 4
    assert doc.line_of(("b", 1)) == 5
    assert doc.line_of(("b", 0, "missing")) == 3  # falls back to the nearest node


def test_duplicate_keys_are_errors_not_silently_merged() -> None:
    problems = Problems()
    parse_yaml("a: 1\nb: 2\na: 3\n", "f.yml", problems)
    assert [str(p) for p in problems.errors] == ["f.yml:3: duplicate key 'a' (first defined on line 1)"]


def test_syntax_error_has_line() -> None:
    problems = Problems()
    assert parse_yaml("a: [1, 2\nb: 3\n", "f.yml", problems) is None
    assert problems.errors[0].line == 2
    assert "YAML syntax error" in problems.errors[0].message


def test_non_utf8_reports_line_of_bad_byte() -> None:
    problems = Problems()
    assert decode_utf8(b"ok\nok\nPer\xfa\n", "f.yml", problems) is None
    assert str(problems.errors[0]) == "f.yml:3: not valid UTF-8 (byte 0xfa); save the file as UTF-8"


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    problems = Problems()
    assert parse_yaml("", "f.yml", problems) is None
    assert problems.errors[0].message == "file is empty"
