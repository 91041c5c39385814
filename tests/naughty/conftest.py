"""The naughty strings' journeys run once per session: both test files read the whole one's
workbooks (slow: it pushes the sample through a round trip); the people-only one is its fast
sibling (tests/naughty/journey.py)."""

from __future__ import annotations

import pytest
from journey import run_journey, run_people_journey


@pytest.fixture(scope="session")
def journey(tmp_path_factory, sample_copy):
    return run_journey(tmp_path_factory.mktemp("naughty"), sample_copy)


@pytest.fixture(scope="session")
def people_journey(tmp_path_factory, empty_workspace_file):
    return run_people_journey(tmp_path_factory.mktemp("naughty-people"), empty_workspace_file)
