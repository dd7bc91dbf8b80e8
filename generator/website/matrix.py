"""Evidence matrices: informant × finding and informant × sub-category, each cell the quotes it counts."""

from __future__ import annotations

from dataclasses import dataclass

from ..index.components import components
from ..index.link import Graph
from ..source.models import Informant


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


MAX_CELLS = 2000  # above this, a matrix is split into its connected parts


def matrices(
    graph: Graph, prefix: str, caption: str, columns: list[Column], quotes_of: dict[str, list[str]]
) -> list[Matrix]:
    """One matrix per connected part; cells hold the quote ids of one informant for one column."""
    if not columns or not graph.corpus.informants:  # nothing to cross: no table (an empty one says nothing)
        return []
    informant_of = {q.id: q.informant for q in graph.corpus.quotes}
    cells: dict[tuple[str, str], list[str]] = {}
    for col in columns:
        for qid in quotes_of[col.id]:
            if qid in informant_of:
                cells.setdefault((informant_of[qid], col.id), []).append(qid)
    if len(graph.corpus.informants) * len(columns) <= MAX_CELLS:
        parts = [{f"i:{i.id}" for i in graph.corpus.informants} | {f"c:{c.id}" for c in columns}]
    else:  # too large for one readable table: one table per connected part
        parts = [set(part) for part in components([], [(f"i:{inf}", f"c:{col}") for inf, col in cells])]
    order = {f"c:{col.id}": n for n, col in enumerate(columns)}
    parts.sort(key=lambda part: min(order.get(x, len(order)) for x in part))
    out = []
    for n, part in enumerate(parts, start=1):
        rows = [inf for inf in graph.corpus.informants if f"i:{inf.id}" in part]
        cols = [col for col in columns if f"c:{col.id}" in part]
        name = prefix if len(parts) == 1 else f"{prefix}{n}"
        title = caption if len(parts) == 1 else graph.corpus.t("matrix.part", caption=caption, n=n, total=len(parts))
        part_cells = {(r.id, c.id): cells.get((r.id, c.id), []) for r in rows for c in cols}
        out.append(Matrix(name, title, cols, rows, part_cells))
    return out


def finding_matrix(graph: Graph) -> list[Matrix]:
    """Informant × finding."""
    findings = graph.corpus.findings
    assert graph.corpus.vocabulary is not None
    short = {fam.id: fam.short for fam in graph.corpus.vocabulary.finding_families}
    columns = [
        Column(f.id, f"{short[f.kind]}{f.number}" if f.number else f.title.split()[0], f.title) for f in findings
    ]
    return matrices(graph, "mh", graph.corpus.t("matrix.by_finding"), columns, {f.id: f.quotes for f in findings})


def category_matrix(graph: Graph) -> list[Matrix]:
    """Informant × sub-category (categories that file quotes)."""
    cats = [cat for cat, _ in graph.corpus.all_categories() if cat.quotes]
    columns = [Column(cat.id, str(i + 1), cat.name) for i, cat in enumerate(cats)]
    return matrices(graph, "mc", graph.corpus.t("matrix.by_category"), columns, {c.id: c.quotes for c in cats})
