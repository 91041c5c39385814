"""The three ways to begin: a new workspace, an existing one, or the sample to explore.

The same panel is the first-run dialog and the window's centre when no workspace is open, so
a user who closed the dialog (or whose last workspace was moved) is never left in front of an
empty window without a next step.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tracker.resources import resource_path


class StartChoice(str, Enum):
    NEW = "new"
    OPEN = "open"
    SAMPLE = "sample"


_BUTTONS = (
    (StartChoice.NEW, "&New workspace…", "Start an empty workspace for your organisation."),
    (StartChoice.OPEN, "&Open workspace…", "Open a .tracker file you or a colleague made."),
    (StartChoice.SAMPLE, "Open the &sample workspace",
     "Explore a made-up organisation with rollouts already under way."),
)


class StartPanel(QWidget):
    """Title, one line of explanation and the three start buttons, centred."""

    chosen = Signal(object)  # StartChoice

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addStretch(1)

        icon = QLabel()
        icon.setPixmap(QIcon(str(resource_path("icon.svg"))).pixmap(64 if compact else 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(icon)

        title = QLabel("Rollout Tracker")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * (1.6 if compact else 2.0))
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)

        blurb = QLabel(
            "Track the people side of every AI rollout: who is affected, how ready they are,\n"
            "what they wait on, and whether the tool is really used."
        )
        blurb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        muted = blurb.palette()
        muted.setColor(QPalette.ColorRole.WindowText, muted.color(QPalette.ColorRole.PlaceholderText))
        blurb.setPalette(muted)
        layout.addWidget(blurb)
        layout.addSpacing(12)

        self.buttons: dict[StartChoice, QPushButton] = {}
        for choice, text, tip in _BUTTONS:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setMinimumWidth(260)
            button.setMinimumHeight(34)
            button.clicked.connect(lambda _checked=False, c=choice: self.chosen.emit(c))
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            self.buttons[choice] = button
        layout.addStretch(2)


class StartDialog(QDialog):
    """First run: no workspace given and none opened before. `choice` is None if dismissed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Welcome to Rollout Tracker")
        self.choice: StartChoice | None = None
        layout = QVBoxLayout(self)
        panel = StartPanel(self, compact=True)
        panel.chosen.connect(self._choose)
        layout.addWidget(panel)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        panel.buttons[StartChoice.NEW].setDefault(True)
        self.resize(520, 420)

    def _choose(self, choice: StartChoice) -> None:
        self.choice = choice
        self.accept()
