"""The colours health is shown in, in one place for every table, label and delegate.

Always paired with the word (Health.label): colour alone is never the message. Text colours
are dark on light tints so the pairing stays readable under light and dark themes alike.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from tracker.domain.health import Health

# (background tint, text colour, strong colour for marks and sparklines)
_COLOURS = {
    Health.RED: ("#F8D0CC", "#7A1A10", "#C62828"),
    Health.AMBER: ("#FCE8B8", "#6B4A00", "#E08A00"),
    Health.GREEN: ("#D3EDD5", "#1B5E20", "#2E7D32"),
    Health.NO_DATA: ("#E4E4E4", "#424242", "#8A8A8A"),
}


def background(health: Health) -> QColor:
    return QColor(_COLOURS[health][0])


def foreground(health: Health) -> QColor:
    return QColor(_COLOURS[health][1])


def strong(health: Health) -> QColor:
    return QColor(_COLOURS[health][2])


def badge_style(health: Health) -> str:
    """A style sheet for a QLabel showing the health word as a coloured badge."""
    bg, fg, edge = _COLOURS[health]
    return (f"background: {bg}; color: {fg}; border: 1px solid {edge}; border-radius: 4px;"
            " padding: 2px 8px; font-weight: bold;")
