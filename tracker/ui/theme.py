"""Light and dark: which one the window is in, the colours tuned for each, and live changes.

Change managers sit in front of this all day, many in Windows dark mode or high contrast. Qt
gives the window the system's palette; every colour we add ourselves (error text, status
tints, the read-only banner, chart backgrounds) must read on that palette, so nothing in
tracker/ui hard-codes a hex colour: it asks `colour(name)` here, which picks the set tuned for
the palette actually on screen. Whether it is dark is read from the palette (what the user
sees, which also covers high-contrast themes), not only from the reported colour scheme.

`install(app)` follows the system: when the platform reports a dark scheme but its style
draws a light palette (Windows 10 with the classic style, a Linux desktop without a platform
theme), it switches to Fusion with a dark palette, and back when the scheme turns light.
Widgets that paint our colours call `on_change(method)` and are called again after a change.

View → Appearance overrides the system: `set_appearance("light" | "dark" | "system")`. Light
or dark is then asked of Qt as the application's colour scheme (the platform styles follow
it) and, where the style does not follow, made with Fusion and its light or our dark palette;
"system" hands both back.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette

# name -> (light, dark). Dark values are lighter, less saturated tints that keep at least
# 4.5:1 contrast on a dark window (#1E1E1E .. #2D2D2D); light ones on white and #EFEFEF.
_COLOURS: dict[str, tuple[str, str]] = {
    "error": ("#C62828", "#FF8A80"),        # error text and "problem" marks
    "warning": ("#B85C00", "#FFB74D"),      # partly done, at risk
    "success": ("#2E7D32", "#81C784"),      # done, on track
    "accent": ("#1565C0", "#90CAF9"),       # lines that are data, not status (sparklines)
    "reference": ("#9E9E9E", "#8A8A8A"),    # target and reference lines
    "muted": ("#888888", "#9A9A9A"),        # inactive rows (leavers)
    "highlight": ("#E3F2FD", "#1E3A5F"),    # a cell to notice without alarm (the A in RACI)
    "banner": ("#FFF3C4", "#4A3B00"),       # the read-only banner's background ...
    "banner_edge": ("#E2C35A", "#8C7412"),  # ... its border ...
    "banner_text": ("#4A3B00", "#FFE9A0"),  # ... and its text
}

_WINDOW_DARK = "#2B2B2B"  # the dark palette used when the system is dark but Qt's style is not
_BASE_DARK = "#1F1F1F"
_TEXT_DARK = "#E8E8E8"


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the window is drawn dark: its background is darker than its text."""
    if palette is None:
        app = QGuiApplication.instance()
        if not isinstance(app, QGuiApplication):  # none, or a QCoreApplication: nothing drawn
            return False
        palette = app.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightnessF() < text.lightnessF()


def colour(name: str, dark: bool | None = None) -> QColor:
    light_value, dark_value = _COLOURS[name]
    return QColor(dark_value if (is_dark() if dark is None else dark) else light_value)


def hex_colour(name: str, dark: bool | None = None) -> str:
    """The colour as #RRGGBB, for style sheets and rich text."""
    return colour(name, dark).name()


_brushes: dict[tuple[str, bool], QBrush] = {}


def brush(name: str) -> QBrush:
    """The colour as a brush, for a model's ForegroundRole/BackgroundRole (cached: data() is hot)."""
    key = (name, is_dark())
    if key not in _brushes:
        _brushes[key] = QBrush(colour(name, key[1]))
    return _brushes[key]


def error_style() -> str:
    """The style sheet of a label that shows a validation error (next to a word, never alone)."""
    return f"color: {hex_colour('error')};"


def dark_palette() -> QPalette:
    """A Fusion dark palette, for when the system is dark and the style did not follow."""
    p = QPalette()
    window, base, text = QColor(_WINDOW_DARK), QColor(_BASE_DARK), QColor(_TEXT_DARK)
    roles = QPalette.ColorRole
    for role, value in ((roles.Window, window), (roles.WindowText, text), (roles.Base, base),
                        (roles.AlternateBase, QColor("#262626")), (roles.Text, text),
                        (roles.Button, QColor("#353535")), (roles.ButtonText, text),
                        (roles.ToolTipBase, QColor("#3A3A3A")), (roles.ToolTipText, text),
                        (roles.PlaceholderText, QColor("#A0A0A0")), (roles.BrightText, QColor("#FF8A80")),
                        (roles.Highlight, QColor("#2F65CA")), (roles.HighlightedText, QColor("#FFFFFF")),
                        (roles.Link, QColor("#90CAF9")), (roles.LinkVisited, QColor("#CE93D8")),
                        (roles.Light, QColor("#505050")), (roles.Midlight, QColor("#404040")),
                        (roles.Mid, QColor("#303030")), (roles.Dark, QColor("#191919")),
                        (roles.Shadow, QColor("#000000"))):
        p.setColor(role, value)
    disabled = QColor("#7A7A7A")
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


