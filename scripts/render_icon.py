"""Render resources/icon.svg to resources/icon.png (256 px) with Qt.

The PNG serves where SVG is not read: Windows' .ico conversion in packaging, and file
managers. Run after editing the SVG: `.venv/bin/python scripts/render_icon.py`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SIZE = 256


def render(svg: Path, png: Path, size: int = SIZE) -> None:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(png)):
        raise SystemExit(f"could not write {png}")


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs an application to paint text
    render(ROOT / "resources" / "icon.svg", ROOT / "resources" / "icon.png")
    print(f"wrote {ROOT / 'resources' / 'icon.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
