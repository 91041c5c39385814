"""Layouts: the export formats of real systems, known by their header row.

An HR system, a learning system or an AI tool's admin centre writes its own column names
("Employee_ID", "Transcript - Transcript Status", "User Principal Name"). A :class:`Layout`
says, for one such format, which of its columns feeds which of the app's *fields* (the words an
importer works with: ``employee_id``, ``team``, ``completed_on``, ``used_on``, ...), how its
dates are ordered, what its status words mean and which cell texts mean "nothing". A user's own
mapping for any other file is a Layout too, made from the columns they picked.

:func:`recognise` picks the layout a header row belongs to; :func:`to_fields` turns the rows
into rows keyed by field, with text in Unicode NFC, dates parsed with one order per column and
status words translated, so the importers behind it see one vocabulary whatever wrote the file.
Pure: no files, no SQL, no Qt.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter
from types import MappingProxyType
from typing import cast

from tracker.domain.dates import DateParseError, parse_date, slashed_order
from tracker.domain.importing import RowError, cell_text, loose_key, normalise_header

# What a file feeds: a roster, training records, usage, accounts of people in other systems, or
# the seats (licences) of a rollout's AI tool.
KINDS = ("roster", "training", "usage", "accounts", "seats")


@dataclass(frozen=True)
class KindFields:
    """The fields one kind of import understands.

    ``required``: each entry is a group of alternatives, one of which must have a column
    (("employee_id", "email", "account") means any one of those identifies the person).
    ``dates``: fields whose values are dates (parsed here, one order per column).
    ``texts``: free text fields compared by people (names, teams): normalised to NFC.
    """

    required: tuple[tuple[str, ...], ...]
    optional: tuple[str, ...]
    dates: frozenset[str] = frozenset()
    labels: Mapping[str, str] = field(default_factory=dict)  # field -> what the user reads

    @property
    def all(self) -> tuple[str, ...]:
        seen: list[str] = []
        for name in [f for group in self.required for f in group] + list(self.optional):
            if name not in seen:
                seen.append(name)
        return tuple(seen)

    def missing(self, fields: Iterable[str]) -> list[tuple[str, ...]]:
        """The required groups that none of ``fields`` answers."""
        present = set(fields)
        return [group for group in self.required if not present & set(group)]


# A snapshot report can name more than one day of use per person: the last day in each app
# (Microsoft 365 Copilot), the first and the last day in the period (ChatGPT Enterprise). Each of
# these columns feeds one of these fields; every date in them is a day the person used the tool.
ALSO_USED_ON = tuple(f"also_used_on_{n}" for n in range(1, 16))

FIELDS: dict[str, KindFields] = {
    "roster": KindFields(
        required=(("employee_id",), ("name", "first_name"), ("team",)),
        optional=("last_name", "email", "title", "manager_id", "parent_team", "status",
                  "hire_date", "termination_date", "account"),
        dates=frozenset({"hire_date", "termination_date"}),
        labels={"employee_id": "Employee id", "name": "Name", "first_name": "First name",
                "last_name": "Last name", "team": "Team", "email": "Email", "title": "Job title",
                "manager_id": "Manager's employee id", "parent_team": "Parent team",
                "status": "Status (active / leaver)", "hire_date": "Hire date",
                "termination_date": "Termination date", "account": "Account in another system"},
    ),
    "training": KindFields(
        required=(("employee_id", "email", "account"), ("module",)),
        optional=("module_title", "status", "completed_on", "score", "progress"),
        dates=frozenset({"completed_on"}),
        labels={"employee_id": "Employee id", "email": "Email", "account": "User account",
                "module": "Module (code or title)",
                "module_title": "Module title (when the module column holds a code)",
                "status": "Status", "completed_on": "Completion date", "score": "Score",
                "progress": "Progress (percent complete)"},
    ),
    "usage": KindFields(
        required=(("employee_id", "email", "account"), ("used_on",)),
        optional=("rollout", "period_start", "period_end", "report_date") + ALSO_USED_ON,
        dates=frozenset({"used_on", "period_start", "period_end", "report_date", *ALSO_USED_ON}),
        labels={"employee_id": "Employee id", "email": "Email", "account": "User account",
                "used_on": "Used on / last active on", "rollout": "Rollout",
                "period_start": "Period start", "period_end": "Period end",
                "report_date": "Report date",
                **{name: f"Another day of use ({n})" for n, name in enumerate(ALSO_USED_ON, start=1)}},
    ),
    "accounts": KindFields(
        required=(("employee_id", "email"), ("account",)),
        optional=("name",),
        labels={"employee_id": "Employee id", "email": "Email", "account": "Account",
                "name": "Name"},
    ),
    "seats": KindFields(
        required=(("employee_id", "email", "account"),),
        optional=("assigned_on", "cost_per_seat", "currency"),
        dates=frozenset({"assigned_on"}),
        labels={"employee_id": "Employee id", "email": "Email", "account": "User account",
                "assigned_on": "Seat assigned on", "cost_per_seat": "Cost per seat and month",
                "currency": "Currency (EUR, USD, ...)"},
    ),
}
# Fields that hold names people compare by eye: stored in NFC so that an NFD copy of the same
# file (macOS, some Java exports) matches what is there instead of creating look-alikes.
_TEXT_FIELDS = frozenset({"name", "first_name", "last_name", "team", "parent_team", "title",
                          "module", "module_title", "rollout"})


@dataclass(frozen=True)
class Layout:
    """One system's export format (or one user's saved mapping).

    ``columns``: field -> the normalised header spellings that feed it, first present wins.
    ``signature``: normalised headers that must all be present for the file to be this layout.
    ``day_first``: the order of slashed dates when a column cannot tell (None: day first).
    ``statuses``: field -> {loose_key(word in the file): the importer's word}; words not listed
    pass through unchanged for the importer to judge.
    ``empty``: field -> cell texts (loose keys) that mean "no value" ("None", "NO_MANAGER").
    ``account_system``: which system the ``account`` field's values belong to ("upn",
    "github", "chatgpt", ...), so that they are matched against that system's accounts.
    ``check``: a whole-file check (header, rows keyed by field) giving a refusal sentence or None.
    """

    key: str
    title: str
    kind: str
    columns: Mapping[str, tuple[str, ...]]
    signature: frozenset[str]
    day_first: bool | None = None
    statuses: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    empty: Mapping[str, frozenset[str]] = field(default_factory=dict)
    account_system: str | None = None
    check: Callable[[Sequence[Mapping[str, object]]], str | None] | None = None
    source: str = ""  # where the format is documented, for docs/imports.md
    saved: bool = False  # a mapping the user made (not a built-in layout)

    def __post_init__(self) -> None:
        if self.kind not in FIELDS:
            raise ValueError(f"unknown import kind {self.kind!r}")
        unknown = set(self.columns) - set(FIELDS[self.kind].all)
        if unknown:
            raise ValueError(f"{self.key}: no field {sorted(unknown)} in a {self.kind} import")


def header_names(raw: str) -> tuple[str, ...]:
    """The names a raw header answers to: itself normalised, and without a report's section
    prefix ("User - User ID" also answers to "user_id")."""
    full = normalise_header(raw)
    if " - " in raw:
        tail = normalise_header(raw.rsplit(" - ", 1)[1])
        if tail and tail != full:
            return (full, tail)
    return (full,)


@dataclass(frozen=True)
class Recognition:
    """A layout matched to one file: which of the file's columns feeds each field.

    ``column_of`` maps a field to the file's normalised header (the key of the table's rows).
    """

    layout: Layout
    column_of: Mapping[str, str]

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.column_of)

    def missing(self) -> list[tuple[str, ...]]:
        return FIELDS[self.layout.kind].missing(self.column_of)


def _names_to_headers(raw_headers: Iterable[str]) -> dict[str, str]:
    """Every name a header answers to -> the header's normalised key (its full name wins)."""
    names: dict[str, str] = {}
    tails: dict[str, str] = {}
    for raw in raw_headers:
        full, *rest = header_names(raw)
        names.setdefault(full, full)
        for tail in rest:
            tails.setdefault(tail, full)
    for tail, full in tails.items():
        names.setdefault(tail, full)
    return names


