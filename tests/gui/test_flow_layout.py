"""FlowLayout: a row of buttons asks only for its widest button and wraps when narrow."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from tracker.ui.widgets.flow_layout import FlowLayout

pytestmark = pytest.mark.gui


def test_a_row_wraps_instead_of_widening_its_page(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    row = FlowLayout(host)
    row.setContentsMargins(0, 0, 0, 0)
    buttons = [QPushButton(text) for text in ("Mark completed…", "Mark in progress", "Exempt…",
                                               "Assign module…", "Remove hand assignment")]
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)  # accepted and ignored, as in a QHBoxLayout
    widest = max(b.sizeHint().width() for b in buttons)
    one_line = row.sizeHint().width()
    assert row.minimumSize().width() == widest < one_line
    height = buttons[0].sizeHint().height()
    assert row.heightForWidth(one_line) == height
    assert row.heightForWidth(widest) > 3 * height  # one button a line
    host.resize(widest + 10, row.heightForWidth(widest + 10))
    host.show()
    qtbot.waitExposed(host)
    tops = sorted({b.geometry().top() for b in buttons})
    assert len(tops) == len(buttons)
    assert all(b.geometry().right() <= host.width() for b in buttons)
    before = row.heightForWidth(widest)
    buttons[1].hide()  # a hidden button takes no room
    assert row.heightForWidth(widest) < before
