"""The tool's own files: default templates, theme overrides, assets, message catalogs and starters.

They ship inside the package and are read with ``importlib.resources``. The
repository keeps the default templates in its top-level ``site_templates/``;
``pyproject.toml`` maps that folder to the package ``generator.site_templates``
(``package-dir``), so a wheel carries it and an editable install finds it.

A project may hold its own ``site_templates/`` (``pages/``, ``partials/``,
``theme/``, ``assets/``): each file there replaces the default file of the same
path, as MkDocs' ``custom_dir`` does for theme files.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PROJECT_TEMPLATES = "site_templates"


def package_path(package: str) -> Path:
    """A folder of package data as a file-system path (wheels are installed unzipped)."""
    root = resources.files(package)
    path = Path(str(root))
    if not path.is_dir():  # pragma: no cover - zipped installs are not supported
        raise RuntimeError(f"package data of {package} is not on the file system")
    return path


def default_templates() -> Path:
    """The default template set (pages/, partials/, theme/, assets/)."""
    return package_path("generator.site_templates")


def template_dirs(project: Path | None) -> list[Path]:
    """Template folders in lookup order: the project's own first, then the defaults."""
    own = project / PROJECT_TEMPLATES if project is not None else None
    return ([own] if own is not None and own.is_dir() else []) + [default_templates()]


def merged_files(project: Path | None, sub: str) -> dict[str, Path]:
    """Every file of ``sub`` (theme/, assets/) by relative path: defaults, overridden file by file by the project's."""
    files: dict[str, Path] = {}
    for folder in reversed(template_dirs(project)):
        base = folder / sub
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    files[path.relative_to(base).as_posix()] = path
    return dict(sorted(files.items()))
