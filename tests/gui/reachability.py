"""Is every button and tab of a window reachable: on screen, or brought there by a scroll bar?

Used by test_window_fits.py. A control is reachable when, walking up from it to the window, each
parent holds all of it (a page that overflows its frame cuts buttons off: Qt draws nothing
outside a widget), except where the parent is a scroll area's viewport: there the control only
has to lie inside the scrolled content, and the scroll area itself must then be reachable. A
tab is reachable when the tab bar shows it or has scroll arrows.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QTabBar, QWidget

TOLERANCE = 1  # px: a frame's border may overlap its content by one


def _describe(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    label = text() if callable(text) else ""
    chain, parent = [], widget.parentWidget()
    while parent is not None and len(chain) < 4:
        chain.append(parent.objectName() or type(parent).__name__)
        parent = parent.parentWidget()
    return f"{type(widget).__name__} {label!r} in {' < '.join(chain)}"


def _inside(inner: QRect, outer: QRect) -> bool:
    return outer.adjusted(-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE).contains(inner)


def reachable(widget: QWidget, window: QWidget) -> bool:
    rect = widget.rect()
    current = widget
    while current is not window:
        parent = current.parentWidget()
        if parent is None:
            return False
        placed = rect.translated(current.pos())
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            # Scrolled content: reachable if inside the content; then the viewport must be.
            if current is not widget and not _inside(rect, current.rect()):
                return False
            if min(parent.width(), parent.height()) < 40:  # a viewport too small to scroll through
                return False
            rect, current = parent.rect(), parent
            continue
        if not _inside(placed, parent.rect()):
            return False
        rect, current = placed, parent
    return True


def unreachable_controls(window: QWidget) -> list[str]:
    """Every visible button and tab in `window` that the user cannot get to."""
    problems = []
    for button in window.findChildren(QAbstractButton):
        if button.isVisibleTo(window) and button.width() > 0 and not isinstance(button.parentWidget(), QTabBar) \
                and not reachable(button, window):
            problems.append(_describe(button))
    for bar in window.findChildren(QTabBar):
        if not bar.isVisibleTo(window):
            continue
        if not reachable(bar, window):
            problems.append(_describe(bar))
            continue
        if bar.usesScrollButtons():
            continue
        for index in range(bar.count()):
            if not _inside(bar.tabRect(index), bar.rect()):
                problems.append(f"tab {bar.tabText(index)!r} of {_describe(bar)}")
    return problems
