"""First steps on the dashboard of a new workspace: the steps in order, a button for each that
opens its dialog, and ticks that follow the workspace's data."""

from __future__ import annotations

import pytest
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.domain.enums import Impact
from tracker.store import Workspace
from tracker.ui import settings
from tracker.ui.dialogs.add_teams_dialog import AddTeamsDialog
from tracker.ui.dialogs.new_rollout_dialog import NewRolloutDialog
from tracker.ui.dialogs.roster_import_dialog import RosterImportDialog
from tracker.ui.dialogs.training_import_dialog import TrainingImportDialog

pytestmark = pytest.mark.gui


def _ticked(panel) -> dict[str, bool]:
    return {step.key: step.done for step in panel.steps}


def test_a_new_workspace_walks_through_its_first_steps(window, tmp_path, qtbot, monkeypatch):
    assert window.files.open_path(tmp_path / "new.tracker", create=True)
    page = window.dashboard_page
    qtbot.waitUntil(lambda: not page.computing, timeout=10_000)
    assert page.stack.currentIndex() == 0  # the steps, not an empty table
    steps = page.first_steps
    assert _ticked(steps) == {"roster": False, "rollout": False, "teams": False, "training_and_usage": False}
    assert steps.buttons["roster"].isEnabled() and steps.buttons["roster"].isDefault()
    assert not steps.buttons["teams"].isEnabled()  # teams belong to a rollout: none yet

    opened = []

    def roster_exec(dialog):  # what an applied import leaves in the store
        opened.append(type(dialog))
        ws = dialog.context.workspace
        claims = ws.teams.create("Claims")
        ws.people.create(employee_id="E1", name="Ann Claims", team_id=claims)
        return 1

    monkeypatch.setattr(RosterImportDialog, "exec", roster_exec)
    steps.buttons["roster"].click()
    assert _ticked(steps)["roster"] and steps.buttons["rollout"].isDefault()

    def rollout_exec(dialog):
        opened.append(type(dialog))
        dialog.rollout_id = dialog.context.workspace.rollouts.create(name="Claims triage assistant")
        return 1

    monkeypatch.setattr(NewRolloutDialog, "exec", rollout_exec)
    steps.buttons["rollout"].click()
    assert window.current_page() is window.rollout_page  # the new rollout is shown
    window.show_dashboard()
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1, timeout=10_000)
    strip = page.steps_strip
    assert strip.isVisible() and _ticked(strip)["rollout"] and strip.buttons["teams"].isEnabled()

    def teams_exec(dialog):
        opened.append(type(dialog))
        dialog.check_team(dialog.context.workspace.teams.by_name()["claims"])
        dialog.set_impact(Impact.HIGH)
        dialog.accept()
        return 1

    monkeypatch.setattr(AddTeamsDialog, "exec", teams_exec)
    strip.buttons["teams"].click()
    assert _ticked(strip)["teams"] and not _ticked(strip)["training_and_usage"]
    monkeypatch.setattr(TrainingImportDialog, "exec", lambda dialog: opened.append(type(dialog)) or 0)
    strip.buttons["training_and_usage"].click()
    assert opened == [RosterImportDialog, NewRolloutDialog, AddTeamsDialog, TrainingImportDialog]

    strip.hide_button.click()
    assert not strip.isVisible()
    assert settings.first_steps_hidden(window.context.workspace.path)


def test_the_sample_shows_no_first_steps(window, tmp_path, qtbot):
    from tracker.demo import write_demo_workspace

    assert window.files.open_path(write_demo_workspace(tmp_path / "sample.tracker"))
    page = window.dashboard_page
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1 and not page.computing, timeout=20_000)
    assert all(step.done for step in page.steps_strip.steps)
    assert not page.steps_strip.isVisible()


def test_a_read_only_workspace_offers_no_step(window, tmp_path, qtbot):
    path = tmp_path / "ro.tracker"
    Workspace.open(path).close()
    window.context.set_workspace(Workspace.open(path, readonly=True))
    steps = window.dashboard_page.first_steps
    steps.refresh()
    assert steps.steps and not any(button.isEnabled() for button in steps.buttons.values())
