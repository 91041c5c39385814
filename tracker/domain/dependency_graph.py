"""Analysis of a rollout's dependencies as a graph of teams: pure functions, no Qt, no SQL.

An edge runs from the team that *needs* to the team that *provides* ("A waits on B"). Only
unfinished dependencies hold anyone up, so the waiting, cycle and critical-path questions look
at those; the layout looks at whatever the view shows.

The algorithms are small and standard (Tarjan's strongly connected components, breadth-first
reachability, a longest-path pass in topological order), written here rather than taken from a
graph library: a rollout has tens of dependencies, and the bundle does not carry a dependency
for a hundred lines. tests/domain/test_dependency_graph.py checks them against brute force.

Forecast rule (why the critical path is "the chain that ends latest"): every unfinished
dependency has a planned date, its due date (none: today, and it is listed as undated). It
cannot arrive before today, nor before what its provider waits on has arrived, and a delay
upstream pushes it back by as much: with `plan` the due date and `slip(e) = forecast(e) -
plan(e)` for each input `e` (a dependency of the provider team),

    forecast(d) = max(today, plan(d) + max slip(inputs), max forecast(inputs))

The rollout is ready, at the earliest, when the last forecast arrives; the critical path is
the chain of dependencies leading to that one, each step taking the input that constrains most.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from tracker.domain.dependencies import Dependency


# ---------------------------------------------------------------------------- plain graph helpers
def successors(edges: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    for a, b in edges:
        out[a].add(b)
        out.setdefault(b, set())
    return out


def strongly_connected(edges: Iterable[tuple[int, int]]) -> list[frozenset[int]]:
    """Tarjan's algorithm, iterative (no recursion limit); components in no particular order."""
    succ = successors(edges)
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    components: list[frozenset[int]] = []
    counter = 0
    for root in sorted(succ):
        if root in index:
            continue
        work = [(root, iter(sorted(succ[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(succ[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.add(member)
                    if member == node:
                        break
                components.append(frozenset(members))
    return components


def reachable(edges: Iterable[tuple[int, int]]) -> dict[int, frozenset[int]]:
    """For every node, the nodes it reaches by one or more edges (itself only via a cycle)."""
    succ = successors(edges)
    result: dict[int, frozenset[int]] = {}
    for start in succ:
        seen: set[int] = set()
        queue = deque(succ[start])
        while queue:
            node = queue.popleft()
            if node in seen:
                continue
            seen.add(node)
            queue.extend(succ[node] - seen)
        result[start] = frozenset(seen)
    return result


# ---------------------------------------------------------------------------- the questions
def _open(deps: Iterable[Dependency]) -> list[Dependency]:
    return sorted((d for d in deps if d.unfinished), key=lambda d: d.id)


def _edges(deps: Iterable[Dependency]) -> list[tuple[int, int]]:
    return [(d.needer_team_id, d.provider_team_id) for d in deps]


@dataclass(frozen=True, slots=True)
class Cycle:
    """Teams that wait on each other (directly or round a loop), and the dependencies involved."""

    team_ids: tuple[int, ...]
    dependency_ids: tuple[int, ...]


def find_cycles(deps: Sequence[Dependency]) -> list[Cycle]:
    """Cycles among unfinished dependencies: none of them can finish as planned."""
    pending = _open(deps)
    cycles = []
    for component in strongly_connected(_edges(pending)):
        if len(component) < 2:  # a team never depends on itself (the store refuses it)
            continue
        ids = tuple(d.id for d in pending if d.needer_team_id in component and d.provider_team_id in component)
        cycles.append(Cycle(tuple(sorted(component)), ids))
    return sorted(cycles, key=lambda c: c.team_ids)


def waits_on(deps: Sequence[Dependency]) -> dict[int, frozenset[int]]:
    """For each team with unfinished dependencies, every team it waits on, directly or through others."""
    return {team: reach for team, reach in reachable(_edges(_open(deps))).items() if reach}


def top_blockers(deps: Sequence[Dependency]) -> list[tuple[int, int]]:
    """(team, how many other teams wait on it, directly or through others), most first."""
    counts: dict[int, int] = defaultdict(int)
    for team, reach in waits_on(deps).items():
        for provider in reach - {team}:
            counts[provider] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def overdue(deps: Sequence[Dependency], today: dt.date) -> list[Dependency]:
    return [d for d in _open(deps) if d.is_overdue(today)]


def due_after_go_live(deps: Sequence[Dependency], go_live: dt.date | None) -> list[Dependency]:
    """Unfinished dependencies planned to arrive after the rollout is meant to go live."""
    if go_live is None:
        return []
    return [d for d in _open(deps) if d.due_date is not None and d.due_date > go_live]


@dataclass(frozen=True)
class CriticalPath:
    dependency_ids: tuple[int, ...]  # upstream first; the last one arrives latest
    ready_on: dt.date  # the earliest date every unfinished dependency can have arrived
    forecast: dict[int, dt.date] = field(default_factory=dict)  # per unfinished dependency
    undated: tuple[int, ...] = ()  # no due date: planned as today
    slipping: tuple[int, ...] = ()  # forecast after the due date (late, or pushed by upstream)
    blocked_by_cycle: bool = False  # some dependencies wait on each other and can never finish


def critical_path(deps: Sequence[Dependency], today: dt.date) -> CriticalPath:
    """The forecast of every unfinished dependency and the chain that ends latest (module doc)."""
    pending = _open(deps)
    if not pending:
        return CriticalPath((), today)
    components = strongly_connected(_edges(pending))
    component_of = {team: n for n, component in enumerate(components) for team in component}
    by_needer: dict[int, list[Dependency]] = defaultdict(list)
    for d in pending:
        by_needer[d.needer_team_id].append(d)

    def inputs(d: Dependency) -> list[Dependency]:
        # A link inside one cycle would make the forecast circular; cycles are reported apart.
        same = component_of[d.needer_team_id] == component_of[d.provider_team_id]
        return [e for e in by_needer[d.provider_team_id]
                if not (same and component_of[e.needer_team_id] == component_of[e.provider_team_id]
                        == component_of[d.needer_team_id])]

    plan = {d.id: d.due_date or today for d in pending}
    forecast: dict[int, dt.date] = {}
    via: dict[int, int | None] = {}
    length: dict[int, int] = {}  # steps in the chain ending here: ties go to the longer chain
    for d in _topological(pending, inputs):
        best: tuple[dt.date, int] | None = None
        value = max(today, plan[d.id])
        for e in inputs(d):
            pushed = max(forecast[e.id], plan[d.id] + (forecast[e.id] - plan[e.id]))
            if best is None or pushed > best[0] or (pushed == best[0] and e.id < best[1]):
                best = (pushed, e.id)
        if best is not None:
            value = max(value, best[0])
        forecast[d.id] = value
        via[d.id] = best[1] if best else None
        length[d.id] = 1 + (length[best[1]] if best else 0)
    last = max(pending, key=lambda d: (forecast[d.id], length[d.id], -d.id))
    chain = [last.id]
    while (before := via[chain[-1]]) is not None:
        chain.append(before)
    return CriticalPath(
        dependency_ids=tuple(reversed(chain)), ready_on=forecast[last.id], forecast=forecast,
        undated=tuple(d.id for d in pending if d.due_date is None),
        slipping=tuple(d.id for d in pending if d.due_date is not None and forecast[d.id] > d.due_date),
        blocked_by_cycle=any(len(c) > 1 for c in components),
    )


def _topological(pending: list[Dependency], inputs: Callable[[Dependency], list[Dependency]]) -> list[Dependency]:
    """Dependencies ordered so that each comes after its inputs (Kahn; the links are acyclic)."""
    needs = {d.id: {e.id for e in inputs(d)} for d in pending}
    feeds: dict[int, list[Dependency]] = defaultdict(list)
    by_id = {d.id: d for d in pending}
    for d in pending:
        for e_id in needs[d.id]:
            feeds[e_id].append(d)
    ready = deque(d for d in pending if not needs[d.id])
    order = []
    while ready:
        d = ready.popleft()
        order.append(d)
        for later in feeds[d.id]:
            needs[later.id].discard(d.id)
            if not needs[later.id]:
                ready.append(later)
    assert len(order) == len(by_id), "links inside cycles must have been removed"
    return order


# ---------------------------------------------------------------------------- layout
def layers(deps: Sequence[Dependency]) -> dict[int, int]:
    """Column of each team, providers left of those who wait on them (longest-path layering).

    Teams in one cycle share a column (the layering runs on the graph of cycles collapsed), so
    a loop shows as arrows within a column instead of breaking the layout.
    """
    edges = _edges(deps)
    components = strongly_connected(edges)
    comp_of = {team: n for n, c in enumerate(components) for team in c}
    providers: dict[int, set[int]] = defaultdict(set)  # component -> components it waits on
    for needer, provider in edges:
        if comp_of[needer] != comp_of[provider]:
            providers[comp_of[needer]].add(comp_of[provider])
    depth: dict[int, int] = {}

    def depth_of(comp: int) -> int:
        stack = [comp]
        while stack:
            c = stack[-1]
            missing = [p for p in providers[c] if p not in depth]
            if missing:
                stack.extend(missing)
                continue
            stack.pop()
            depth[c] = 1 + max((depth[p] for p in providers[c]), default=-1)
        return depth[comp]

    return {team: depth_of(comp_of[team]) for team in sorted(comp_of)}


def column_order(deps: Sequence[Dependency], names: dict[int, str]) -> dict[int, list[int]]:
    """Teams of each column, ordered to keep arrows short: by the mean row of the teams they
    wait on (one barycentre sweep, left to right), then by name."""
    depth = layers(deps)
    columns: dict[int, list[int]] = defaultdict(list)
    for team, col in depth.items():
        columns[col].append(team)
    providers: dict[int, set[int]] = defaultdict(set)
    for d in deps:
        providers[d.needer_team_id].add(d.provider_team_id)
    row: dict[int, float] = {}
    ordered: dict[int, list[int]] = {}
    for col in sorted(columns):
        def key(team: int) -> tuple[float, str]:
            placed = [row[p] for p in providers[team] if p in row]
            return (sum(placed) / len(placed) if placed else 0.0, names.get(team, "").casefold())
        ordered[col] = sorted(columns[col], key=key)
        for n, team in enumerate(ordered[col]):
            row[team] = n - (len(ordered[col]) - 1) / 2
    return ordered


def graph_selection(deps: Sequence[Dependency], *, critical: Iterable[int] = (), cycle_teams: Iterable[int] = (),
                    today: dt.date | None = None, limit: int) -> list[Dependency]:
    """The dependencies a graph of at most `limit` arrows draws, in their given order.

    Hundreds of arrows between hundreds of boxes cannot be read, so when there are more the graph
    keeps what the weekly meeting is about: the critical path, then loops (teams waiting on each
    other), blocked, overdue, the other unfinished ones by due date, finished ones last.
    """
    if len(deps) <= limit:
        return list(deps)
    critical, cycle_teams = set(critical), set(cycle_teams)

    def rank(d: Dependency) -> tuple[int, bool, dt.date, int]:
        if d.id in critical:
            group = 0
        elif not d.unfinished:
            group = 5
        elif d.needer_team_id in cycle_teams and d.provider_team_id in cycle_teams:
            group = 1
        elif d.status.value == "blocked":
            group = 2
        elif today is not None and d.is_overdue(today):
            group = 3
        else:
            group = 4
        return (group, d.due_date is None, d.due_date or dt.date.max, d.id)

    kept = {d.id for d in sorted(deps, key=rank)[:limit]}
    return [d for d in deps if d.id in kept]


# ---------------------------------------------------------------------------- across rollouts
@dataclass(frozen=True, slots=True)
class SharedProvider:
    """A team other teams wait on in several rollouts: a bottleneck nobody sees from one rollout."""

    team_id: int
    team_name: str
    rollouts: tuple[str, ...]
    open_count: int
    total: int
    overdue: int


def shared_providers(deps: Sequence[Dependency], today: dt.date, *, minimum: int = 2) -> list[SharedProvider]:
    by_team: dict[int, list[Dependency]] = defaultdict(list)
    for d in deps:
        by_team[d.provider_team_id].append(d)
    out = []
    for team, items in by_team.items():
        rollouts = tuple(sorted({d.rollout_name or str(d.rollout_id) for d in items}, key=str.casefold))
        if len(rollouts) < minimum:
            continue
        out.append(SharedProvider(team, items[0].provider_name, rollouts, sum(d.unfinished for d in items),
                                  len(items), sum(d.is_overdue(today) for d in items)))
    return sorted(out, key=lambda s: (-len(s.rollouts), -s.open_count, s.team_name.casefold()))


# ---------------------------------------------------------------------------- everything at once
@dataclass(frozen=True)
class DependencyAnalysis:
    cycles: list[Cycle]
    waits_on: dict[int, frozenset[int]]
    blockers: list[tuple[int, int]]
    critical: CriticalPath
    overdue: list[Dependency]
    after_go_live: list[Dependency]


def analyse(deps: Sequence[Dependency], today: dt.date, go_live: dt.date | None) -> DependencyAnalysis:
    return DependencyAnalysis(find_cycles(deps), waits_on(deps), top_blockers(deps), critical_path(deps, today),
                              overdue(deps, today), due_after_go_live(deps, go_live))
