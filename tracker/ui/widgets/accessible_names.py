"""Give every input an accessible name a screen reader can say, from what a sighted user reads.

Some change managers work with a screen reader. A field reads "edit text" unless it has a name,
and naming hundreds of fields one by one would drift from the labels beside them. So each
window's controls are named when the keyboard focus enters it (`AccessibleNamer`), or by
`name_all(window)`, from the text a sighted user sees next to them, in this order:

1. its own accessibleName, when the code set one (never overwritten);
2. the label of its QFormLayout row, or a QLabel whose buddy it is ("Team filter", "Due date");
3. a short label just before it in its row ("Team:" [combo box]);
4. its placeholder ("Search people"), for a search box or a filter that has no label;
5. its tooltip's first phrase, for icon-only buttons and views that explain themselves there;
6. for a list or table that fills a tab, the tab's title ("Dependencies table").

Buttons with text are left alone: Qt already says their text, and it stays right when the text
changes ("Undo Make Ann champion"). `install(app)` is called once at start-up.
"""

from __future__ import annotations

import re

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QPlainTextEdit, QTextEdit)
_AMPERSAND = re.compile(r"&(?!&)")
_TAGS = re.compile(r"<[^>]+>")


def clean(text: str) -> str:
    """Label text as it is spoken: no mnemonic '&', no markup, no trailing ':' or '…'."""
    text = _TAGS.sub("", _AMPERSAND.sub("", text or "")).replace("&&", "&")
    return " ".join(text.split()).rstrip(":…").rstrip(". ").strip()


def is_internal(widget: QWidget) -> bool:
    """Parts of a compound control (a spin box's line edit, a tab bar's scroll arrows): the
    screen reader speaks for the compound control, which is named instead."""
    parent = widget.parentWidget()
    if isinstance(widget, QHeaderView) or parent is None:
        return True
    return isinstance(parent, (QAbstractSpinBox, QComboBox)) or parent.inherits("QTabBar") \
        or parent.inherits("QComboBoxPrivateContainer") \
        or parent.inherits("QToolBar") and widget.objectName() == "qt_toolbar_ext_button"


def _form_label(layout: QLayout, widget: QWidget, depth: int = 0) -> str:
    if depth > 6:
        return ""
    if isinstance(layout, QFormLayout):
        label = layout.labelForField(widget)
        if isinstance(label, QLabel) and clean(label.text()):
            return clean(label.text())
    for item in _items(layout):
        child = item.layout()
        if child is not None:
            found = _form_label(child, widget, depth + 1)
            if found:
                return found
    return ""


def label_text(widget: QWidget) -> str:
    """The text of the form row's label or the buddy label naming `widget` (or its container)."""
    field, steps = widget, 0
    while field is not None and steps < 3:
        parent = field.parentWidget()
        if parent is None:
            break
        layout = parent.layout()
        if layout is not None:
            found = _form_label(layout, field)
            if found:
                return found
        for label in parent.findChildren(QLabel):
            if label.buddy() is field and clean(label.text()):
                return clean(label.text())
        if field is not widget and clean(field.accessibleName()):
            return ""  # a named container speaks for its parts
        field, steps = parent, steps + 1
    return ""


def _items(layout: QLayout) -> list[QLayoutItem]:
    """The layout's items in order (`itemAt` is typed optional, but never None below `count()`)."""
    return [item for i in range(layout.count()) if (item := layout.itemAt(i)) is not None]


def _containing(layout: QLayout, widget: QWidget, depth: int = 0) -> tuple[QLayout, int] | None:
    for i, item in enumerate(_items(layout)):
        if item.widget() is widget:
            return layout, i
        child = item.layout()
        if child is not None and depth < 6:
            found = _containing(child, widget, depth + 1)
            if found:
                return found
    return None


def _label_before(widget: QWidget) -> str:
    """A short label just before the control in its row or column ("Team:" [combo box])."""
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    found = _containing(layout, widget) if layout is not None else None
    if found is None:
        return ""
    layout, index = found
    for item in reversed(_items(layout)[:index]):
        before = item.widget()
        if before is None:
            continue  # a spacing or a stretch
        if isinstance(before, QLabel):
            text = clean(before.text())
            if text and len(text) <= 40 and before.buddy() in (None, widget):
                return text
        return ""
    return ""


def _tab_title(widget: QWidget) -> str:
    """The title of the tab the control fills, for a view that is its tab's main content."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget):
            index = parent.indexOf(child)
            return clean(parent.tabText(index)) if index >= 0 else ""
        child, parent = parent, parent.parentWidget()
    return ""


def _placeholder(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        text = widget.placeholderText()
    elif isinstance(widget, QComboBox) and widget.isEditable():
        line = widget.lineEdit()
        text = line.placeholderText() if line is not None else ""
    return clean(text.split(" (")[0])  # "Search people (Ctrl+F)": the key is not the name


def _tooltip_phrase(widget: QWidget) -> str:
    tip = clean(widget.toolTip().split("\n")[0])
    tip = re.split(r" \(|: |; |\. ", tip)[0]
    return tip[:80]


def derived_name(widget: QWidget) -> str:
    """The name `widget` should have when the code gave it none ("" when nothing says one)."""
    name = label_text(widget) or _label_before(widget) or _placeholder(widget) or _tooltip_phrase(widget)
    if not name and isinstance(widget, QAbstractItemView):
        title = _tab_title(widget)
        name = f"{title} table" if title else ""
    return name


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says for the control: its accessible name, else a button's text."""
    name = clean(widget.accessibleName())
    if not name and isinstance(widget, QAbstractButton):
        name = clean(widget.text())
    return name


def name_control(widget: QWidget) -> None:
    if not isinstance(widget, CONTROLS) or widget.accessibleName() or is_internal(widget):
        return
    if isinstance(widget, QAbstractButton) and clean(widget.text()):
        return  # Qt speaks the text, and follows it when it changes
    name = derived_name(widget)
    if name:
        widget.setAccessibleName(name)


def name_all(root: QWidget) -> int:
    """Name every unnamed control under `root` (a window); returns how many were named."""
    named = 0
    for widget in root.findChildren(QWidget):
        if isinstance(widget, CONTROLS) and not widget.accessibleName():
            name_control(widget)
            named += bool(widget.accessibleName())
    return named


class AccessibleNamer(QObject):
    """Names the controls of a window when the keyboard focus enters it (a window opening, a
    dialog, a page the user moves to), before the screen reader is asked about the rest.

    A signal, not an application-wide event filter: a Python filter sees every event of every
    object, costs about 10 µs each and wraps objects still being built or torn down (PySide
    then mistakes a later object at the same address for the deleted one)."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self._windows: list[QWidget] = []
        self._sweep = QTimer(self)
        self._sweep.setSingleShot(True)
        self._sweep.setInterval(0)
        self._sweep.timeout.connect(self._name_pending)
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old, new) -> None:
        if new is not None:
            self._windows.append(new.window())
            self._sweep.start()

    def _name_pending(self) -> None:
        windows, self._windows = self._windows, []
        for window in {id(w): w for w in windows}.values():
            if shiboken6.isValid(window):
                name_all(window)


_namer: AccessibleNamer | None = None


def install(app: QApplication) -> AccessibleNamer:
    """Name controls from their labels from now on (idempotent)."""
    global _namer
    if _namer is None or not shiboken6.isValid(_namer):
        _namer = AccessibleNamer(app)
    return _namer
