"""The naughty strings' journey runs once per session: both test files read its workbooks."""

from __future__ import annotations

import pytest
from journey import run_journey


@pytest.fixture(scope="session")
def journey(tmp_path_factory):
    return run_journey(tmp_path_factory.mktemp("naughty"))
