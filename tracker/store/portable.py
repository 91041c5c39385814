"""Reading every record as the portable workbook's rows, and applying an import plan in one write.

The sheets, columns and references are those of tracker.domain.portable_format; this module
only knows how each entity's natural key is stored (ENTITY_SQL) and how values are stored
(ISO dates, 0/1 flags, JSON settings). Usage events are the bulk table (no audit per row):
they are exported as live events and imported through Adoption.record_usage, as one batch.
What a retention purge keeps instead of the usage it removed (the frozen weekly figures, the
cutoffs, the earlier-adopter counts; tracker/store/usage_retention.py) is read and written here
directly, as the purge writes it: those tables are not audited either. They are written before
the usage, so that the batch is recorded and counted the way the purge left things, and the
weeks they freeze are never recomputed from (absent) events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from tracker.domain.portable_format import (
    DATE,
    ENTITIES,
    RETENTION_SHEETS,
    YES_NO,
    Column,
    Ref,
    Sheet,
    SheetRows,
)
from tracker.domain.portable_plan import Key, PortablePlan, SheetPlan, Stored, Values, norm_key
from tracker.store.areas import export_sheets
from tracker.store.errors import StoreValidationError

if TYPE_CHECKING:
    from tracker.store.audit import AuditedWriter
    from tracker.store.workspace import Workspace

T = TypeVar("T")

# entity -> SELECT id, <key parts in ENTITIES order>
ENTITY_SQL: dict[str, str] = {
    "team": "SELECT id, name FROM teams",
    "person": "SELECT id, employee_id FROM people",
    "rollout": "SELECT id, name FROM rollouts",
    "role": "SELECT id, name FROM role_types",
    "module": "SELECT m.id, r.name, m.code FROM training_modules m JOIN rollouts r ON r.id = m.rollout_id",
    "session": """SELECT s.id, r.name, m.code, s.starts_on, s.start_time, s.place FROM training_sessions s
                  JOIN training_modules m ON m.id = s.module_id JOIN rollouts r ON r.id = m.rollout_id""",
    "responsibility": """SELECT x.id, r.name, x.name FROM raci_responsibilities x
                         JOIN rollouts r ON r.id = x.rollout_id""",
    "kpi": "SELECT k.id, r.name, k.name FROM kpis k JOIN rollouts r ON r.id = k.rollout_id",
    "seat": """SELECT s.id, r.name, p.employee_id, s.account FROM seats s JOIN rollouts r ON r.id = s.rollout_id
               LEFT JOIN people p ON p.id = s.person_id""",
}


def _from_store(column: Column, value: Any) -> object:
    if value is None:
        return None
    if column.type == DATE:
        return dt.date.fromisoformat(value)
    if column.type == YES_NO:
        return bool(value)
    return value


def _to_store(column: Column, value: Any) -> object:
    if value is None:
        return column.default if not isinstance(column.default, bool) else int(column.default)
    if column.type == DATE:
        return value.isoformat()
    if column.type == YES_NO:
        return int(bool(value))
    return value


class _Keys:
    """Entity id <-> natural key, read lazily and kept up to date as records are added."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self._by_id: dict[str, dict[int, tuple[object, ...]]] = {}  # entity -> id -> its key as stored
        self._by_key: dict[str, dict[Key, int]] = {}

    def names(self, entity: str) -> dict[int, tuple[object, ...]]:
        if entity not in self._by_id:
            rows = self.ws.conn.execute(ENTITY_SQL[entity]).fetchall()
            self._by_id[entity] = {r[0]: tuple(r[1:]) for r in rows}
            self._by_key[entity] = {norm_key(r[1:]): r[0] for r in rows}
        return self._by_id[entity]

    def find(self, entity: str, key: tuple[object, ...]) -> int | None:
        self.names(entity)
        return self._by_key[entity].get(norm_key(key))

    def add(self, entity: str, key: tuple[object, ...], row_id: int) -> None:
        self.names(entity)
        self._by_key[entity][norm_key(key)] = row_id
        self._by_id[entity][row_id] = key


