"""Importing a usage log from the AI tool's analytics: preview, then all or nothing.

A row is one use (or one person-day) with `employee_id, rollout, used_on`. Several uses by a
person on one day collapse into one; a person not in the roster is counted and reported (the
log covers contractors, test accounts, people who left), not an error; an unknown rollout, an
unreadable or future date, an empty employee id are row errors, and a file with any row error
changes nothing. Importing the same file again finds every use recorded and changes nothing.

Millions of rows must import in seconds, so there is no Python statement per row: a regular CSV
is read by column (tracker/io/table_columns.py; anything irregular goes through read_table,
which explains its problems by row) and columns are mapped through dictionaries with C-level
loops (map, dict.get, numpy.fromiter).
Dates and rollout names repeat, and each distinct value is parsed once (a time of day after an
ISO date is cut off first, so per-use timestamps share the day's entry). Each use becomes one
int64 key rollout << 44 | person << 20 | day; collapsing duplicates and counting are numpy
operations on the keys, and what is recorded already is found by a primary-key look-up of each
key the previous import did not record (tracker/store/usage_lookup.py). The cyclic garbage collector is paused while
the rows are read: the millions of row objects contain no cycles, and the collector would walk them
again and again.

Any other file goes through the layout choice (tracker/services/layout_choice.py): a recognised
export such as the Microsoft 365 Copilot usage report, a saved mapping or `--map` columns.
Those files are snapshots or mapped logs and end as the same keys (tracker/services/
usage_snapshot.py), so everything after the scan is shared. A file without a rollout column
takes the rollout chosen for it (`--rollout`, or the Adoption page's rollout in the window).
"""

from __future__ import annotations

import datetime as dt
import gc
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, cast

from tracker.domain.date_text import day_text
from tracker.domain.dates import DateParseError, parse_date
from tracker.domain.importing import RowError, cell_text, loose_key
from tracker.io.table_columns import ColumnTable, read_columns
from tracker.io.table_reader import TableReadError, read_table
from tracker.services.layout_choice import LayoutChoiceError, choose_layout
from tracker.store.adoption_rollup import unique

if TYPE_CHECKING:
    import numpy as np

    from tracker.store.workspace import Workspace

REQUIRED = ("employee_id", "rollout", "used_on")
# Column names analytics exports use, after normalise_header().
SYNONYMS: dict[str, tuple[str, ...]] = {
    "employee_id": ("employee_id", "employee", "employee_number", "emp_id", "personnel_number"),
    "rollout": ("rollout", "rollout_name", "tool", "product"),
    "used_on": ("used_on", "date", "day", "used_at", "timestamp", "event_date", "activity_date"),
}
_CHOSEN = "\x00chosen rollout"  # the rollout column's place when the rollout was chosen for the file
ROLLOUT_SHIFT, PERSON_SHIFT = 44, 20
MAX_PERSON_ID = (1 << (ROLLOUT_SHIFT - PERSON_SHIFT)) - 1
MAX_LISTED = 50  # errors and unknown ids listed in a report; the rest are counted


