"""Problems found in a project, reported as ``path:line: message``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one place of the project."""

    path: str
    line: int
    message: str
    severity: Severity = "error"
    category: str = "content"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass
class Problems:
    """Collects every problem of a run so they can be reported at once, sorted."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, message: str, category: str = "content") -> None:
        """Record an error (the build fails)."""
        self.items.append(Problem(path, max(line, 1), message, "error", category))

    def warn(self, path: str, line: int, message: str, category: str = "audit") -> None:
        """Record a warning (an error only under --strict)."""
        self.items.append(Problem(path, max(line, 1), message, "warning", category))

    @property
    def errors(self) -> list[Problem]:
        """Errors, sorted by path, line and message, without duplicates."""
        return sorted({p for p in self.items if p.severity == "error"})

    @property
    def warnings(self) -> list[Problem]:
        """Warnings, sorted, without duplicates."""
        return sorted({p for p in self.items if p.severity == "warning"})


class ContentError(Exception):
    """Raised to stop a run when the content has errors; carries all of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} content error(s)")
        self.problems = problems


class BuildError(Exception):
    """Raised when MkDocs fails on the generated Markdown (a bug or a bad mkdocs.yml)."""
