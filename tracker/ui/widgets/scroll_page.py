"""A page inside a scroll area, so a page's minimum size never becomes the window's.

Qt sizes a window to the largest minimum of everything it could show, hidden tabs included:
once a wide page had been opened the main window would not shrink below it (1,373 px after the
Gates & RACI tab), which pushes Change stage… or Delete rollout… off a laptop screen. Inside a
scroll area the page still gets all the room there is and its own layout decides how to use
it; only when the window is smaller than the page's minimum do scroll bars appear, so every
button stays reachable. Pages keep their tables scrolling inside themselves as before: the
area scrolls only in the rare case the page cannot shrink further.

The page is sized here rather than by QScrollArea's widgetResizable: a page with a
word-wrapped label has a height for its width, and Qt takes that from the *preferred* sizes
of everything on the page, so a page that could shrink to the window scrolled anyway. Here
it gets the viewport, or its minimum size when that is more.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QWidget

# What a scrolling page asks of the window at least: enough for a few lines of a table.
MINIMUM = QSize(320, 220)


class ScrollPage(QScrollArea):
    """Shows `page` filling the scroll area, with scroll bars only where it cannot shrink."""

    def __init__(self, page: QWidget | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(False)  # sized by _fit (see the module doc)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # The page's own background, not the scroll area's base colour.
        self.viewport().setAutoFillBackground(False)
        self._pending = QTimer(self)  # a burst of layout requests: one fit
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self._fit)
        if page is not None:
            self.setWidget(page)

    def setWidget(self, page: QWidget) -> None:
        super().setWidget(page)
        page.setAutoFillBackground(False)
        page.installEventFilter(self)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._pending.start()  # a child's minimum changed (a row wrapped, a page was built)
        return False

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        page = self.widget()
        if page is None:
            return
        least = page.minimumSizeHint().expandedTo(page.minimumSize())
        room = self.maximumViewportSize()  # the viewport without scroll bars
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        wide, tall = least.width() > room.width(), least.height() > room.height()
        # A scroll bar in one direction takes room from the other.
        width = max(least.width(), room.width() - (bar if tall else 0))
        height = max(least.height(), room.height() - (bar if wide else 0))
        if page.size() != QSize(width, height):
            page.resize(width, height)

    def minimumSizeHint(self) -> QSize:
        return MINIMUM

    def sizeHint(self) -> QSize:
        page = self.widget()
        return page.sizeHint() if page is not None else MINIMUM
