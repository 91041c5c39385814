"""Planning a whole-workspace import: the workbook's rows and the workspace's records in, per
sheet the new, changed and unchanged records and every rejected cell out. Pure: no file, no SQL.

Sheets are planned in the format's order, so a reference may name a record that is only in the
file (a person of the people sheet, a module of the modules sheet): each sheet's keys join the
known ones before the next sheet is checked. Columns missing from a sheet leave the records'
stored values alone; empty cells mean "no value" (or the column's default).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tracker.domain.dates import DateParseError, parse_date
from tracker.domain.importing import cell_text, loose_key
from tracker.domain.portable_format import (
    CHOICE,
    DATE,
    ENTITIES,
    INTEGER,
    JSON,
    NUMBER,
    TIME,
    YES_NO,
    Column,
    Ref,
    Sheet,
)
from tracker.domain.seat_records import DAYS_RANGE

_USAGE_REFS = (Ref("", "rollout", ("rollout",)), Ref("", "person", ("employee_id",)))

# A row's cells parsed to the format's types (date, int, float, bool or text; None: empty), by
# column name. Any, since a column's type is data (Column.type), not something a checker sees.
Values = dict[str, Any]
Key = tuple[str, ...]  # a natural key as matched (norm_key)
Stored = dict[Key, tuple[int, Values]]  # one sheet's records: natural key -> (record id, values)
Rows = list[tuple[int, dict[str, Any]]]  # a sheet's rows as read: (row number, cells by column)
Tables = dict[str, tuple[list[str], Rows]]  # sheet name -> (normalised headers, rows)
Known = dict[str, set[Key]]  # entity -> the natural keys of its records, in the workspace or the file
Problems = Iterator[tuple[str, str]]  # (column, reason) of each problem a rule finds in a row

_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


def norm_key(parts: Iterable[object]) -> Key:
    """A natural key as matched: text without case or surrounding space, dates as ISO text.

    Case goes as the store and the roster import compare names (str.lower), not casefold():
    "Straße" and "STRASSE" are two teams there, so the import of an export must keep them two.
    """
    out: list[str] = []
    for p in parts:
        if p is None:
            out.append("")
        elif isinstance(p, (dt.date, dt.datetime)):
            out.append(p.isoformat()[:10])
        else:
            out.append(cell_text(p).lower())
    return tuple(out)


@dataclass(frozen=True)
class CellError:
    """One rejected row; `row` is the sheet's row number (header is row 1), None: the whole sheet."""

    sheet: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = self.sheet if self.row is None else f"{self.sheet} row {self.row}"
        return f"{where}, {self.column}: {self.reason}" if self.column else f"{where}: {self.reason}"


@dataclass
class SheetPlan:
    new: list[tuple[int, Values]] = field(default_factory=list)
    changed: list[tuple[int, int, Values]] = field(default_factory=list)  # (row number, record id, values)
    unchanged: int = 0


@dataclass
class PortablePlan:
    sheets: dict[str, SheetPlan] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return any(p.new or p.changed for p in self.sheets.values())

    def summary(self) -> str:
        lines = []
        for name, p in self.sheets.items():
            lines.append(f"  {name}: {len(p.new):,} new, {len(p.changed):,} changed, {p.unchanged:,} unchanged")
        return "\n".join(lines) if lines else "  no sheets to import"


