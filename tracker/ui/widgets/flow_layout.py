"""A row of buttons (or any small widgets) that wraps onto more lines when the page is narrow.

Button rows over a table set a page's minimum width: eight buttons side by side made the
Training and Gates pages 1,100–1,200 px wide, and the main window would not shrink below that.
In a FlowLayout the row asks only for its widest item and takes more lines when it has to,
so a page fits a 1280-px screen at 100% and a 1600-px one at 150%.

Not through Qt's height-for-width: that makes every layout above it (stacks, tabs, scroll
areas) size by *preferred* heights, and a page that could shrink to the window scrolled. The
row reports the height its lines take at the width it was last given, and asks its parents
to lay out again when that changes.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QLayout, QLayoutItem, QStyle, QWidget


class FlowLayout(QLayout):
    """Lays its items left to right, starting a new line when the next one would not fit.

    `addStretch()`, `addSpacing()` and addWidget's stretch are accepted for symmetry with
    QHBoxLayout and ignored: items are always packed to the left.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = -1):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._height: int | None = None  # the lines' height at the last width given (None: one line)
        if parent is None:
            self.setContentsMargins(0, 0, 0, 0)

    # ------------------------------------------------------------ QLayout's item list
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def addWidget(self, widget: QWidget, _stretch: int = 0, _alignment=None) -> None:
        """As QLayout.addWidget; a stretch or alignment (QHBoxLayout's) is accepted and ignored."""
        super().addWidget(widget)

    def addStretch(self, _stretch: int = 0) -> None:
        """No-op: a flow packs its items to the left (kept so rows read like QHBoxLayout)."""

    def addSpacing(self, _size: int) -> None:
        """No-op, as addStretch."""

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # ------------------------------------------------------------ sizes
    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def heightForWidth(self, width: int) -> int:
        """The height the lines take at `width` (the layout does not ask Qt to use it)."""
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def _one_line_height(self) -> int:
        m = self.contentsMargins()
        return max((item.sizeHint().height() for item in self._visible()), default=0) + m.top() + m.bottom()

    def sizeHint(self) -> QSize:
        """One line of everything: what the row would like when there is room."""
        width, height = 0, 0
        visible = self._visible()
        for item in visible:
            hint = item.sizeHint()
            width += hint.width()
            height = max(height, hint.height())
        width += self._gap(Qt.Orientation.Horizontal) * max(0, len(visible) - 1)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), self._height or height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """The widest single item: the row never needs more than that to be usable."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return QSize(size.width() + m.left() + m.right(), self._height or self._one_line_height())

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        height = self._arrange(rect, move=True)
        if height != (self._height or self._one_line_height()):
            # More or fewer lines than the parents made room for: ask them again, after this pass.
            self._height = height
            QTimer.singleShot(0, self, self.invalidate)

    # ------------------------------------------------------------ placing
    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _gap(self, orientation: Qt.Orientation) -> int:
        if self._spacing >= 0:
            return self._spacing
        parent = self.parentWidget()
        if parent is None:
            return 6
        metric = (QStyle.PixelMetric.PM_LayoutHorizontalSpacing if orientation == Qt.Orientation.Horizontal
                  else QStyle.PixelMetric.PM_LayoutVerticalSpacing)
        value = parent.style().pixelMetric(metric, None, parent)
        return value if value >= 0 else 6

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items line by line inside `rect` (when `move`); return the height used."""
        m: QMargins = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        across, down = self._gap(Qt.Orientation.Horizontal), self._gap(Qt.Orientation.Vertical)
        x, y, line_height = area.x(), area.y(), 0
        for item in self._visible():
            hint = item.sizeHint()
            width = min(hint.width(), max(area.width(), item.minimumSize().width()))
            if x > area.x() and x + width > area.right() + 1:
                x, y = area.x(), y + line_height + down
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + across
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + m.bottom()

