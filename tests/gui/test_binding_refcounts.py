"""The installed Qt binding must not lose references to None or True.

PySide6 6.12.0 on Python 3.11 drops one reference to `None` (reportedly also `True`) in ordinary
calls such as `QLabel.setText`, `QComboBox.addItem` and `QStandardItemModel.appendRow`; measured:
every call below loses one reference to `None` per call. After a few thousand calls the count
reaches zero and the interpreter aborts with "Fatal Python error: none_dealloc", taking the
application (and any unsaved dialog) down with it. pyproject.toml therefore pins
`PySide6-Essentials<6.12`; 6.11.3 was measured clean.

Rather than asserting a version number, this module measures the defect itself: every call
below is repeated 10,000 times and the reference counts of `None` and `True` may not fall by
more than a small slack. So it fails on any binding that leaks (a 6.11.x regression, or a
later release that still leaks) and passes on one that does not (6.11.3, or a fixed 6.12.x, at
which point the pin can be relaxed). The counts are checked after every call, so a leaking
binding fails the test well before it can kill the test process.

On Python 3.12+ `None` and `True` are immortal, the counts never move, and the test passes
trivially there: the defect cannot crash such an interpreter either.
"""

import gc
import os
import sys

import pytest

# tests/conftest.py sets this for the whole suite; repeated here so this module alone also runs
# headless. setdefault: an explicit QT_QPA_PLATFORM wins.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QTableView, QWidget

CALLS = 10_000
# Unrelated code may legitimately free a few objects that held None/True; a leaking binding
# loses one reference per call, i.e. thousands.
SLACK = 100


# Each factory makes its widgets and returns (call, objects to keep alive while calling).
def _label_set_text():
    label = QLabel()
    return lambda i: label.setText(f"status {i % 7}"), [label]


def _combo_add_item():
    combo = QComboBox()
    return lambda i: combo.addItem("item"), [combo]


def _model_append_row():
    model = QStandardItemModel()
    return lambda i: model.appendRow(QStandardItem("row")), [model]


def _table_set_model():
    view = QTableView()
    model = QStandardItemModel(3, 3)
    return lambda i: view.setModel(model), [view, model]


def _line_edit_set_text():
    edit = QLineEdit()
    return lambda i: edit.setText(f"text {i % 7}"), [edit]


def _action_set_enabled():
    action = QAction("Save")
    return lambda i: action.setEnabled(True), [action]


def _widget_set_visible():
    widget = QWidget()
    return lambda i: widget.setVisible(True), [widget]


CASES = {
    "QLabel.setText": _label_set_text,
    "QComboBox.addItem": _combo_add_item,
    "QStandardItemModel.appendRow": _model_append_row,
    "QTableView.setModel": _table_set_model,
    "QLineEdit.setText": _line_edit_set_text,
    "QAction.setEnabled(True)": _action_set_enabled,
    "QWidget.setVisible(True)": _widget_set_visible,
}


@pytest.mark.gui
@pytest.mark.parametrize("name", list(CASES))
def test_binding_call_keeps_references_to_none_and_true(qapp, name):
    call, keep_alive = CASES[name]()
    for i in range(10):  # warm up: first calls may fill caches (which only adds references)
        call(i)
    gc.collect()
    gc.disable()  # no collection in the loop, so only the calls themselves move the counts
    try:
        none_before = sys.getrefcount(None)
        true_before = sys.getrefcount(True)
        for i in range(CALLS):
            call(i)
            none_lost = none_before - sys.getrefcount(None)
            true_lost = true_before - sys.getrefcount(True)
            if none_lost > SLACK or true_lost > SLACK:
                # Stop now: a leaking binding would soon free None/True and abort the process.
                pytest.fail(
                    f"{name} lost {none_lost} references to None and {true_lost} to True after {i + 1} calls "
                    f"(PySide6 {_pyside_version()} on Python {sys.version.split()[0]}): this binding is "
                    "unsound, see tests/gui/test_binding_refcounts.py"
                )
    finally:
        gc.enable()
    for obj in keep_alive:
        if isinstance(obj, QWidget):
            obj.close()


def _pyside_version():
    import PySide6

    return PySide6.__version__
