"""The report sample (tests/report_sample.py): written once per session, copied once per module,
since the `report` command records each report it writes in the workspace."""

from __future__ import annotations

import shutil

import pytest
from report_sample import write_report_sample


@pytest.fixture(scope="session")
def report_sample_original(sample_copy, tmp_path_factory):
    return write_report_sample(sample_copy, tmp_path_factory.mktemp("report-sample") / "s.tracker")


@pytest.fixture(scope="module")
def sample_path(report_sample_original, tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "s.tracker"
    shutil.copyfile(report_sample_original, path)
    return path