@dataclass
class UsagePreview:
    source: str
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    keys: np.ndarray | None = None  # int64, unique: every use in the file
    new_keys: np.ndarray | None = None  # those not recorded yet
    duplicates: int = 0  # rows that collapsed into another row's use
    unknown_rows: int = 0
    unknown_ids: list[str] = field(default_factory=list)  # distinct, sorted
    before_cutoff: int = 0  # uses before the retention cutoff: not recorded (tracker/store/usage_retention.py)
    rollouts: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (uses, people)
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    layout_title: str | None = None  # the recognised export ("Recognised: ..."), None for the app's own columns
    raw_headers: list[str] = field(default_factory=list)
    missing: list[list[str]] = field(default_factory=list)  # required field groups without a column
    unknown_what: str = "employee ids that are not in the roster"
    chosen_rollout: str | None = None  # the rollout chosen for a file without a rollout column
    no_activity: int = 0  # snapshot rows of people with no activity in them: nothing to record
    snapshot: bool = False  # a report of last days active (a recognised usage report), not a log
    snapshot_days: list[dt.date] = field(default_factory=list)  # the report dates of a snapshot

    @property
    def ok(self) -> bool:
        return not self.error_count

    @property
    def uses(self) -> int:
        return 0 if self.keys is None else len(self.keys)

    @property
    def new(self) -> int:
        return 0 if self.new_keys is None else len(self.new_keys)

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED:
            self.errors.append(error)

    def report(self) -> str:
        recognised = [f"Recognised: {self.layout_title}"] if self.layout_title else []
        if not self.ok:
            lines = recognised + [f"{self.source}: {self.error_count:,} "
                                  f"{'error' if self.error_count == 1 else 'errors'}; nothing was imported."]
            lines += [f"  {e}" for e in self.errors]
            if self.error_count > len(self.errors):
                lines.append(f"  ... and {self.error_count - len(self.errors):,} more")
            return "\n".join(lines)
        span = (f", {day_text(self.first_day)} to {day_text(self.last_day)}"
                if self.first_day and self.last_day else "")
        # In a snapshot one person's dates often coincide (overall and per app): not duplicate rows.
        collapsed = "" if self.snapshot else f"; {self.duplicates:,} duplicate rows collapsed"
        lines = recognised + [f"{self.source}: {self.rows:,} rows, {self.uses:,} uses (person and day){span}.",
                              f"  {self.new:,} new, {self.uses - self.new:,} already recorded{collapsed}."]
        if self.snapshot:
            days = ", ".join(d.isoformat() for d in self.snapshot_days[:5])
            more = ", ..." if len(self.snapshot_days) > 5 else ""
            lines.append(f"  A report of last days active{f' as of {days}{more}' if days else ''}: "
                         "each day of activity it names counts as one use.")
        if self.no_activity:
            lines.append(f"  {_people(self.no_activity)} {'shows' if self.no_activity == 1 else 'show'} "
                         "no activity in it: nothing is recorded for "
                         f"{'them' if self.no_activity != 1 else 'that person'}.")
        if self.chosen_rollout:
            lines.append(f"  The file has no rollout column: every use is for {self.chosen_rollout}.")
        for name, (uses, people) in sorted(self.rollouts.items()):
            lines.append(f"  {name}: {uses:,} use{'s' if uses != 1 else ''} by {_people(people)}")
        if self.before_cutoff:
            lines.append(f"  {self.before_cutoff:,} uses are from before the retention cutoff and are not "
                         "recorded (those weeks are kept as team figures only).")
        if self.unknown_rows:
            shown = ", ".join(self.unknown_ids[:10]) + (", ..." if len(self.unknown_ids) > 10 else "")
            lines.append(f"  {self.unknown_rows:,} rows name {len(self.unknown_ids):,} {self.unknown_what}; "
                         f"they are not counted: {shown}")
        return "\n".join(lines)


def _people(count: int) -> str:
    return f"{count:,} {'person' if count == 1 else 'people'}"


def _column(headers: list[str], name: str) -> str | None:
    return next((h for h in SYNONYMS[name] if h in headers), None)


