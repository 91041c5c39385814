"""Everything a rollout's Seats tab shows (read in the window's worker thread).

The reclaim list with its totals, and the parts beyond it: the cohorts, the training uplift
(for the rollout's training, or one chosen module) and one view across AI tools (per team,
through the small-group rule, as tracker/services/seat_insights.py gives it, and per person
holding a seat of this rollout, with every tool they hold and use). Each part takes about as
long as the list itself (the view across tools judges every rollout's seats), so the tab
reads the list and only the part of the sub-tab on screen, and `with_parts` adds another
part to an overview already read when its sub-tab is shown. Reading only: looking never writes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from tracker.domain.date_text import day_text
from tracker.domain.seat_tools import TeamTools
from tracker.domain.seat_uplift import Uplift
from tracker.domain.seats import Category, ReclaimList
from tracker.domain.usage_freshness import stale_note
from tracker.services.seat_insights import SeatCohorts, seat_cohorts, seat_uplift, tools_view
from tracker.store.workspace import Workspace


@dataclass(frozen=True, slots=True)
class PersonToolsRow:
    """A seat holder of the rollout and the AI tools they hold seats in and use."""

    person_id: int
    name: str
    employee_id: str
    team: str
    held: tuple[str, ...]
    used: tuple[str, ...]

    @property
    def id(self) -> int:  # the table model's key
        return self.person_id

    @property
    def several(self) -> bool:
        return len(self.held) > 1


@dataclass(frozen=True, slots=True)
class LeaveRow:
    """A leave mark of one of the rollout's seat holders, with who they are."""

    mark_id: int
    person_id: int
    name: str
    employee_id: str
    team: str
    starts_on: dt.date
    ends_on: dt.date | None
    state: str  # "on leave", or "starts 3 Jan 2027", on the list's day

    @property
    def id(self) -> int:  # the table model's key
        return self.mark_id


def leave_rows(ws: Workspace, listed: ReclaimList) -> list[LeaveRow]:
    """The leave marks of the list's seat holders that have not ended by its day, soonest first."""
    holders = {line.holder.person_id: line.holder for line in listed.lines if line.holder is not None}
    day = listed.as_of
    rows = []
    for mark in ws.seats.leave(holders):
        if mark.mark_id is None or (mark.ends_on is not None and mark.ends_on < day):
            continue
        holder = holders[mark.person_id]
        state = "on leave" if mark.covers(day) else f"starts {day_text(mark.starts_on)}"
        rows.append(LeaveRow(mark.mark_id, mark.person_id, holder.name, holder.employee_id, holder.team,
                             mark.starts_on, mark.ends_on, state))
    return sorted(rows, key=lambda r: (r.starts_on, r.name.casefold()))


@dataclass(frozen=True)
class SeatsOverview:
    rollout_id: int
    rollout: str
    tool: str
    listed: ReclaimList
    cohorts: SeatCohorts | None  # None: not read (with_parts reads it)
    uplift: Uplift | None  # None: not read
    modules: list[tuple[int, str]] = field(default_factory=list)  # (id, "CODE Title") for the uplift
    module_id: int | None = None
    teams: list[TeamTools] = field(default_factory=list)
    people: list[PersonToolsRow] = field(default_factory=list)
    minimum: int = 5
    tools_read: bool = False  # teams and people hold the view across tools
    leave: list[LeaveRow] = field(default_factory=list)  # holders' leave, not ended by the list's day
    usage_ends: dt.date | None = None  # the last day of use recorded for the rollout, up to the list's day
    # Counted here, in the worker, so that showing 100,000 lines does not count them again in the window:
    reclaim_count: int = 0  # lines recommended for reclaim (inactive, nothing protects them)
    out_count: int = 0  # leavers' and unknown holders' seats
    pending_count: int = 0  # recommended lines nobody has decided on yet

    @property
    def has_seats(self) -> bool:
        return bool(self.listed.lines)

    @property
    def usage_note(self) -> str | None:
        """The usage data's age when too old to judge inactivity on (ReclaimList.usage_note)."""
        return stale_note(self.usage_ends, self.listed.as_of)


