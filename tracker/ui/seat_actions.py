"""Seat actions the window offers outside the Seats tab: File → Import seats…, and opening a
rollout's Seats tab from the dashboard.

Seats belong to one rollout's AI tool, so the import asks which rollout when the window is not
showing one; once applied, the rollout's Seats tab opens on what came in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

if TYPE_CHECKING:
    from tracker.ui.main_window import MainWindow
    from tracker.ui.pages.rollout_page import RolloutPage

SEATS = "seats"  # the Seats tab's key (tracker/ui/pages/rollout_area_tabs.py)


def open_seats_tab(window: MainWindow, rollout_id: int) -> QWidget:
    """Show the rollout and its Seats tab; the tab's page."""
    window.context.rollout_selected.emit(rollout_id)
    return _rollout_page(window).areas.show(SEATS)


def _rollout_page(window: MainWindow) -> RolloutPage:
    return cast("RolloutPage", window.rollout_page)


def chosen_rollout(window: MainWindow) -> int | None:
    """The rollout shown now, else the one the user picks (None: none, or cancelled)."""
    ws = window.context.workspace
    if ws is None:
        return None
    page = _rollout_page(window)
    if window.current_page() is page and page.rollout_id is not None:
        return page.rollout_id
    rollouts = ws.rollouts.list()
    if not rollouts:
        QMessageBox.information(window, "Import seats", "Seats belong to a rollout's AI tool: create a rollout "
                                                         "first (File → New rollout…).")
        return None
    names = [r.name for r in rollouts]
    name, ok = QInputDialog.getItem(window, "Import seats", "Import the seats of which rollout?", names, 0, False)
    if not ok or name not in names:
        return None
    return rollouts[names.index(name)].id


def import_seats(window: MainWindow) -> None:
    """File → Import seats…: the rollout's Seats tab, then its import dialog."""
    if window.context.readonly:
        return
    rollout_id = chosen_rollout(window)
    if rollout_id is None:
        return
    page = open_seats_tab(window, rollout_id)
    page.import_seats()  # type: ignore[attr-defined]
