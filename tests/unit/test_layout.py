"""The package layout shows the pipeline, and imports only go down it (generator/README.md).

source ← index ← cite ← check ← website ← output ← build ← importers, synth, serve ← cli

Every import of a generator module, at the top of a file or inside a function, is
checked against this table: a module may import its own rank or a lower one.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

GENERATOR = REPO / "generator"

# The stage of each package or top-level module; the shared tables rank with source.
RANKS = {
    "generator.errors": 0,
    "generator.source": 1,
    "generator.kinds": 1,
    "generator.urls": 1,
    "generator.i18n": 1,
    "generator.index": 2,
    "generator.cite": 3,
    "generator.check": 4,
    "generator.website": 5,
    "generator.output": 6,
    "generator.build": 7,
    "generator.importers": 8,
    "generator.synth": 8,
    "generator.serve": 8,
    "generator.cli": 9,
}
TOP_LEVEL = {"__init__", "cli", "build", "serve", "synth", "errors", "kinds", "urls"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def rank(module: str) -> int:
    if module == "generator":  # the package itself (its __init__ imports nothing)
        return 0
    for prefix in sorted(RANKS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return RANKS[prefix]
    raise AssertionError(f"{module} has no stage in RANKS: put it in a stage package (generator/README.md)")


def imports(path: Path, name: str | None = None) -> list[tuple[int, str]]:
    """(line, absolute module) of every generator import in a file, relative ones resolved."""
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:  # `from . import pandoc` imports the module generator.<...>.pandoc
                sub = f"{target}.{alias.name}"
                is_module = (REPO / (sub.replace(".", "/") + ".py")).is_file() or (
                    REPO / sub.replace(".", "/")
                ).is_dir()
                found.append((node.lineno, sub if is_module else target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return [(line, m) for line, m in found if m == "generator" or m.startswith("generator.")]


def test_imports_only_go_down_the_pipeline() -> None:
    upward = []
    for path in sorted(GENERATOR.rglob("*.py")):
        here = module_name(path)
        for line, target in imports(path):
            if target != "generator" and rank(target) > rank(here):
                upward.append(
                    f"{path.relative_to(REPO)}:{line}: {here} (rank {rank(here)}) imports {target} (rank {rank(target)})"
                )
    assert upward == []


def test_the_check_finds_an_upward_import(tmp_path: Path) -> None:
    """The rule above can fail: a source module that imported the website would be reported."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from ..website.render import Renderer\n\n\ndef f():\n    from .. import build\n", encoding="utf-8"
    )
    found = sorted(imports(probe, "generator.source.probe"))
    assert found == [(1, "generator.website.render"), (5, "generator.build")]
    assert all(rank(target) > rank("generator.source.probe") for _, target in found)


def test_every_module_belongs_to_a_stage() -> None:
    top = {p.stem for p in GENERATOR.glob("*.py")}
    assert top == TOP_LEVEL, "a new module goes into its stage's package (generator/README.md)"
    for path in GENERATOR.rglob("*.py"):
        rank(module_name(path))  # raises for a module outside every stage
    packages = {p.parent.relative_to(GENERATOR).as_posix() for p in GENERATOR.rglob("__init__.py")} - {"."}
    readme = (GENERATOR / "README.md").read_text(encoding="utf-8")
    assert all(f"{pkg.split('/')[-1]}/" in readme for pkg in packages), "generator/README.md maps every package"
