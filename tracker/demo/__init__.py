"""The seeded sample workspace: a realistic insurer/bank with teams, people and AI rollouts.

Used for demos, screenshots, manual testing and benchmarks (`tracker demo PATH --seed N`).
The same seed always gives the same content: everything comes from `random.Random`, and dates
are fixed around 2026 rather than taken from today.

How it grows: each area is *planned* in memory by a pure function and then *written* by a
second one; each area draws from its own random stream (`_rng(seed, "area")`), so adding a new
area (training, ADKAR, resistance, dependencies, adoption, ...) leaves the existing areas of a
seed unchanged. Everything is written in one audited transaction: fast (one commit), and a
failure or cancel leaves no half-written file behind.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tracker.demo.adoption import add_adoption
from tracker.demo.delivery import add_delivery
from tracker.demo.organisation import Organisation, plan_organisation, write_organisation
from tracker.demo.readiness import add_readiness
from tracker.demo.rollouts import PlannedRollout, plan_rollouts, write_rollouts
from tracker.demo.seats import add_seats
from tracker.demo.training import add_training
from tracker.store.lock import WorkspaceLock
from tracker.store.workspace import Workspace

__all__ = ["DemoPlan", "plan_demo", "write_demo_workspace"]

Progress = Callable[[int, str], None]

WRITE_LABEL = "Create sample workspace"


@dataclass
class DemoPlan:
    """Everything the sample workspace will hold; ids are filled in as it is written."""

    seed: int
    organisation: Organisation
    rollouts: list[PlannedRollout]


def _rng(seed: int, area: str) -> random.Random:
    # String seeds are hashed with SHA-512 by `random`, so this is stable across runs and
    # machines (unlike hash()).
    return random.Random(f"{seed}/{area}")


def plan_demo(seed: int = 1) -> DemoPlan:
    """The sample content for `seed`, without touching any file."""
    org = plan_organisation(_rng(seed, "organisation"))
    rollouts = plan_rollouts(_rng(seed, "rollouts"), org)
    return DemoPlan(seed, org, rollouts)


def _siblings(path: Path) -> list[Path]:
    """The files SQLite keeps beside a workspace while it is open or after a crash."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def _make_room(path: Path, overwrite: bool) -> None:
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; choose a file name for the sample workspace.")
    existing = [p for p in (path, *_siblings(path)) if p.exists()]
    if not existing:
        return
    if not overwrite:
        raise FileExistsError(
            f"{existing[0]} already exists. Choose another name, or ask to replace it."
        )
    # Replacing: hold the workspace's lock while deleting, so a workspace someone has open is
    # refused (WorkspaceLockedError) instead of deleted under them.
    lock = WorkspaceLock(path)
    lock.acquire()
    try:
        for p in existing:
            p.unlink(missing_ok=True)
    finally:
        lock.release()


def write_demo_workspace(path: str | Path, *, seed: int = 1, progress: Progress | None = None,
                         overwrite: bool = False, encrypted: bool = False) -> Path:
    """Write the sample organisation for `seed` into a new workspace at `path`; returns its path.

    Refuses (FileExistsError) when a file is already there, unless `overwrite`, which deletes
    it first (WorkspaceLockedError if another program has it open); `encrypted` makes it an
    encrypted workspace (tracker/store/encryption.py). `progress(percent, text)`
    is called at a few milestones; an exception raised from it cancels the job, and then no
    file is left behind.
    """
    path = Path(path).expanduser().absolute()
    report = progress or (lambda percent, text: None)
    _make_room(path, overwrite)
    report(0, "Planning the sample organisation")
    plan = plan_demo(seed)
    created = False
    try:
        with Workspace.open(path, encrypted=encrypted) as ws:
            created = True
            with ws.write(WRITE_LABEL) as w:
                report(10, "Adding teams and people")
                write_organisation(w, plan.organisation)
                report(65, "Adding rollouts, participating teams and roles")
                write_rollouts(w, plan.rollouts)
                add_readiness(w, _rng(seed, "readiness"), plan.organisation, plan.rollouts)
                add_training(w, _rng(seed, "training"), plan.organisation, plan.rollouts)
                add_delivery(w, _rng(seed, "delivery"), plan.organisation, plan.rollouts)
                add_adoption(w, _rng(seed, "adoption"), plan.organisation, plan.rollouts)
                add_seats(w, _rng(seed, "seats"), plan.organisation, plan.rollouts)
                report(90, "Saving the workspace")
    except BaseException:
        if created:  # ours, and closed by now: remove the empty or half-made file
            for p in (path, *_siblings(path)):
                p.unlink(missing_ok=True)
        raise
    report(100, "Sample workspace ready")
    return path
