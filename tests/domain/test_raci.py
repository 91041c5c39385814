"""RACI rules: exactly one A and at least one R per responsibility; an A who left is flagged."""

from __future__ import annotations

import pytest

from tracker.domain.raci import Holder, ProblemKind, RaciCell, RaciRole, Responsibility, raci_problems

ANN, BOB, GONE = Holder(1, None, "Ann"), Holder(2, None, "Bob"), Holder(3, None, "Gus", active=False)
DATA = Holder(None, 7, "Data Platform")
ROW = Responsibility(10, 1, "Model performance")


def cell(n, holder, role):
    return RaciCell(n, ROW.id, holder, RaciRole(role))


def kinds(cells):
    return [p.kind for p in raci_problems([ROW], cells)]


def test_one_a_and_an_r_is_fine():
    assert kinds([cell(1, ANN, "A"), cell(2, DATA, "R"), cell(3, BOB, "C")]) == []


def test_no_a():
    assert kinds([cell(1, ANN, "R")]) == [ProblemKind.NO_ACCOUNTABLE]


def test_several_a_named():
    [problem] = raci_problems([ROW], [cell(1, ANN, "A"), cell(2, BOB, "A"), cell(3, DATA, "R")])
    assert problem.kind is ProblemKind.SEVERAL_ACCOUNTABLE and "Ann, Bob" in problem.message


def test_a_held_by_someone_who_left():
    assert kinds([cell(1, GONE, "A"), cell(2, ANN, "R")]) == [ProblemKind.INACTIVE_ACCOUNTABLE]


def test_no_r_and_empty_row():
    assert kinds([cell(1, ANN, "A"), cell(2, BOB, "I")]) == [ProblemKind.NO_RESPONSIBLE]
    assert kinds([]) == [ProblemKind.NO_ACCOUNTABLE, ProblemKind.NO_RESPONSIBLE]


def test_rows_are_checked_independently_in_order():
    other = Responsibility(11, 1, "Data quality", position=-1)
    problems = raci_problems([ROW, other], [cell(1, ANN, "A"), cell(2, ANN, "R")])
    assert [(p.responsibility_id, p.kind) for p in problems] == [
        (11, ProblemKind.NO_ACCOUNTABLE), (11, ProblemKind.NO_RESPONSIBLE)]


@pytest.mark.parametrize("text", ["a", " A ", "Accountable", "accountable"])
def test_roles_parse_loosely(text):
    assert RaciRole.parse(text) is RaciRole.ACCOUNTABLE