def match(layout: Layout, raw_headers: Iterable[str]) -> Recognition | None:
    """``layout`` applied to a header row, or None when the row lacks its signature."""
    names = _names_to_headers(raw_headers)
    if not layout.signature <= names.keys():
        return None
    column_of: dict[str, str] = {}
    used: set[str] = set()
    for name, spellings in layout.columns.items():
        for spelling in spellings:
            header = names.get(spelling)
            if header is not None and header not in used:
                column_of[name] = header
                used.add(header)
                break
    return Recognition(layout, MappingProxyType(column_of))


def recognise(raw_headers: list[str], layouts: Iterable[Layout], *,
              kind: str | None = None) -> Recognition | None:
    """The layout that explains this header row best, or None.

    A layout fits when its whole signature is there; among fits, the longest signature wins
    (a Workday report also has an "email" column, but it is not a plain roster), then the one
    that finds the most fields. ``kind`` limits the choice to one kind of import.
    """
    best: tuple[tuple[int, int], Recognition] | None = None
    for layout in layouts:
        if kind is not None and layout.kind != kind:
            continue
        found = match(layout, raw_headers)
        if found is None:
            continue
        score = (len(layout.signature), len(found.column_of))
        if best is None or score > best[0]:
            best = (score, found)
    return best[1] if best else None


