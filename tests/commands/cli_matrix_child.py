"""Runs many `tracker` command lines in one process and reports how each ended, as JSON.

`python cli_matrix_child.py CASES.json RESULTS.json`: CASES is a list of argument lists. Each
runs through `tracker.cli.main` as `python -m tracker` would, with stdout and stderr captured;
an exception that escapes `main` is what a user would see as a traceback, and is recorded as
such. One process for the whole matrix keeps the test fast (start-up is most of a command's
time); the test starts it without root's powers, so file permissions apply.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import traceback


def run(argv: list[str]) -> dict:
    from tracker.cli import main

    out, err = io.StringIO(), io.StringIO()
    escaped = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as e:  # argparse's usage errors
            status = e.code if isinstance(e.code, int) else 2
        except BaseException:  # the point is to see anything that escapes
            status, escaped = None, traceback.format_exc()
    return {"argv": argv, "status": status, "stdout": out.getvalue(), "stderr": err.getvalue(),
            "traceback": escaped}


def main() -> None:
    cases_path, results_path = sys.argv[1], sys.argv[2]
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    results = [run(argv) for argv in cases]
    with open(results_path, "w", encoding="utf-8") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main()
