"""The Training page on the `org` workspace with an AI-201 workshop required of its end users
(Ann, Bob, Cy): shared by the page's tests and its stale-edit tests.

Not a conftest.py: imported by name where wanted (`from training_page_fixtures import page`).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.ui.context import AppContext
from tracker.ui.pages.training_page import TrainingPage

TODAY = dt.date.today()


@pytest.fixture
def page(qtbot, org):
    ws = org["ws"]
    end_user = ws.roles.type_by_name("End user").id
    for person in ("ann", "bob", "cy"):
        ws.roles.assign(org["rollout"], org[person], end_user)
    org["module"] = ws.training.create_module(
        org["rollout"], code="AI-201", title="Hands-on", format="workshop", due_date=TODAY + dt.timedelta(days=60),
        available_from=TODAY - dt.timedelta(days=365), role_ids=[end_user])
    context = AppContext()
    context.workspace = ws  # the fixture closes it; set_workspace would close it twice
    ws.add_listener(context._on_store_change)
    widget = TrainingPage(context)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    widget.show_rollout(org["rollout"])
    qtbot.waitUntil(lambda: not widget.progress.loading, timeout=5000)
    yield widget, org
    ws.remove_listener(context._on_store_change)
    context.workspace = None  # a refresh still queued must not reach the closed file
