"""Audit images encoded column by column: the very text json.dumps(row, default=str) writes."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from tracker.store.audit_json import rows_as_json

COLUMNS = ["id", "name", "mixed", "real", "day", "flag", "empty", "code"]


def _row(rng: random.Random) -> tuple:
    return (
        rng.randint(-10**20, 10**20),
        rng.choice(['a"b', "Zoë", "é\u2028", "\\", None, "{}", "x\x00", "", "日本"]),
        rng.choice([None, 1, "s", 1.5, float("nan"), True, 2**70]),
        rng.choice([0.1, 1e300, float("inf"), -0.0, 3.0]),
        rng.choice([dt.date(2020, 1, 2), dt.datetime(2021, 3, 4, 5, 6), None]),
        rng.choice([True, False, None]),
        None,
        rng.choice([b"\x00\x01", 7]),
    )


@pytest.mark.parametrize("width", range(1, len(COLUMNS) + 1))
def test_each_row_is_the_text_the_standard_encoder_writes(width):
    rng = random.Random(width)
    rows = [_row(rng)[:width] for _ in range(500)]
    assert rows_as_json(COLUMNS[:width], rows) == [json.dumps(dict(zip(COLUMNS, row)), default=str) for row in rows]


def test_columns_of_one_kind_take_the_fast_path_and_read_back_the_same():
    rows = [(i, f"E{i}", None if i % 3 else i // 3, "" if i % 2 else None) for i in range(1, 1_001)]
    texts = rows_as_json(["id", "employee_id", "manager_id", "note"], rows)
    assert texts[:2] == ['{"id": 1, "employee_id": "E1", "manager_id": null, "note": ""}',
                         '{"id": 2, "employee_id": "E2", "manager_id": null, "note": null}']
    assert [tuple(json.loads(t).values()) for t in texts] == rows


def test_no_rows_and_no_columns():
    assert rows_as_json(["id"], []) == []
    assert rows_as_json([], [(), ()]) == ["{}", "{}"]
