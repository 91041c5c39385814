"""Bulk conversion: a recognised file's values by field, a column at a time.

:func:`to_fields` in base.py converts a row at a time, which is right for a roster or an LMS
export; a usage snapshot of 100,000 licensed users, a dozen of them in one sitting, must not
cost a Python statement per row. :func:`to_columns` gives the same values (it converts with
the same function) as one list per field.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import overload

from tracker.domain.dates import DateParseError, slashed_order
from tracker.domain.importing import RowError
from tracker.domain.layouts.base import _TEXT_FIELDS as TEXT_FIELDS
from tracker.domain.layouts.base import FIELDS, Recognition, _convert


@dataclass
class FieldColumns:
    """A file's values by field, one list per field in row order: what a bulk importer (the
    usage import, hundreds of thousands of rows per file) reads instead of :class:`FieldRows`.

    ``bad`` holds the positions of rows with a cell that could not be read (their values are
    left as read); ``errors`` says why, one per such cell, in row order.
    """

    recognition: Recognition
    numbers: list[int]
    columns: dict[str, list[object]]
    errors: list[RowError] = field(default_factory=list)
    bad: set[int] = field(default_factory=set)
    # The fields `to_columns` was asked to keep as text: each distinct cell text -> its value
    # (``columns`` then holds the texts), so a caller that maps the values on (a usage import's
    # dates to day numbers) maps each distinct text once instead of every row twice.
    distinct: dict[str, dict[object, object]] = field(default_factory=dict)

    def rows(self) -> Sequence[Mapping[str, object]]:
        """The good rows as mappings keyed by field, built when read (for a layout's check)."""
        return _RowView(self)


class _RowView(Sequence[Mapping[str, object]]):
    def __init__(self, found: FieldColumns):
        self._columns = found.columns
        self._distinct = found.distinct  # a kept text's value is looked up when its row is read
        self._good = [i for i in range(len(found.numbers)) if i not in found.bad] if found.bad else None
        self._len = len(found.numbers) - len(found.bad)

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, index: int) -> Mapping[str, object]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Mapping[str, object]]: ...

    def __getitem__(self, index: int | slice) -> Mapping[str, object] | Sequence[Mapping[str, object]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._len))]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError(index)
        position = self._good[index] if self._good is not None else index
        row = {name: values[position] for name, values in self._columns.items()}
        for name, value_of in self._distinct.items():
            row[name] = value_of[row[name]]
        return row


def to_columns(recognition: Recognition, numbers: Sequence[int],
               cells: Mapping[str, Sequence[object]], *, text_only: bool = False,
               keep_text: Collection[str] = ()) -> FieldColumns:
    """The same conversion as :func:`to_fields`, column by column: each distinct cell text of a
    column is converted once and the column is mapped through the result with C-level loops, so
    a snapshot report of 100,000 users costs no Python statement per row. ``cells`` maps each
    normalised header of the file to its cells in row order (``numbers``: the rows' numbers).
    ``text_only``: the caller knows every cell is a str (a CSV read by column), so no column is
    scanned for other types (a pass over every cell of the file). ``keep_text``: fields of an
    all-text column to leave as their texts, with each distinct text's value in ``distinct``.
    """
    layout = recognition.layout
    out = FieldColumns(recognition, list(numbers), {})
    statuses = {name: table for name, table in layout.statuses.items() if name in recognition.column_of}
    empties = {name: words for name, words in layout.empty.items() if name in recognition.column_of}
    dates = FIELDS[layout.kind].dates
    problems: dict[int, list[RowError]] = {}
    for name, column in recognition.column_of.items():
        given = cells.get(column)
        column_cells: list[object] = (
            [""] * len(out.numbers) if given is None else given if isinstance(given, list) else list(given))
        texts = text_only or set(map(type, column_cells)) <= {str}
        distinct = set(column_cells) if texts and name in dates else None  # each text converted once
        orders: dict[str, bool] = {}
        if name in dates:
            try:
                order = slashed_order(column_cells if distinct is None else distinct)
            except DateParseError as e:
                out.errors.append(RowError(None, f"column '{column}': {e}"))
                out.bad.update(range(len(column_cells)))
                return out
            orders[name] = (layout.day_first if layout.day_first is not None else True) if order is None else order
        if texts and name not in orders and name not in statuses and name not in empties and name not in TEXT_FIELDS:
            out.columns[name] = column_cells  # the reader strips its text: nothing to convert
            continue
        # Cells of a workbook can be numbers or dates: they are keyed by repr, as in to_fields.
        keys = column_cells if texts else [c if c.__class__ is str else repr(c) for c in column_cells]
        raw_of = {} if texts else dict(zip(keys, column_cells))
        converted: dict[object, object] = {}
        failed: dict[object, str] = {}
        for key in distinct if distinct is not None else set(keys):
            try:
                converted[key] = _convert(name, key if texts else raw_of[key], orders, statuses, empties)
            except DateParseError as e:
                failed[key] = str(e)
        if failed:
            for i, key in enumerate(keys):
                if key in failed:
                    out.bad.add(i)
                    problems.setdefault(i, []).append(RowError(out.numbers[i], f"{column}: {failed[key]}"))
            out.columns[name] = [converted.get(key, raw) for key, raw in zip(keys, column_cells)]
        elif texts and name in keep_text:
            out.columns[name] = column_cells
            out.distinct[name] = converted
        else:
            out.columns[name] = list(map(converted.__getitem__, keys))
    out.errors.extend(e for i in sorted(problems) for e in problems[i])
    if "name" not in out.columns and "first_name" in out.columns:
        first, last = out.columns.pop("first_name"), out.columns.pop("last_name", None) or [""] * len(out.numbers)
        out.columns["name"] = [" ".join(str(part) for part in pair if part) for pair in zip(first, last)]
    if layout.check is not None and not out.errors:
        refusal = layout.check(out.rows())
        if refusal:
            out.errors.append(RowError(None, refusal))
    return out
