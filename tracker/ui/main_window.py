"""The main window: navigator on the left, the chosen page on the right, the menus above.

The window itself owns little: the open workspace lives in the AppContext, pages refresh
themselves from its signals, opening files is WorkspaceFiles' job and the menus are MainMenu's.
What stays here is the layout, the read-only banner, the title and status bar, and switching
pages when the navigator (or any page, through `context.rollout_selected`) picks a rollout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.store import Workspace
from tracker.store.events import ChangeEvent
from tracker.ui import settings, theme, worker
from tracker.ui.context import AppContext
from tracker.ui.dialogs.start_dialog import StartChoice, StartPanel
from tracker.ui.main_menu import MainMenu
from tracker.ui.navigator import Navigator
from tracker.ui.workspace_files import WorkspaceFiles

if TYPE_CHECKING:  # loaded when the history is first opened
    from tracker.ui.dialogs.history_dialog import HistoryDialog

APP_NAME = "Rollout Tracker"
SPLITTER_KEY = "main_window"
NAVIGATOR_WIDTH = 280  # whole names of most rollouts beside their stage; dragging it is remembered
NAVIGATOR_MIN_WIDTH = 160
NAVIGATOR_MAX_SHARE = 0.3  # of the window: what the navigator may take to show whole names


class ReadOnlyBanner(QFrame):
    """A yellow strip above everything while the workspace is read-only, saying why."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.apply_theme()
        theme.on_change(self.apply_theme)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry = QPushButton("Open for editing")
        self.retry.setToolTip("Try again to open the workspace for writing (once they have closed it)")
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry)
        self.hide()

    def apply_theme(self) -> None:
        """Yellow in light, deep amber in dark: always the warning colour, always with words."""
        self.setStyleSheet(
            f"#readOnlyBanner {{ background: {theme.hex_colour('banner')};"
            f" border-bottom: 1px solid {theme.hex_colour('banner_edge')}; }}"
            f"#readOnlyBanner QLabel {{ color: {theme.hex_colour('banner_text')}; }}"
        )

    def show_for(self, ws: Workspace | None) -> None:
        if ws is None or not ws.readonly:
            self.hide()
            return
        if ws.locked_by:
            text = f"Read-only: open for writing by {ws.describe_lock_holder()}."
        elif ws.server is not None and ws.server.role == "viewer":
            text = f"Read-only: {ws.server.user} is a viewer of this shared workspace."
        else:
            text = "Read-only: this workspace was opened for reading only."
        self.label.setText(text + " Changes cannot be made until it is opened for editing.")
        self.retry.setVisible(bool(ws.locked_by))
        self.show()


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(APP_NAME)
        self.files = WorkspaceFiles(context, self, can_switch=self.pages_can_close)
        self._history_dialog: HistoryDialog | None = None

        self.banner = ReadOnlyBanner()
        self.banner.retry.clicked.connect(self.files.reopen_for_editing)
        self.start_panel = StartPanel()
        self.start_panel.chosen.connect(self.start_with)

        self.navigator = Navigator(context)
        self.navigator.setMinimumWidth(NAVIGATOR_MIN_WIDTH)
        self.pages = QStackedWidget()
        self.dashboard_page, self.organisation_page, self.rollout_page = self._make_pages()
        self.pages.addWidget(self.dashboard_page)
        self.pages.addWidget(self.organisation_page)
        self.pages.addWidget(self.rollout_page)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([NAVIGATOR_WIDTH, 1200 - NAVIGATOR_WIDTH])
        # Until the user drags it, the navigator is as wide as the longest rollout name needs
        # (fit_navigator); a drag is remembered at once, not only on a clean close.
        self._navigator_chosen = settings.navigator_width_chosen()
        self.splitter.splitterMoved.connect(self._navigator_dragged)

        self.body = QStackedWidget()
        self.body.addWidget(self.start_panel)
        self.body.addWidget(self.splitter)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.body, 1)
        self.setCentralWidget(central)

        self.path_label = QLabel()
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.people_label = QLabel()
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.people_label)

        self.menu = MainMenu(self)
        from tracker.ui.drop_import import DropImport  # a CSV/XLSX dropped on the window opens its import

        self.drop_import = DropImport(self)
        self.navigator.dashboard_chosen.connect(self.show_dashboard)
        seats = getattr(self.dashboard_page, "seats", None)  # the dashboard's seats view (a stand-in has none)
        if seats is not None:
            seats.open_requested.connect(self.open_seats_tab)
        self.navigator.organisation_chosen.connect(self.show_organisation)
        self.navigator.rollout_chosen.connect(self.context.rollout_selected.emit)
        context.rollout_selected.connect(self._on_rollout_selected)
        context.workspace_changed.connect(self._on_workspace_changed)
        context.data_changed.connect(self._on_data_changed)
        self.files.status_message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        from tracker.ui.live_updates import LiveUpdates  # others' edits to a shared workspace

        self.live_updates = LiveUpdates(context, self)
        self.live_updates.status_message.connect(lambda text: self.statusBar().showMessage(text, 30_000))
        self._restore_layout()
        self._on_workspace_changed(context.workspace)

    def _make_pages(self) -> tuple[QWidget, QWidget, QWidget]:
        # Imported here, not at the top: each page pulls in its dialogs and models, and the
        # tests can stand in a page of their own.
        from tracker.ui.pages.dashboard_page import DashboardPage
        from tracker.ui.pages.organisation_page import OrganisationPage
        from tracker.ui.pages.rollout_page import RolloutPage

        return DashboardPage(self.context), OrganisationPage(self.context), RolloutPage(self.context)

    # ------------------------------------------------------------ pages
    def show_dashboard(self) -> None:
        self.navigator.select_dashboard()
        self.pages.setCurrentWidget(self.dashboard_page)

    def show_dashboard_and_focus(self) -> None:
        self.show_dashboard()
        self.dashboard_page.setFocus()

    def show_organisation(self) -> None:
        self.navigator.select_organisation()
        self.pages.setCurrentWidget(self.organisation_page)

    def show_organisation_and_focus(self) -> None:
        self.show_organisation()
        self.organisation_page.setFocus()

    def _on_rollout_selected(self, rollout_id: int | None) -> None:
        """Any part of the window chose a rollout (or None: it was deleted): follow it."""
        if rollout_id is None:
            self.show_dashboard()
            return
        self.navigator.select_rollout(rollout_id)
        self.pages.setCurrentWidget(self.rollout_page)

    def open_seats_tab(self, rollout_id: int) -> None:
        from tracker.ui.seat_actions import open_seats_tab

        open_seats_tab(self, rollout_id)

    def current_page(self) -> QWidget:
        page = self.pages.currentWidget()
        assert page is not None  # the stack holds the pages from the start
        return page

    def pages_can_close(self) -> bool:
        """Ask pages holding unsaved edits (the rollout details form) whether we may go on."""
        for page in (self.rollout_page, self.organisation_page, self.dashboard_page):
            can_close = getattr(page, "can_close", None)
            if can_close is not None and not can_close():
                return False
        return True

    def start_with(self, choice: StartChoice) -> None:
        {StartChoice.NEW: self.files.new_workspace, StartChoice.OPEN: self.files.open_workspace,
         StartChoice.SAMPLE: self.files.open_sample}[StartChoice(choice)]()

    def show_history(self) -> None:
        if self.context.workspace is None:
            return
        if self._history_dialog is not None and self._history_dialog.isVisible():
            self._history_dialog.raise_()
            self._history_dialog.activateWindow()
            return
        from tracker.ui.dialogs.history_dialog import HistoryDialog

        self._history_dialog = HistoryDialog(self.context, parent=self)
        self._history_dialog.show()

    # ------------------------------------------------------------ workspace state
    def _on_workspace_changed(self, ws: Workspace | None) -> None:
        self.body.setCurrentWidget(self.splitter if ws is not None else self.start_panel)
        self.banner.show_for(ws)
        if ws is None:
            self.setWindowTitle(APP_NAME)
        else:
            self.setWindowTitle(f"{ws.name} — {APP_NAME}" + (" [read-only]" if ws.readonly else ""))
        where = str(settings.workspace_location(ws)) if ws is not None else ""
        self.path_label.setText(where or "No workspace open")
        self.path_label.setToolTip(where)
        self.show_dashboard()  # the page the window opens on
        self._update_people_count()
        self.fit_navigator()

    def _on_data_changed(self, event: ChangeEvent) -> None:
        # Table checks on purpose: the status bar counts the people records, and the
        # navigator's width follows the rollout records' names; nothing else of their areas.
        if "people" in event.tables:
            self._update_people_count()
        if "rollouts" in event.tables:
            self.fit_navigator()

    # ------------------------------------------------------------ the navigator's width
    def fit_navigator(self) -> None:
        """Widen the navigator to show whole rollout names (up to a share of the window),
        until the user drags the splitter: from then on their width is kept."""
        if self._navigator_chosen:
            return
        total = sum(self.splitter.sizes()) or self.width()
        cap = max(NAVIGATOR_WIDTH, int(self.width() * NAVIGATOR_MAX_SHARE))
        width = max(NAVIGATOR_WIDTH, min(self.navigator.preferred_width(), cap))
        if width != self.splitter.sizes()[0]:
            self.splitter.setSizes([width, max(0, total - width)])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if hasattr(self, "_navigator_chosen"):  # (not while __init__ builds the window)
            self.fit_navigator()  # a wider window has room for longer names

    def _navigator_dragged(self, *_args) -> None:
        self._navigator_chosen = True
        settings.set_navigator_width_chosen()
        settings.set_splitter_state(SPLITTER_KEY, self.splitter.saveState())

    def _update_people_count(self) -> None:
        ws = self.context.workspace
        if ws is None:
            self.people_label.setText("")
            return
        count = ws.people.count(active_only=True)
        self.people_label.setText(f"{count:,} active {'person' if count == 1 else 'people'}")

    # ------------------------------------------------------------ layout memory and closing
    def _restore_layout(self) -> None:
        geometry = settings.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 760)
        state = settings.window_state()
        if state is not None:
            self.restoreState(state)
        splitter = settings.splitter_state(SPLITTER_KEY)
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_layout(self) -> None:
        settings.set_window_geometry(self.saveGeometry())
        settings.set_window_state(self.saveState())
        settings.set_splitter_state(SPLITTER_KEY, self.splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.pages_can_close():
            event.ignore()
            return
        self.save_layout()
        self.files.shut_down()
        self.live_updates.stop()
        # Let background writes finish (or stop at their next check) before the file closes.
        worker.cancel_all()
        worker.wait_for_all()
        if self._history_dialog is not None:
            self._history_dialog.close()
        self.files.back_up(self.context.workspace)  # the daily copy, on closing
        self.context.set_workspace(None)
        super().closeEvent(event)
