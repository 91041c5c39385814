"""The colours health is shown in, in one place for every table, label and delegate.

Always paired with the word (Health.label): colour alone is never the message. Two tuned sets:
light tints with dark text on a light window, deep tints with light text on a dark one (a
pale cell glares in a dark table), chosen by tracker.ui.theme from the palette on screen.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from tracker.domain.health import Health
from tracker.ui import theme

# (background tint, text colour, strong colour for marks and sparklines)
_LIGHT = {
    Health.RED: ("#F8D0CC", "#7A1A10", "#C62828"),
    Health.AMBER: ("#FCE8B8", "#6B4A00", "#E08A00"),
    Health.GREEN: ("#D3EDD5", "#1B5E20", "#2E7D32"),
    Health.NO_DATA: ("#E4E4E4", "#424242", "#8A8A8A"),
}
_DARK = {
    Health.RED: ("#5C1E19", "#FFD2CC", "#FF6E60"),
    Health.AMBER: ("#54400C", "#FFE6A8", "#FFB300"),
    Health.GREEN: ("#1C4620", "#C8EBCB", "#66BB6A"),
    Health.NO_DATA: ("#3A3A3A", "#DDDDDD", "#9E9E9E"),
}


def _set(dark: bool | None) -> dict:
    return _DARK if (theme.is_dark() if dark is None else dark) else _LIGHT


def background(health: Health, dark: bool | None = None) -> QColor:
    return QColor(_set(dark)[health][0])


def foreground(health: Health, dark: bool | None = None) -> QColor:
    return QColor(_set(dark)[health][1])


def strong(health: Health, dark: bool | None = None) -> QColor:
    return QColor(_set(dark)[health][2])


def badge_style(health: Health, dark: bool | None = None) -> str:
    """A style sheet for a QLabel showing the health word as a coloured badge."""
    bg, fg, edge = _set(dark)[health]
    return (f"background: {bg}; color: {fg}; border: 1px solid {edge}; border-radius: 4px;"
            " padding: 2px 8px; font-weight: bold;")
