"""Prose: every text of a record that the site prints through ``prose()``, read from the models' marks.

A model marks its prose fields (``models.PROSE``) and its citation keys printed
as citations (``models.CITE_KEY``); nothing else lists them. ``texts`` walks a
record with those marks, into the records it holds (blocks, list items, table
cells, leads, abstracts...), so the check (unknown citation keys, footnote
references, formulas), the id graph (cited in, the citations formatted in one
batch) and the renderer see the same texts. ``link.text_fields`` says on which
page each record's texts are listed; a test renders a site and checks that every
text the templates pass to ``prose()`` is one ``texts`` gives.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from .models import Record, prose_mark

Text = tuple[str, Record, str]  # (text, record holding it, field: 'p', 'interpretation.2', 'rows.2.1'...)


def texts(record: Record, apart: tuple[type[Record], ...] = ()) -> Iterator[Text]:
    """Every prose text of ``record`` and of the records it holds, in field order (the order a page prints them),
    except inside records of the ``apart`` types (those with a place of their own: sub-sections...)."""
    for name, mark in plan(type(record)):
        value = getattr(record, name)
        if value is None:
            continue
        if mark == "key":
            yield f"@{value}", record, name
        elif mark == "text":
            yield from _within(value, record, name, apart)
        else:
            for held in _records(value):
                if not isinstance(held, apart):
                    yield from texts(held, apart)


def _within(value: Any, owner: Record, name: str, apart: tuple[type[Record], ...]) -> Iterator[Text]:
    """Texts of a prose field's value: a text, a record (its own prose), or lists of them ('ul.3', 'rows.2.1')."""
    if isinstance(value, str):
        yield value, owner, name
    elif isinstance(value, Record):
        if not isinstance(value, apart):
            yield from texts(value, apart)
    elif isinstance(value, list):
        for i, entry in enumerate(value):
            yield from _within(entry, owner, f"{name}.{i}", apart)


def _records(value: Any) -> Iterator[Record]:
    """The records a field holds (itself, or those of a list)."""
    if isinstance(value, Record):
        yield value
    elif isinstance(value, list):
        for entry in value:
            yield from _records(entry)


@cache
def plan(model: type[Record]) -> tuple[tuple[str, str], ...]:
    """The fields ``texts`` reads of a model: (name, 'text' | 'key' | 'records'), the fields that can hold
    neither prose nor records left out (read once per model)."""
    out = []
    for name, info in model.model_fields.items():
        mark = prose_mark(model, name)
        if mark is not None:
            out.append((name, mark))
        elif holds_records(info.annotation):
            out.append((name, "records"))
    return tuple(out)


def holds_records(annotation: Any) -> bool:
    """Whether a field's type can hold a record (``Block``, ``list[Item]``, ``Abstract | None``...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list, typing.Annotated) or isinstance(
        annotation, types.GenericAlias
    ):
        return any(holds_records(arg) for arg in typing.get_args(annotation))
    return False


def prose_fields() -> dict[type[Record], list[str]]:
    """Every marked field of every content model: model -> names (the registry, for tests and the docs)."""
    found: dict[type[Record], list[str]] = {}
    pending: list[type[Record]] = [Record]
    while pending:
        for model in pending.pop().__subclasses__():
            pending.append(model)
            names = [name for name in model.model_fields if prose_mark(model, name)]
            if names:
                found[model] = names
    return found
