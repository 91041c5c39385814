"""The readiness pages driven like a user would, checked in the stored data."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from area_context import pinned_context
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from tracker.domain.enums import Impact
from tracker.domain.readiness import SignalSource, SignalStatus, SignalType, SupportLevel
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.adkar_dialog import AdkarDialog
from tracker.ui.dialogs.signal_dialog import SignalDialog
from tracker.ui.pages.adkar_page import AdkarPage
from tracker.ui.pages.resistance_page import ResistancePage
from tracker.ui.pages.stakeholders_page import StakeholdersPage
from tracker.ui.widgets.attention_panel import AttentionPanel

pytestmark = pytest.mark.gui

AS_OF = dt.date(2026, 3, 31)
SAVE = QDialogButtonBox.StandardButton.Save


@pytest.fixture
def context(org, qtbot, monkeypatch):
    yield from pinned_context(org["ws"], monkeypatch, AS_OF)


def _page(qtbot, cls, context, org):
    page = cls(context)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()  # pages wait while hidden, as in the window
    page.show_rollout(org["rollout"])
    return page


def test_log_a_signal(qtbot, context, org):
    ws = org["ws"]
    page = _page(qtbot, ResistancePage, context, org)
    dialog = SignalDialog(context, org["rollout"], ws.people.list(), ws.teams.list(), parent=page, as_of=AS_OF)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(SAVE)
    dialog.show()
    assert not save.isEnabled() and dialog.error_label.text() == ""  # nothing said before the user acts
    dialog.observed_edit.setDate(dt.date(2026, 3, 30))
    assert "team" in dialog.error_label.text()  # then validated as they type
    dialog.team_combo.setCurrentIndex(dialog.team_combo.findText("Claims"))
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(SignalType.CHANGE_FATIGUE.value))
    dialog.severity_spin.setValue(5)
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData(SignalSource.MEETING.value))
    dialog.description_edit.setPlainText("Third change this year")
    dialog.owner_field.setText("Ann Claims (E002)")
    assert save.isEnabled(), dialog.error_label.text()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    [signal] = ws.readiness.signals.list(org["rollout"])
    assert (signal.team_name, signal.type, signal.severity, signal.source) == (
        "Claims", SignalType.CHANGE_FATIGUE, 5, SignalSource.MEETING)
    assert signal.owner_name == "Ann Claims" and signal.status is SignalStatus.OPEN
    assert signal.description == "Third change this year" and signal.observed_on == dt.date(2026, 3, 30)
    assert [s.id for s in page.table.source_model.rows()] == [signal.id]  # the page heard the change


def test_resolving_needs_a_date_after_the_observation(qtbot, context, org):
    ws = org["ws"]
    sid = ws.readiness.signals.log(rollout_id=org["rollout"], team_id=org["claims"], observed_on=dt.date(2026, 3, 10),
                                   type=SignalType.OTHER, severity=2, source=SignalSource.SURVEY, as_of=AS_OF)
    dialog = SignalDialog(context, org["rollout"], ws.people.list(), ws.teams.list(), ws.readiness.signals.get(sid),
                          as_of=AS_OF, resolve=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resolved_edit.setDate(dt.date(2026, 3, 1))
    assert not dialog.buttons.button(SAVE).isEnabled() and "before it was observed" in dialog.error_label.text()
    dialog.resolved_edit.setDate(dt.date(2026, 3, 20))
    qtbot.mouseClick(dialog.buttons.button(SAVE), Qt.MouseButton.LeftButton)
    signal = ws.readiness.signals.get(sid)
    assert signal.status is SignalStatus.RESOLVED and signal.resolved_on == dt.date(2026, 3, 20)


def test_record_an_assessment(qtbot, context, org):
    ws = org["ws"]
    page = _page(qtbot, AdkarPage, context, org)
    dialog = AdkarDialog(context, org["rollout"], ws.teams.list(), parent=page, as_of=AS_OF)
    qtbot.addWidget(dialog)
    assert not dialog.buttons.button(SAVE).isEnabled()
    dialog.team_combo.setCurrentIndex(dialog.team_combo.findText("Billing"))
    for spin, score in zip(dialog.score_spins, (4.5, 4.2, 2.75, 2.0, 1.5)):
        spin.setValue(score)
    dialog.respondents_spin.setValue(7)
    assert dialog.barrier_label.text().startswith("Knowledge")
    qtbot.mouseClick(dialog.buttons.button(SAVE), Qt.MouseButton.LeftButton)
    [a] = ws.readiness.adkar.list(org["rollout"])
    assert (a.team_name, a.scores, a.respondents, a.assessed_on) == ("Billing", (4.5, 4.2, 2.75, 2.0, 1.5), 7, AS_OF)
    assert [r.id for r in page.table.source_model.rows()] == [a.id]


def _stakeholders(org):
    r = org["ws"].readiness.stakeholders
    base = dict(rollout_id=org["rollout"], current_support=SupportLevel.NEUTRAL, needed_support=SupportLevel.CHAMPION,
                as_of=AS_OF)
    return [r.add(person_id=org["ann"], influence=5, interest=5, **base),
            r.add(person_id=org["bob"], influence=1, interest=2, **base),
            r.add(team_id=org["billing"], influence=4, interest=1, **base)]


def _artist_for(page, stakeholder_id):
    ax = page.grid.figure.axes[0]
    for artist in ax.collections:
        ids = getattr(artist, "stakeholder_ids", None)
        if ids and stakeholder_id in ids:
            return artist, ids.index(stakeholder_id)
    raise AssertionError("no grid point for the stakeholder")


def test_picking_a_grid_point_selects_its_row(qtbot, context, org):
    ids = _stakeholders(org)
    page = _page(qtbot, StakeholdersPage, context, org)
    for wanted in (ids[1], ids[2]):
        artist, index = _artist_for(page, wanted)
        page.grid.picked.emit(artist, SimpleNamespace(ind=[index]))
        assert [s.id for s in page.table.selected_records()] == [wanted]


def test_clicking_a_grid_point_with_the_mouse_selects_its_row(qtbot, context, org):
    ids = _stakeholders(org)
    page = _page(qtbot, StakeholdersPage, context, org)
    page.show()
    qtbot.waitExposed(page)
    # built on the next turn of the event loop (shown), or drawn ahead in a worker (hidden)
    qtbot.waitUntil(lambda: not page.grid.loading and page.grid.built_figure is not None, timeout=10_000)
    canvas = page.grid._canvas
    canvas.draw()
    artist, index = _artist_for(page, ids[2])
    x, y = artist.get_offset_transform().transform(artist.get_offsets()[index])
    ratio = canvas.device_pixel_ratio
    pos = QPoint(int(round(x / ratio)), int(round(canvas.height() - y / ratio)))
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pos)
    assert [s.id for s in page.table.selected_records()] == [ids[2]]


def test_removing_stakeholders_asks_first(qtbot, context, org, monkeypatch):
    ids = _stakeholders(org)
    page = _page(qtbot, StakeholdersPage, context, org)
    page.table.select_where(lambda s: s.id == ids[0])
    monkeypatch.setattr(confirm_action, "ask", lambda *a, **k: False)
    page.remove_selected()
    assert len(org["ws"].readiness.stakeholders.list(org["rollout"])) == 3
    monkeypatch.setattr(confirm_action, "ask", lambda *a, **k: True)
    page.remove_selected()
    assert {s.id for s in org["ws"].readiness.stakeholders.list(org["rollout"])} == set(ids[1:])


def test_filters_narrow_the_table(qtbot, context, org):
    _stakeholders(org)
    page = _page(qtbot, StakeholdersPage, context, org)
    page.type_filter.setCurrentIndex(page.type_filter.findData("Team"))
    assert page.table.filter_model.rowCount() == 1
    page.type_filter.setCurrentIndex(0)
    page.quadrant_filter.setCurrentIndex(page.quadrant_filter.findText("Manage closely"))
    assert page.table.filter_model.rowCount() == 1


def test_leader_view_hides_small_groups_and_their_complement(qtbot, context, org):
    ws = org["ws"]
    extra = ws.teams.create("Motor", parent_id=org["root"])
    adkar = ws.readiness.adkar
    for team, n in ((org["claims"], 3), (org["billing"], 12), (extra, 8)):
        adkar.record(rollout_id=org["rollout"], team_id=team, assessed_on=dt.date(2026, 3, 1), scores=(4, 4, 4, 4, 4),
                     respondents=n, as_of=AS_OF)
    page = _page(qtbot, AdkarPage, context, org)
    assert page.table.filter_model.rowCount() == 3
    page.leader_check.setChecked(True)
    shown = {a.team_name for a in page.table.source_model.rows()}
    assert shown == {"Billing"}  # Claims (3) and, so it cannot be subtracted out, Motor (8)


def test_read_only_disables_editing(qtbot, org, tmp_path, monkeypatch):
    from tracker.store import Workspace

    path = org["ws"].path
    org["ws"].close()
    ctx = AppContext()
    ctx.set_workspace(Workspace.open(path, readonly=True))
    for cls, buttons in ((StakeholdersPage, ("add_button",)), (AdkarPage, ("record_button", "import_button")),
                         (ResistancePage, ("log_button",))):
        page = _page(qtbot, cls, ctx, org)
        assert not any(getattr(page, b).isEnabled() for b in buttons)
    ctx.set_workspace(None)


def test_attention_panel_gives_the_reason(qtbot, context, org):
    ws = org["ws"]
    ws.rollouts.set_impact(org["rollout"], org["claims"], Impact.HIGH)
    panel = AttentionPanel(context)
    qtbot.addWidget(panel)
    panel.show_rollout(org["rollout"])
    assert panel.items == [] and "Nothing needs attention" in panel.body.text()
    ws.readiness.adkar.record(rollout_id=org["rollout"], team_id=org["claims"], assessed_on=dt.date(2026, 3, 1),
                              scores=(4, 2.5, 4, 4, 4), respondents=6, as_of=AS_OF)
    assert [i.team_name for i in panel.items] == ["Claims"]  # refreshed from the change event
    assert panel.line_texts()[0].startswith("Claims — ADKAR barrier at Desire")


def test_leader_views_hide_the_teams_the_health_was_built_without(qtbot, context, org):
    """One decision: the ADKAR and Resistance leader views hide exactly the teams whose figures
    the rollout's health reasons left out (tracker/domain/rollout_privacy.py)."""
    from tracker.services.rollout_status import rollout_status

    ws, rollout = org["ws"], org["rollout"]
    big = ws.teams.create("Motor", parent_id=org["root"])
    for n in range(9):
        ws.people.create(employee_id=f"M{n}", name=f"Motor {n}", team_id=big)
    for team in (org["claims"], org["billing"], big):
        ws.rollouts.set_impact(rollout, team, Impact.HIGH)
    for team, n in ((org["claims"], 2), (big, 9)):
        ws.readiness.adkar.record(rollout_id=rollout, team_id=team, assessed_on=dt.date(2026, 3, 1),
                                  scores=(4, 2, 4, 4, 4), respondents=n, as_of=AS_OF)
    for team in (org["claims"], big):
        ws.readiness.signals.log(rollout_id=rollout, team_id=team, observed_on=dt.date(2026, 3, 10),
                                 type=SignalType.JOB_SECURITY, severity=5, source=SignalSource.SURVEY, as_of=AS_OF)
    status = rollout_status(ws, rollout, AS_OF)
    adkar = _page(qtbot, AdkarPage, context, org)
    adkar.leader_check.setChecked(True)
    assert {a.team_id for a in adkar.table.source_model.rows()} == \
        {a.team_id for a in ws.readiness.adkar.latest(rollout)} - set(status.privacy.adkar.hidden)
    resistance = _page(qtbot, ResistancePage, context, org)
    resistance.leader_check.setChecked(True)
    assert {s.team_id for s in resistance.shown_signals()} == \
        {s.team_id for s in ws.readiness.signals.list(rollout)} - set(status.privacy.signals.hidden)
    assert status.privacy.adkar_hidden(org["claims"]) and status.privacy.signals_hidden(org["claims"])
    # Claims (2 respondents) and, as the next-smallest, Motor: nothing left to judge ADKAR on.
    assert "suppressed: fewer than 5 people" in status.factor("adkar").reason
    assert "Desire" not in " ".join(status.reasons)
