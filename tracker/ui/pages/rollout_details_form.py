"""The rollout's own fields: name, objective, stage, owner, sponsor, dates and target.

Unlike the tables elsewhere, these fields are edited together and saved together: a go-live
date and a target date only make sense as a pair, so the form validates as you type (using the
same rules as the store) and writes once, on Save. Until then the edits are the user's alone;
the page asks before throwing them away.

The stage is shown, not edited: moving a rollout on is a decision taken against its readiness
gate, so "Change stage…" opens the PromoteDialog, which shows the open gate items, asks who
decided and writes the stage together with its decision-log entry (the store refuses a stage
change through a plain edit).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.models import Person, Rollout
from tracker.domain.validation import check_required, check_rollout_dates, check_target_adoption
from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs.conflict_dialog import save_resolving_conflicts
from tracker.ui.dialogs.promote_dialog import PromoteDialog
from tracker.ui.widgets.optional_date_edit import OptionalDateEdit
from tracker.ui.widgets.person_field import PersonField


def error_label(parent: QWidget | None = None) -> QLabel:
    """A red message line under a field; hidden (taking no space) while there is no problem."""
    label = QLabel(parent)
    label.setStyleSheet(theme.error_style())
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def show_error(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


def with_error(field: QWidget, error: QLabel) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    box.setFocusProxy(field)  # so the row label's mnemonic reaches the field
    return box


def _form_fields(rollout: Rollout) -> tuple:
    """The stored values of the fields the form edits (everything it saves; not the stage)."""
    return (rollout.name, rollout.description, rollout.owner_id, rollout.sponsor_id, rollout.start_date,
            rollout.go_live_date, rollout.target_adoption, rollout.target_date)


class RolloutDetailsForm(QWidget):
    dirty_changed = Signal(bool)
    saved = Signal(int)  # rollout id

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._rollout: Rollout | None = None
        #: The rollout as loaded into the fields: the edits are based on its version (see
        #: refresh_from_store), so a save over someone else's newer edit is refused and shown.
        self._base: Rollout | None = None
        self._original: dict | None = None
        self._loaded_target: float | None = None
        self._dirty = False
        self._valid = True
        self._readonly = False
        self._build()
        # Only while focus is in the form, so it never competes with a window-wide Ctrl+S.
        # (Set after construction: PySide6 ignores a `context=` keyword here.)
        self._save_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self._save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._save_key.activated.connect(self._save_shortcut)

    # -------------------------------------------------------------- layout
    def _build(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(200)
        self.name_error = error_label()
        self.stage_label = QLabel()
        self.stage_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stage_button = QPushButton("Change s&tage…")
        self.stage_button.setToolTip("Move the rollout to another stage: shows what its readiness gate still "
                                     "misses and records the decision in the log")
        stage_row = QWidget()
        stage_layout = QHBoxLayout(stage_row)
        stage_layout.setContentsMargins(0, 0, 0, 0)
        stage_layout.addWidget(self.stage_label)
        stage_layout.addWidget(self.stage_button)
        stage_layout.addStretch(1)
        self.owner_field = PersonField(what="accountable owner")
        self.owner_error = error_label()
        self.sponsor_field = PersonField(what="sponsor")
        self.sponsor_error = error_label()
        self.start_edit = OptionalDateEdit("start date")
        self.go_live_edit = OptionalDateEdit("go-live date")
        self.target_date_edit = OptionalDateEdit("target date")
        self.dates_error = error_label()
        self.target_spin = QSpinBox()
        self.target_spin.setRange(0, 100)
        self.target_spin.setSpecialValueText("Not set")  # 0: no target yet
        self.target_spin.setSuffix(" %")
        self.target_spin.setToolTip("Share of eligible people actively using the system by the target date.")
        self.target_error = error_label()
        self.description_edit = QPlainTextEdit()
        self.description_edit.setPlaceholderText(
            "What the rollout is for: the business objective, and how success will be recognised.")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMinimumHeight(90)
        self.description_edit.setMaximumHeight(200)

        left = QFormLayout()
        left.addRow("&Name:", with_error(self.name_edit, self.name_error))
        left.addRow("Stage:", stage_row)
        left.addRow("Accountable &owner:", with_error(self.owner_field, self.owner_error))
        left.addRow("S&ponsor:", with_error(self.sponsor_field, self.sponsor_error))
        right = QFormLayout()
        right.addRow("St&art date:", self.start_edit)
        right.addRow("&Go-live date:", self.go_live_edit)
        right.addRow("Target adopt&ion:", with_error(self.target_spin, self.target_error))
        right.addRow("Target dat&e:", with_error(self.target_date_edit, self.dates_error))
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(24)
        columns.addLayout(right, 2)

        self.store_error = error_label()
        self.revert_button = QPushButton("&Revert")
        self.revert_button.setToolTip("Throw away the unsaved edits")
        self.save_button = QPushButton("&Save")
        shortcut = QKeySequence(QKeySequence.StandardKey.Save).toString(QKeySequence.SequenceFormat.NativeText)
        self.save_button.setToolTip(f"Save the rollout's details ({shortcut})")
        self.save_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        description_label = QLabel("&Description / business objective:")
        description_label.setBuddy(self.description_edit)
        layout.addWidget(description_label)
        layout.addWidget(self.description_edit)
        layout.addWidget(self.store_error)
        layout.addLayout(buttons)
        layout.addStretch(1)

        for signal in (self.name_edit.textChanged, self.description_edit.textChanged,
                       self.owner_field.person_changed,
                       self.sponsor_field.person_changed, self.start_edit.changed,
                       self.go_live_edit.changed, self.target_date_edit.changed,
                       self.target_spin.valueChanged):
            signal.connect(self._on_edited)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.stage_button.clicked.connect(self.change_stage)
        self._update_buttons()

    # -------------------------------------------------------------- loading
    def set_people(self, people: Sequence[Person]) -> None:
        for field in (self.owner_field, self.sponsor_field):
            field.set_people(people)
        self._validate()

    def set_people_loader(self, load: Callable[[], Sequence[Person]],
                          get_one: Callable[[int], Person | None]) -> None:
        """As set_people, but fetched only when the owner or sponsor field is first used
        (once for both): 100,000 people take half a second to fetch."""
        fetched: list[Sequence[Person]] = []

        def once() -> Sequence[Person]:
            if not fetched:
                fetched.append(load())
            return fetched[0]

        for field in (self.owner_field, self.sponsor_field):
            field.set_people_loader(once, get_one)
        self._validate()

    def rollout_id(self) -> int | None:
        return self._rollout.id if self._rollout else None

    def load(self, rollout: Rollout | None) -> None:
        """Show a stored rollout, dropping any edits (callers ask first)."""
        self._rollout = self._base = rollout
        r = rollout
        widgets = (self.name_edit, self.description_edit, self.target_spin)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.name_edit.setText(r.name if r else "")
            self.description_edit.setPlainText(r.description if r else "")
            target = r.target_adoption if r else None
            self.target_spin.setValue(round(target * 100) if target else 0)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._loaded_target = r.target_adoption if r else None
        self._show_stage(r)
        self.owner_field.set_person(r.owner_id if r else None)
        self.sponsor_field.set_person(r.sponsor_id if r else None)
        self.start_edit.set_date(r.start_date if r else None)
        self.go_live_edit.set_date(r.go_live_date if r else None)
        self.target_date_edit.set_date(r.target_date if r else None)
        show_error(self.store_error, None)
        self._original = self.values() if r else None
        self._validate()
        self._set_dirty(False)
        self.setEnabled(r is not None)

    def refresh_from_store(self, rollout: Rollout | None) -> None:
        """After someone else's write: reload, unless the user is mid-edit (their text wins).

        Mid-edit, the edits stay based on the version loaded while the fields this form writes
        are as they were then, so saving after someone else changed one of them is refused and
        shows the conflict dialog instead of silently writing the old value back over theirs. A
        change elsewhere in the record (the stage, moved by a promotion) is taken as the base."""
        if self._dirty and rollout is not None and self._rollout and rollout.id == self._rollout.id:
            self._rollout = rollout
            if self._base is not None and _form_fields(rollout) == _form_fields(self._base):
                self._base = rollout
            self._show_stage(rollout)  # not one of the edited fields: always the stored one
            self._validate()
            return
        self.load(rollout)

    # -------------------------------------------------------------- values
    def values(self) -> dict:
        """The fields as `ws.rollouts.update` takes them (the stage is not one: see change_stage)."""
        percent = self.target_spin.value()
        target: float | None
        if self._loaded_target and percent == round(self._loaded_target * 100):
            target = self._loaded_target  # unchanged: keep e.g. 0.755 rather than round it
        else:
            target = percent / 100 if percent else None
        return {
            "name": self.name_edit.text().strip(),
            "description": self.description_edit.toPlainText().strip(),
            "owner_id": self.owner_field.person_id(),
            "sponsor_id": self.sponsor_field.person_id(),
            "start_date": self.start_edit.date(),
            "go_live_date": self.go_live_edit.date(),
            "target_adoption": target,
            "target_date": self.target_date_edit.date(),
        }

    def problems(self) -> dict[str, str]:
        """Field -> what is wrong with it, by the same rules the store enforces."""
        found: dict[str, str] = {}
        name = self.name_edit.text().strip()
        problem = check_required(name, "A rollout name")
        ws = self.context.workspace
        if not problem and ws is not None:
            clash = ws.rollouts.by_name(name)
            if clash is not None and clash.id != self.rollout_id():
                problem = f"There is already a rollout called '{clash.name}'."
        if problem:
            found["name"] = problem
        for key, field in (("owner", self.owner_field), ("sponsor", self.sponsor_field)):
            field_problem = field.problem()
            if field_problem:
                found[key] = field_problem
        dates = check_rollout_dates(self.start_edit.date(), self.go_live_edit.date(), self.target_date_edit.date())
        if dates:
            found["dates"] = dates
        target = check_target_adoption(self.target_spin.value() or None)
        if target:
            found["target"] = target
        return found

    def is_valid(self) -> bool:
        return not self.problems()

    def is_dirty(self) -> bool:
        return self._dirty

    # -------------------------------------------------------------- editing
    def _on_edited(self, *_args) -> None:
        show_error(self.store_error, None)
        self._validate()
        self._set_dirty(self._rollout is not None and self.values() != self._original)

    def _validate(self) -> None:
        problems = self.problems() if self._rollout else {}
        show_error(self.name_error, problems.get("name"))
        show_error(self.owner_error, problems.get("owner"))
        show_error(self.sponsor_error, problems.get("sponsor"))
        show_error(self.dates_error, problems.get("dates"))
        show_error(self.target_error, problems.get("target"))
        self._valid = not problems
        self._update_buttons()

    def _set_dirty(self, dirty: bool) -> None:
        changed = dirty != self._dirty
        self._dirty = dirty
        self._update_buttons()
        if changed:
            self.dirty_changed.emit(dirty)

    def _update_buttons(self) -> None:
        editable = not self._readonly and self._rollout is not None
        self.stage_button.setEnabled(editable)
        self.save_button.setEnabled(editable and self._dirty and self._valid)
        self.revert_button.setEnabled(editable and self._dirty)

    def _save_shortcut(self) -> None:
        if self.save_button.isEnabled():
            self.save()

    def save(self) -> bool:
        """Write the edits; on a refusal the message shows and the input stays as typed."""
        ws = self.context.workspace
        if self._rollout is None or ws is None or self._readonly:
            return False
        if not self._dirty:
            return True
        if not self.is_valid():
            self._validate()
            return False
        rollout_id = self._rollout.id
        try:  # onto the version this form loaded: another person's edit since is shown, not lost
            saved, _changed = save_resolving_conflicts(
                self, lambda version: ws.rollouts.update(rollout_id, expected_version=version, **self.values()),
                (self._base or self._rollout).version)
        except WorkspaceError as e:
            show_error(self.store_error, str(e))
            return False
        self.load(ws.rollouts.get(rollout_id))  # theirs, when they kept it
        if not saved:
            return False
        self.saved.emit(rollout_id)
        return True

    def _show_stage(self, rollout: Rollout | None) -> None:
        self.stage_label.setText(f"<b>{rollout.stage.label}</b>" if rollout else "")

    def change_stage(self) -> PromoteDialog | None:
        """Open the gate check for a stage change; the store's change event updates the page.

        Unsaved edits stay as typed: the stage is written on its own, with its decision."""
        ws = self.context.workspace
        if self._rollout is None or ws is None or self._readonly or self.context.readonly:
            return None
        rollout_id = self._rollout.id
        dialog = PromoteDialog(self.context, rollout_id, self)
        dialog.exec()
        dialog.deleteLater()
        if dialog.decision_id is not None:
            self.refresh_from_store(ws.rollouts.get(rollout_id))
        return dialog

    def revert(self) -> None:
        ws = self.context.workspace
        self.load(ws.rollouts.get(self._rollout.id) if ws and self._rollout else None)

    def set_read_only(self, readonly: bool) -> None:
        self._readonly = readonly
        self.name_edit.setReadOnly(readonly)
        self.description_edit.setReadOnly(readonly)
        self.target_spin.setReadOnly(readonly)
        for field in (self.owner_field, self.sponsor_field):
            field.set_read_only(readonly)
        for edit in (self.start_edit, self.go_live_edit, self.target_date_edit):
            edit.set_read_only(readonly)
        self.save_button.setVisible(not readonly)
        self.revert_button.setVisible(not readonly)
        self._update_buttons()
