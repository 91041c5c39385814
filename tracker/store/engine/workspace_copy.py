"""Copying a whole workspace from one engine to the other: `tracker push` and `tracker pull`.

The portable workbook (export-data) carries the records people edit, but not the history,
the import mappings or the seats, so a push through it would lose them. This copies every
table the areas declare instead, row by row with their ids, in the areas' order, inside one
transaction of the target: all of it or nothing. Tables the areas mark ``derived`` (counts,
roll-ups, stale markers) are not copied: the target's own triggers mark what the copied rows
touch, and readers count it again, as after any write.

References that point forward (a team's lead is a person, copied after teams) or to the same
table (a person's manager, a team's parent) are written as NULL first and set once every row
is in, so neither engine sees a row that refers to one not yet there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.store.areas import AREAS
from tracker.store.errors import WorkspaceError

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

BATCH = 2000  # rows per executemany: bounded memory for a million training records

#: The history: a workspace whose history is empty and that holds rows only in the tables a new
#: workspace fills by itself (role types, the gate template, defaults) counts as empty.
HISTORY_TABLE = "changes"
Progress = Callable[[str, int], None]  # (table, rows copied so far)


class TargetNotEmptyError(WorkspaceError):
    """The target already holds a workspace with records; it is replaced only when asked."""


@dataclass(frozen=True)
class CopyResult:
    tables: int
    rows: int

    def summary(self) -> str:
        return f"{self.rows:,} rows in {self.tables} tables"


def record_tables() -> tuple[str, ...]:
    """Every table the areas declare, in their order, without the derived ones."""
    return tuple(t for area in AREAS for t in area.tables if t not in area.derived)


def all_tables() -> tuple[str, ...]:
    return tuple(t for area in AREAS for t in area.tables)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(ws: Workspace, table: str) -> list[str]:
    return [row[1] for row in ws.conn.execute(f"PRAGMA table_info({table})")]


def _later_references(ws: Workspace, table: str, copied: set[str]) -> list[str]:
    """Columns of ``table`` referring to itself or to a table not copied yet."""
    return [row[3] for row in ws.conn.execute(f"PRAGMA foreign_key_list({table})")
            if row[2] == table or row[2] not in copied]


def held_records(ws: Workspace) -> dict[str, int]:
    """Rows per record table, for the tables that hold any (an empty dict: an empty workspace,
    the rows a new workspace fills by itself aside)."""
    counts = {table: ws.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in record_tables()}
    if not counts.get(HISTORY_TABLE):
        counts = {t: n for t, n in counts.items() if t not in _seeded_tables()}
    return {table: n for table, n in counts.items() if n}


_SEEDED: frozenset[str] | None = None


def _seeded_tables() -> frozenset[str]:
    """The tables a brand-new workspace holds rows in, learnt once from a new one."""
    global _SEEDED
    if _SEEDED is None:
        import tempfile
        from pathlib import Path

        from tracker.store.workspace import Workspace

        with tempfile.TemporaryDirectory() as folder, Workspace.open(Path(folder) / "new.tracker") as fresh:
            _SEEDED = frozenset(t for t in record_tables()
                                if fresh.conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() is not None)
    return _SEEDED


def copy_workspace(source: Workspace, target: Workspace, *, replace: bool = False, label: str = "Copy",
                   progress: Progress | None = None) -> CopyResult:
    """Make ``target`` hold what ``source`` holds. A target holding records is refused
    (TargetNotEmptyError) unless ``replace``. One transaction of the target: on any error
    it is left as it was."""
    held = held_records(target)
    if held and not replace:
        what = ", ".join(f"{n:,} {t}" for t, n in list(held.items())[:3])
        raise TargetNotEmptyError(f"The target already holds a workspace ({what}, …); it is replaced only "
                                  "with --replace.")
    plan = _plan(source, target)
    rows = 0
    with _snapshot(source), target.write(label) as writer:
        conn = writer.conn
        _empty(target, plan)
        pending: list[tuple[str, str, list[tuple[Any, Any]]]] = []
        for table, columns, later in plan:
            copied_here = 0
            later_at = [columns.index(c) for c in later]
            fixes: dict[str, list[tuple[Any, Any]]] = {c: [] for c in later}
            insert = (f"INSERT INTO {_quoted(table)} ({', '.join(map(_quoted, columns))}) "
                      f"VALUES ({', '.join('?' for _ in columns)})")
            id_at = columns.index("id") if "id" in columns else None
            for batch in _batches(source, table, columns):
                if later_at:
                    if id_at is None:
                        raise WorkspaceError(f"{table} refers ahead but has no id: it cannot be copied")
                    batch = [_held_back(row, later_at, id_at, later, fixes) for row in batch]
                conn.executemany(insert, batch)
                copied_here += len(batch)
                if progress is not None:
                    progress(table, copied_here)
            rows += copied_here
            pending.extend((table, column, values) for column, values in fixes.items() if values)
        for table, column, values in pending:
            conn.executemany(f"UPDATE {_quoted(table)} SET {_quoted(column)} = ? WHERE id = ?", values)
    return CopyResult(tables=len(plan), rows=rows)


@contextmanager
def _snapshot(source: Workspace) -> Iterator[None]:
    """Every table read as of one moment, though others may write the source meanwhile."""
    if source.conn.in_transaction:
        yield
        return
    server = getattr(source, "engine", "sqlite") == "postgresql"
    source.conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" if server else "BEGIN")
    try:
        yield
    finally:
        source.conn.rollback()  # it only read


def _plan(source: Workspace, target: Workspace) -> list[tuple[str, list[str], list[str]]]:
    """(table, its columns, the columns to set after every row is in) per record table. The
    two workspaces must have the same tables and columns (both opened by this version)."""
    plan: list[tuple[str, list[str], list[str]]] = []
    copied: set[str] = set()
    for table in record_tables():
        columns = _columns(source, table)
        missing = sorted(set(columns) - set(_columns(target, table)))
        if not columns or missing:
            raise WorkspaceError(f"The two workspaces differ in table {table} ({', '.join(missing) or 'missing'}); "
                                 "open both with this version first.")
        plan.append((table, columns, _later_references(source, table, copied)))
        copied.add(table)
    return plan


def _empty(target: Workspace, plan: list[tuple[str, list[str], list[str]]]) -> None:
    """Delete every row of the target, children first; its forward references cleared first."""
    for table, _, later in plan:
        for column in later:
            target.conn.execute(f"UPDATE {_quoted(table)} SET {_quoted(column)} = NULL "
                                f"WHERE {_quoted(column)} IS NOT NULL")
    for table in reversed(all_tables()):
        target.conn.execute(f"DELETE FROM {_quoted(table)}")


def _batches(source: Workspace, table: str, columns: list[str]) -> Iterator[list[tuple[Any, ...]]]:
    order = " ORDER BY id" if "id" in columns else ""
    cursor = source.conn.execute(f"SELECT {', '.join(map(_quoted, columns))} FROM {_quoted(table)}{order}")
    while True:
        batch = cursor.fetchmany(BATCH)
        if not batch:
            return
        yield [tuple(row) for row in batch]


def _held_back(row: tuple[Any, ...], later_at: list[int], id_at: int, later: list[str],
               fixes: dict[str, list[tuple[Any, Any]]]) -> tuple[Any, ...]:
    values = list(row)
    for at, column in zip(later_at, later, strict=True):
        if values[at] is not None:
            fixes[column].append((values[at], values[id_at]))
            values[at] = None
    return tuple(values)
