"""The rich blocks of a section body (``ul``/``ol`` lists, tables, images): the shape of a table, a section's text.

The prose these blocks hold is read like any other from the models' marks
(``prose.py``), so citations, formulas and footnote references inside them are
found, checked (``validate.py``) and rendered like those of a paragraph.
"""

from __future__ import annotations

from . import prose
from .models import Cell, Section


def widths(rows: list[list[str | Cell]]) -> list[int]:
    """Columns each row takes, counting cells that span columns and cells of rows above that span into it."""
    above: dict[int, int] = {}  # column -> further rows a cell from above still takes
    out = []
    for row in rows:
        taken = set(above)
        below: dict[int, int] = {c: n - 1 for c, n in above.items() if n > 1}
        col = 0
        for cell in row:
            while col in taken:
                col += 1
            span, down = (cell.colspan, cell.rowspan) if isinstance(cell, Cell) else (1, 1)
            for c in range(col, col + span):
                if down > 1:
                    below[c] = down - 1
            col += span
        out.append(max([col, *(c + 1 for c in taken)]))
        above = below
    return out


def section_texts(sec: Section) -> list[str]:
    """The prose a section page prints of its own (``prose.texts``: paragraphs, headings, excerpts, list items,
    lists, tables, captions, footnotes; not its sub-sections'): the index of concepts searches it, the whole
    thesis counts its words."""
    return [text for text, _, _ in prose.texts(sec, apart=(Section,))]
