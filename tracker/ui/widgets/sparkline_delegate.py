"""A table cell that draws a small adoption trend line with the target as a dashed line.

The dashboard shows 50 rollouts at once; a matplotlib figure per row would cost seconds, so the
trend is painted with QPainter straight into the cell. The model gives the series through
SPARKLINE_ROLE as `(rates, target)`: rates oldest first, 0..1, None for weeks without data.
The cell's text (the latest rate against the target) is drawn to the right of the line, so the
figure is readable without the picture.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from tracker.ui import theme

SPARKLINE_ROLE = Qt.ItemDataRole.UserRole + 10
LINE_WIDTH_PX = 90  # the picture's share of the cell at most; the text is never cut for it
MIN_LINE_WIDTH_PX = 36
LINE_HEIGHT_PX = 22  # rows grow when another column wraps; the line keeps its shape
TEXT_GAP_PX = 10


def trend_width(cell_width: int, text_width: int) -> int:
    """The trend line's share of a cell: what the text leaves, between the shortest line that
    still shows a shape and LINE_WIDTH_PX."""
    return max(MIN_LINE_WIDTH_PX, min(LINE_WIDTH_PX, cell_width - text_width - TEXT_GAP_PX))


class SparklineDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        series = index.data(SPARKLINE_ROLE)
        if not series:
            super().paint(painter, option, index)
            return
        rates, target = series
        style = option.widget.style() if option.widget else None
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        rect = option.rect.adjusted(4, 4, -4, -4)
        # The words first ("80% of 65%" must never read "80% of"); the line gets what is left.
        line_width = trend_width(rect.width(), option.fontMetrics.horizontalAdvance(text))
        line_rect = QRectF(rect.left(), rect.top(), line_width, min(rect.height(), LINE_HEIGHT_PX))
        line_rect.moveTop(rect.top() + (rect.height() - line_rect.height()) / 2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._draw(painter, line_rect, rates, target, option)
        painter.restore()
        text_rect = option.rect.adjusted(int(line_rect.width()) + TEXT_GAP_PX, 0, -4, 0)
        text = option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(option.palette.highlightedText().color())
        else:
            painter.setPen(option.palette.text().color())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
        painter.restore()

    @staticmethod
    def _draw(painter: QPainter, rect: QRectF, rates, target, option) -> None:
        known = [(i, r) for i, r in enumerate(rates) if r is not None]
        top = max([r for _, r in known] + [target or 0, 0.05])
        n = max(len(rates) - 1, 1)

        def point(i: int, value: float) -> QPointF:
            return QPointF(rect.left() + rect.width() * i / n, rect.bottom() - rect.height() * value / top)

        if target:
            pen = QPen(theme.colour("reference"), 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            y = point(0, target).y()
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        if not known:
            return
        colour = option.palette.highlightedText().color() if option.state & QStyle.StateFlag.State_Selected \
            else theme.colour("accent")
        painter.setPen(QPen(colour, 1.6))
        painter.drawPolyline(QPolygonF([point(i, r) for i, r in known]))
        last_i, last_r = known[-1]
        painter.setBrush(colour)
        painter.drawEllipse(point(last_i, last_r), 2.2, 2.2)