@dataclass
class FieldRows:
    """A file's rows keyed by field, ready for an importer."""

    recognition: Recognition
    rows: list[tuple[int, dict[str, object]]]
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def fields(self) -> list[str]:
        return list(self.recognition.column_of)


def to_fields(recognition: Recognition, rows: Iterable[tuple[int, Mapping[str, object]]]) -> FieldRows:
    """The rows of a recognised file, keyed by field, with values made comparable.

    Text fields are NFC; dates are ``datetime.date`` (one day/month order per column, from the
    column's own values, else the layout's); status words are translated; "no value" words
    become "". A cell that cannot be read is a row error naming the file's column; the row is
    kept out. ``first_name`` + ``last_name`` make ``name`` when the file has no name column.
    """
    layout = recognition.layout
    spec = FIELDS[layout.kind]
    column_of = dict(recognition.column_of)
    rows = list(rows)
    out = FieldRows(recognition, [])
    # Column by column: distinct values repeat (dates, teams, statuses), so each is converted
    # once and the column is mapped through the results at C speed; a row-by-row loop over
    # every cell took seconds for a 100,000-person roster.
    names = list(column_of)
    dicts = [values for _number, values in rows]
    raw_columns = {name: column_values(dicts, column_of[name]) for name in names}
    orders: dict[str, bool] = {}
    for name in spec.dates & column_of.keys():
        try:
            order = slashed_order(dict.fromkeys(raw_columns[name]))  # each distinct value once
        except DateParseError as e:
            out.errors.append(RowError(None, f"column '{column_of[name]}': {e}"))
            return out
        orders[name] = (layout.day_first if layout.day_first is not None else True) if order is None else order
    statuses = {name: table for name, table in layout.statuses.items() if name in column_of}
    empties = {name: words for name, words in layout.empty.items() if name in column_of}
    columns: list[list[object]] = []
    bad: dict[int, list[str]] = {}  # row index -> the reasons its cells cannot be read
    for name in names:
        converted, failures = _convert_column(name, raw_columns[name], orders, statuses, empties)
        for index, reason in failures:
            bad.setdefault(index, []).append(f"{column_of[name]}: {reason}")
        columns.append(converted)
    joined = "name" not in column_of and "first_name" in column_of
    if not bad and not joined:  # the usual file: every row as it is, without a loop in Python
        out.rows = [(number, dict(zip(names, cells))) for (number, _values), cells in zip(rows, zip(*columns))]
    else:
        for index, cells in enumerate(zip(*columns)):
            if index in bad:
                out.errors.extend(RowError(rows[index][0], reason) for reason in bad[index])
                continue
            row_values = dict(zip(names, cells))
            if joined:
                first, last = row_values.pop("first_name"), row_values.pop("last_name", "")
                row_values["name"] = " ".join(str(part) for part in (first, last) if part)
            out.rows.append((rows[index][0], row_values))
    if layout.check is not None and not out.errors:
        refusal = layout.check([values for _, values in out.rows])
        if refusal:
            out.errors.append(RowError(None, refusal))
    return out


