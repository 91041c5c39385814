"""One view across AI tools: who holds seats in which tools and uses them, per person and team.

Each rollout introduces one tool (its seat rules name it, "Microsoft 365 Copilot"; else the
rollout's name is the tool's), so rollouts naming the same tool are one tool here. A person
*uses* a tool when they were active in it (used it within that rollout's inactive days).

Per team: seat holders and users of each tool, people with seats in several tools, and where
one tool *crowds out* another: of the people holding seats in both, at least half use only the
one, and they are at least the minimum group size. Teams with fewer seat holders than the
minimum are hidden (with the next-smallest, when the total would give one away). Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tracker.domain.privacy import DEFAULT_MINIMUM, suppress

CROWDING_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class ToolSeats:
    """One tool's seat holders and its users among them (person ids)."""

    tool: str
    holders: frozenset[int]
    users: frozenset[int]


@dataclass(frozen=True, slots=True)
class PersonTools:
    person_id: int
    held: tuple[str, ...]
    used: tuple[str, ...]


@dataclass(frozen=True)
class TeamTools:
    """A team's seats across tools. ``tools``: tool -> (holders, users). ``hidden``: the
    small-group rule's reason (then no figures)."""

    team_id: int | None
    team: str
    people: int
    tools: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    several: int = 0
    crowding: tuple[str, ...] = ()
    hidden: str = ""


def merge_tools(per_rollout: Iterable[ToolSeats]) -> list[ToolSeats]:
    """Rollouts naming the same tool (ignoring case) as one tool, sorted by name."""
    merged: dict[str, tuple[str, set[int], set[int]]] = {}
    for t in per_rollout:
        name, holders, users = merged.setdefault(t.tool.casefold(), (t.tool, set(), set()))
        holders |= t.holders
        users |= t.users
    return [ToolSeats(name, frozenset(h), frozenset(u)) for name, h, u in sorted(merged.values(), key=lambda v: v[0].casefold())]


def person_tools(tools: Iterable[ToolSeats]) -> dict[int, PersonTools]:
    """Person id -> the tools they hold seats in and use."""
    held: dict[int, list[str]] = {}
    used: dict[int, list[str]] = {}
    for t in merge_tools(tools):
        for p in t.holders | t.users:
            held.setdefault(p, []).append(t.tool)
        for p in t.users:
            used.setdefault(p, []).append(t.tool)
    return {p: PersonTools(p, tuple(names), tuple(used.get(p, ()))) for p, names in held.items()}


def team_tools(tools: Iterable[ToolSeats], team_of: Mapping[int, tuple[int | None, str]],
               minimum: int = DEFAULT_MINIMUM) -> list[TeamTools]:
    """Per team (``team_of``: person id -> (team id, team name)), the seats across tools."""
    merged = merge_tools(tools)
    people = person_tools(merged)
    members: dict[int | None, list[int]] = {}
    names: dict[int | None, str] = {}
    for p in people:
        team_id, name = team_of.get(p, (None, ""))
        members.setdefault(team_id, []).append(p)
        names[team_id] = name or "(no team)"
    counts = {team: len(ps) for team, ps in members.items()}
    hidden = suppress(counts, minimum, total=sum(counts.values())).hidden
    out = []
    for team, ps in sorted(members.items(), key=lambda kv: names[kv[0]].casefold()):
        if team in hidden:
            out.append(TeamTools(team, names[team], len(ps), hidden=hidden[team]))
            continue
        group = set(ps)
        per_tool = {t.tool: (len((t.holders | t.users) & group), len(t.users & group)) for t in merged
                    if (t.holders | t.users) & group}
        several = sum(1 for p in ps if len(people[p].held) > 1)
        out.append(TeamTools(team, names[team], len(ps), per_tool, several, _crowding(merged, group, minimum)))
    return out


def _crowding(tools: list[ToolSeats], group: set[int], minimum: int) -> tuple[str, ...]:
    found = []
    for a in tools:
        for b in tools:
            if a is b:
                continue
            both = (a.holders | a.users) & (b.holders | b.users) & group
            only_a = {p for p in both if p in a.users and p not in b.users}
            if both and len(only_a) >= minimum and len(only_a) / len(both) >= CROWDING_SHARE:
                found.append(f"{a.tool} crowds out {b.tool}: {len(only_a)} of {len(both)} people with seats in "
                             f"both use only {a.tool}")
    return tuple(found)
