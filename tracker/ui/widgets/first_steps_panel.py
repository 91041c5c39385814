"""First steps on the dashboard: import roster → create rollout → add teams → import training
and usage, each with the button that opens its dialog and a tick once the workspace holds it.

Shown instead of the portfolio while a workspace has no rollout, and above it until every step
is done (or the user hides it for that workspace). The ticks come from the workspace's data
(tracker/store/setup_facts.py), so a roster dropped on the window or an undo ticks or unticks
a step as well as the buttons here do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from tracker.domain.first_steps import (
    ROLLOUT,
    ROSTER,
    TEAMS,
    TRAINING_AND_USAGE,
    FirstStep,
    SetupFacts,
    first_steps,
)
from tracker.store import Workspace
from tracker.store.setup_facts import setup_facts
from tracker.ui import theme
from tracker.ui.context import AppContext

BUTTONS = {ROSTER: "Import roster…", ROLLOUT: "New rollout…", TEAMS: "Add teams…",
           TRAINING_AND_USAGE: "Import training…"}
USAGE_BUTTON = "Import usage…"


class FirstStepsPanel(QFrame):
    """The steps as rows: a tick or the step's number, what to do and why, and its button."""

    hide_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("firstSteps")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel("First steps")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.hide_button = QPushButton("Hide")
        self.hide_button.setToolTip("Hide the first steps for this workspace")
        self.hide_button.clicked.connect(self.hide_requested.emit)
        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.hide_button, 0, Qt.AlignmentFlag.AlignTop)

        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.grid.setHorizontalSpacing(12)
        self.marks: dict[str, QLabel] = {}
        self.texts: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        for row, step in enumerate(first_steps(setup_facts_or_empty(None))):
            mark = QLabel()
            mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            mark.setMinimumWidth(24)
            text = QLabel()
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.RichText)
            button = QPushButton(BUTTONS[step.key])
            button.clicked.connect(lambda _checked=False, key=step.key: self.open_step(key))
            buttons = QVBoxLayout()
            buttons.setSpacing(4)
            buttons.addWidget(button)
            if step.key == TRAINING_AND_USAGE:
                self.usage_button = QPushButton(USAGE_BUTTON)
                self.usage_button.clicked.connect(lambda: self.open_step("usage"))
                buttons.addWidget(self.usage_button)
            self.grid.addWidget(mark, row, 0)
            self.grid.addWidget(text, row, 1, Qt.AlignmentFlag.AlignTop)
            self.grid.addLayout(buttons, row, 2, Qt.AlignmentFlag.AlignTop)
            self.marks[step.key], self.texts[step.key], self.buttons[step.key] = mark, text, button
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(self.grid)
        theme.on_change(self.refresh)
        self.steps: tuple[FirstStep, ...] = ()
        self.refresh()

    def set_hideable(self, hideable: bool) -> None:
        self.hide_button.setVisible(hideable)

    # ------------------------------------------------------------ showing
    def refresh(self) -> None:
        """Tick what the workspace holds; the next open step's button is the default one."""
        ws = self.context.workspace
        self.steps = first_steps(setup_facts_or_empty(ws))
        writable = ws is not None and not self.context.readonly
        following = next((s.key for s in self.steps if not s.done), None)
        done_colour = theme.hex_colour("success")
        for number, step in enumerate(self.steps, start=1):
            mark = self.marks[step.key]
            mark.setText("✓" if step.done else f"{number}.")
            mark.setStyleSheet(f"color: {done_colour}; font-weight: bold;" if step.done else "font-weight: bold;")
            mark.setAccessibleName(f"Step {number}: {'done' if step.done else 'to do'}")
            state = " <i>(done)</i>" if step.done else ""
            self.texts[step.key].setText(f"<b>{step.title}</b>{state}<br>{step.explanation}")
            self.buttons[step.key].setEnabled(writable and self._possible(step.key))
            self.buttons[step.key].setDefault(step.key == following)
        self.usage_button.setEnabled(writable and self._possible("usage"))

    def _possible(self, key: str) -> bool:
        """Teams, training and usage belong to a rollout: their buttons wait for one."""
        rollouts = next(s for s in self.steps if s.key == ROLLOUT).done
        return key in (ROSTER, ROLLOUT) or rollouts

    def step(self, key: str) -> FirstStep:
        return next(s for s in self.steps if s.key == key)

    # ------------------------------------------------------------ acting
    def open_step(self, key: str) -> QDialog | None:
        """Open the step's dialog (returned, for tests); the ticks follow the store's changes."""
        ws = self.context.workspace
        if ws is None or self.context.readonly:
            return None
        parent = self.window()
        if key == ROSTER:
            from tracker.ui.dialogs.roster_import_dialog import RosterImportDialog

            roster = RosterImportDialog(self.context, parent)
            roster.exec()
            return roster
        if key == ROLLOUT:
            from tracker.ui.dialogs.new_rollout_dialog import NewRolloutDialog

            new_rollout = NewRolloutDialog(self.context, parent)
            if new_rollout.exec() and new_rollout.rollout_id is not None:
                self.context.rollout_selected.emit(new_rollout.rollout_id)
            return new_rollout
        rollout_id = self._rollout_for(key)
        if rollout_id is None:
            return None
        dialog: QDialog
        if key == TEAMS:
            from tracker.ui.dialogs.add_teams_dialog import AddTeamsDialog

            dialog = AddTeamsDialog(self.context, rollout_id, parent)
        elif key == TRAINING_AND_USAGE:
            from tracker.ui.dialogs.training_import_dialog import TrainingImportDialog

            dialog = TrainingImportDialog(self.context, rollout_id, parent)
        else:  # usage: the log names its rollouts itself
            from tracker.ui.dialogs.import_preview_dialog import ImportPreviewDialog
            from tracker.ui.pages.adoption_page import usage_kind

            dialog = ImportPreviewDialog(self.context, usage_kind(), parent)
        dialog.exec()
        return dialog

    def _rollout_for(self, key: str) -> int | None:
        """The rollout a step works on: for teams the first without any, else the newest."""
        ws = self.context.require_workspace()
        rollouts = ws.rollouts.list()
        if not rollouts:
            return None
        if key == TEAMS:
            for rollout in rollouts:
                if not ws.rollouts.participation(rollout.id):
                    return rollout.id
        return max(rollouts, key=lambda r: r.id).id


def setup_facts_or_empty(ws: Workspace | None) -> SetupFacts:
    return setup_facts(ws) if ws is not None else SetupFacts()
