"""Editor help: one JSON Schema per content file, the line that points an editor at it in every starter file,
the starters and the annotated example project valid against them (jsonschema, as the YAML language server
would check them), field descriptions written for any thesis."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.source import models
from generator.source.resources import package_path
from generator.source.schema import MODELINE, file_schemas, modeline, schema_of, schema_texts
from tests.conftest import REPO

STARTERS = [package_path("generator") / "starter" / language for language in ("es", "en")]
EXAMPLE = REPO / "docs" / "example"


def content_files(project: Path) -> list[Path]:
    return sorted((project / "content").rglob("*.yml"))


def validate_project(project: Path, schemas: dict[str, dict]) -> list[str]:
    """Every content file of ``project`` against the schema its first line names (resolved from the file)."""
    problems = []
    for path in content_files(project):
        rel = path.relative_to(project / "content").as_posix()
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if first != modeline(rel):
            problems.append(f"{rel}: first line is {first!r}")
            continue
        schema_path = (path.parent / first.removeprefix(MODELINE)).resolve()
        schema = schemas.get(schema_path.name)
        if schema is None:
            problems.append(f"{rel}: no schema {schema_path.name}")
            continue
        validator = jsonschema.Draft202012Validator(schema)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        problems += [f"{rel}: {'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(data)]
    return problems


def test_schema_out_writes_one_schema_per_content_file(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("schema", "--out", str(tmp_path / "schema")).code == 0
    written = {p.name: json.loads(p.read_text("utf-8")) for p in (tmp_path / "schema").iterdir()}
    assert set(written) >= {"thesis.schema.json", "vocabulary.schema.json", "section.schema.json",
                            "quotes.schema.json", "informants.schema.json", "findings.schema.json",
                            "categories.schema.json", "figures.schema.json", "antecedents.schema.json",
                            "glossary.schema.json"}  # fmt: skip
    for schema in written.values():
        jsonschema.Draft202012Validator.check_schema(schema)
        root = schema["$defs"][schema["$ref"].rsplit("/", 1)[1]] if "$ref" in schema else schema
        assert root["additionalProperties"] is False  # a misspelt field is underlined in the editor
    quote = written["quotes.schema.json"]["$defs"]["Quote"]
    assert quote["properties"]["text"]["description"]  # what the editor shows on hover
    assert schema_of("sections/01-intro.yml") == "section.schema.json"
    assert schema_of("imported/quotes.yml") == "quotes.schema.json"
    assert modeline("sections/01-intro.yml") == "# yaml-language-server: $schema=../../schema/section.schema.json"


@pytest.mark.parametrize("starter", STARTERS, ids=lambda p: p.name)
def test_every_starter_file_points_at_its_schema_and_is_valid(starter: Path) -> None:
    assert content_files(starter)
    assert validate_project(starter, file_schemas()) == []


def test_a_new_project_carries_its_schemas(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "p"
    assert cli("new", str(project), "--language", "en").code == 0
    schemas = {p.name: json.loads(p.read_text("utf-8")) for p in (project / "schema").iterdir()}
    assert validate_project(project, schemas) == []  # offline: the first line of each file leads to schema/


def test_a_schema_rejects_what_check_rejects() -> None:
    validator = jsonschema.Draft202012Validator(file_schemas()["quotes.schema.json"])
    assert not validator.is_valid({"quotes": [{"id": "p01-01", "informant": "P01", "txt": "…"}]})
    assert not validator.is_valid({"quotes": [{"id": "P01 01", "informant": "P01", "text": "…"}]})
    assert validator.is_valid({"quotes": [{"id": "p01-01", "informant": "P01", "text": "…"}]})


def test_the_annotated_example_is_valid_current_and_builds(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    kept = {p.name: p.read_text("utf-8") for p in (EXAMPLE / "schema").iterdir()}
    assert kept == schema_texts(), "regenerate: thesis-site schema --out docs/example/schema"
    assert validate_project(EXAMPLE, file_schemas()) == []
    names = {p.relative_to(EXAMPLE / "content").as_posix() for p in content_files(EXAMPLE)}
    assert names >= {"thesis.yml", "vocabulary.yml", "informants.yml", "quotes.yml", "findings.yml",
                     "categories.yml", "figures.yml", "antecedents.yml", "glossary.yml"}  # fmt: skip
    import shutil

    copy = tmp_path / "example"
    shutil.copytree(EXAMPLE, copy)
    run = cli("check", str(copy), "--strict")
    assert run.code == 0, run.err
    assert cli("build", str(copy)).code == 0


def test_the_repository_thesis_is_valid_against_the_schemas() -> None:
    schemas = file_schemas()
    for path in content_files(REPO):
        rel = path.relative_to(REPO / "content").as_posix()
        name = schema_of(rel)
        if name is None:
            continue
        errors = list(
            jsonschema.Draft202012Validator(schemas[name]).iter_errors(yaml.safe_load(path.read_text("utf-8")))
        )
        assert [e.message for e in errors] == [], rel


def descriptions(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["description"]] if isinstance(node.get("description"), str) else []
        return own + [d for value in node.values() for d in descriptions(value)]
    if isinstance(node, list):
        return [d for value in node for d in descriptions(value)]
    return []


def test_field_descriptions_are_written_for_any_thesis() -> None:
    text = "\n".join(descriptions(file_schemas()))
    for word in ("Puno", "seed", "DMPP", "citas/", "secciones/", "hallazgos/", "chapter 1.2"):
        assert word not in text, word
    for model in vars(models).values():
        if isinstance(model, type) and issubclass(model, models.Record) and model is not models.Record:
            assert [name for name, f in model.model_fields.items() if not f.description] == [], model.__name__