def preview_usage(ws: Workspace, path: str | Path, *, rollout: str | None = None, preset: str | None = None,
                  overrides: Mapping[str, str] | None = None, today: dt.date | None = None,
                  progress: Callable[[int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> UsagePreview:
    """Read a usage file and compare it with what is recorded; nothing is written.

    ``rollout``: the rollout of a file without a rollout column (every snapshot layout).
    ``preset`` / ``overrides``: the layout choice (tracker/services/layout_choice.py). A file in
    the app's own columns (employee_id, rollout, used_on) takes the usage log's path unchanged.
    """

    path = Path(path)
    preview = UsagePreview(path.name)
    enabled = gc.isenabled()
    gc.disable()
    try:
        table = read_columns(path, progress=progress, cancelled=cancelled)
        problems = []
        if table is None:  # not a regular CSV: the row-by-row reader, which explains every problem
            try:
                rows = read_table(path, progress=progress, cancelled=cancelled)
            except TableReadError as e:
                return _fail(preview, RowError(None, str(e)))
            table, problems = ColumnTable.of(rows), rows.problems
            del rows
        preview.raw_headers = list(table.raw_headers)
        try:
            recognition = choose_layout(ws, table.raw_headers, "usage", preset=preset, overrides=overrides)
        except LayoutChoiceError as e:
            return _fail(preview, RowError(None, str(e)))
        preview.rows = len(table) + len(problems)
        last_day = (today or dt.date.today()).toordinal()
        if recognition is not None:
            from tracker.services.usage_snapshot import scan_recognised

            chosen_by_map = recognition.layout.key == "mapping:--map"  # no name to show for it
            preview.layout_title = None if chosen_by_map else recognition.layout.title
            for problem in problems:
                _error(preview, RowError(problem.row, problem.reason))
            keys = scan_recognised(ws, table, recognition, preview, rollout=rollout, last_day=last_day)
        else:
            columns = {name: _column(table.headers, name) for name in REQUIRED}
            if columns["rollout"] is None and rollout:
                columns["rollout"] = _CHOSEN
            found = {name: col for name, col in columns.items() if col is not None}
            missing = [name for name in columns if name not in found]
            if missing:
                hint = " (or choose the rollout: --rollout NAME)" if missing == ["rollout"] else ""
                return _fail(preview, RowError(None, f"{path.name} has no column {', '.join(missing)}{hint} "
                                               f"(it has {', '.join(table.raw_headers)})"))
            for problem in problems:
                _error(preview, RowError(problem.row, problem.reason))
            keys = _scan(ws, table, found, preview, last_day, rollout=rollout)
    finally:
        if enabled:
            gc.enable()
    if not preview.ok:
        return preview
    all_keys = unique(keys)
    preview.keys = all_keys
    preview.duplicates = len(keys) - len(all_keys)
    if not len(all_keys):
        preview.new_keys = all_keys
        return preview
    rollout_of = all_keys >> ROLLOUT_SHIFT  # sorted, so counting is finding where each changes
    ids, counts = _runs(rollout_of)
    pid, pcount = _runs(unique(all_keys >> PERSON_SHIFT) >> (ROLLOUT_SHIFT - PERSON_SHIFT))
    per_people = dict(zip(pid.tolist(), pcount.tolist()))
    names = {r.id: r.name for r in ws.rollouts.list()}
    preview.rollouts = {names[r]: (int(c), per_people.get(r, 0)) for r, c in zip(ids.tolist(), counts.tolist())}
    days = all_keys & ((1 << PERSON_SHIFT) - 1)
    preview.first_day = dt.date.fromordinal(int(days.min()))
    preview.last_day = dt.date.fromordinal(int(days.max()))
    preview.new_keys = ws.adoption.unrecorded_among(all_keys)  # only the file's own keys are looked up
    kept_from = ws.adoption.kept_from()
    if kept_from is not None and preview.new_keys is not None:
        current = (preview.new_keys & ((1 << PERSON_SHIFT) - 1)) >= kept_from.toordinal()
        preview.before_cutoff = int(len(preview.new_keys) - current.sum())
        preview.new_keys = preview.new_keys[current]
    return preview


def _runs(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(values, counts) of a sorted array."""
    import numpy as np

    starts = np.concatenate(([0], np.flatnonzero(ordered[1:] != ordered[:-1]) + 1))
    return ordered[starts], np.diff(np.concatenate((starts, [len(ordered)])))


def _scan(ws: Workspace, table: ColumnTable, columns: dict[str, str], preview: UsagePreview, last_day: int, *,
          rollout: str | None = None) -> np.ndarray:
    """The rows as int64 keys, column by column with C-level loops (map, dict.get, numpy): a
    Python statement per row would cost more than reading the file. Each distinct rollout name
    and date is resolved once; codes: -1 unknown, -2 an error for that row."""
    import numpy as np

    people = ws.adoption.person_keys()
    if any(p >> PERSON_SHIFT > MAX_PERSON_ID for p in people.values()):
        _error(preview, RowError(None, "this workspace has more people than a usage import can address"))
        return np.zeros(0, dtype=np.int64)
    rollout_names = {loose_key(r.name): r.id << ROLLOUT_SHIFT for r in ws.rollouts.list()}
    n = len(table)
    emp_cells = table.columns[columns["employee_id"]]
    emps: Sequence[str] = (cast(Sequence[str], emp_cells) if table.text_only or set(map(type, emp_cells)) <= {str}
                           else [e if isinstance(e, str) else cell_text(e) for e in emp_cells])  # numbers as ids
    rolls: Sequence[object]
    if columns["rollout"] is _CHOSEN:
        rolls = [rollout] * n
        preview.chosen_rollout = rollout
    else:
        rolls = table.columns[columns["rollout"]]
    days: Sequence[object] = table.columns[columns["used_on"]]
    distinct_days = set(days)
    if len(distinct_days) > 10_000:  # per-use timestamps: keep the day part of ISO forms
        days = [d[:10] if isinstance(d, str) and len(d) > 10 and d[4] == "-" and d[10] in "T " else d
                for d in days]
        distinct_days = set(days)
    roll_of = {v: _rollout_base(v, rollout_names) for v in set(rolls)}
    day_of = {v: _day(v, last_day) for v in distinct_days}
    problems: dict[object, str] = {**{v: m for v, m in roll_of.items() if isinstance(m, str)},
                                   **{v: m for v, m in day_of.items() if isinstance(m, str)}}
    roll_codes = {v: (-2 if m.__class__ is str else m) for v, m in roll_of.items()}
    day_codes = {v: (-2 if m.__class__ is str else m) for v, m in day_of.items()}
    r = np.fromiter(map(roll_codes.__getitem__, rolls), dtype=np.int64, count=n)
    d = np.fromiter(map(day_codes.__getitem__, days), dtype=np.int64, count=n)
    p = np.fromiter(map(people.get, emps, repeat(-1)), dtype=np.int64, count=n)
    bad = (r < 0) | (d < 0)
    missing = p < 0
    empty = np.fromiter(map(operator.not_, emps), dtype=bool, count=n) if missing.any() else missing
    for i in np.flatnonzero(bad | empty).tolist():
        reason = problems.get(rolls[i]) if r[i] < 0 else problems.get(days[i]) if d[i] < 0 else None
        _error(preview, RowError(table.numbers[i], reason or "the employee id is empty"))
    unknown = missing & ~empty & ~bad
    preview.unknown_rows = int(unknown.sum())
    preview.unknown_ids = sorted({emps[i] for i in np.flatnonzero(unknown).tolist()})
    keep = ~(bad | missing)
    return r[keep] | p[keep] | d[keep]


def _rollout_base(value: object, names: dict[str, int]) -> int | str:
    text = cell_text(value)
    if not text:
        return "the rollout is empty"
    base = names.get(loose_key(text))
    return f"there is no rollout called '{text}'" if base is None else base


def _day(value: object, last_day: int) -> int | str:
    try:
        day = parse_date(value).toordinal()
    except DateParseError as e:
        return f"used_on: {e}"
    if day > last_day:
        return f"used_on: {dt.date.fromordinal(day).isoformat()} is in the future"
    return day


def _error(preview: UsagePreview, error: RowError) -> None:
    preview.add_error(error)


def _fail(preview: UsagePreview, error: RowError) -> UsagePreview:
    _error(preview, error)
    return preview


def apply_usage(ws: Workspace, preview: UsagePreview) -> int | None:
    """Write a previewed import (one batch, one undo step); the change id, or None when the
    workspace already has every use in the file."""
    if not preview.ok:
        raise ValueError("a usage import with row errors cannot be applied")
    if not preview.new or preview.new_keys is None:
        return None
    return ws.adoption.import_usage(preview.new_keys, source=preview.source, rows=preview.rows,
                                    unknown_people=len(preview.unknown_ids), seen=preview.keys)