# ------------------------------------------------------------------------------------ reading
def sheet_records(ws: Workspace, sheet: Sheet, keys: _Keys | None = None) -> list[tuple[int, Values]]:
    """(row id, {column: value}) of every record of the sheet, in the order they were made."""
    keys = keys or _Keys(ws)
    if sheet.name == "settings":
        # Settings are written by their key; the number only tells the rows apart (a server's
        # table has no rowid).
        rows = ws.conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
        return [(n, {"key": key, "value": value}) for n, (key, value) in enumerate(rows, 1)]
    if sheet.name == "usage":
        return _usage_records(ws, keys)
    if sheet.name in RETENTION_SHEETS:
        return _retention_records(ws, sheet, keys)
    plain = [c for c in sheet.columns if c.field]
    fields = ["id", *(c.field for c in plain if c.field), *(r.field for r in sheet.refs)]
    out = []
    for row in ws.conn.execute(f"SELECT {', '.join(fields)} FROM {sheet.table} ORDER BY id"):
        values = {c.name: _from_store(c, v) for c, v in zip(plain, row[1:])}
        for ref, ref_id in zip(sheet.refs, row[1 + len(plain):]):
            named = keys.names(ref.entity).get(ref_id) if ref_id is not None else None
            for i, name in enumerate(ref.columns):
                values[name] = _from_store(sheet.column(name), named[i]) if named else None
        for c in sheet.columns:
            if values.get(c.name) is None and c.field is None and c.default is not None:
                values[c.name] = c.default
        out.append((row[0], values))
    if sheet.numbered:
        _number(sheet, out)
    return out


def _number(sheet: Sheet, records: list[tuple[int, Values]]) -> None:
    """Number the records sharing the rest of the key 1, 2, ... in the order they were made."""
    assert sheet.numbered is not None
    rest = [k for k in sheet.key if k != sheet.numbered]
    counts: dict[Key, int] = {}
    for _row_id, values in records:
        key = norm_key(tuple(values.get(k) for k in rest))
        counts[key] = counts.get(key, 0) + 1
        values[sheet.numbered] = counts[key]


def _usage_records(ws: Workspace, keys: _Keys) -> list[tuple[int, Values]]:
    rollouts, people = keys.names("rollout"), keys.names("person")
    rows = ws.conn.execute(
        """SELECT rollout_id, person_id, day FROM usage_events
           WHERE import_id IN (SELECT id FROM usage_imports) ORDER BY rollout_id, person_id, day""")
    return [(0, {"rollout": rollouts[r][0], "employee_id": people[p][0], "used_on": dt.date.fromordinal(d)})
            for r, p, d in rows if r in rollouts and p in people]


# sheet -> (SELECT rollout id, team id or NULL, then the stored values of these columns; the
# columns). Dates are stored as day ordinals (0: none).
_RETENTION_SQL = {
    "usage_retention": ("SELECT rollout_id, NULL, purged_before, frozen_before FROM adoption_frozen "
                        "ORDER BY rollout_id", ("purged_before", "frozen_before")),
    "frozen_adoption_weeks": ("""SELECT w.rollout_id, w.team_id, w.week_end, w.eligible, w.active, w.new_adopters
                                 FROM adoption_weekly w JOIN adoption_frozen f
                                   ON f.rollout_id = w.rollout_id AND w.week_end < f.frozen_before
                                 ORDER BY w.rollout_id, w.team_id, w.week_end""",
                              ("week_end", "eligible", "active", "new_adopters")),
    "earlier_adopters": ("""SELECT rollout_id, team_id, week_end, people FROM adoption_earlier_adopters
                            ORDER BY rollout_id, team_id, week_end""", ("week_end", "people")),
}


def _retention_records(ws: Workspace, sheet: Sheet, keys: _Keys) -> list[tuple[int, Values]]:
    """The retention purge's rows, naming rollouts and teams (a row of a rollout or team that no
    longer exists names nothing and is left out)."""
    sql, columns = _RETENTION_SQL[sheet.name]
    rollouts, teams = keys.names("rollout"), keys.names("team")
    out = []
    for rollout_id, team_id, *rest in ws.conn.execute(sql):
        if rollout_id not in rollouts or (team_id is not None and team_id not in teams):
            continue
        values: Values = {"rollout": rollouts[rollout_id][0]}
        if team_id is not None:
            values["team"] = teams[team_id][0]
        for name, value in zip(columns, rest):
            if sheet.column(name).type == DATE:
                value = dt.date.fromordinal(value) if value else None
            values[name] = value
        out.append((0, values))
    return out


def usage_count(ws: Workspace) -> int:
    return int(ws.scalar("SELECT count(*) FROM usage_events WHERE import_id IN (SELECT id FROM usage_imports)"))


