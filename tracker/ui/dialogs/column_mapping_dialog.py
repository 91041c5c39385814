"""Map a file's columns to an import's fields, once: a drop-down per field, the first rows as
the import would read them, and a name to save the mapping under.

For files no built-in layout recognises (an in-house HR export, a German SAP report): the user
picks which column feeds each field, sees the result at once, and saves the mapping in the
workspace, so the next file with the same header row is read the same way without asking
(tracker/store/import_mappings.py). Nothing is imported here: the import dialog that opened
this one reads the file again with the chosen columns and shows its usual preview.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.importing import normalise_header
from tracker.domain.layouts import FIELDS, mapping_layout, match, to_fields
from tracker.domain.layouts.base import Layout

NOT_IN_FILE = "— not in this file —"
PREVIEW_ROWS = 20


class _PreviewModel(QAbstractTableModel):
    """The first rows as the import would read them: one column per mapped field."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []

    def set_rows(self, headers: list[str], rows: list[list[str]]) -> None:
        self.beginResetModel()
        self.headers, self.rows = headers, rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return super().headerData(section, orientation, role)


class ColumnMappingDialog(QDialog):
    """``raw_headers``: the file's header row as written; ``rows``: its first rows as the table
    reader gives them ((row number, values keyed by normalised header)); ``initial``: field ->
    normalised header already known (from a partly recognised layout)."""

    def __init__(self, kind: str, raw_headers: Sequence[str], rows: Sequence[tuple[int, Mapping[str, object]]],
                 *, initial: Mapping[str, str] | None = None, name: str = "", file_name: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.raw_headers = list(raw_headers)
        self.sample = list(rows[:PREVIEW_ROWS])
        self.spec = FIELDS[kind]
        self._keys = [normalise_header(h) for h in self.raw_headers]
        self.setWindowTitle(f"Match columns – {file_name}" if file_name else "Match columns")
        self.setMinimumWidth(560)

        intro = QLabel("Pick the column of the file that holds each field. Fields marked * are needed; "
                       "for “one of”, any one will do. The preview below shows the first rows as they "
                       "would be imported.")
        intro.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        required = {f for group in self.spec.required for f in group}
        alternatives = {f: group for group in self.spec.required if len(group) > 1 for f in group}
        self.combos: dict[str, QComboBox] = {}
        for field in self.spec.all:
            combo = QComboBox()
            combo.addItem(NOT_IN_FILE, "")
            for raw, key in zip(self.raw_headers, self._keys):
                combo.addItem(raw, key)
            chosen = (initial or {}).get(field)
            if chosen and chosen in self._keys:
                combo.setCurrentIndex(self._keys.index(chosen) + 1)
            label = self.spec.labels.get(field, field)
            if field in alternatives:
                label += " (one of *)"
            elif field in required:
                label += " *"
            combo.setAccessibleName(label)
            combo.currentIndexChanged.connect(self._update)
            form.addRow(label, combo)
            self.combos[field] = combo
        fields_box = QWidget()
        fields_box.setLayout(form)
        scroll = QScrollArea()  # many fields on a small screen: scroll, never widen the window
        scroll.setWidgetResizable(True)
        scroll.setWidget(fields_box)
        scroll.setMinimumHeight(160)

        self.preview_model = _PreviewModel(self)
        self.preview_view = QTableView()
        self.preview_view.setModel(self.preview_model)
        self.preview_view.setAccessibleName("Preview of the mapped rows")
        self.preview_view.verticalHeader().setVisible(False)
        self.preview_view.setWordWrap(False)
        # Twenty rows at most: sizing every column to its contents costs nothing and shows it all.
        self.preview_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Mapping status")

        self.save_check = QCheckBox("&Save this mapping for files with the same columns, as:")
        self.save_check.setChecked(True)
        self.name_edit = QLineEdit(name)
        self.name_edit.setAccessibleName("Mapping name")
        self.name_edit.setPlaceholderText("e.g. SAP HCM roster (Germany)")
        self.save_check.toggled.connect(self.name_edit.setEnabled)
        self.name_edit.textChanged.connect(self._update)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_check)
        save_row.addWidget(self.name_edit, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Use these columns")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.save_check.toggled.connect(self._update)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 3)
        layout.addWidget(QLabel("Preview"))
        layout.addWidget(self.preview_view, 2)
        layout.addWidget(self.status)
        layout.addLayout(save_row)
        layout.addWidget(self.buttons)
        self._update()

    # ------------------------------------------------------------------ result
    def column_of(self) -> dict[str, str]:
        """Field -> the chosen column's normalised header, for the fields given a column."""
        return {field: combo.currentData() for field, combo in self.combos.items() if combo.currentData()}

    def overrides(self) -> dict[str, str]:
        """The choice as `--map` would say it: field -> the column as written in the file."""
        return {field: self.raw_headers[self._keys.index(key)] for field, key in self.column_of().items()}

    def mapping_name(self) -> str | None:
        """The name to save the mapping under, or None when it is not to be saved."""
        return self.name_edit.text().strip() if self.save_check.isChecked() else None

    def layout(self) -> Layout:  # type: ignore[override]  # QDialog.layout() is the Qt layout
        return mapping_layout(self.kind, self.name_edit.text().strip() or "mapping", self.column_of(),
                              self.raw_headers)

    # ------------------------------------------------------------------ live check
    def _update(self) -> None:
        column_of = self.column_of()
        problems: list[str] = []
        twice = {key for key in column_of.values() if list(column_of.values()).count(key) > 1}
        if twice:
            names = [self.raw_headers[self._keys.index(key)] for key in sorted(twice)]
            problems.append("Each column can feed one field; used twice: " + ", ".join(names) + ".")
        missing = self.spec.missing(column_of)
        if missing:
            needed = [" or ".join(self.spec.labels.get(f, f) for f in group) for group in missing]
            problems.append("Still needed: " + "; ".join(needed) + ".")
        if self.save_check.isChecked() and not self.name_edit.text().strip():
            problems.append("Give the mapping a name, or untick saving it.")
        fields, rows, errors = self._preview(column_of)
        self.preview_model.set_rows([self.spec.labels.get(f, f) for f in fields], rows)
        if errors:
            problems.append(f"{len(errors)} of the first {len(self.sample)} rows cannot be read: {errors[0]}.")
        self.status.setText(" ".join(problems) if problems else
                            f"Ready: {len(column_of)} fields from {len(self.raw_headers)} columns.")
        self.ok_button.setEnabled(not missing and not twice and
                                  not (self.save_check.isChecked() and not self.name_edit.text().strip()))

    def _preview(self, column_of: dict[str, str]) -> tuple[list[str], list[list[str]], list[str]]:
        """(fields shown, rows, row errors) of the first rows read with these columns."""
        found = match(mapping_layout(self.kind, "preview", column_of, self.raw_headers), self.raw_headers)
        if not column_of or found is None:
            return [], [], []
        result = to_fields(found, self.sample)
        shown = result.rows[0][1] if result.rows else column_of  # first + last name become name
        fields = [f for f in self.spec.all if f in shown]
        rows = [[_shown(values.get(f, "")) for f in fields] for _n, values in result.rows]
        return fields, rows, [str(e) for e in result.errors]


def _shown(value: object) -> str:
    if isinstance(value, dt.date):  # dates as the window writes them: 1 Feb 2027
        return f"{value.day} {value:%b %Y}"
    return "" if value is None else str(value)
