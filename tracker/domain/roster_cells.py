"""A roster file's rows as comparable text, column by column, and the checks that look at whole
columns at once.

Split from tracker/domain/roster.py (the planning): a 100,000-person roster is read and checked
in C-level passes over each column; the planner goes row by row only when a check here says a
row may be refused (each refusal then named on its row). Pure: no files, no SQL.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from functools import partial
from itertools import repeat
from operator import eq
from typing import Any, Final, cast

from tracker.domain.importing import cell_text, nfc
from tracker.domain.layouts.base import column_values
from tracker.domain.validation import all_emails_valid, all_employee_ids_valid

# What the status column may say once the layout has translated its words.
STATUSES = ("active", "leaver")

_PARENT: Final = 5  # where a row from _cells holds the parent team
_NFC = partial(unicodedata.normalize, "NFC")


# (row number, employee id, name, team, email, parent team, manager, status, title, hired, ended,
# account): text, None where the file has no such column.
_T = str | None
RowCells = tuple[int, _T, _T, _T, _T, _T, _T, _T, _T, _T, _T, _T]


def _cells(rows: Iterable[tuple[int, dict[str, object]]], present: set[str]) -> list[Sequence[Any]]:
    """The rows' cells as comparable text, column by column (zip them for a RowCells per row):
    stripped, names, teams and titles in NFC, dates as ISO text, None for a column the file does
    not have (keep what is stored). Column-wise so that a 100,000-person roster costs C-level
    passes over each column, not a dozen function calls per row."""
    rows = list(rows)
    dicts = [values for _number, values in rows]

    def text(field: str, normal: bool = False) -> Sequence[str | None]:
        if field not in present:
            return [None] * len(dicts)
        values = column_values(dicts, field)
        if set(map(type, values)) <= {str}:  # every cell of a CSV
            column = list(map(str.strip, cast(list[str], values)))
        else:
            column = [value.strip() if isinstance(value, str) else cell_text(value) for value in values]
        if not normal or "".join(column).isascii():
            return column
        return list(map(_NFC, column))  # (NFC of ASCII text is a quick check in C)

    def dates(field: str) -> Sequence[str | None]:
        if field not in present:
            return [None] * len(dicts)
        column = column_values(dicts, field)
        iso = {value: _iso(value) for value in set(column)}
        return list(map(iso.__getitem__, column))

    names = list(text("name", True))
    if any(not name for name in names):  # no preferred name on the row: its first and last name
        for i, name in enumerate(names):
            if not name:
                values = dicts[i]
                names[i] = nfc(" ".join(part for part in (cell_text(values.get("first_name")),
                                                          cell_text(values.get("last_name"))) if part))
    return [[number for number, _values in rows], text("employee_id"), names, text("team", True),
            text("email"), text("parent_team", True), text("manager_id"), text("status"),
            text("title", True), dates("hire_date"), dates("termination_date"), text("account")]


def _clean(columns: list[Sequence[Any]]) -> bool:
    """Whether _read_person would accept every row without an error, found in C-level passes
    over the columns (from _cells) instead of a dozen checks per row; any doubt says no, and
    the rows are then read one by one with their errors."""
    _numbers, ids, names, teams, emails, parents, managers, statuses = columns[:8]
    if len(set(ids)) != len(ids) or not all_employee_ids_valid(ids) or not all(names) or not all(teams):
        return False
    if emails[:1] != [None] and not all_emails_valid(emails):
        return False
    lower_teams = list(map(str.lower, teams))
    if parents[:1] != [None] and any(map(eq, lower_teams, map(str.lower, parents))):
        return False  # a team its own parent
    if managers[:1] != [None] and any(map(eq, managers, ids)):
        return False  # their own manager
    return statuses[:1] == [None] or set(map(str.lower, statuses)) <= {"", *STATUSES}


def _is_leaver(status: str | None, hired: str | None, ended: str | None, today_iso: str) -> bool:
    """The file says they have left: a leaver status, or a termination date that has passed
    (and is not before a later hire date) without an active status."""
    word = status.lower() if status else ""
    return word == "leaver" or (
        word != "active" and ended is not None and "" < ended <= today_iso and not (hired and hired > ended))


def _leavers(columns: list[Sequence[Any]], today_iso: str) -> list[bool]:
    """_is_leaver for every row (from _cells); without a status or termination date column, no one."""
    statuses, hired, ended = columns[7], columns[9], columns[10]
    if statuses[:1] == [None] and ended[:1] == [None]:
        return [False] * len(statuses)
    return list(map(_is_leaver, statuses, hired, ended, repeat(today_iso)))


def _iso(value: object) -> str:
    """A parsed date as ISO text; "" for no date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return cell_text(value)


def _one_parent_per_team(columns: list[Sequence[Any]]) -> bool:
    """Whether every row naming a team gives it the same parent (or every one none), compared
    as _note_team does: then _note_team finds no conflict for any subset of the rows, and each
    team's first row decides, which _first_of_each_team finds without a call per person."""
    teams, parents = columns[3], columns[_PARENT]  # (text, required; the parent's text or all None)
    lower_teams = list(map(str.lower, teams))
    lower_parents = [""] * len(teams) if parents[:1] == [None] else list(map(str.lower, parents))
    return len(set(zip(lower_teams, lower_parents))) == len(set(lower_teams))
