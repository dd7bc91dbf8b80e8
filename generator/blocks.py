"""The rich blocks of a section body (``ul``/``ol`` lists, tables, images): the prose they hold, the shape of a table.

``rich_texts`` gives the prose of these blocks to ``link.block_texts``, so
citations, formulas and footnote references inside them are found, checked
(``validate.py``) and rendered like those of a paragraph.
"""

from __future__ import annotations

from collections.abc import Iterator

from .models import Block, Cell, Entries, Item, ListEntry, Record, Section, Table

Text = tuple[str, Record, str]  # (text, record holding it, field of the record: 'text', 'ul.3', 'rows.2.1'...)


def entry_texts(entries: Entries, owner: Record, name: str) -> Iterator[Text]:
    """Texts of a ``ul``/``ol`` list and of its nested lists, in reading order."""
    for i, entry in enumerate(entries):
        if isinstance(entry, ListEntry):
            yield entry.text, entry, "text"
            for nested in ("ul", "ol"):
                if getattr(entry, nested):
                    yield from entry_texts(getattr(entry, nested), entry, nested)
        else:
            yield entry, owner, f"{name}.{i}"


def table_texts(table: Table) -> Iterator[Text]:
    """Caption, header cells, body cells and notes of a table, in reading order."""
    if table.caption:
        yield table.caption, table, "caption"
    for part in ("header", "rows"):
        for r, row in enumerate(getattr(table, part)):
            for c, cell in enumerate(row):
                yield (cell.text, cell, "text") if isinstance(cell, Cell) else (cell, table, f"{part}.{r}.{c}")
    if table.notes:
        yield table.notes, table, "notes"


def rich_texts(block: Block) -> Iterator[Text]:
    """Prose held by a ``ul``, ``ol``, ``table`` or ``image`` block."""
    for name in ("ul", "ol"):
        entries = getattr(block, name)
        if entries:
            yield from entry_texts(entries, block, name)
    if block.table is not None:
        yield from table_texts(block.table)
    if block.image is not None and block.image.caption:
        yield block.image.caption, block.image, "caption"


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
    """The text a section page prints of its own: paragraphs, headings, excerpts, list items, the prose of lists,
    tables and captions, footnotes (the index of concepts searches it; the whole thesis counts its words)."""

    def of_items(items: list[Item]) -> list[str]:
        return [t for item in items for t in (item.title, item.text, *of_items(item.items)) if t]

    texts: list[str] = []
    for block in sec.blocks:
        if block.p:
            texts.append(block.p)
        elif block.h:
            texts.append(block.h)
        elif block.excerpt:
            texts.append(block.excerpt.text)
        elif block.list:
            texts += of_items(block.list.items)
        texts += [text for text, _, _ in rich_texts(block)]  # lists, tables, captions
    return texts + [note.text for note in sec.footnotes]
