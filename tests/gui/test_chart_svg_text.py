"""A chart saved as SVG is well-formed XML whatever its labels hold (issue 22: every file the
app writes parses)."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.gui


def test_labels_with_control_characters_make_a_well_formed_svg(qtbot, tmp_path):
    from tracker.charts import new_figure
    from tracker.ui.widgets.chart_canvas import ChartCanvas

    figure = new_figure(4, 3)
    ax = figure.add_subplot()
    ax.bar(["Cl\x0baims", "Bill\x00ing\ufffe", "Ops"], [3, 2, 1])
    ax.set_title("Load of Ann\x01Lee's teams")
    canvas = ChartCanvas(name="load")
    qtbot.addWidget(canvas)
    canvas.set_figure(figure)
    saved = canvas.save("svg", str(tmp_path / "load.svg"))
    root = ElementTree.parse(saved).getroot()
    assert root.tag.endswith("svg")
    assert "Claims" in saved.read_text(encoding="utf-8")  # the label, less what XML cannot hold
