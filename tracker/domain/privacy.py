"""Small-group suppression: which groups an aggregate must hide so no small group is exposed.

Resistance and assessment figures about a handful of people identify them. Any aggregate that
leaves the application (the leaders' workbook) or shows in a leader view therefore hides:

1. every group smaller than the workspace's minimum group size (default 5), and
2. enough further groups that the hidden ones cannot be worked out by subtraction. When groups
   add up to a total that is released (a parent team, "all teams"), the hidden part equals the
   total minus the released groups; if that is a single small group, or several that together
   are still fewer than the minimum, the smallest released group in that sum is hidden too
   (the "next-smallest" rule of Viva Glint), and again until nothing small can be derived.

Groups may form a hierarchy (teams under parents, each with its own released total); a team's
own members (its total minus its sub-teams) are a group of their own that is never shown but
can be derived, so it is protected like any other. Derivation follows chains of sums: the
check solves every sum with a single unknown, repeatedly (for tree-shaped sums that finds
every value that can be derived). Counts are what is compared; averages and rates weighted by
those counts have the same structure, so the same groups protect them.

Pure functions, no Qt or SQL: the leader views and the report writer call the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar, cast

K = TypeVar("K", bound=Hashable)

DEFAULT_MINIMUM = 5
MINIMUM_RANGE = (3, 20)

_TOTAL: Hashable = ("__total__",)  # the virtual group standing for the released grand total


def check_minimum_group_size(value: object) -> str | None:
    """None when `value` is an allowed minimum group size, else a sentence saying why not."""
    low, high = MINIMUM_RANGE
    if isinstance(value, bool) or not isinstance(value, int):
        return f"The minimum group size must be a whole number from {low} to {high}."
    if not low <= value <= high:
        return f"The minimum group size must be from {low} to {high} (it is {value})."
    return None


@dataclass(frozen=True)
class Suppression(Generic[K]):
    """The outcome: hidden groups with the reason for each, and whether the total is hidden."""

    hidden: dict[K, str] = field(default_factory=dict)
    total_hidden: bool = False

    def shown(self, groups: Iterable[K]) -> list[K]:
        return [g for g in groups if g not in self.hidden]

    def is_hidden(self, group: K) -> bool:
        return group in self.hidden


def suppress(counts: Mapping[K, int], minimum: int = DEFAULT_MINIMUM, *, total: int | None = None,
             parent_of: Mapping[K, K | None] | None = None) -> Suppression[K]:
    """Which groups to hide.

    counts: each group's size (for a hierarchy, everyone in the group and below it).
    total: a grand total released beside the groups (e.g. an "All teams" row); it may be more
        than the top-level groups add up to (people in no listed group). None: no total is shown.
    parent_of: group -> parent group (None at the top) when groups nest and each parent's
        figure is released as well.
    """
    if minimum < 1:
        raise ValueError("the minimum group size must be at least 1")
    parent_of = dict(parent_of or {})
    for g in counts:
        parent_of.setdefault(g, None)
    unknown_parents = {p for p in parent_of.values() if p is not None and p not in counts}
    if unknown_parents:
        raise ValueError(f"parents without a count: {sorted(map(str, unknown_parents))}")
    if any(c < 0 for c in counts.values()):
        raise ValueError("group sizes cannot be negative")

    # Groups and the total's sentinel, and the equations' variables: Hashable (Var below).
    size: dict[Hashable, int] = {g: n for g, n in counts.items()}
    children: dict[Hashable, list[Hashable]] = {}
    for g, p in parent_of.items():
        if g in counts:
            children.setdefault(_TOTAL if p is None else p, []).append(g)
    # Each released sum: owner = sum(children) + the owner's own members (the remainder).
    owners: list[Hashable] = [g for g in counts if children.get(g)]
    if total is not None:
        size[_TOTAL] = total
        owners.append(_TOTAL)
    remainder: dict[Hashable, int] = {}
    for owner in owners:
        rest = size[owner] - sum(size[c] for c in children.get(owner, []))
        if rest < 0:
            raise ValueError(f"the groups under {owner!r} add up to more than its count")
        remainder[owner] = rest

    reasons: dict[Hashable, str] = {g: f"fewer than {minimum}" for g, n in counts.items() if n < minimum}
    hidden: set[Hashable] = set(reasons)
    total_hidden = total is not None and total < minimum
    if total_hidden:
        hidden.add(_TOTAL)

    def small(var: Var) -> bool:
        """A group or remainder that must not be revealed (an empty one reveals no one)."""
        n = remainder[var[1]] if var[0] == "rest" else size[var[1]]
        return 0 < n < minimum

    while True:
        exposed = _first_exposure(owners, children, remainder, hidden, size, minimum, small)
        if exposed is None:
            break
        victim, candidates = exposed
        if not candidates:  # nothing left to hide that would help: hide everything in reach
            candidates = [g for g in size if g not in hidden]
            if not candidates:
                break
        cover = min(candidates, key=lambda g: (size[g], g is _TOTAL, str(g)))
        hidden.add(cover)
        if cover is _TOTAL:
            total_hidden = True
        else:
            reasons[cover] = f"hidden so that {_name(victim)} cannot be worked out from the totals"
    # Every reason is a group's: the total's hiding is total_hidden, not a reason.
    return Suppression({cast(K, g): r for g, r in reasons.items()}, total_hidden)


Var = tuple[str, Hashable]  # ("g", group or the total) or ("rest", the owner of a remainder)


def _name(var: Var) -> str:
    if var[0] == "rest":
        owner = var[1]
        return "the people in no listed group" if owner is _TOTAL else f"the members directly in {owner}"
    return "the total" if var[1] is _TOTAL else str(var[1])


def _first_exposure(owners: list[Hashable], children: dict[Hashable, list[Hashable]], remainder: dict[Hashable, int],
                    hidden: set[Hashable], size: dict[Hashable, int], minimum: int,
                    small: Callable[[Var], bool]) -> tuple[Var, list[Hashable]] | None:
    """The first small group (or small combination) the released figures reveal, with the
    released groups whose hiding would cover it; None when nothing is revealed."""
    # Variables: ("g", group) for each group and the total, ("rest", owner) for remainders.
    # A remainder of 0 or of at least `minimum` needs no protection and is treated as known
    # (the cautious choice: it never counts as cover).
    equations: list[list[Var]] = []
    for owner in owners:
        members: list[Var] = [("g", owner)] + [("g", c) for c in children.get(owner, [])] + [("rest", owner)]
        equations.append(members)

    def unknown_at_start(var: Var) -> bool:
        if var[0] == "rest":
            return 0 < remainder[var[1]] < minimum
        return var[1] in hidden

    known = {v for eq in equations for v in eq if not unknown_at_start(v)}
    via: dict[Var, int] = {}
    changed = True
    while changed:  # solve every sum with exactly one unknown, until nothing more follows
        changed = False
        for i, eq in enumerate(equations):
            unknown = [v for v in eq if v not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                via[unknown[0]] = i
                changed = True

    def released_in(i: int, seen: set[int]) -> list[Hashable]:
        """Released groups behind equation i, following what was solved on the way."""
        if i in seen:
            return []
        seen.add(i)
        direct = [v[1] for v in equations[i] if v[0] == "g" and v[1] not in hidden]
        if direct:
            return direct
        found: list[Hashable] = []
        for v in equations[i]:
            if v in via and via[v] != i:
                found += released_in(via[v], seen)
        return found

    for var, i in via.items():
        if small(var):
            return var, released_in(i, set())
    # A sum whose unknown part is derivable as a whole must not reveal a small combination.
    for i, eq in enumerate(equations):
        owner_var = eq[0]
        if owner_var not in known:
            continue
        parts = [v for v in eq[1:] if v not in known]
        if len(parts) < 2:
            continue
        amount = sum(remainder[v[1]] if v[0] == "rest" else size[v[1]] for v in parts)
        if 0 < amount < minimum:
            return ("g", parts[0][1]) if parts[0][0] == "g" else parts[0], released_in(i, set())
    return None
