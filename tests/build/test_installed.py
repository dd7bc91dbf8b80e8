"""The tool installed from a wheel, as a user gets it: no checkout, no editable install.

Builds a wheel of the repository, installs it (non-editable) into a fresh
virtualenv, then runs ``thesis-site new`` and ``thesis-site build`` from a
folder outside the repository. Run alone with ``pytest -m installed``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.installed


def run(*args: str | Path, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{args}: {proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def tool(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``thesis-site`` of a fresh venv where only the wheel (plus its dependencies) is installed."""
    base = tmp_path_factory.mktemp("installed")
    source = base / "source"  # a copy, so that setuptools' build/ and egg-info never land in the checkout
    skip = shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "site", ".thesis-site", "build", "*.egg-info", "tests"
    )
    shutil.copytree(REPO, source, ignore=skip)
    wheels = base / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, source, cwd=base)
    (wheel,) = wheels.glob("thesis_site-*.whl")
    venv = base / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=base)  # pip of this interpreter installs into it
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-compile", wheel, cwd=base)
    where = run(python, "-c", "import generator, sys; print(generator.__file__); print(sys.path)", cwd=base)
    assert str(venv) in where.splitlines()[0], where  # the installed copy, not the checkout
    assert str(REPO) not in where and str(source) not in where
    return venv / "bin" / "thesis-site"


def test_installed_tool_builds_a_starter_outside_the_checkout(tool: Path, tmp_path: Path) -> None:
    work = tmp_path / "elsewhere"
    work.mkdir()
    run(tool, "new", "es-thesis", cwd=work)
    run(tool, "build", "es-thesis", cwd=work)
    site = work / "es-thesis" / "site"
    html = (site / "index.html").read_text(encoding="utf-8")
    loaded = re.findall(r'<script[^>]+src="([^"]+)"', html) + re.findall(
        r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html
    )
    assert len(loaded) >= 4, loaded
    for ref in loaded:
        assert not re.match(r"(https?:)?//", ref), ref  # every script and stylesheet is inside the site
        assert (site / ref.split("?")[0].split("#")[0]).is_file(), ref
    for path in (work / "es-thesis").rglob("*"):  # no absolute path of the machine in any output
        if path.is_file() and path.suffix in (".html", ".md", ".yml", ".json", ".xml", ".js", ".css"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert str(tmp_path) not in text and str(REPO) not in text, path


def test_installed_tool_builds_an_english_starter(tool: Path, tmp_path: Path) -> None:
    run(tool, "new", "en-thesis", "--language", "en", cwd=tmp_path)
    run(tool, "build", "en-thesis", cwd=tmp_path)
    html = (tmp_path / "en-thesis" / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html and "Question of the thesis" in html


def test_a_project_template_overrides_the_default_file_by_file(tool: Path, tmp_path: Path) -> None:
    run(tool, "new", "p", cwd=tmp_path)
    own = tmp_path / "p" / "site_templates"
    (own / "assets").mkdir(parents=True)
    (own / "assets" / "thesis.css").write_text("/* mine */\n", encoding="utf-8")
    run(tool, "build", "p", cwd=tmp_path)
    site = tmp_path / "p" / "site"
    assert (site / "assets" / "thesis.css").read_text(encoding="utf-8") == "/* mine */\n"
    assert (site / "assets" / "thesis.js").is_file()  # the other defaults stay


def test_every_module_of_the_package_is_in_the_wheel(tool: Path, tmp_path: Path) -> None:
    """A sub-package left out of pyproject's list would install nothing for a whole command."""
    python = tool.parent / "python"
    script = (
        "import importlib, pkgutil, generator\n"
        "names = [m.name for m in pkgutil.walk_packages(generator.__path__, 'generator.')]\n"
        "[importlib.import_module(n) for n in names]\n"
        "print('\\n'.join(names))\n"
    )
    installed = set(run(python, "-c", script, cwd=tmp_path).split())
    in_checkout = {
        ("generator." + ".".join(p.relative_to(REPO / "generator").with_suffix("").parts)).removesuffix(".__init__")
        for p in (REPO / "generator").rglob("*.py")
    } - {"generator"}
    assert in_checkout - installed == set()


def test_installed_tool_imports_a_word_thesis_and_a_qdpx(tool: Path, tmp_path: Path) -> None:
    fixtures = REPO / "tests" / "fixtures"
    run(tool, "import", "docx", fixtures / "docx" / "en-interviews-bolton.docx", "word", cwd=tmp_path)
    assert (tmp_path / "word" / "content" / "imported" / "docx" / "report.md").is_file()
    run(tool, "build", "word", cwd=tmp_path)
    assert (tmp_path / "word" / "site" / "index.html").is_file()
    run(tool, "import", "qdpx", fixtures / "qdpx" / "atlas-target-atlas-project.qdpx", "qda", cwd=tmp_path)
    run(tool, "build", "qda", cwd=tmp_path)
    assert (tmp_path / "qda" / "site" / "index.html").is_file()
