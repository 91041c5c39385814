"""At exit the chart drawing thread finishes the chart it is drawing and ends, instead of being
stopped wherever it is (inside matplotlib's C++ drawing code that aborted the process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import os, sys, time
from PySide6.QtWidgets import QApplication
from tracker.charts import empty_figure
from tracker.ui.widgets.chart_canvas import ChartCanvas

app = QApplication([])
chart = ChartCanvas(name="exit")
chart.resize(400, 300)
chart.show()
marker = sys.argv[1]

def build():
    open(marker + ".started", "w").close()
    time.sleep(0.5)  # still drawing when the program ends
    figure = empty_figure("at exit")
    figure.before_layout.append(lambda *_: open(marker, "w").write("drawn"))
    return figure

chart.show_figure(build)
deadline = time.monotonic() + 30
while not os.path.exists(marker + ".started") and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
sys.exit(0)
"""


def test_the_program_ends_after_the_chart_being_drawn(tmp_path):
    marker = tmp_path / "drawn"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(marker)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "terminate called" not in done.stderr
    assert marker.read_text() == "drawn"  # the drawing thread was let finish
