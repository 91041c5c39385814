"""A whole workspace copied table by table (push and pull's engine-neutral core), here from
file to file: every record table arrives equal, derived figures are counted again, a target
holding records is refused unless replaced, and a failure leaves the target as it was."""

from __future__ import annotations

import pytest

from tracker.store import Workspace
from tracker.store.engine.workspace_copy import (
    TargetNotEmptyError,
    copy_workspace,
    held_records,
    record_tables,
)
from tracker.store.training_status import current_counts, module_counts


def _rows(ws: Workspace, table: str) -> list[tuple]:
    return sorted(tuple(row) for row in ws.conn.execute(f"SELECT * FROM {table}"))


@pytest.fixture
def sample(sample_copy, tmp_path):
    return sample_copy(tmp_path / "sample.tracker")


def test_every_record_table_arrives_equal_and_counts_are_counted_again(sample, tmp_path):
    with Workspace.open_to_read(sample) as source, Workspace.open(tmp_path / "copy.tracker") as target:
        result = copy_workspace(source, target)
        for table in record_tables():
            assert _rows(target, table) == _rows(source, table), table
        assert result.rows == sum(len(_rows(source, t)) for t in record_tables())
        assert current_counts(target) == module_counts(source)  # counted again from the copied records
        assert target.conn.execute("SELECT count(*) FROM training_counts_stale").fetchone()[0] == 0
        assert target.people.count() > 100 and target.rollouts.list()


def test_new_rows_after_a_copy_get_fresh_ids(sample, tmp_path):
    with Workspace.open_to_read(sample) as source, Workspace.open(tmp_path / "copy.tracker") as target:
        copy_workspace(source, target)
        top = target.conn.execute("SELECT max(id) FROM teams").fetchone()[0]
        assert target.teams.create(name="Arrived after the copy") > top


def test_references_to_later_rows_and_to_the_same_table_are_set_after(tmp_path):
    with Workspace.open(tmp_path / "source.tracker") as source:
        child = source.teams.create(name="Claims")
        parent = source.teams.create(name="Operations")  # a parent with the higher id
        boss = source.people.create(employee_id="E9", name="Ada Boss", team_id=parent)
        source.teams.update(child, name="Claims", parent_id=parent, lead_id=None)
        source.teams.update(parent, name="Operations", parent_id=None, lead_id=boss)
    with Workspace.open(tmp_path / "source.tracker") as source, Workspace.open(tmp_path / "copy.tracker") as target:
        copy_workspace(source, target)
        assert _rows(target, "teams") == _rows(source, "teams")


def test_a_target_holding_records_is_refused_and_left_alone(sample, tmp_path):
    with Workspace.open(tmp_path / "target.tracker") as target:
        target.rollouts.create(name="Ours")
    with Workspace.open_to_read(sample) as source, Workspace.open(tmp_path / "target.tracker") as target:
        assert held_records(target)
        with pytest.raises(TargetNotEmptyError, match="already holds a workspace .*--replace"):
            copy_workspace(source, target)
        assert [r.name for r in target.rollouts.list()] == ["Ours"]
        copy_workspace(source, target, replace=True)
        assert {r.name for r in target.rollouts.list()} == {r.name for r in source.rollouts.list()}


def test_a_new_workspace_counts_as_empty(tmp_path):
    with Workspace.open(tmp_path / "new.tracker") as target:
        assert held_records(target) == {}


def test_a_failure_half_way_leaves_the_target_as_it_was(sample, tmp_path):
    with Workspace.open(tmp_path / "target.tracker") as target:
        target.rollouts.create(name="Ours")

    def fail_at_training(table: str, _rows_so_far: int) -> None:
        if table == "training_records":
            raise RuntimeError("the disk went away")

    with Workspace.open_to_read(sample) as source, Workspace.open(tmp_path / "target.tracker") as target:
        with pytest.raises(RuntimeError):
            copy_workspace(source, target, replace=True, progress=fail_at_training)
        assert [r.name for r in target.rollouts.list()] == ["Ours"]
        assert target.people.count() == 0
