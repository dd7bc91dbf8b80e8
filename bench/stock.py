"""Stock builds of the pages thesis-site generated: MkDocs + Material as shipped, and Zensical.

After ``thesis-site build DIR``, ``DIR/.thesis-site/docs`` holds the generated
Markdown. ``stock_config`` writes ``DIR/.thesis-site/mkdocs.stock.yml``: the
same pages, navigation and Markdown extensions, with Material's defaults (no
theme overrides, no extra features such as navigation.prune, Material's own
search plugin), which is what a project on stock Material would build.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import yaml

KEPT = ("site_name", "site_description", "nav", "not_in_nav", "markdown_extensions", "extra_css", "extra_javascript")


def stock_config(project: Path) -> Path:
    """Write the stock configuration for the generated pages of ``project``; returns its path."""
    build = project / ".thesis-site"
    ours = yaml.safe_load((build / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = ours.get("theme") or {}
    config = {key: ours[key] for key in KEPT if key in ours}
    config.update(
        theme={"name": "material", "language": theme.get("language", "en")},
        plugins=["search"],
        docs_dir="docs",
        site_dir="stock-site",
        use_directory_urls=True,
    )
    path = build / "mkdocs.stock.yml"  # beside docs/: Zensical wants docs_dir inside the config's folder
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def timed_build(command: list[str], site: Path, env: dict[str, str], cwd: Path) -> float | str:
    """Seconds one build takes in a fresh process, or the reason it failed."""
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    ok = proc.returncode == 0 and (site / "index.html").is_file()
    shutil.rmtree(site, ignore_errors=True)
    if not ok:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        return lines[-1] if lines else f"exit status {proc.returncode}"
    return elapsed


def stock_mkdocs(project: Path, mkdocs: Path, env: dict[str, str]) -> float | str:
    """Stock MkDocs + Material on the generated pages."""
    config = stock_config(project)
    site = config.parent / "stock-site"
    return timed_build([str(mkdocs), "build", "-q", "-f", str(config), "-d", str(site)], site, env, config.parent)


def zensical(project: Path, binary: Path | None, env: dict[str, str]) -> float | str:
    """Zensical (Material's successor, reads mkdocs.yml) on the same stock configuration, if installed."""
    if binary is None or not binary.is_file():
        return "not installed (make bench installs it in .venv-zensical)"
    config = stock_config(project)
    site = config.parent / "stock-site"
    shutil.rmtree(config.parent / ".cache", ignore_errors=True)  # a cold build, like the others
    return timed_build([str(binary), "build", "-f", str(config)], site, env, config.parent)