def column_values(dicts: Sequence[Mapping[str, object]], key: str) -> list[object]:
    """One column of the rows ("" where a row lacks it); the table reader gives every row
    every header (and to_fields every field), so the C-level item getter nearly always serves."""
    try:
        return list(map(itemgetter(key), dicts))
    except KeyError:
        return [values.get(key, "") for values in dicts]


Statuses = Mapping[str, Mapping[str, str]]  # field -> loose status word -> the stored value
Empties = Mapping[str, frozenset[str]]  # field -> loose words that mean "no value"


def _convert_column(name: str, raw_column: list[object], orders: Mapping[str, bool], statuses: Statuses,
                    empties: Empties) -> tuple[list[object], list[tuple[int, str]]]:
    """One column's cells converted, and (row index, reason) for the cells that cannot be.

    Text cells (all of a CSV's) are converted once per distinct value; other cells (numbers,
    dates from a workbook, which compare equal across types: 1 == 1.0 == True) one by one.
    """
    failures: list[tuple[int, str]] = []
    if set(map(type, raw_column)) <= {str}:
        if name not in orders and name not in statuses and name not in empties:
            stripped = list(map(str.strip, cast(list[str], raw_column)))  # all text: checked above
            if name not in _TEXT_FIELDS or "".join(stripped).isascii():  # (one C-level check per column)
                return cast(list[object], stripped), failures
            return list(map(_NFC, stripped)), failures  # (NFC of ASCII text is a quick check in C)
        results: dict[object, object] = {}
        reasons: dict[object, str] = {}
        for raw in set(raw_column):
            try:
                results[raw] = _convert(name, raw, orders, statuses, empties)
            except DateParseError as e:
                results[raw], reasons[raw] = _MISSING, str(e)
        if reasons:
            failures = [(index, reasons[raw]) for index, raw in enumerate(raw_column) if raw in reasons]
        return list(map(results.__getitem__, raw_column)), failures
    converted: list[object] = []
    for index, raw in enumerate(raw_column):
        try:
            converted.append(_convert(name, raw, orders, statuses, empties))
        except DateParseError as e:
            converted.append(_MISSING)
            failures.append((index, str(e)))
    return converted, failures


_MISSING = object()
_NFC = partial(unicodedata.normalize, "NFC")


def _convert(name: str, raw: object, orders: Mapping[str, bool], statuses: Statuses, empties: Empties) -> object:
    if name in empties and loose_key(cell_text(raw)) in empties[name]:
        return ""
    if name in orders:
        if isinstance(raw, (dt.date, dt.datetime)) or cell_text(raw):
            return parse_date(raw, day_first=orders[name], strict=True)
        return ""
    if name in statuses:
        text = cell_text(raw)
        return statuses[name].get(loose_key(text), text)
    if name in _TEXT_FIELDS and isinstance(raw, str):
        return unicodedata.normalize("NFC", raw.strip())
    return raw.strip() if isinstance(raw, str) else raw


def mapping_layout(kind: str, name: str, column_of: Mapping[str, str], raw_headers: Iterable[str], *,
                   day_first: bool | None = None, account_system: str | None = None) -> Layout:
    """A user's mapping as a layout: recognised by the file's whole header row, each field fed
    by the column they picked (``column_of``: field -> normalised header)."""
    return Layout(
        key=f"mapping:{name}", title=name, kind=kind,
        columns={f: (normalise_header(c),) for f, c in column_of.items()},
        signature=frozenset(normalise_header(h) for h in raw_headers),
        day_first=day_first, account_system=account_system, saved=True,
    )


def header_key(raw_headers: Iterable[str]) -> str:
    """A header row as one comparable string: the next file with the same columns (in any
    order, any spelling the normalisation folds together) finds its saved mapping by it."""
    return "|".join(sorted(normalise_header(h) for h in raw_headers))