# ------------------------------------------------------------------------------------ cells
def parse_cell(column: Column, raw: Any) -> Any:
    """The cell's value as the format's type; raises ValueError with the reason. (`raw`: what a
    reader gives, text, a number, a date, a bool or None; the result is of the column's type.)"""
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        if column.required:
            raise ValueError("is required")
        return None
    t = column.type
    if t == DATE:
        try:
            return parse_date(raw)
        except DateParseError as e:
            raise ValueError(str(e)) from None
    if t == INTEGER:
        try:
            number = float(raw) if not isinstance(raw, bool) else None
        except (TypeError, ValueError):
            number = None
        if number is None or not number.is_integer():
            raise ValueError(f"'{cell_text(raw)}' is not a whole number")
        return int(number)
    if t == NUMBER:
        try:
            if isinstance(raw, bool):
                raise ValueError
            return float(raw)
        except (TypeError, ValueError):
            raise ValueError(f"'{cell_text(raw)}' is not a number") from None
    if t == YES_NO:
        text = loose_key(raw) if not isinstance(raw, bool) else ("yes" if raw else "no")
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise ValueError(f"'{cell_text(raw)}' is not yes or no")
    if t == TIME:
        if isinstance(raw, (dt.time, dt.datetime)):
            return raw.strftime("%H:%M")
        text = cell_text(raw)
        try:
            return dt.datetime.strptime(text, "%H:%M").strftime("%H:%M")
        except ValueError:
            raise ValueError(f"'{text}' is not a time like 09:30") from None
    if t == CHOICE:
        wanted = loose_key(raw)
        for choice in column.choices:
            if loose_key(choice) == wanted:
                return choice
        raise ValueError(f"'{cell_text(raw)}' is not one of {', '.join(column.choices)}")
    if t == JSON:
        text = cell_text(raw) if not isinstance(raw, (int, float)) else json.dumps(raw)
        try:
            json.loads(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a JSON value") from None
        return text
    text = str(raw) if not isinstance(raw, float) else cell_text(raw)
    return text.strip()


# ------------------------------------------------------------------------------------ planning
def plan_import(tables: Tables, existing: dict[str, Stored], sheets: tuple[Sheet, ...], *,
                extra_errors: Sequence[CellError] = (), unknown_sheets: Sequence[str] = ()) -> PortablePlan:
    """Plan the import of `tables` (sheet name -> (normalised headers, [(row number, cells)]))
    against `existing` (sheet -> natural key -> (record id, values), as stored); `sheets` are
    the format's, in their order (the areas' declaration: tracker.store.areas.export_sheets)."""
    plan = PortablePlan(errors=list(extra_errors))
    for name in unknown_sheets:
        plan.warnings.append(f"the sheet '{name}' is not part of the format and was not imported")
    known: Known = {e: set() for e in ENTITIES}
    for sheet in sheets:
        if sheet.defines:
            known[sheet.defines] = {norm_key(tuple(v[c] for c in ENTITIES[sheet.defines]))
                                    for _, v in existing.get(sheet.name, {}).values()}
    late: list[tuple[Sheet, int, Values]] = []
    for sheet in sheets:
        if sheet.name not in tables:
            continue
        headers, rows = tables[sheet.name]
        plan.sheets[sheet.name] = _plan_sheet(sheet, headers, rows, existing.get(sheet.name, {}), known,
                                              plan, late)
    _check_retention(plan, existing)
    _check_leave_overlaps(plan, existing)
    # References to records that point at each other (team leads, managers, parent teams) are
    # checked once every sheet's records are known.
    for sheet, number, values in late:
        _check_refs(sheet, number, values, [r for r in sheet.refs if r.deferred], known, plan)
    if late:
        bad = {(e.sheet, e.row) for e in plan.errors}
        for name, part in plan.sheets.items():
            part.new = [(n, v) for n, v in part.new if (name, n) not in bad]
            part.changed = [(n, i, v) for n, i, v in part.changed if (name, n) not in bad]
    return plan


def _plan_sheet(sheet: Sheet, headers: list[str], rows: Rows, existing: Stored, known: Known,
                plan: PortablePlan, late: list[tuple[Sheet, int, Values]]) -> SheetPlan:
    out = SheetPlan()
    present = [c for c in sheet.columns if c.name in headers]
    for extra in (h for h in headers if h not in sheet.column_names):
        plan.warnings.append(f"{sheet.name}: the column '{extra}' is not part of the format and was not imported")
    missing = [c.name for c in sheet.columns if (c.required or c.key) and c.name not in headers
               and c.default is None]
    if missing:
        plan.errors.append(CellError(sheet.name, None, None, f"the column {', '.join(missing)} is missing"))
        return out
    seen: dict[Key, int] = {}
    for number, cells in rows:
        values: Values = {}
        bad = False
        for c in present:
            try:
                values[c.name] = parse_cell(c, cells.get(c.name))
            except ValueError as e:
                plan.errors.append(CellError(sheet.name, number, c.name, str(e)))
                bad = True
        for c in sheet.columns:  # key columns with a default may be left out of the sheet
            if c.key and c.name not in values:
                values[c.name] = c.default
        if bad or not _check_row(sheet, number, values, known, plan):
            continue
        if any(r.deferred for r in sheet.refs):
            late.append((sheet, number, values))
        key = norm_key(tuple(values[k] for k in sheet.key))
        if key in seen:
            plan.errors.append(CellError(sheet.name, number, None, f"the same record as row {seen[key]}"))
            continue
        seen[key] = number
        if sheet.defines:
            known[sheet.defines].add(norm_key(tuple(values.get(c) for c in ENTITIES[sheet.defines])))
        if key not in existing:
            out.new.append((number, values))
        elif _differs(sheet, values, existing[key][1]):
            out.changed.append((number, existing[key][0], values))
        else:
            out.unchanged += 1
    return out


def _check_row(sheet: Sheet, number: int, values: Values, known: Known, plan: PortablePlan) -> bool:
    ok = True
    if sheet.one_of:
        given = [c for c in sheet.one_of if values.get(c) not in (None, "")]
        if len(given) != 1:
            plan.errors.append(CellError(sheet.name, number, None,
                                         f"give exactly one of {' or '.join(sheet.one_of)}"))
            ok = False
    for column, reason in _RULES.get(sheet.name, _no_rules)(values):
        plan.errors.append(CellError(sheet.name, number, column, reason))
        ok = False
    refs = [r for r in sheet.refs if not r.deferred] if sheet.name != "usage" else _USAGE_REFS
    return _check_refs(sheet, number, values, refs, known, plan) and ok


# ------------------------------------------------------------------------------------ retention
def _sunday(column: str, values: Values) -> Problems:
    day = values.get(column)
    if day is not None and day.isoweekday() != 7:
        yield column, f"{day.isoformat()} is not a Sunday (a week's end)"


def _at_least(column: str, values: Values, low: int, what: str = "0") -> Problems:
    if values.get(column) is not None and values[column] < low:
        yield column, f"is less than {what}"


def _frozen_week_rules(values: Values) -> Problems:
    yield from _sunday("week_end", values)
    yield from _at_least("eligible", values, 0)
    yield from _at_least("active", values, 0)
    yield from _at_least("new_adopters", values, 0)
    if values.get("active", 0) > values.get("eligible", 0):
        yield "active", "is more than eligible"
    if values.get("new_adopters", 0) > values.get("active", 0):
        yield "new_adopters", "is more than active"


def _earlier_rules(values: Values) -> Problems:
    yield from _sunday("week_end", values)
    yield from _at_least("people", values, 0)


def _seat_settings_rules(values: Values) -> Problems:
    low, high = DAYS_RANGE
    for column, lowest in (("inactive_days", low), ("grace_days", 0)):
        days = values.get(column)
        if days is not None and not lowest <= days <= high:
            yield column, f"{days} is not from {lowest} to {high}"


def _seat_cost_rules(values: Values) -> Problems:
    yield from _at_least("monthly_cost", values, 0)
    currency = values.get("currency") or ""
    if currency and not (len(currency) == 3 and currency.isascii() and currency.isalpha() and currency.isupper()):
        yield "currency", f"'{currency}' is not a three-letter code such as EUR or USD"


def _leave_rules(values: Values) -> Problems:
    if values.get("ends_on") is not None and values["ends_on"] < values["starts_on"]:
        yield "ends_on", "is before starts_on"


def _seat_decision_rules(values: Values) -> Problems:
    yield from _at_least("number", values, 1, "1")
    if values.get("decision") == "rejected" and not values.get("reason"):
        yield "reason", "is required for a rejection"


def _no_rules(values: Values) -> Problems:
    yield from ()


_RULES: dict[str, Callable[[Values], Problems]] = {
    "usage_retention": lambda values: _sunday("frozen_before", values),
    "frozen_adoption_weeks": _frozen_week_rules,
    "earlier_adopters": _earlier_rules,
    "seat_rules": _seat_settings_rules,
    "seats": _seat_cost_rules,
    "leave": _leave_rules,
    "seat_decisions": _seat_decision_rules,
}


def _check_retention(plan: PortablePlan, existing: dict[str, Stored]) -> None:
    """A purge's rows agree with each other and with the workspace: cutoffs never move back (the
    usage before them is gone), frozen weeks lie before the rollout's frozen_before, and the
    earlier-adopter counts after it."""
    stored = {key: values for key, (_, values) in existing.get("usage_retention", {}).items()}
    cutoffs = dict(stored)
    part = plan.sheets.get("usage_retention")
    for number, values in [*part.new, *((n, v) for n, _, v in part.changed)] if part else ():
        key = norm_key((values["rollout"],))
        old = stored.get(key) or {}
        for column in ("purged_before", "frozen_before") if old else ():
            if (values.get(column) or dt.date.min) < (old.get(column) or dt.date.min):
                plan.errors.append(CellError("usage_retention", number, column,
                                             f"is before the workspace's {old[column].isoformat()}: "
                                             "what was purged cannot come back"))
        cutoffs[key] = values
    for name, before in (("frozen_adoption_weeks", True), ("earlier_adopters", False)):
        part = plan.sheets.get(name)
        for number, values in [*part.new, *((n, v) for n, _, v in part.changed)] if part else ():
            cutoff = cutoffs.get(norm_key((values["rollout"],)))
            if cutoff is None:
                plan.errors.append(CellError(name, number, "rollout", f"'{cell_text(values['rollout'])}' "
                                             "has no row on the usage_retention sheet"))
                continue
            frozen = cutoff.get("frozen_before") or dt.date.min
            if before and values["week_end"] >= frozen:
                plan.errors.append(CellError(name, number, "week_end",
                                             "is not before the rollout's frozen_before" +
                                             (f" ({frozen.isoformat()})" if cutoff.get("frozen_before") else
                                              " (it has none)")))
            elif not before and values["week_end"] < frozen:
                plan.errors.append(CellError(name, number, "week_end",
                                             f"is before the rollout's frozen_before ({frozen.isoformat()})"))


def _check_leave_overlaps(plan: PortablePlan, existing: dict[str, Stored]) -> None:
    """A person's leave marks never overlap (the store refuses such a mark): each new or changed
    row of the leave sheet is checked against the person's other marks, stored or in the file."""
    part = plan.sheets.get("leave")
    if part is None:
        return
    rows = [(n, v) for n, v in part.new] + [(n, v) for n, _, v in part.changed]
    marks: dict[Key, tuple[int | None, Values]] = {key: (None, values) for key, (_, values) in
                                                   existing.get("leave", {}).items()}
    for number, values in rows:  # a column the file leaves out keeps the stored value
        key = norm_key((values["employee_id"], values["starts_on"]))
        marks[key] = (number, {**marks.get(key, (None, {}))[1], **values})
    by_person: dict[Key, list[tuple[int | None, Values]]] = {}
    for mark in marks.values():
        by_person.setdefault(norm_key((mark[1]["employee_id"],)), []).append(mark)
    for person_marks in by_person.values():
        person_marks.sort(key=lambda m: m[1]["starts_on"])
        for (first, earlier), (second, later) in zip(person_marks, person_marks[1:]):
            ends = earlier.get("ends_on")
            if (first is not None or second is not None) and (ends is None or later["starts_on"] <= ends):
                row, other = (second, earlier) if second is not None else (first, later)
                until = f"to {other['ends_on'].isoformat()}" if other.get("ends_on") else "until further notice"
                plan.errors.append(CellError("leave", row, "starts_on", "overlaps the person's leave from "
                                             f"{other['starts_on'].isoformat()} {until}"))


def _check_refs(sheet: Sheet, number: int, values: Values, refs: Iterable[Ref], known: Known,
                plan: PortablePlan) -> bool:
    ok = True
    for ref in refs:
        if not all(c in values for c in ref.columns):
            continue
        parts = tuple(values[c] for c in ref.columns)
        if all(p in (None, "") for p in parts):
            continue
        if norm_key(parts) not in known[ref.entity]:
            column = next(c for c in reversed(ref.columns) if values[c] not in (None, ""))  # the most specific part
            plan.errors.append(CellError(sheet.name, number, column,
                                         f"'{cell_text(values[column])}' is not a known {ref.entity}"))
            ok = False
    return ok


def _differs(sheet: Sheet, values: Values, stored: Values) -> bool:
    ref_columns = {c for r in sheet.refs for c in r.columns}
    for name, value in values.items():
        old = stored.get(name)
        if name in ref_columns:
            if norm_key((value,)) != norm_key((old,)):
                return True
        elif value != old and not (value is None and old == sheet.column(name).default):
            return True
    return False


def sheet_for(name: str, sheets: tuple[Sheet, ...]) -> Sheet | None:
    """The sheet of `sheets` for a sheet or CSV file name, loosely ('Training Records' too)."""
    wanted = loose_key(name).replace(" ", "_")
    return next((sheet for sheet in sheets if sheet.name == wanted), None)
