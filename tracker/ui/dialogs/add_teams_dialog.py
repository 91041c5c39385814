"""Adding teams to a rollout: tick the teams, choose how strongly they are affected.

An organisation has up to a few thousand teams, so the list only offers those not yet in the
rollout and filters as you type. Each team is added with its own store call (the store has no
batch method), so each is its own step in Undo; if one is refused, the ones already added stay
added and the dialog stays open saying which failed.

A parent team with no people of its own (a division above its departments) is not offered as
a participant: no one in it can be trained or assessed, and it would count as a highly
affected team never assessed. Ticking it ticks its sub-teams that have people instead, and
says so.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.enums import Impact
from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext

TEAM_ID_ROLE = Qt.ItemDataRole.UserRole


class AddTeamsDialog(QDialog):
    def __init__(self, context: AppContext, rollout_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.rollout_id = rollout_id
        self.added_team_ids: list[int] = []
        ws = context.require_workspace()
        rollout = ws.rollouts.get(rollout_id)
        self.setWindowTitle(f"Add teams to {rollout.name}" if rollout else "Add teams")
        self.resize(460, 520)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter teams")
        self.filter_edit.setClearButtonEnabled(True)
        self.team_list = QListWidget()
        self.team_list.setUniformItemSizes(True)  # fast with thousands of teams
        taken = {p.team_id for p in ws.rollouts.participation(rollout_id)}
        teams = ws.teams.list()
        self._teams = {t.id: t for t in teams}
        self._children: dict[int, list[int]] = {}
        for team in teams:
            if team.parent_id is not None:
                self._children.setdefault(team.parent_id, []).append(team.id)
        for team in teams:
            if team.id in taken:
                continue
            people = "person" if team.headcount == 1 else "people"
            item = QListWidgetItem(f"{team.name}  ·  {team.headcount:,} {people}")
            item.setData(TEAM_ID_ROLE, team.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.team_list.addItem(item)
        self.empty_label = QLabel("Every team already takes part in this rollout.")
        self.empty_label.setVisible(self.team_list.count() == 0)
        check_shown = QPushButton("Tick all shown")
        uncheck = QPushButton("Untick all")
        self.impact_combo = QComboBox()
        for impact in Impact:
            self.impact_combo.addItem(impact.label, impact.value)
        self.impact_combo.setCurrentIndex(self.impact_combo.findData(Impact.MEDIUM.value))
        self.impact_combo.setToolTip("How strongly this rollout changes the work of the ticked teams.")
        self.note_label = QLabel()  # what happened when an empty parent team was ticked
        self.note_label.setWordWrap(True)
        self.note_label.setVisible(False)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)

        ticks = QHBoxLayout()
        ticks.addWidget(check_shown)
        ticks.addWidget(uncheck)
        ticks.addStretch(1)
        impact_row = QFormLayout()
        impact_row.addRow("&Impact:", self.impact_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.team_list, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(ticks)
        layout.addLayout(impact_row)
        layout.addWidget(self.note_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.filter_edit.textChanged.connect(self._apply_filter)
        self.team_list.itemChanged.connect(self._on_item_changed)
        check_shown.clicked.connect(lambda: self._tick_shown(Qt.CheckState.Checked))
        uncheck.clicked.connect(lambda: self._tick_all(Qt.CheckState.Unchecked))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._update_ok()

    # -------------------------------------------------------------- choosing
    def _items(self):
        return (self.team_list.item(i) for i in range(self.team_list.count()))

    def _apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        for item in self._items():
            name = item.text().casefold()
            item.setHidden(not all(w in name for w in words))

    def _tick_shown(self, state: Qt.CheckState) -> None:
        for item in self._items():
            if not item.isHidden():
                item.setCheckState(state)

    def _tick_all(self, state: Qt.CheckState) -> None:
        for item in self._items():
            item.setCheckState(state)

    def check_team(self, team_id: int, checked: bool = True) -> None:
        for item in self._items():
            if item.data(TEAM_ID_ROLE) == team_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        team = self._teams.get(item.data(TEAM_ID_ROLE))
        if item.checkState() == Qt.CheckState.Checked and team is not None and team.headcount == 0 \
                and self._children.get(team.id):
            self._tick_sub_teams_instead(item, team)
        self._update_ok()

    def _staffed_below(self, team_id: int) -> list[int]:
        """Every team under `team_id` with people of its own, nearest first."""
        found, queue = [], list(self._children.get(team_id, []))
        while queue:
            tid = queue.pop(0)
            if self._teams[tid].headcount > 0:
                found.append(tid)
            queue.extend(self._children.get(tid, []))
        return found

    def _tick_sub_teams_instead(self, item: QListWidgetItem, team) -> None:
        offered = {i.data(TEAM_ID_ROLE): i for i in self._items()}
        below = [tid for tid in self._staffed_below(team.id) if tid in offered]
        self.team_list.blockSignals(True)  # one update for the whole swap
        try:
            item.setCheckState(Qt.CheckState.Unchecked)
            for tid in below:
                offered[tid].setCheckState(Qt.CheckState.Checked)
        finally:
            self.team_list.blockSignals(False)
        if below:
            names = ", ".join(self._teams[tid].name for tid in below[:5]) + (" …" if len(below) > 5 else "")
            sub = "sub-team" if len(below) == 1 else "sub-teams"
            text = (f"{team.name} has no people of its own, so its {len(below):,} {sub} with people "
                    f"{'is' if len(below) == 1 else 'are'} ticked instead: {names}.")
        else:
            text = (f"{team.name} has no people of its own and none of its sub-teams not yet in this "
                    "rollout has any: there is no one in it to train or assess.")
        self.note_label.setText(text)
        self.note_label.setVisible(True)

    def checked_team_ids(self) -> list[int]:
        return [item.data(TEAM_ID_ROLE) for item in self._items()
                if item.checkState() == Qt.CheckState.Checked]

    def impact(self) -> Impact:
        return Impact(self.impact_combo.currentData())

    def set_impact(self, impact: Impact) -> None:
        self.impact_combo.setCurrentIndex(self.impact_combo.findData(Impact(impact).value))

    def _update_ok(self) -> None:
        n = len(self.checked_team_ids())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Add" if n == 0 else f"Add {n:,} team" + ("" if n == 1 else "s"))
        ok.setEnabled(n > 0 and not self.context.readonly)

    # -------------------------------------------------------------- applying
    def accept(self) -> None:
        ws = self.context.require_workspace()
        impact = self.impact()
        for team_id in self.checked_team_ids():
            try:
                ws.rollouts.set_impact(self.rollout_id, team_id, impact)
            except WorkspaceError as e:
                self.error_label.setText(str(e))
                self.error_label.setVisible(True)
                self._drop_added()
                return
            self.added_team_ids.append(team_id)
        super().accept()

    def _drop_added(self) -> None:
        """After a refusal, take the teams that did get added off the list."""
        added = set(self.added_team_ids)
        for row in reversed(range(self.team_list.count())):
            if self.team_list.item(row).data(TEAM_ID_ROLE) in added:
                self.team_list.takeItem(row)
        self._update_ok()
