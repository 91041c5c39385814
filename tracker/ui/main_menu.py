"""The menu bar: File, Edit, View, Go, Help, with shortcuts, and which actions are possible right now.

Kept apart from the window's layout so each file says one thing. Actions that write are
disabled when no workspace is open or it is read-only, so a user never finds out by an error
that a click could not work; Undo and Redo name what they will undo ("Undo Make Ann champion").
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from tracker.store import WorkspaceError
from tracker.ui import settings, theme

if TYPE_CHECKING:
    from tracker.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class MainMenu(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.context = window.context
        files = window.files
        bar = window.menuBar()

        file_menu = bar.addMenu("&File")
        self.new = self._action(file_menu, "&New workspace…", files.new_workspace, QKeySequence.StandardKey.New,
                                "Start an empty workspace file")
        self.open = self._action(file_menu, "&Open workspace…", files.open_workspace, QKeySequence.StandardKey.Open,
                                 "Open a workspace file")
        self.connect_shared = self._action(file_menu, "Connect to s&hared workspace…", files.connect_shared, None,
                                           "Open a workspace several people share, on a PostgreSQL server")
        self.recent_menu = QMenu("Open &recent", file_menu)
        self.recent_menu.aboutToShow.connect(self.rebuild_recent)
        file_menu.addMenu(self.recent_menu)
        self.sample = self._action(file_menu, "Open the &sample workspace", files.open_sample, None,
                                   "A made-up organisation with rollouts under way, to explore")
        file_menu.addSeparator()
        self.save_copy = self._action(file_menu, "Save a &copy…", files.save_copy, "Ctrl+Shift+S",
                                      "Write a consistent copy of this workspace to another file")
        self.restore_backup = self._action(file_menu, "Restore from &backup…", files.restore_from_backup, None,
                                           "Bring back one of the daily copies; the current file is kept")
        from tracker.ui.key_change_flow import KeyChangeFlow

        self.key_change = KeyChangeFlow(files, window)
        self.encrypt = self._action(file_menu, "Encr&ypt…", self.key_change.encrypt, None,
                                    "Encrypt this workspace and its backups (key in the keyring, or a passphrase)")
        self.rekey = self._action(file_menu, "Change &key…", self.key_change.rekey, None,
                                  "Encrypt this workspace and its backups anew with a new key or passphrase")
        self.decrypt = self._action(file_menu, "Decry&pt…", self.key_change.decrypt, None,
                                    "Write this workspace and its backups without encryption")
        file_menu.addSeparator()
        self.new_rollout = self._action(file_menu, "New ro&llout…", window.navigator.new_rollout, "Ctrl+Shift+N",
                                        "Add a rollout: an AI system being introduced")
        self.import_roster = self._action(file_menu, "&Import roster…", self.open_roster_import, "Ctrl+Shift+I",
                                          "Bring teams and people in from an HR roster file")
        self.import_seats = self._action(file_menu, "I&mport seats…", self.open_seats_import, None,
                                         "Bring in the licence admin's list of a rollout's seats of its AI tool")
        file_menu.addSeparator()
        from tracker.ui.report_export import STATUS, TRAINING_PLAN, ReportExporter

        self.exporter = ReportExporter(self.context, window)
        self.export_status = self._action(file_menu, "&Export status report…",
                                          lambda: self.exporter.choose_and_export(STATUS), "Ctrl+E",
                                          "Write the leaders' Excel status report of every rollout")
        self.export_training = self._action(file_menu, "Export &training plan…",
                                            lambda: self.exporter.choose_and_export(TRAINING_PLAN), "Ctrl+Shift+E",
                                            "Write HR's training plan workbook: seats, sessions, who is behind")
        from tracker.ui.data_export import DataExporter

        self.data_exporter = DataExporter(self.context, window)
        self.export_data = self._action(file_menu, "Export &all data…", self.data_exporter.choose_and_export, None,
                                        "Write everything in this workspace to one workbook (docs/data-format.md)")
        self.import_data = self._action(file_menu, "Import &data…", self.open_data_import, None,
                                        "Bring in a whole workbook of records, e.g. from another workspace")
        file_menu.addSeparator()
        self.quit = self._action(file_menu, "&Quit", window.close, QKeySequence.StandardKey.Quit, "Close the window")
        self.quit.setShortcut(QKeySequence("Ctrl+Q"))  # StandardKey.Quit is empty on Windows

        edit_menu = bar.addMenu("&Edit")
        self.undo = self._action(edit_menu, "&Undo", self.do_undo, QKeySequence.StandardKey.Undo,
                                 "Undo the last change made in this window")
        self.redo = self._action(edit_menu, "&Redo", self.do_redo, None, "Make the undone change again")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addSeparator()
        self.history = self._action(edit_menu, "&History of changes…", window.show_history, "Ctrl+Shift+H",
                                    "Who changed what, and when")
        self.workspace_settings = self._action(
            edit_menu, "Workspace &settings…", self.open_workspace_settings, None,
            "The minimum group size of the privacy rule, and the change load's weights and threshold")

        view_menu = bar.addMenu("&View")
        appearance_menu = view_menu.addMenu("&Appearance")
        self.appearance_group = QActionGroup(self)
        self.appearance_actions: dict[str, QAction] = {}
        for key, text, tip in (("system", "&System", "Light or dark as the operating system is set"),
                               ("light", "&Light", "Always light"), ("dark", "&Dark", "Always dark")):
            action = QAction(text, self.window, checkable=True)
            action.setStatusTip(tip)
            action.setChecked(key == theme.appearance())
            action.triggered.connect(lambda _checked=False, key=key: self.choose_appearance(key))
            self.appearance_group.addAction(action)
            appearance_menu.addAction(action)
            self.appearance_actions[key] = action

        go_menu = bar.addMenu("&Go")
        self.go_dashboard = self._action(go_menu, "&Dashboard", window.show_dashboard_and_focus, "Ctrl+1",
                                         "Every rollout's health and why, and the change load")
        self.go_organisation = self._action(go_menu, "&Organisation", window.show_organisation_and_focus,
                                            "Ctrl+2", "Teams, people and roles")
        self.go_rollouts = self._action(go_menu, "&Rollout list", window.navigator.focus_list, "Ctrl+3",
                                        "Move the keyboard to the list of rollouts (arrow keys choose)")
        go_menu.addSeparator()
        self.next_area = self._action(go_menu, "&Next area", lambda: self.step_area(1), "Ctrl+PgDown",
                                      "The rollout's next tab: details, teams, training, ADKAR, …")
        self.previous_area = self._action(go_menu, "&Previous area", lambda: self.step_area(-1), "Ctrl+PgUp",
                                          "The rollout's previous tab")

        help_menu = bar.addMenu("&Help")
        self.definitions = self._action(help_menu, "&Metric definitions", self.show_definitions, "F1",
                                        "What every figure means, and the health rule")
        self.about = self._action(help_menu, "&About Rollout Tracker", self.show_about, None,
                                  "Version, and the included libraries and their licences")

        self.context.undo.changed.connect(self.update_state)
        self.context.workspace_changed.connect(lambda _ws: self.update_state())
        files.sample_busy_changed.connect(lambda busy: self.sample.setEnabled(not busy))
        self.rebuild_recent()
        self.update_state()

    def _action(self, menu: QMenu, text: str, slot, shortcut, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        menu.addAction(action)
        return action

    # ------------------------------------------------------------ state
    def update_state(self) -> None:
        ws = self.context.workspace
        writable = ws is not None and not ws.readonly
        undo = self.context.undo
        self.undo.setEnabled(undo.can_undo())
        self.undo.setText(f"&Undo {undo.undo_label()}" if undo.can_undo() else "&Undo")
        self.redo.setEnabled(undo.can_redo())
        self.redo.setText(f"&Redo {undo.redo_label()}" if undo.can_redo() else "&Redo")
        for action in (self.new_rollout, self.import_seats):
            action.setEnabled(writable)
        for action in (self.import_roster, self.import_data):  # they write the roster: an admin's
            action.setEnabled(self.context.may_edit_roster)
        # A shared workspace is not a file: the server keeps its copies and secures it.
        is_file = ws is not None and ws.engine == "sqlite"
        self.restore_backup.setEnabled(writable and is_file)
        encrypted = ws is not None and ws.encrypted
        self.encrypt.setEnabled(writable and is_file and not encrypted)
        self.rekey.setEnabled(writable and is_file and encrypted)
        self.decrypt.setEnabled(writable and is_file and encrypted)
        self.save_copy.setEnabled(is_file)
        for action in (self.history, self.workspace_settings, self.go_dashboard,
                       self.go_organisation, self.go_rollouts,
                       self.next_area, self.previous_area,
                       self.export_status, self.export_training, self.export_data):
            action.setEnabled(ws is not None)

    def rebuild_recent(self) -> None:
        """List the recent files, then the shared workspaces by their address (rebuilt each time
        the submenu opens: another window may add)."""
        self.recent_menu.clear()
        recent = settings.recent_files()
        for n, path in enumerate(recent, start=1):
            prefix = f"&{n} " if n < 10 else ""
            action = self.recent_menu.addAction(f"{prefix}{path.name}  —  {path.parent}")
            action.setData(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self._open_recent(p))
        shared = settings.recent_shared()
        if shared and recent:
            self.recent_menu.addSeparator()
        for shown in shared:
            action = self.recent_menu.addAction(shown)
            action.setData(shown)
            action.setStatusTip(f"Shared workspace at {shown}")
            action.triggered.connect(lambda _checked=False, s=shown: self._open_recent_shared(s))
        if not recent and not shared:
            empty = self.recent_menu.addAction("No recent workspaces")
            empty.setEnabled(False)
            return
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("Clear the list", self._clear_recent)

    def _open_recent(self, path: Path) -> None:
        self.window.files.open_recent(path)
        # Not now: the action that called us is one of those the rebuild deletes.
        QTimer.singleShot(0, self, self.rebuild_recent)

    def _open_recent_shared(self, shown: str) -> None:
        self.window.files.open_recent_shared(shown)
        QTimer.singleShot(0, self, self.rebuild_recent)

    def _clear_recent(self) -> None:
        for path in settings.recent_files():
            settings.remove_recent_file(path)
        for shown in settings.recent_shared():
            settings.remove_recent_shared(shown)
        QTimer.singleShot(0, self, self.rebuild_recent)

    # ------------------------------------------------------------ slots
    def step_area(self, step: int) -> None:
        """Move between a rollout's area tabs from anywhere on its page (not only the tab bar)."""
        page = getattr(self.window, "rollout_page", None)
        tabs = getattr(page, "tabs", None)
        if tabs is None or self.window.current_page() is not page or tabs.count() == 0:
            return
        tabs.setCurrentIndex((tabs.currentIndex() + step) % tabs.count())

    def choose_appearance(self, appearance: str) -> None:
        """View → Appearance: applied to the open window at once and remembered."""
        theme.set_appearance(appearance)
        settings.set_appearance(appearance)
        self.appearance_actions[appearance].setChecked(True)

    def do_undo(self) -> None:
        self._undo_or_redo(self.context.undo.undo, "Cannot undo")

    def do_redo(self) -> None:
        self._undo_or_redo(self.context.undo.redo, "Cannot redo")

    def _undo_or_redo(self, step, title: str) -> None:
        try:
            step()
        except WorkspaceError as e:  # UndoConflictError: the record changed again since
            QMessageBox.warning(self.window, title, str(e))
        self.update_state()

    def open_roster_import(self) -> None:
        if not self.context.may_edit_roster:
            return
        try:
            from tracker.ui.dialogs.roster_import_dialog import RosterImportDialog  # loaded on use
        except ImportError:
            log.exception("The roster import dialog is missing")
            QMessageBox.warning(self.window, "Import roster", "Roster import is not part of this installation.")
            return
        RosterImportDialog(self.context, self.window).exec()

    def open_seats_import(self) -> None:
        from tracker.ui.seat_actions import import_seats  # loaded on use

        import_seats(self.window)

    def open_data_import(self) -> None:
        if not self.context.may_edit_roster:
            return
        from tracker.ui.dialogs.data_import_dialog import DataImportDialog  # loaded on use

        DataImportDialog(self.context, self.window).exec()

    def open_workspace_settings(self) -> None:
        from tracker.ui.dialogs.workspace_settings_dialog import WorkspaceSettingsDialog

        if self.context.workspace is None:
            return
        dialog = WorkspaceSettingsDialog(self.context, self.window)
        dialog.exec()
        dialog.deleteLater()

    def show_definitions(self) -> None:
        from tracker.ui.dialogs.definitions_dialog import DefinitionsDialog  # loaded on use

        ws = self.context.workspace
        minimum = ws.settings.minimum_group_size if ws is not None else None
        DefinitionsDialog(minimum, self.window).exec()

    def show_about(self) -> None:
        from tracker.ui.dialogs.about_dialog import show_about  # version and the libraries' licences

        show_about(self.window)
