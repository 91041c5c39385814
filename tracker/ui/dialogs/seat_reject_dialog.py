"""Keep seats the rules recommend for reclaim: the change manager says why (a rejection needs a
reason, which the audit trail and the licence admin's list keep beside the decision)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from tracker.ui import theme

NEEDS_REASON = "Say why the seat is kept: a rejection needs a reason."


class SeatRejectDialog(QDialog):
    """Asks for the reason; `reason` holds it once accepted. Nothing is written here."""

    def __init__(self, names: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        count = len(names)
        self.setWindowTitle("Keep seat" if count == 1 else f"Keep {count:,} seats")
        who = names[0] if count == 1 else f"{count:,} seats ({', '.join(names[:3])}{', …' if count > 3 else ''})"
        text = QLabel(f"Reject the reclaim of {who}: the seat stays and no longer counts as recoverable.")
        text.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("Why is it kept? e.g. on parental leave until March")
        self.reason_edit.setAccessibleName("Reason")
        self.reason_edit.setMaxLength(500)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Keep")
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        label = QLabel("&Reason:")
        label.setBuddy(self.reason_edit)
        layout.addWidget(label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.reason = ""
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def accept(self) -> None:
        reason = self.reason_edit.text().strip()
        if not reason:  # said after the user acts, not while the field is still empty on opening
            self.error_label.setText(NEEDS_REASON)
            self.error_label.setVisible(True)
            return
        self.reason = reason
        super().accept()
