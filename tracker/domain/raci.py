"""Accountability (RACI): who is Responsible, Accountable, Consulted and Informed for each of
a rollout's responsibilities, and the rules that flag gaps.

The rule that matters most: exactly one A (two accountable people means none) and at least one
R. An A held by someone who has left is as good as no A, and is flagged as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tracker.domain.enums import LabelledEnum


class RaciRole(LabelledEnum):
    RESPONSIBLE = "R"
    ACCOUNTABLE = "A"
    CONSULTED = "C"
    INFORMED = "I"

    @property
    def label(self) -> str:
        return {"R": "Responsible", "A": "Accountable", "C": "Consulted", "I": "Informed"}[self.value]

    @classmethod
    def parse(cls, text: str) -> RaciRole:
        key = str(text).strip().upper()
        for member in cls:
            if key in (member.value, member.label.upper()):
                return member
        raise ValueError(f"'{text}' is not one of R, A, C, I")


@dataclass(frozen=True, slots=True)
class Responsibility:
    id: int
    rollout_id: int
    name: str
    position: int = 0
    version: int = 1  # the stored record's version: an edit names it (a stale one is refused)


@dataclass(frozen=True, slots=True)
class Holder:
    """A column of the matrix: a person or a team."""

    person_id: int | None
    team_id: int | None
    name: str
    active: bool = True  # teams are always active; people may have left

    @property
    def key(self) -> tuple[str, int]:
        if self.person_id is not None:
            return ("person", self.person_id)
        assert self.team_id is not None  # a holder is a person or a team
        return ("team", self.team_id)


@dataclass(frozen=True, slots=True)
class RaciCell:
    id: int
    responsibility_id: int
    holder: Holder
    role: RaciRole
    version: int = 1  # the stored record's version: an edit names it (a stale one is refused)


class ProblemKind(LabelledEnum):
    NO_ACCOUNTABLE = "no_accountable"
    SEVERAL_ACCOUNTABLE = "several_accountable"
    INACTIVE_ACCOUNTABLE = "inactive_accountable"
    NO_RESPONSIBLE = "no_responsible"


@dataclass(frozen=True, slots=True)
class RaciProblem:
    responsibility_id: int
    kind: ProblemKind
    message: str


def raci_problems(responsibilities: Sequence[Responsibility], cells: Iterable[RaciCell]) -> list[RaciProblem]:
    """Every rule broken, per responsibility, in the matrix's row order."""
    by_row: dict[int, list[RaciCell]] = {r.id: [] for r in responsibilities}
    for cell in cells:
        by_row.setdefault(cell.responsibility_id, []).append(cell)
    problems: list[RaciProblem] = []
    for r in sorted(responsibilities, key=lambda r: (r.position, r.id)):
        row = by_row[r.id]
        accountable = [c.holder for c in row if c.role is RaciRole.ACCOUNTABLE]
        if not accountable:
            problems.append(RaciProblem(r.id, ProblemKind.NO_ACCOUNTABLE, f"{r.name}: nobody is accountable (A)."))
        elif len(accountable) > 1:
            names = ", ".join(h.name for h in accountable)
            problems.append(RaciProblem(r.id, ProblemKind.SEVERAL_ACCOUNTABLE,
                                        f"{r.name}: {len(accountable)} are accountable ({names}); exactly one should be."))
        for h in accountable:
            if not h.active:
                problems.append(RaciProblem(r.id, ProblemKind.INACTIVE_ACCOUNTABLE,
                                            f"{r.name}: the accountable {h.name} has left; name someone active."))
        if not any(c.role is RaciRole.RESPONSIBLE for c in row):
            problems.append(RaciProblem(r.id, ProblemKind.NO_RESPONSIBLE, f"{r.name}: nobody is responsible (R)."))
    return problems


DEFAULT_RESPONSIBILITIES: tuple[str, ...] = (
    "Business outcome and adoption",
    "Model performance and drift",
    "Data quality and access",
    "Production operations",
    "Training and support",
    "Risk and compliance sign-off",
)
