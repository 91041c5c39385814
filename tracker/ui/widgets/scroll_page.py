"""A page inside a scroll area, so a page's minimum size never becomes the window's.

Qt sizes a window to the largest minimum of everything it could show, hidden tabs included:
once a wide page had been opened the main window would not shrink below it (1,373 px after the
Gates & RACI tab), which pushes Change stage… or Delete rollout… off a laptop screen. Inside a
scroll area the page still gets all the room there is and its own layout decides how to use
it; only when the window is smaller than the page's minimum do scroll bars appear, so every
button stays reachable. Pages keep their tables scrolling inside themselves as before: the
area scrolls only in the rare case the page cannot shrink further.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

# What a scrolling page asks of the window at least: enough for a few lines of a table.
MINIMUM = QSize(320, 220)


class ScrollPage(QScrollArea):
    """Shows `page` resized to the scroll area, with scroll bars only where it cannot shrink."""

    def __init__(self, page: QWidget | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # The page's own background, not the scroll area's base colour.
        self.viewport().setAutoFillBackground(False)
        if page is not None:
            self.setWidget(page)

    def setWidget(self, page: QWidget) -> None:  # noqa: N802 (Qt naming)
        super().setWidget(page)
        page.setAutoFillBackground(False)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        return MINIMUM

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        page = self.widget()
        return page.sizeHint() if page is not None else MINIMUM
