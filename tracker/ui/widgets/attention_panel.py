""""Needs attention" on the rollout page: highly affected teams in trouble, and why.

The rule is tracker.domain.readiness.needs_attention (unresolved resistance of severity 4 or
more, or an ADKAR barrier in the latest assessment, in a team the rollout affects highly).
Each reason is one line, "Team — reason", so that clicking it can lead to the one place the
evidence is: the Resistance tab for signals, the ADKAR tab for a barrier (`open_requested`).
The panel refreshes itself when a change touches the areas the rule reads; on the rollout
page it hides itself while nothing needs attention, so it costs no room on a healthy rollout.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from tracker.domain.readiness import AttentionItem
from tracker.store.events import ChangeEvent
from tracker.ui.context import AppContext

# The areas the rule reads: assessments and signals, the teams taking part and their impact.
AREAS = frozenset({"readiness", "rollouts", "organisation"})
NOTHING = "Nothing needs attention: no highly affected team has serious unresolved resistance or an ADKAR barrier."
ADKAR, RESISTANCE = "adkar", "resistance"  # the rollout page's area keys (rollout_area_tabs.py)
MAX_LINES = 5  # more scroll: the panel must not push the tabs off the page
_AREA_ROLE = Qt.ItemDataRole.UserRole
_TEAM_ROLE = Qt.ItemDataRole.UserRole + 1


def area_of(reason: str) -> str:
    """Which tab holds the evidence for a reason the domain rule gave."""
    return ADKAR if reason.startswith("ADKAR") else RESISTANCE


def attention_lines(items: list[AttentionItem]) -> list[tuple[str, str, int]]:
    """(text, area key, team id) per reason, most serious team first."""
    return [(f"{i.team_name} — {reason}", area_of(reason), i.team_id) for i in items for reason in i.reasons]


class AttentionPanel(QWidget):
    """`open_requested(area_key, team_id)` when the user clicks or activates a line."""

    open_requested = Signal(str, int)

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, hide_when_empty: bool = False):
        super().__init__(parent)
        self.context = context
        self.rollout_id: int | None = None
        self.items: list[AttentionItem] = []
        self._hide_when_empty = hide_when_empty
        self.heading = QLabel("<b>Needs attention</b>")
        self.body = QLabel()  # the "nothing to do" line, when the panel stays visible
        self.body.setWordWrap(True)
        self.lines = QListWidget()
        self.lines.setFrameShape(QFrame.Shape.StyledPanel)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lines.setWordWrap(True)
        self.lines.setToolTip("Click a line to open the tab with its evidence")
        self.lines.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addWidget(self.lines)
        self.lines.itemClicked.connect(self._open)
        self.lines.itemActivated.connect(self._open)  # Enter, for the keyboard
        context.data_changed.connect(self._on_data_changed)
        context.workspace_changed.connect(lambda _ws: self.show_rollout(None))
        self.refresh()

    def show_rollout(self, rollout_id: int | None) -> None:
        self.rollout_id = rollout_id
        self.refresh()

    def refresh(self) -> None:
        ws = self.context.workspace
        self.items = ws.readiness.attention(self.rollout_id) if ws is not None and self.rollout_id is not None else []
        count = f" ({len(self.items)} team{'' if len(self.items) == 1 else 's'})" if self.items else ""
        self.heading.setText(f"<b>Needs attention{count}</b>")
        self.lines.clear()
        for text, area, team_id in attention_lines(self.items):
            item = QListWidgetItem(text)
            item.setData(_AREA_ROLE, area)
            item.setData(_TEAM_ROLE, team_id)
            item.setToolTip(f"Open the {'ADKAR' if area == ADKAR else 'Resistance'} tab for this team")
            self.lines.addItem(item)
        self.body.setText(NOTHING if self.rollout_id is not None and not self.items else "")
        self.body.setVisible(bool(self.body.text()))
        self.lines.setVisible(self.lines.count() > 0)
        shown = min(self.lines.count(), MAX_LINES)
        row = self.lines.sizeHintForRow(0) if self.lines.count() else 0
        self.lines.setFixedHeight(shown * row + 2 * self.lines.frameWidth() + 2)
        if self._hide_when_empty:
            self.setVisible(bool(self.items))

    def line_texts(self) -> list[str]:
        return [self.lines.item(i).text() for i in range(self.lines.count())]

    def _open(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(item.data(_AREA_ROLE), int(item.data(_TEAM_ROLE)))

    def _on_data_changed(self, event: ChangeEvent) -> None:
        if self.rollout_id is not None and event.areas & AREAS:
            self.refresh()
