"""Every control a user can reach has a name a screen reader says, and Tab reaches it.

Builds the window on the sample workspace, visits the dashboard, the organisation and every
area tab of a rollout, and opens every dialog the menus and the pages' "…" buttons open
(short of a file dialog). For each visible control (buttons, fields, lists, tables, charts)
it asks what a screen reader would say: its accessibleName, or for a button its text. A buddy
label alone is not accepted: tracker.ui.widgets.accessible_names turns form labels into real
accessible names, so the name survives layouts that Qt's buddy lookup does not follow.
"""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFileDialog,
    QPushButton,
    QRadioButton,
    QWidget,
)
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.demo import write_demo_workspace
from tracker.ui.pages.rollout_area_tabs import AREA_TABS
from tracker.ui.widgets import accessible_names
from tracker.ui.widgets.accessible_names import CONTROLS, clean, is_internal, spoken_name

pytestmark = pytest.mark.gui


def _is_canvas(widget: QWidget) -> bool:
    return widget.inherits("FigureCanvasQT") or type(widget).__name__ == "FigureCanvasQTAgg"


def _describe(widget: QWidget) -> str:
    chain, parent = [], widget.parentWidget()
    while parent is not None and len(chain) < 4:
        chain.append(parent.objectName() or type(parent).__name__)
        parent = parent.parentWidget()
    hint = getattr(widget, "text", lambda: "")() if isinstance(widget, QAbstractButton) else widget.toolTip()
    return f"{type(widget).__name__} {widget.objectName()!r} {hint[:40]!r} in {' < '.join(chain)}"


def _reached_by_arrows(widget: QWidget) -> bool:
    """Qt takes Tab off the unchecked buttons of an exclusive radio group: Tab reaches the
    checked one and the arrow keys move within the group, the platform convention."""
    if not isinstance(widget, QRadioButton) or widget.isChecked():
        return False
    group = widget.group()
    siblings = group.buttons() if group is not None else widget.parentWidget().findChildren(QRadioButton)
    return any(b.isChecked() and b.focusPolicy() & Qt.FocusPolicy.TabFocus for b in siblings)


def problems(root: QWidget, where: str) -> list[str]:
    """Visible controls under `root` without a spoken name, or that Tab cannot reach."""
    accessible_names.name_all(root.window())  # what the namer does when the focus enters the window
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not (isinstance(widget, CONTROLS) or _is_canvas(widget)) or not widget.isVisible():
            continue
        if is_internal(widget):
            continue
        if not spoken_name(widget):
            found.append(f"{where}: no accessible name: {_describe(widget)}")
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not _reached_by_arrows(widget):
            found.append(f"{where}: not reachable by Tab: {_describe(widget)}")
    return found


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory):
    return write_demo_workspace(tmp_path_factory.mktemp("sample") / "sample.tracker")


@pytest.fixture
def opened(window, sample_path, tmp_path, monkeypatch, qtbot):
    accessible_names.install(QApplication.instance())
    path = tmp_path / "copy.tracker"
    shutil.copy(sample_path, path)
    found: list[str] = []
    opened_dialogs: list[str] = []

    def check_dialog(dialog):  # every modal dialog: shown, checked, cancelled
        dialog.show()
        QApplication.processEvents()
        opened_dialogs.append(dialog.windowTitle())
        found.extend(problems(dialog, f"dialog {dialog.windowTitle()!r}"))
        dialog.reject()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QDialog, "exec", check_dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    assert window.files.open_path(path)
    qtbot.waitUntil(lambda: window.dashboard_page.model.rowCount() > 0, timeout=20_000)
    return window, found, opened_dialogs


def _click_dialog_buttons(page: QWidget) -> None:
    """Press each enabled "…" button: each opens a dialog (checked by the exec stand-in)."""
    for button in page.findChildren(QPushButton):
        if button.isVisible() and button.isEnabled() and button.text().rstrip().endswith("…"):
            button.click()
            QApplication.processEvents()


def test_every_control_is_named_and_reachable_by_tab(opened, qtbot):
    window, found, dialogs = opened
    found.extend(problems(window, "dashboard"))
    window.show_organisation_and_focus()
    QApplication.processEvents()
    found.extend(problems(window, "organisation"))
    _click_dialog_buttons(window.organisation_page)

    window.navigator.choose_rollout(window.navigator.rollout_ids()[0])
    for area in AREA_TABS:
        page = window.rollout_page.areas.show(area.key)
        QApplication.processEvents()
        # A page that reads in the background (Seats) is checked once it shows what it read.
        qtbot.waitUntil(lambda page=page: not getattr(page, "computing", False), timeout=20_000)
        found.extend(problems(window, f"area {area.key}"))
        _click_dialog_buttons(page)

    menu = window.menu
    for action in (menu.new_rollout, menu.import_roster, menu.import_data, menu.definitions, menu.restore_backup):
        action.trigger()
    menu.history.trigger()
    QApplication.processEvents()
    history = window._history_dialog
    found.extend(problems(history, "dialog 'History'"))
    history.close()

    assert len(dialogs) >= 8, dialogs  # the menus' and the pages' dialogs really opened
    assert not found, "\n".join(sorted(set(found)))


def test_names_come_from_the_form_label_or_the_placeholder(qtbot):
    from PySide6.QtWidgets import QFormLayout, QLineEdit

    accessible_names.install(QApplication.instance())
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    due = QLineEdit()
    form.addRow("&Due date:", due)
    search = QLineEdit()
    search.setPlaceholderText("Search people (Ctrl+F)")
    form.addRow(search)
    named = QLineEdit()
    named.setAccessibleName("Team filter")
    form.addRow("Team:", named)
    dialog.show()
    dialog.activateWindow()
    due.setFocus()  # the focus entering the window is what names its controls
    qtbot.waitUntil(lambda: due.accessibleName() != "", timeout=2000)
    assert due.accessibleName() == "Due date"
    assert search.accessibleName() == "Search people"
    assert named.accessibleName() == "Team filter"  # a name the code set is kept
    assert clean("Save a &copy…") == "Save a copy"