def seats_overview(ws: Workspace, rollout_id: int, as_of: dt.date | None = None, *,
                   module_id: int | None = None, cohorts: bool = True, uplift: bool = True,
                   tools: bool = False) -> SeatsOverview:
    """What the Seats tab shows for the rollout on ``as_of`` (today by default): the reclaim
    list and the parts asked for (the others stay unread: see `with_parts`)."""
    day = as_of or dt.date.today()
    rollout = ws.rollouts.get(rollout_id)
    name = rollout.name if rollout is not None else ""
    tool = ws.seats.tools().get(rollout_id, name)
    listed = ws.seats.reclaim_list(rollout_id, day)
    modules = [(m.id, f"{m.code} {m.title}".strip()) for m in ws.training.modules(rollout_id)]
    if module_id is not None and module_id not in {m for m, _ in modules}:
        module_id = None
    minimum = ws.settings.minimum_group_size
    if not listed.lines:  # nothing else to read: the tab shows how to get seats
        return SeatsOverview(rollout_id, name, tool, listed, SeatCohorts(day), seat_uplift(ws, rollout_id, day),
                             modules, module_id, minimum=minimum)
    overview = SeatsOverview(rollout_id, name, tool, listed, None, None, modules, module_id, minimum=minimum,
                             leave=leave_rows(ws, listed), usage_ends=listed.usage_ends,
                             reclaim_count=len(listed.of(Category.RECLAIM)),
                             out_count=len(listed.of(Category.LEAVER)) + len(listed.of(Category.UNKNOWN_HOLDER)),
                             pending_count=len(listed.pending))
    return with_parts(ws, overview, cohorts=cohorts, uplift=uplift, tools=tools, module_id=module_id)


def with_parts(ws: Workspace, overview: SeatsOverview, *, cohorts: bool = False, uplift: bool = False,
               tools: bool = False, module_id: int | None = None) -> SeatsOverview:
    """``overview`` with these parts read as well, on its list's day: a part it holds already
    is kept, the uplift is read (again) for ``module_id`` (None: all the rollout's training)."""
    day, rollout_id = overview.listed.as_of, overview.rollout_id
    read_cohorts = overview.cohorts
    if cohorts and read_cohorts is None:
        read_cohorts = seat_cohorts(ws, rollout_id, day)
    read_uplift, chosen = overview.uplift, overview.module_id
    if uplift:
        chosen = module_id if module_id in {m for m, _label in overview.modules} else None
        read_uplift = seat_uplift(ws, rollout_id, day, module_id=chosen)
    overview = dataclasses.replace(overview, cohorts=read_cohorts, uplift=read_uplift, module_id=chosen)
    if tools and not overview.tools_read:
        teams, people = _tools_view(ws, overview.listed)
        overview = dataclasses.replace(overview, teams=teams, people=people, tools_read=True)
    return overview


def _tools_view(ws: Workspace, listed: ReclaimList) -> tuple[list[TeamTools], list[PersonToolsRow]]:
    """The view across tools on the list's day: every team, and the list's seat holders."""
    teams, per_person = tools_view(ws, listed.as_of)
    ours = [line.seat.person_id for line in listed.lines if line.seat.person_id is not None and not line.reclaimed]
    holders = ws.seats.holders(ours)
    people = []
    for pid in ours:
        holder = holders.get(pid)
        theirs = per_person.get(pid)
        if holder is None:
            continue
        people.append(PersonToolsRow(pid, holder.name, holder.employee_id, holder.team,
                                     theirs.held if theirs else (), theirs.used if theirs else ()))
    people.sort(key=lambda p: (-len(p.held), p.name.casefold()))
    return teams, people