def export_records(ws: Workspace, sheets: Iterable[Sheet] | None = None, *,
                   usage_limit: int | None = None) -> list[SheetRows]:
    """Every sheet's rows (of the areas' export sheets unless `sheets`); the usage sheet is left
    out above `usage_limit` rows."""
    keys = _Keys(ws)
    out = []
    for sheet in export_sheets() if sheets is None else sheets:
        if sheet.name == "usage" and usage_limit is not None and usage_count(ws) > usage_limit:
            continue
        rows = [values for _, values in sheet_records(ws, sheet, keys)]
        if sheet.name in RETENTION_SHEETS and not rows:
            continue  # never purged: the workbook is the one it was before these sheets existed
        out.append(SheetRows(sheet, rows))
    return out


def snapshot(ws: Workspace) -> dict[str, Stored]:
    """What an import compares its rows with: per sheet, natural key -> (row id, values)."""
    keys = _Keys(ws)
    return {s.name: {norm_key(tuple(v[k] for k in s.key)): (rid, v) for rid, v in sheet_records(ws, s, keys)}
            for s in export_sheets()}


# ------------------------------------------------------------------------------------ applying
def apply_portable_plan(ws: Workspace, plan: PortablePlan, label: str) -> int | None:
    """Apply a checked plan in one audited write (all or nothing); returns the change id."""
    if not plan.ok:
        raise StoreValidationError("The import has errors; nothing was changed.")
    if not plan.has_changes:
        return None
    with ws.write(label) as w:
        keys = _Keys(ws)
        deferred: list[tuple[Sheet, int, int, Values]] = []
        frozen: set[int] = set()  # rollouts whose retention rows changed
        for sheet in export_sheets():
            part = plan.sheets.get(sheet.name)
            if part is None or not (part.new or part.changed):
                continue
            if sheet.name in RETENTION_SHEETS:
                frozen |= _apply_retention(w, keys, sheet, part)
                continue
            if sheet.name == "usage":
                _apply_usage(w, keys, part, label)
                continue
            if sheet.name == "settings":
                for _number, values in [*part.new, *((n, v) for n, _, v in part.changed)]:
                    w.conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) "
                                   "DO UPDATE SET value = excluded.value", (values["key"], values["value"]))
                continue
            for number, values in _in_number_order(sheet, part.new):
                row_id = _write(w, keys, sheet, number, None, values, deferred)
                if sheet.defines:
                    keys.add(sheet.defines, tuple(values.get(c) for c in ENTITIES[sheet.defines]), row_id)
            for number, row_id, values in part.changed:
                _write(w, keys, sheet, number, row_id, values, deferred)
        for sheet, number, row_id, values in deferred:
            changes = {}
            for ref in sheet.refs:
                if ref.deferred and ref.columns[0] in values:
                    changes[ref.field] = _resolve(keys, sheet, number, ref, values)
            _guard(sheet, number, lambda: w.update(sheet.table, row_id, changes))
        if frozen:
            # The weeks after the frozen ones, from the usage now recorded (an import of usage
            # recomputed its rollouts already; this does the others), in this transaction.
            w.conn.executemany("INSERT OR IGNORE INTO adoption_stale (rollout_id) VALUES (?)",
                               [(r,) for r in sorted(frozen)])
            w.ws.adoption.refresh()
            w.tables.add("adoption_weekly")
    return w.change_id


def _in_number_order(sheet: Sheet, rows: list[tuple[int, Values]]) -> list[tuple[int, Values]]:
    """The rows in the file's order, except that the records of one numbered group (one seat's
    decisions) take the group's places in the order of their numbers: the order they are made in."""
    if sheet.numbered is None:
        return rows
    numbered, rest = sheet.numbered, [k for k in sheet.key if k != sheet.numbered]
    groups: dict[Key, list[tuple[int, Values]]] = {}
    for row in rows:
        groups.setdefault(norm_key(tuple(row[1].get(k) for k in rest)), []).append(row)
    ordered = {key: iter(sorted(group, key=lambda row: row[1][numbered])) for key, group in groups.items()}
    return [next(ordered[norm_key(tuple(row[1].get(k) for k in rest))]) for row in rows]


