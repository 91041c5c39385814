"""Asking for a workspace's passphrase: a new one (typed twice, with a strength hint) when a
workspace is encrypted with one, or the current one when an encrypted workspace has no key in
this computer's keyring. The text is never shown (password echo), never logged and never
stored; the store derives the key from it (tracker/store/passphrase.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.passphrase_strength import estimate
from tracker.store.passphrase import MIN_LENGTH, refusal_reason

FORGOTTEN = ("If the passphrase is forgotten, nobody can read the workspace or its backups: "
             "there is no way to recover it.")


class PassphraseDialog(QDialog):
    """`new=True`: choose a passphrase (two fields, strength hint, OK once they agree and it
    can serve). `new=False`: type the passphrase of an existing workspace."""

    def __init__(self, parent: QWidget | None, title: str, message: str, *, new: bool):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.new = new
        layout = QVBoxLayout(self)
        intro = QLabel(message + (f"\n\n{FORGOTTEN}" if new else ""))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.entry = QLineEdit()
        self.entry.setEchoMode(QLineEdit.EchoMode.Password)
        self.entry.setAccessibleName("Passphrase")
        form.addRow("&Passphrase:", self.entry)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName("Passphrase again")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        if new:
            form.addRow("&Again:", self.repeat)
            form.addRow("", self.hint)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.entry.textChanged.connect(self._update)
        self.repeat.textChanged.connect(self._update)
        self._update()

    def problem(self) -> str | None:
        """Why OK is not possible yet, or None."""
        text = self.entry.text()
        if not text:
            return "Type the passphrase."
        if not self.new:
            return None
        refusal = refusal_reason(text)
        if refusal:
            return refusal
        if self.repeat.text() != text:
            return "Type the same passphrase again in the second field."
        return None

    def _update(self) -> None:
        problem = self.problem()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
        if self.new:
            strength = estimate(self.entry.text(), MIN_LENGTH)
            self.hint.setText(f"Strength: {strength.word}. {strength.hint}"
                              + (f"\n{problem}" if problem and self.entry.text() else ""))

    def passphrase(self) -> str:
        return self.entry.text()


def ask_passphrase(parent: QWidget | None, title: str, message: str, *, new: bool) -> str | None:
    """The passphrase typed, or None when cancelled."""
    dialog = PassphraseDialog(parent, title, message, new=new)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.passphrase()
    finally:
        dialog.entry.clear()
        dialog.repeat.clear()
        dialog.deleteLater()
