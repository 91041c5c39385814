"""Setting up a rollout from a script: `tracker rollout add` and `tracker rollout list`.

Scheduled imports name their rollout (`tracker import usage ... --rollout NAME`), so the rollout
must exist first; this creates it with its dates, target and teams without the window. Values
come as the command line writes them: dates in ISO (or any form tracker/domain/dates.py reads),
a target rate as 0.65 or 65%.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from tracker.domain.dates import DateParseError, parse_date
from tracker.domain.enums import Impact
from tracker.domain.importing import nfc
from tracker.store.workspace import Workspace


class RolloutSetupError(ValueError):
    """A value the rollout cannot take; ``str(e)`` is one line for the user."""


def parse_rate(text: str) -> float:
    """'0.65', '65%' or '65 %' -> 0.65; a share above 0 and at most 100%."""
    raw = text.strip()
    try:
        rate = float(raw[:-1].strip()) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise RolloutSetupError(f"--target-rate {text!r}: write a share such as 0.65 or 65%") from None
    if not 0 < rate <= 1:
        raise RolloutSetupError(f"--target-rate {text!r}: the target must be above 0 and at most 100%")
    return rate


def parse_day(option: str, text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return parse_date(text.strip(), strict=True)
    except DateParseError:
        raise RolloutSetupError(f"{option} {text!r}: write the date as YYYY-MM-DD") from None


@dataclass(frozen=True)
class RolloutSummary:
    """One rollout as `tracker rollout list` prints it."""

    name: str
    stage: str
    go_live: dt.date | None
    target_rate: float | None
    target_date: dt.date | None
    teams: tuple[str, ...]

    def line(self) -> str:
        parts = [self.name, self.stage]
        parts.append(f"go-live {self.go_live.isoformat()}" if self.go_live else "no go-live date")
        if self.target_rate is not None:
            parts.append(f"target {self.target_rate:.0%}" + (f" by {self.target_date.isoformat()}"
                                                              if self.target_date else ""))
        parts.append(f"teams: {', '.join(self.teams)}" if self.teams else "no teams")
        return " | ".join(parts)


def add_rollout(ws: Workspace, name: str, *, go_live: dt.date | None = None, target_rate: float | None = None,
                target_date: dt.date | None = None, teams: Iterable[str] = ()) -> int:
    """Create the rollout and add its teams (medium impact); checks everything before writing.

    Raises RolloutSetupError for an unknown team or a target rate without a target date (or
    the other way round); the store's own checks (a name already taken, dates out of order)
    raise StoreValidationError.
    """
    if (target_rate is None) != (target_date is None):
        raise RolloutSetupError("--target-rate and --target-date go together: the share to reach, and by when")
    known = {nfc(team.name).lower(): team.id for team in ws.teams.list()}
    team_ids: list[int] = []
    for team in teams:
        team_id = known.get(nfc(team.strip()).lower())
        if team_id is None:
            raise RolloutSetupError(f"--team {team!r}: there is no such team in {ws.title} "
                                    "(import the roster first)")
        if team_id not in team_ids:
            team_ids.append(team_id)
    rollout_id = ws.rollouts.create(name=nfc(name), go_live_date=go_live, target_adoption=target_rate,
                                    target_date=target_date)
    for team_id in team_ids:
        ws.rollouts.set_impact(rollout_id, team_id, Impact.MEDIUM)
    return rollout_id


def list_rollouts(ws: Workspace) -> list[RolloutSummary]:
    return [RolloutSummary(r.name, r.stage.label, r.go_live_date, r.target_adoption, r.target_date,
                           tuple(p.team_name for p in ws.rollouts.participation(r.id)))
            for r in ws.rollouts.list()]
