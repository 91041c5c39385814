"""Importing team adoption figures for teams without usage logs: preview, then all or nothing.

Columns `rollout, team, period_end, eligible, active` and optionally `proficient`. Each row is
one team's figure for the period ending on `period_end`; a row for a period already stored
replaces it (and an identical one changes nothing, so the same file twice changes nothing).
Rejected by row: an unknown rollout or team, a team not taking part in the rollout, a date that
cannot be read or lies in the future, counts that are not whole numbers of 0 or more, active
above eligible, proficient above active, the same team and period twice in the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.domain.dates import DateParseError, parse_date
from tracker.domain.importing import RowError, cell_text, loose_key
from tracker.io.table_reader import TableReadError, TableRow, read_table

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

REQUIRED = ("rollout", "team", "period_end", "eligible", "active")
OPTIONAL = ("proficient",)
_COUNT_COLUMNS = ("eligible", "active", "proficient")
# One team figure as stored: rollout_id, team_id, period_end (ISO) and the counts.
Figure = dict[str, Any]


@dataclass
class TeamFiguresPreview:
    source: str
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    new: list[Figure] = field(default_factory=list)
    changed: list[Figure] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def report(self) -> str:
        if not self.ok:
            lines = [f"{self.source}: {len(self.errors):,} row error{'s' if len(self.errors) != 1 else ''}; "
                     "nothing was imported."]
            return "\n".join(lines + [f"  {e}" for e in self.errors])
        return (f"{self.source}: {self.rows:,} team figures: {len(self.new):,} new, "
                f"{len(self.changed):,} changed, {self.unchanged:,} unchanged.")


def _count(value: object, column: str) -> int | str | None:
    text = cell_text(value)
    if not text:
        return None
    try:
        number = float(value) if isinstance(value, (int, float)) else float(text.replace(",", ""))
    except (TypeError, ValueError):
        return f"{column} '{text}' is not a number"
    if not number.is_integer() or number < 0:
        return f"{column} must be a whole number of people, 0 or more (not {text})"
    return int(number)


def parse_rows(rows: Iterable[TableRow], rollouts: dict[str, int], teams: dict[str, int],
               participating: set[tuple[int, int]], today: dt.date) -> tuple[list[tuple[int, Figure]], list[RowError]]:
    """Pure: (row number, figure values) for each good row, and the row errors."""
    good: list[tuple[int, Figure]] = []
    errors: list[RowError] = []
    seen: dict[tuple[int, int, str], int] = {}
    for row in rows:
        v = row.values
        problems: list[str] = []
        rollout_name, team_name = cell_text(v.get("rollout")), cell_text(v.get("team"))
        rollout_id = rollouts.get(loose_key(rollout_name))
        team_id = teams.get(loose_key(team_name))
        if rollout_id is None:
            problems.append(f"there is no rollout called '{rollout_name}'" if rollout_name else "the rollout is empty")
        if team_id is None:
            problems.append(f"there is no team called '{team_name}'" if team_name else "the team is empty")
        if rollout_id is not None and team_id is not None and (rollout_id, team_id) not in participating:
            problems.append(f"{team_name} does not take part in {rollout_name}")
        period_end = None
        try:
            period_end = parse_date(v.get("period_end"))
            if period_end > today:
                problems.append(f"period_end {period_end.isoformat()} is in the future")
        except DateParseError as e:
            problems.append(f"period_end: {e}")
        counts: dict[str, int | None] = {}
        for column in _COUNT_COLUMNS:
            c = _count(v.get(column, ""), column)
            if isinstance(c, str):
                problems.append(c)
            elif c is None and column != "proficient":
                problems.append(f"{column} is empty")
            else:
                counts[column] = c
        eligible, active, proficient = counts.get("eligible"), counts.get("active"), counts.get("proficient")
        if not problems and eligible is not None and active is not None:  # (every count could be read)
            if active > eligible:
                problems.append(f"active ({active}) is more than eligible ({eligible})")
            elif proficient is not None and proficient > active:
                problems.append(f"proficient ({proficient}) is more than active ({active})")
        if not problems and rollout_id is not None and team_id is not None and period_end is not None:
            key = (rollout_id, team_id, period_end.isoformat())
            if key in seen:
                problems.append(f"{team_name} has a figure for {period_end.isoformat()} already on row {seen[key]}")
            seen[key] = row.number
        if problems or period_end is None:  # (no rollout, team or date is a problem above)
            errors.append(RowError(row.number, "; ".join(problems)))
            continue
        good.append((row.number, {"rollout_id": rollout_id, "team_id": team_id,
                                  "period_end": period_end.isoformat(), **counts}))
    return good, errors


def preview_team_figures(ws: Workspace, path: str | Path, *, today: dt.date | None = None) -> TeamFiguresPreview:
    path = Path(path)
    preview = TeamFiguresPreview(path.name)
    try:
        table = read_table(path)
    except TableReadError as e:
        preview.errors.append(RowError(None, str(e)))
        return preview
    missing = [c for c in REQUIRED if c not in table.headers]
    if missing:
        preview.errors.append(RowError(None, f"{path.name} has no column {', '.join(missing)} "
                                       f"(it has {', '.join(table.raw_headers)})"))
        return preview
    preview.rows = len(table.rows) + len(table.problems)
    preview.errors.extend(RowError(p.row, p.reason) for p in table.problems)
    rollouts = {loose_key(r.name): r.id for r in ws.rollouts.list()}
    teams = {loose_key(t.name): t.id for t in ws.teams.list()}
    participating = {(rid, p.team_id) for rid in rollouts.values() for p in ws.rollouts.participation(rid)}
    good, errors = parse_rows(table.rows, rollouts, teams, participating, today or dt.date.today())
    preview.errors.extend(errors)
    preview.errors.sort(key=lambda e: (e.row is not None, e.row or 0))
    if preview.errors:
        return preview
    stored = {(f["rollout_id"], f["team_id"], f["period_end"]): f for f in ws.adoption.stored_figures()}
    for _, values in good:
        current = stored.get((values["rollout_id"], values["team_id"], values["period_end"]))
        if current is None:
            preview.new.append(values)
        elif any(current[k] != values[k] for k in _COUNT_COLUMNS):
            preview.changed.append(values)
        else:
            preview.unchanged += 1
    return preview


def apply_team_figures(ws: Workspace, preview: TeamFiguresPreview) -> int | None:
    """Write the new and changed figures in one write (one undo step); None when there are none."""
    if not preview.ok:
        raise ValueError("team figures with row errors cannot be applied")
    figures = preview.new + preview.changed
    if not figures:
        return None
    return ws.adoption.apply_team_figures(figures, f"Import team adoption figures from {preview.source}")
