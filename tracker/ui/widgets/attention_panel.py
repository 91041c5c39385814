""""Needs attention" on the rollout overview: highly affected teams in trouble, and why.

The rule is tracker.domain.readiness.needs_attention (unresolved resistance of severity 4 or
more, or an ADKAR barrier in the latest assessment, in a team the rollout affects highly).
The panel refreshes itself when a change touches the tables the rule reads.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from tracker.domain.readiness import AttentionItem
from tracker.ui.context import AppContext

WATCHED = frozenset({"adkar_assessments", "resistance_signals", "participation", "teams", "rollouts"})
NOTHING = "Nothing needs attention: no highly affected team has serious unresolved resistance or an ADKAR barrier."


def attention_html(items: list[AttentionItem]) -> str:
    if not items:
        return html.escape(NOTHING)
    rows = "".join(f"<li><b>{html.escape(i.team_name)}</b>: {html.escape(i.reason)}</li>" for i in items)
    return f"<ul style='margin-left: -20px'>{rows}</ul>"


class AttentionPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.rollout_id: int | None = None
        self.items: list[AttentionItem] = []
        self.heading = QLabel("<b>Needs attention</b>")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        context.data_changed.connect(self._on_data_changed)
        context.workspace_changed.connect(lambda _ws: self.show_rollout(None))
        self.refresh()

    def show_rollout(self, rollout_id: int | None) -> None:
        self.rollout_id = rollout_id
        self.refresh()

    def refresh(self) -> None:
        ws = self.context.workspace
        if ws is None or self.rollout_id is None:
            self.items = []
            self.heading.setText("<b>Needs attention</b>")
            self.body.setText("")
            return
        self.items = ws.readiness.attention(self.rollout_id)
        count = f" ({len(self.items)})" if self.items else ""
        self.heading.setText(f"<b>Needs attention{count}</b>")
        self.body.setText(attention_html(self.items))

    def _on_data_changed(self, event) -> None:
        if self.rollout_id is not None and frozenset(event.tables) & WATCHED:
            self.refresh()
