"""Help → About: the version, and the libraries shipped with the program with their licences.

Versions and licences are read from the installed packages' metadata (importlib.metadata; the
PyInstaller build copies that metadata in), so the list cannot drift from what is bundled.
"""

from __future__ import annotations

import html
import importlib.metadata as metadata
from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox, QWidget

import tracker

# (shown name, distribution names to try): PySide6 may be installed as its Essentials wheel.
BUNDLED = (
    ("PySide6 (Qt)", ("PySide6", "PySide6_Essentials", "PySide6-Essentials")),
    ("sqlite-utils", ("sqlite-utils",)),
    ("matplotlib", ("matplotlib",)),
    ("openpyxl", ("openpyxl",)),
    ("SciPy", ("scipy",)),
    ("NumPy", ("numpy",)),
    ("defusedxml", ("defusedxml",)),
    ("platformdirs", ("platformdirs",)),
)


@dataclass(frozen=True)
class Library:
    name: str
    version: str
    licence: str


def licence_of(meta) -> str:
    """The short licence name: the SPDX expression, a one-line License field, or the classifier."""
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    field = (meta.get("License") or "").strip()
    if field and "\n" not in field and len(field) <= 60:
        return field
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License ::"):
            return classifier.split("::")[-1].strip()
    return "see the package's licence file"


def bundled_libraries() -> list[Library]:
    found = []
    for shown, names in BUNDLED:
        for name in names:
            try:
                meta = metadata.metadata(name)
            except metadata.PackageNotFoundError:
                continue
            found.append(Library(shown, meta["Version"], licence_of(meta)))
            break
        else:
            found.append(Library(shown, "not found", "unknown"))
    return found


def about_html(libraries: list[Library] | None = None) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(lib.name)}</td><td>{html.escape(lib.version)}</td>"
        f"<td>{html.escape(lib.licence)}</td></tr>" for lib in (libraries or bundled_libraries()))
    return (
        f"<h3>Rollout Tracker {html.escape(tracker.__version__)}</h3>"
        "<p>Carry enterprise AI rollouts from pilot into production: who is affected, how "
        "ready they are, what they wait on, and whether the tool is really used.</p>"
        "<p>Each workspace is one file; every edit is saved at once and can be undone.</p>"
        "<p><b>Libraries included</b></p>"
        "<table cellspacing='6'><tr><th align='left'>Library</th><th align='left'>Version</th>"
        f"<th align='left'>Licence</th></tr>{rows}</table>"
        "<p>Qt is used under the LGPL version 3; its source is available from the Qt Project.</p>"
    )


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(parent, "About Rollout Tracker", about_html())
