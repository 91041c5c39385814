"""Help → Metric definitions: what every figure means and the health rule, in the app.

The text comes from the same constants the report's About sheet writes
(tracker.domain.adoption.METRIC_DEFINITIONS, tracker.domain.health.HEALTH_RULE_TEXT), so what a
change manager reads here is what a leader reads in the workbook.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from tracker.domain.adoption import METRIC_DEFINITIONS
from tracker.domain.health import HEALTH_RULE_TEXT


def definitions_html(minimum_group_size: int | None = None) -> str:
    parts = ["<h3>Metrics</h3><dl>"]
    for name, text in METRIC_DEFINITIONS.items():
        parts.append(f"<dt><b>{html.escape(name)}</b></dt><dd>{html.escape(text)}</dd>")
    parts.append("</dl><h3>Health rule</h3>")
    lines = HEALTH_RULE_TEXT.splitlines()
    bullets = [line[2:] for line in lines if line.startswith("- ")]
    prose = [line for line in lines if not line.startswith("- ")]
    if prose:
        parts.append(f"<p>{html.escape(prose[0])}</p>")
    parts.append("<ul>" + "".join(f"<li>{html.escape(b)}</li>" for b in bullets) + "</ul>")
    for line in prose[1:]:
        parts.append(f"<p>{html.escape(line)}</p>")
    if minimum_group_size is not None:
        parts.append("<h3>Privacy</h3><p>" + html.escape(
            f"Resistance and ADKAR figures for groups smaller than {minimum_group_size} people are hidden in "
            "the leader view and in exported reports, and so are adoption and training figures of such groups "
            "on the dashboard and in exported reports, together with any second group whose figure would let "
            "the hidden one be worked out by subtraction. Every rollout's health (its colours and reasons, on "
            "the dashboard and in the report) is worked out without the hidden figures.") + "</p>")
    return "".join(parts)


class DefinitionsDialog(QDialog):
    def __init__(self, minimum_group_size: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Metric definitions")
        self.resize(720, 640)
        self.browser = QTextBrowser()
        self.browser.setHtml(definitions_html(minimum_group_size))
        self.browser.setAccessibleName("Metric definitions")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