def _resolve(keys: _Keys, sheet: Sheet, number: int, ref: Ref, values: Values) -> int | None:
    parts = tuple(values.get(c) for c in ref.columns)
    if all(p in (None, "") for p in parts):
        return None
    found = keys.find(ref.entity, parts)
    if found is None:  # the plan checked every reference; only a racing edit gets here
        raise StoreValidationError(f"{sheet.name} row {number}: {ref.columns[-1]} "
                                   f"'{parts[-1]}' no longer exists.")
    return found


def _guard(sheet: Sheet, number: int, action: Callable[[], T]) -> T:
    try:
        return action()
    except StoreValidationError as e:
        raise StoreValidationError(f"{sheet.name} row {number}: {e}") from e


def _write(w: AuditedWriter, keys: _Keys, sheet: Sheet, number: int, row_id: int | None, values: Values,
           deferred: list[tuple[Sheet, int, int, Values]]) -> int:
    record: dict[str, object] = {}
    for c in sheet.columns:
        if c.field and (c.name in values or row_id is None):
            record[c.field] = _to_store(c, values.get(c.name))
    late = False
    for ref in sheet.refs:
        if not any(col in values for col in ref.columns) and row_id is not None:
            continue  # the column is not in the file: an update leaves it as it is
        if ref.deferred:
            late = late or any(values.get(col) not in (None, "") for col in ref.columns) or row_id is not None
            continue
        record[ref.field] = _resolve(keys, sheet, number, ref, values)
    record = {k: v for k, v in record.items() if v is not None or row_id is not None}
    if row_id is None:
        row_id = _guard(sheet, number, lambda: w.insert(sheet.table, record))
    elif record:
        _guard(sheet, number, lambda: w.update(sheet.table, row_id, record))
    if late:
        deferred.append((sheet, number, row_id, values))
    return row_id


def _apply_usage(w: AuditedWriter, keys: _Keys, part: SheetPlan, label: str) -> None:
    events: list[int] = []
    for number, values in part.new:
        rollout = keys.find("rollout", (values["rollout"],))
        person = keys.find("person", (values["employee_id"],))
        if rollout is None or person is None:
            raise StoreValidationError(f"usage row {number}: the rollout or person no longer exists.")
        events.append((rollout << 44) | (person << 20) | values["used_on"].toordinal())
    w.ws.adoption.record_usage(w, events, source=label, rows=len(events))


_RETENTION_WRITE = {
    "usage_retention": """INSERT INTO adoption_frozen (rollout_id, purged_before, frozen_before) VALUES (?, ?, ?)
                          ON CONFLICT (rollout_id) DO UPDATE SET purged_before = excluded.purged_before,
                                                                 frozen_before = excluded.frozen_before""",
    "frozen_adoption_weeks": """INSERT INTO adoption_weekly (rollout_id, team_id, week_end, eligible, active,
                                                             new_adopters) VALUES (?, ?, ?, ?, ?, ?)
                                ON CONFLICT (rollout_id, week_end, team_id) DO UPDATE SET
                                    eligible = excluded.eligible, active = excluded.active,
                                    new_adopters = excluded.new_adopters""",
    "earlier_adopters": """INSERT INTO adoption_earlier_adopters (rollout_id, team_id, week_end, people)
                           VALUES (?, ?, ?, ?)
                           ON CONFLICT (rollout_id, week_end, team_id) DO UPDATE SET people = excluded.people""",
}


def _apply_retention(w: AuditedWriter, keys: _Keys, sheet: Sheet, part: SheetPlan) -> set[int]:
    """Write a retention sheet's new and changed rows as the purge stores them; the rollouts."""
    _, columns = _RETENTION_SQL[sheet.name]
    rows: list[tuple[object, ...]] = []
    rollouts: set[int] = set()
    for number, values in [*part.new, *((n, v) for n, _, v in part.changed)]:
        ids = [_resolve(keys, sheet, number, ref, values) for ref in sheet.refs]
        stored: list[object] = []
        for name in columns:
            value = values.get(name)
            stored.append((value.toordinal() if value else 0) if sheet.column(name).type == DATE else value)
        rows.append((*ids, *stored))
        if ids[0] is not None:  # (the rollout: every retention row names one)
            rollouts.add(ids[0])
    w.conn.executemany(_RETENTION_WRITE[sheet.name], rows)
    return rollouts


def people_identities(ws: Workspace) -> list[dict[str, Any]]:
    """id, employee_id, name and email of everyone: what a pseudonymised export replaces."""
    return ws.query("SELECT id, employee_id, name, email FROM people")
