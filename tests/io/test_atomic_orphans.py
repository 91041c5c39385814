"""Temporary files of an export whose process was killed are removed by the next export."""

from __future__ import annotations

import os
import subprocess
import sys

from tracker.io.atomic import remove_orphaned_temporaries, save_atomically


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


def test_only_temporaries_of_dead_processes_go(tmp_path):
    target = tmp_path / "status.xlsx"
    orphan = tmp_path / f".status-{dead_pid()}-abc123.xlsx.part"
    running = tmp_path / f".status-{os.getppid()}-def456.xlsx.part"  # another export, still going
    other_report = tmp_path / f".plan-{dead_pid()}-x.xlsx.part"
    for path in (orphan, running, other_report):
        path.write_bytes(b"half a workbook")
    assert remove_orphaned_temporaries(target) == [orphan]
    assert running.exists() and other_report.exists()


def test_an_export_sweeps_before_writing(tmp_path):
    target = tmp_path / "status.xlsx"
    orphan = tmp_path / f".status-{dead_pid()}-abc123.xlsx.part"
    orphan.write_bytes(b"half a workbook")
    save_atomically(lambda p: p.write_bytes(b"new"), target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status.xlsx"]
