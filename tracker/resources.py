"""Where the files in `resources/` (the icon) are, from a checkout and from a PyInstaller build.

PyInstaller unpacks data files under `sys._MEIPASS` (build.spec lists `resources/` in `datas`),
while a checkout or an editable install finds them beside the `tracker` package. One helper
knows both, so no other module builds paths to resources. No Qt here: the CLI may ask too.
"""

from __future__ import annotations

import sys
from pathlib import Path

RESOURCES_DIR = "resources"


def resource_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / RESOURCES_DIR
    return Path(__file__).resolve().parent.parent / RESOURCES_DIR


def resource_path(name: str) -> Path:
    """The path of `resources/<name>`; it may not exist (callers treat the icon as optional)."""
    return resource_root() / name
