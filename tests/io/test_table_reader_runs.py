"""The CSV reader takes records in runs (tracker/io/table_reader_csv.py `_take_chunk`): a run of
plain rows is built in whole-run passes, a run with a blank line, a ragged row or a long cell
row by row. Either way every row keeps its physical line number and every problem its line,
also across the runs' boundaries and after values with line breaks in them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.io import table_reader_csv
from tracker.io.table_reader import TICK, RowProblem, TableReadError, read_table


def _file(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("\n".join(["id,name,team", *lines]) + "\n", encoding="utf-8")
    return path


def _expected(lines: list[str]) -> tuple[list[tuple[int, dict[str, str]]], list[int]]:
    """Rows and the lines of problems as a reader of one record per line (these files have a
    line break inside a quoted value only where the test says) would find them."""
    rows, problems = [], []
    for number, line in enumerate(lines, start=2):
        cells = [c.strip() for c in line.split(",")]
        if not any(cells):
            continue
        if len(cells) != 3:
            problems.append(number)
        else:
            rows.append((number, dict(zip(["id", "name", "team"], cells))))
    return rows, problems


@pytest.mark.parametrize("every", [7, 997])
def test_runs_keep_line_numbers_across_their_boundaries(tmp_path, every):
    lines = [f"E{i}, Name {i} ,Team {i % 5}" for i in range(3 * TICK + 17)]
    for i in range(0, len(lines), every):  # blank lines and ragged rows in some runs only
        lines[i] = "" if i % 2 else f"E{i},short"
    table = read_table(_file(tmp_path, lines))
    rows, problems = _expected(lines)
    assert [(row.number, row.values) for row in table.rows] == rows
    assert [problem.row for problem in table.problems] == problems


def test_a_value_with_line_breaks_moves_the_next_rows_down(tmp_path):
    lines = [f"E{i},N{i},T" for i in range(2 * TICK)]
    lines[TICK - 1] = 'E-break,"Ann\nvan\nDijk",T'  # the last record of the first run: 3 lines
    table = read_table(_file(tmp_path, lines))
    assert len(table.rows) == 2 * TICK and not table.problems
    assert table.rows[TICK - 1].values["name"] == "Ann\nvan\nDijk"
    assert [row.number for row in table.rows[TICK - 2:TICK + 1]] == [TICK, TICK + 1, TICK + 4]
    assert table.rows[-1].number == 2 * TICK + 3


def test_a_long_cell_in_a_run_is_a_problem_on_its_line(tmp_path, monkeypatch):
    lines = [f"E{i},N{i},T" for i in range(TICK + 5)]
    lines[TICK + 2] = f"E-long,{'x' * 50},T"
    table = read_table(_file(tmp_path, lines), max_cell_chars=40)
    assert table.problems == [RowProblem(TICK + 4, "name", "is 50 characters long; the limit is 40")]
    assert len(table.rows) == TICK + 4


def test_too_many_rows_is_refused_inside_a_run(tmp_path):
    path = _file(tmp_path, [f"E{i},N{i},T" for i in range(TICK + 5)])
    with pytest.raises(TableReadError, match="rows"):
        read_table(path, max_rows=TICK + 3)
    assert len(read_table(path, max_rows=TICK + 5).rows) == TICK + 5


def test_a_csv_error_names_the_line_its_record_starts_on(tmp_path, monkeypatch):
    lines = [f"E{i},N{i},T" for i in range(TICK + 10)]
    path = _file(tmp_path, lines)
    real = table_reader_csv.csv.reader

    def failing(*args, **kwargs):
        records = real(*args, **kwargs)

        class Failing:
            line_num = 0

            def __iter__(self):
                return self

            def __next__(self):
                record = next(records)
                self.line_num = records.line_num
                if self.line_num == TICK + 6:  # the record on line TICK + 6 (in the second run)
                    raise table_reader_csv.csv.Error("broken")
                return record

        return Failing()

    monkeypatch.setattr(table_reader_csv.csv, "reader", failing)
    with pytest.raises(TableReadError, match=f"line {TICK + 6} is not valid CSV"):
        read_table(path)