SYSTEM, LIGHT, DARK = "system", "light", "dark"
APPEARANCES = (SYSTEM, LIGHT, DARK)


class ThemeWatcher(QObject):
    """Emits `changed` once after the palette or the colour scheme changed (coalesced)."""

    changed = Signal()

    def __init__(self, app: QGuiApplication):
        super().__init__(app)
        self._app = app
        self._own_palette = False  # we set a palette ourselves because the style did not follow
        self.appearance = SYSTEM  # or the user's choice in View → Appearance
        self._system_style = app.style().name() if hasattr(app, "style") else ""
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self._announce)
        # A signal, not an application-wide event filter: a Python filter would run for every event.
        app.paletteChanged.connect(lambda _palette: self._pending.start())
        app.styleHints().colorSchemeChanged.connect(self.follow_scheme)

    def _announce(self) -> None:
        # Style sheets that say palette(...) resolve it once; set them again to follow the change.
        from PySide6.QtWidgets import QApplication

        if isinstance(self._app, QApplication):
            for widget in QApplication.allWidgets():
                sheet = widget.styleSheet()
                if sheet:
                    widget.setStyleSheet(sheet)
        self.changed.emit()

    def set_appearance(self, appearance: str) -> None:
        """Light, dark, or whatever the system says (the default), from now on."""
        if appearance not in APPEARANCES:
            raise ValueError(f"Unknown appearance {appearance!r}: expected one of {', '.join(APPEARANCES)}")
        self.appearance = appearance
        hints = self._app.styleHints()
        if appearance == SYSTEM:
            hints.unsetColorScheme()
            if self._own_palette:  # hand the palette (and the style) back to the system
                self._own_palette = False
                self._app.setPalette(QPalette())
                self._restore_style()
        else:
            hints.setColorScheme(Qt.ColorScheme.Dark if appearance == DARK else Qt.ColorScheme.Light)
        self.follow_scheme()

    def _wanted_scheme(self) -> Qt.ColorScheme:
        if self.appearance == DARK:
            return Qt.ColorScheme.Dark
        if self.appearance == LIGHT:
            return Qt.ColorScheme.Light
        return self._app.styleHints().colorScheme()

    def _use_fusion(self) -> None:
        from PySide6.QtWidgets import QApplication

        if isinstance(self._app, QApplication) and self._app.style().name().lower() != "fusion":
            QApplication.setStyle("Fusion")

    def _restore_style(self) -> None:
        from PySide6.QtWidgets import QApplication

        if (isinstance(self._app, QApplication) and self._system_style
                and self._app.style().name().lower() != self._system_style.lower()):
            QApplication.setStyle(self._system_style)

    def follow_scheme(self, scheme: Qt.ColorScheme | None = None) -> None:
        """Make the palette match the scheme (the user's choice, else the system's) when Qt's
        style did not do it itself."""
        if self.appearance != SYSTEM or scheme is None:
            scheme = self._wanted_scheme()
        if scheme == Qt.ColorScheme.Dark and not is_dark():
            self._use_fusion()
            if not is_dark():  # Fusion follows the platform on most systems; else ours
                self._app.setPalette(dark_palette())
                self._own_palette = True
        elif scheme == Qt.ColorScheme.Light and is_dark():
            # Chosen light on a dark system (or the system turned light while our dark palette
            # was up): Fusion's own palette is a light one. A QGuiApplication has no style:
            # there the platform's palette is all there is.
            from PySide6.QtWidgets import QApplication

            self._use_fusion()
            self._app.setPalette(self._app.style().standardPalette() if isinstance(self._app, QApplication)
                                 else QPalette())
            self._own_palette = True
        elif scheme == Qt.ColorScheme.Light and self._own_palette and self.appearance == SYSTEM:
            self._own_palette = False
            self._app.setPalette(QPalette())  # back to the style's own (light) palette
        self._pending.start()


_watcher: ThemeWatcher | None = None


def install(app: QGuiApplication) -> ThemeWatcher:
    """Follow the system's light/dark scheme from now on (idempotent)."""
    global _watcher
    if _watcher is None or not shiboken6.isValid(_watcher):
        _watcher = ThemeWatcher(app)
        _watcher.follow_scheme()
    return _watcher


def set_appearance(appearance: str) -> None:
    """View → Appearance: "system", "light" or "dark", applied to every open window now."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):  # not under a bare QCoreApplication: nothing to draw
        install(app).set_appearance(appearance)


def appearance() -> str:
    return _watcher.appearance if _watcher is not None and shiboken6.isValid(_watcher) else SYSTEM


def on_change(slot) -> None:
    """Call `slot()` after every light/dark change. Pass a QObject's bound method: Qt drops the
    connection when that object is deleted, so a closed dialog is never called again."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):  # not under a bare QCoreApplication: nothing to draw
        install(app).changed.connect(slot)
