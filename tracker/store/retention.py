"""Retention: person-level records are kept only for the months the workspace says.

A resistance signal that names a person ("Ann fears for her job") is the most sensitive thing a
workspace holds. With the workspace setting ``retention_months`` set, :func:`purge_expired`
turns every named signal observed before the cutoff into a team-level one: the person, the
description and the mitigation notes (which are about that person) are erased; the team, type,
severity, source, status and dates stay, so every team figure and chart reads the same.

Erasure has to reach everywhere the words live, or it is not erasure:
- the audit trail's before/after images of those signals (including signals deleted long ago)
  are scrubbed the same way. This is the one place the trail is rewritten, on purpose; the
  purge itself is recorded there as a change of its own, with counts but no names, and it
  cannot be undone (undo would need the erased data);
- ``secure_delete`` (set on every writing connection, tracker/store/connection.py) zeroes the
  freed bytes inside the file, and a TRUNCATE checkpoint afterwards empties the WAL, which
  would otherwise still hold the old pages.
Copies made before the purge (daily backups, copies saved elsewhere) keep what they had until
they are replaced; the README says so.

Usage rows (person, tool, day) before the cutoff are deleted in the same transaction, and the
weekly team figures that counted them are kept frozen (tracker/store/usage_retention.py), so
every adoption figure, chart, health status and forecast reads the same after the purge.
Per-respondent ADKAR answers are never stored (a survey import keeps only each team's means and
how many answered, tracker/domain/adkar_survey.py), so there is nothing of them to purge.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.store.engine.notifications import untrailed_payload
from tracker.store.erasure import checkpoint, replace_fields
from tracker.store.events import ChangeEvent
from tracker.store.usage_retention import purge_usage

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

SETTING = "retention_months"
_ERASED = {"person_id": None, "description": "", "mitigation": ""}


@dataclass(frozen=True)
class PurgeResult:
    cutoff: dt.date  # records observed before this day were purged
    signals: int  # named signals turned into team-level ones
    history_entries: int  # audit images scrubbed
    change_id: int | None  # the purge's own entry in the audit trail; None when nothing was due
    usage_rows: int = 0  # person-and-day usage rows deleted
    frozen_weeks: int = 0  # rollout weeks that counted them, now kept as frozen team figures
    locked_imports: int = 0  # usage imports that can no longer be undone (their rows are gone)

    def summary(self) -> str:
        cutoff = self.cutoff.isoformat()
        if not self.signals and not self.history_entries and not self.usage_rows:
            return f"No named resistance signals or usage rows from before {cutoff}."
        parts = []
        if self.signals or self.history_entries:
            parts.append(f"Removed the names from {self.signals:,} resistance signals observed before "
                         f"{cutoff} (and from {self.history_entries:,} history entries).")
        if self.usage_rows:
            parts.append(f"Removed {self.usage_rows:,} usage rows (person and day) from before {cutoff}; "
                         f"{_weeks(self.frozen_weeks)} are kept as team figures.")
        return " ".join(parts)


def _weeks(n: int) -> str:
    """Weeks are counted per rollout (two rollouts' figures for one week are two)."""
    return "the weeks they counted in" if not n else f"the {n:,} rollout week{'s' if n != 1 else ''} they counted in"


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` earlier (the month's last day when it has fewer)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_months(ws: Workspace) -> int | None:
    value = ws.settings.get(SETTING)
    return None if value is None else int(value)


def set_retention_months(ws: Workspace, months: int | None) -> None:
    """None keeps everything; otherwise at least one month."""
    if months is not None and (not isinstance(months, int) or months < 1):
        raise ValueError("the retention period is a whole number of months, at least 1")
    ws.settings.set(SETTING, months)


def purge_expired(ws: Workspace, *, today: dt.date | None = None) -> PurgeResult | None:
    """Apply the workspace's retention period now; None when it keeps everything."""
    months = retention_months(ws)
    if months is None:
        return None
    cutoff = months_before(today or dt.date.today(), months)
    label_cutoff = cutoff.isoformat()
    conn = ws.conn
    with ws.write("Retention purge"):  # the transaction; the entry is written below
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM resistance_signals WHERE person_id IS NOT NULL AND observed_on < ?",
            (label_cutoff,))]
        conn.executemany(
            "UPDATE resistance_signals SET person_id = NULL, description = '', mitigation = '' "
            "WHERE id = ?", [(i,) for i in ids])
        scrubbed = 0
        for column in ("before", "after"):
            scrubbed += replace_fields(
                ws, column, """entity = 'resistance_signals' AND {column} IS NOT NULL
                      AND json_extract({column}, '$.observed_on') < ?
                      AND (json_extract({column}, '$.person_id') IS NOT NULL
                           OR json_extract({column}, '$.description') <> ''
                           OR json_extract({column}, '$.mitigation') <> '')""",
                (label_cutoff,), {"person_id": None, "description": "", "mitigation": ""})
        usage = purge_usage(ws, cutoff)
        change_id = None
        tables = {"resistance_signals"} | ({"usage_events", "adoption_weekly"} if usage.events else set())
        if ids or scrubbed or usage.events:
            # Recorded without before/after images: they would hold what is being erased.
            label = (f"Retention ({months} months): erased the names from {len(ids)} resistance "
                     f"signals observed before {label_cutoff} and from {scrubbed} history entries")
            if usage.events:
                label += (f"; removed {usage.events} usage rows from before {label_cutoff}, keeping "
                          f"{usage.frozen_weeks} weeks as frozen team figures ({usage.locked_imports} "
                          f"usage imports can no longer be undone)")
            change_id = conn.execute(
                "INSERT INTO changes (at, user, label) VALUES (?, ?, ?)",
                (dt.datetime.now().isoformat(timespec="seconds"), ws.user, label),
            ).lastrowid
            if ws.engine == "postgresql" and change_id is not None:
                # The write door announces changes by their audit rows, which this one has not:
                # others' windows hear the tables it emptied, on commit.
                conn.execute("SELECT pg_notify('tracker_changes', ?)", (untrailed_payload(change_id, tables),))
    if change_id is not None:
        checkpoint(ws)  # the WAL still holds the old pages
        # change_id None: the undo stack must not offer to undo an erasure.
        ws.notify(ChangeEvent(frozenset(tables), None, "Retention purge"))
    return PurgeResult(cutoff, len(ids), scrubbed, change_id, usage.events, usage.frozen_weeks,
                       usage.locked_imports)
