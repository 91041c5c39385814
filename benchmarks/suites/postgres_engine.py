"""The main suites on a shared workspace (PostgreSQL): roster imports, the usage import, the status
workbook and a page switch, as the file suites time them, with the same targets.

Each runs only with `--engine postgresql` or `both` (benchmarks/postgres.py starts the server);
the results table shows the engine beside each row, so a measurement's two figures sit side by
side. What is timed is the same work as the file suite's row of the same name (its docstring):
only where the workspace lives differs, and what a repetition works on is a new database copied
from one the generated workspace was pushed to (untimed).
"""

from __future__ import annotations

import time

from benchmarks.harness import Bench, Sample, measurement
from benchmarks.postgres import server
from benchmarks.process import probe_cmd, run_process
from benchmarks.suites.adoption import AS_OF as USAGE_AS_OF
from benchmarks.suites.adoption import _without_usage
from benchmarks.suites.dashboard import AS_OF
from benchmarks.suites.roster_import import _import

PG = "postgresql"


def _on_a_copy(bench: Bench, key: str, source, work) -> Sample:
    """`work(ws)` on a new database holding `source` (a workspace file; None: an empty one)."""
    from tracker.store import Workspace

    pg = server(bench)
    name, address = pg.copy(key, source)
    try:
        with Workspace.open(address) as ws:
            return work(ws)
    finally:
        pg.drop(name)


@measurement("pg.import.roster_new", "roster import, CSV of the whole organisation into a new workspace",
             target_s=5.0, heavy=True, order=20, engine=PG)
def import_roster_new(bench: Bench) -> Sample:
    """As import.roster_new, into a new shared workspace (an empty database's copy)."""
    return _on_a_copy(bench, "empty", None, lambda ws: _import(ws, bench.fixtures.files["roster_new"]))


@measurement("pg.import.roster_update", "roster re-import, next week's CSV into the big workspace",
             target_s=5.0, heavy=True, order=21, engine=PG)
def import_roster_update(bench: Bench) -> Sample:
    """As import.roster_update, into a copy of the big workspace on the server."""
    return _on_a_copy(bench, "big", bench.fixtures.workspace,
                      lambda ws: _import(ws, bench.fixtures.files["roster_update"]))


@measurement("pg.import.usage", "usage import of the whole usage log (3,000,000 rows at full scale)",
             target_s=20.0, heavy=True, order=22, engine=PG)
def import_usage(bench: Bench) -> Sample:
    """As import.usage: preview_usage then apply_usage of the whole log into a copy, on the
    server, of the big workspace without its usage."""
    from tracker.services.usage_import import apply_usage, preview_usage

    before = bench.shared("before-usage", lambda: _without_usage(bench))
    file = bench.fixtures.files["usage_csv"]

    def work(ws) -> Sample:
        ws.rollouts.list()  # the connection's first query is not the import's work
        started = time.perf_counter()
        preview = preview_usage(ws, file, today=USAGE_AS_OF)
        previewed = time.perf_counter()
        if not preview.ok:
            raise RuntimeError("the usage log was rejected:\n" + preview.report())
        if apply_usage(ws, preview) is None:
            raise RuntimeError("the usage import found nothing new to write")
        done = time.perf_counter()
        return Sample(done - started, None, {"preview_s": round(previewed - started, 3),
                                             "apply_s": round(done - previewed, 3), "rows": preview.rows})

    return _on_a_copy(bench, "before-usage", before, work)


@measurement("pg.report.status_workbook", "full status workbook, all rollouts", target_s=20.0, target_mb=400,
             heavy=True, order=25, engine=PG)
def status_workbook(bench: Bench) -> Sample:
    """As report.status_workbook: `tracker report ADDRESS -o FILE.xlsx` in a new process, from
    just before it starts until it has exited, and its peak memory (its chart helper's added)."""
    pg = server(bench)
    name, address = pg.copy("big", bench.fixtures.workspace)
    output = bench.scratch("status-pg.xlsx")
    try:
        wall, out = run_process(probe_cmd("cli_probe.py", "report", address, "-o", str(output),
                                          "--as-of", AS_OF.isoformat()), probe_out=True, timeout=900)
        if out["returncode"] != 0 or not output.exists():
            raise RuntimeError(f"tracker report exited {out['returncode']}: {out['stderr_tail']}")
    finally:
        pg.drop(name)
    file_mb = round(output.stat().st_size / 2**20, 1)
    output.unlink()
    main, helper = out.get("peak_rss_mb") or 0.0, out.get("children_peak_rss_mb") or 0.0
    return Sample(wall, main + helper, {"file_mb": file_mb, "peak_rss_mb": round(main, 1),
                                        "helper_peak_rss_mb": round(helper, 1)})


@measurement("pg.ui.switch_to_rollout", "switch to a rollout's page (one of the 5 biggest), data shown",
             target_s=0.3, order=31, engine=PG)
def switch_to_rollout(bench: Bench) -> Sample:
    """As ui.switch_to_rollout, in a window on a copy of the big workspace on the server."""
    from benchmarks.gui import all_widgets, time_until_painted
    from benchmarks.suites.organisation_ui import _biggest_rollouts, _click_item, _counter, _navigator_items

    g = _window(bench)
    n = _counter(bench, "pg-switch-rollout")
    biggest = bench.shared("pg-biggest-rollouts", lambda: _biggest_rollouts(g.ws, 5))
    page = g.window.rollout_page
    rollout_id = biggest[n % len(biggest)]
    if rollout_id == page.rollout_id:  # shown already: it would only be shown again
        rollout_id = biggest[(n + 1) % len(biggest)]
    tree, organisation, rollouts = _navigator_items(g.window)
    _click_item(tree, organisation)
    seconds = time_until_painted(lambda: _click_item(tree, rollouts[rollout_id]), all_widgets(page))
    return Sample(seconds, None, {"rollout_id": rollout_id, "role_assignments": page.roles_panel.row_count()})


def _window(bench: Bench):
    """A main window on a copy of the big workspace on the server (once per run)."""
    from benchmarks.gui import Gui, settle

    def make() -> Gui:
        from PySide6.QtCore import QSettings

        from tracker.app import create_application, launch

        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                          str(bench.work_dir / "home" / "qt-settings-pg"))
        app = create_application()
        name, address = server(bench).copy("big", bench.fixtures.workspace)
        window = launch(address)
        deadline = time.perf_counter() + 60
        while window.context.workspace is None and time.perf_counter() < deadline:
            settle(0.2)  # a server is connected to off the GUI thread
        if window.context.workspace is None:
            raise RuntimeError(f"the window did not open {address}")
        settle(1.0)

        def close() -> None:
            window.close()
            settle(0.2)
            server(bench).drop(name)
        bench.on_exit(close)
        return Gui(app, window, bench.work_dir)

    return bench.shared("pg-gui", make)
