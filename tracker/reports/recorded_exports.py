"""Writing a report or export and recording in the history that it left the app.

The command line (`report`, `report --training-plan`, `report --reclaim`, `export-data`) and the
window (File → Export status report / training plan / all data, Save chart, the seats' reclaim
list) all come through here, so none of them writes a file the history does not know of. The record comes after the file is in
place; when it cannot be made (a read-only workspace) the file stays and `Written.note` says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.domain.export_log import COMMAND_LINE
from tracker.store.export_log import NOT_RECORDED
from tracker.store.export_log import record_export as _record_in

if TYPE_CHECKING:
    from tracker.domain.seats import ReclaimList
    from tracker.store.workspace import Workspace

STATUS_REPORT, TRAINING_PLAN, ALL_DATA, CHART_IMAGE, WORKSPACE_COPY, RECLAIM_LIST = (
    "status_report", "training_plan", "all_data", "chart_image", "workspace_copy", "reclaim_list")


@dataclass(frozen=True)
class Written:
    path: Path
    note: str | None  # None: recorded in the history; else why it is not


def record_export(ws: Workspace, kind: str, path: str | Path, **details: Any) -> str | None:
    """Record an export in the history; None when recorded, else the note why not.

    The command line reads a workspace through a read-only view (`Workspace.open_to_read`), so
    that a report works on a read-only file or folder and writes nothing while it reads. The
    record is then the one write: made through a short writable opening once the file is written,
    when the view holds the lock (nobody else writes) and the file can be written at all.
    """
    note = _record_in(ws, kind, path, **details)
    if note is None or not ws.readonly or ws.locked_by:
        return note
    from tracker.store import Workspace, WorkspaceError

    ws.release_lock()
    try:
        with Workspace.open(ws.location, create=False) as writable:
            return _record_in(writable, kind, path, **details)
    except WorkspaceError as e:
        why = str(e).split("; ")[0].split(", so ")[0].split(". ")[0].rstrip(".")
        return NOT_RECORDED.format(file=Path(path).name, why=why)


def rollout_names(ws: Workspace, rollout_ids: list[int] | None) -> list[str]:
    """The names of the rollouts a report covers (None: every rollout)."""
    return [r.name for r in ws.rollouts.list() if rollout_ids is None or r.id in set(rollout_ids)]


def write_report(ws: Workspace, kind: str, path: str | Path, *, rollout_ids: list[int] | None = None,
                 as_of: dt.date | None = None, made_with: str = COMMAND_LINE,
                 progress: Callable[[int, str], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> Written:
    """The status report or the training plan (the reports' own errors propagate)."""
    if kind == STATUS_REPORT:
        from tracker.reports.status_workbook import write_status_report as write
    elif kind == TRAINING_PLAN:
        from tracker.reports.training_plan import write_training_plan as write
    else:
        raise ValueError(f"not a report: {kind!r}")
    target = write(ws, path, rollout_ids=rollout_ids, as_of=as_of, progress=progress, cancelled=cancelled)
    note = record_export(ws, kind, target, rollouts=rollout_names(ws, rollout_ids), made_with=made_with)
    return Written(target, note)


def write_reclaim_list(ws: Workspace, rollout_id: int, listed: ReclaimList, path: str | Path, *,
                       made_with: str = COMMAND_LINE) -> Written:
    """A rollout's seat reclaim list for the licence admin (tracker/reports/reclaim_workbook.py),
    judged already (``ws.seats.reclaim_list``: the caller shows its totals too). Raises ReportError."""
    from tracker.reports.reclaim_workbook import write_reclaim_workbook

    rollout = ws.rollouts.get(rollout_id)
    if rollout is None:
        raise ValueError(f"no rollout with id {rollout_id}")
    target = write_reclaim_workbook(listed, path, rollout=rollout.name,
                                    tool=ws.seats.tools().get(rollout_id, rollout.name))
    note = record_export(ws, RECLAIM_LIST, target, rollouts=[rollout.name], made_with=made_with)
    return Written(target, note)


def write_all_data(ws: Workspace, path: str | Path, *, pseudonymise: bool = False,
                   made_with: str = COMMAND_LINE, progress: Callable[[int, str], None] | None = None) -> Written:
    """Every record in the portable workbook (tracker/services/portable_export.py)."""
    from tracker.services.portable_export import export_workbook

    target = export_workbook(ws, path, pseudonymise=pseudonymise, progress=progress)
    note = record_export(ws, ALL_DATA, target, rollouts=rollout_names(ws, None), pseudonymised=pseudonymise,
                         made_with=made_with)
    return Written(target, note)


def record_chart_image(ws: Workspace, path: str | Path, rollout_ids: list[int] | None,
                       made_with: str) -> str | None:
    """A chart saved as an image (the window writes it); the note when not recorded."""
    return record_export(ws, CHART_IMAGE, path, rollouts=rollout_names(ws, rollout_ids), made_with=made_with)


def save_workspace_copy(ws: Workspace, path: str | Path, *, made_with: str) -> Written:
    """File → Save a copy: the whole workspace, every person in it, to another file."""
    target = ws.save_copy(path)
    note = record_export(ws, WORKSPACE_COPY, target, rollouts=rollout_names(ws, None), made_with=made_with)
    return Written(target, note)
