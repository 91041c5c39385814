"""Edit → Workspace settings…: the minimum group size and the change load's weights and threshold."""

from __future__ import annotations

import pytest

from tracker.domain.enums import Impact
from tracker.store.change_load import ChangeLoadStore
from tracker.ui.context import AppContext
from tracker.ui.dialogs.workspace_settings_dialog import WorkspaceSettingsDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def ctx(org):
    c = AppContext()
    c.workspace = org["ws"]  # the org fixture closes it
    return c


def test_weights_threshold_and_group_size_are_saved_and_heard(qtbot, ctx, org):
    heard = []
    org["ws"].add_listener(heard.append)
    dialog = WorkspaceSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.weights[Impact.HIGH].value() == 3 and dialog.threshold.value() == 5
    dialog.weights[Impact.MEDIUM].setValue(4)
    dialog.weights[Impact.HIGH].setValue(6)
    dialog.threshold.setValue(8)
    dialog.group_size.setValue(7)
    dialog.accept()
    store = ChangeLoadStore(org["ws"])
    assert store.weights() == {Impact.NONE: 0, Impact.LOW: 1, Impact.MEDIUM: 4, Impact.HIGH: 6}
    assert store.threshold() == 8 and org["ws"].readiness.minimum_group_size == 7
    assert any("settings" in event.tables for event in heard)  # the heatmap redraws from this


def test_decreasing_weights_are_refused_before_anything_is_saved(qtbot, ctx, org):
    dialog = WorkspaceSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.weights[Impact.LOW].setValue(5)
    assert not dialog.save_button.isEnabled()
    assert "must not decrease" in dialog.error_label.text()
    dialog.accept()
    assert ChangeLoadStore(org["ws"]).weights()[Impact.LOW] == 1
