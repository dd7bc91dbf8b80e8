"""Evidence matrices: informant × finding and informant × sub-category, each cell the quotes it counts."""

from __future__ import annotations

from dataclasses import dataclass

from .link import Graph
from .models import Informant


@dataclass(frozen=True)
class Column:
    """One column of a matrix (a finding or a category)."""

    id: str
    short: str  # header text
    label: str  # full name, for the header's title and caption


@dataclass(frozen=True)
class Matrix:
    """Rows are informants, columns findings or categories; cells list quote ids."""

    id: str
    caption: str
    columns: list[Column]
    rows: list[Informant]
    cells: dict[tuple[str, str], list[str]]

    def anchor(self, informant: str, column: str) -> str:
        """Anchor of the list of quotes behind one cell."""
        return f"{self.id}-{informant.lower()}-{column}"


SHORT = {"motivacion": "M", "estrategia": "E", "impacto": "I", "aspecto": "A"}


def finding_matrix(graph: Graph) -> Matrix:
    """Informant × finding."""
    c = graph.corpus
    columns = []
    for f in c.findings:
        short = f"{SHORT[f.kind]}{f.number}" if f.number else f.title.split()[0]
        columns.append(Column(f.id, short, f.title))
    by_id = {q.id: q for q in c.quotes}
    cells = {
        (inf.id, f.id): [q for q in f.quotes if by_id.get(q) and by_id[q].informant == inf.id]
        for inf in c.informants
        for f in c.findings
    }
    return Matrix("mh", "Informante × hallazgo: número de citas", columns, list(c.informants), cells)


def category_matrix(graph: Graph) -> Matrix:
    """Informant × sub-category (categories that file quotes)."""
    c = graph.corpus
    cats = [cat for cat, _ in c.all_categories() if cat.quotes]
    by_id = {q.id: q for q in c.quotes}
    columns = [Column(cat.id, str(i + 1), cat.name) for i, cat in enumerate(cats)]
    cells = {
        (inf.id, cat.id): [q for q in cat.quotes if by_id.get(q) and by_id[q].informant == inf.id]
        for inf in c.informants
        for cat in cats
    }
    return Matrix("mc", "Informante × subcategoría: número de citas", columns, list(c.informants), cells)
