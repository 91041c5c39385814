"""A failed, cancelled or refused export never damages the file already there."""

from __future__ import annotations

import os

import pytest

from tracker.io.atomic import (
    ReportCancelled,
    ReportError,
    ReportFileLockedError,
    lock_files,
    save_atomically,
)


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_the_new_file_replaces_the_old_one(tmp_path):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    save_atomically(lambda p: p.write_bytes(b"new"), target)
    assert target.read_bytes() == b"new"
    assert _leftovers(tmp_path) == []


def test_a_failure_half_way_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")

    def broken(p):
        p.write_bytes(b"half")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        save_atomically(broken, target)
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_a_cancel_raised_while_writing_leaves_the_old_file(tmp_path):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")

    def cancelled(p):
        raise ReportCancelled("cancelled")

    with pytest.raises(ReportCancelled):
        save_atomically(cancelled, target)
    assert target.read_bytes() == b"old"


@pytest.mark.parametrize("which", [0, 1])
def test_a_file_open_in_excel_or_libreoffice_is_refused_clearly(tmp_path, which):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    lock_files(target)[which].write_text("someone")
    with pytest.raises(ReportFileLockedError, match="open in another program"):
        save_atomically(lambda p: p.write_bytes(b"new"), target)
    assert target.read_bytes() == b"old"


def test_a_locked_target_on_windows_gives_the_same_message(tmp_path, monkeypatch):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")

    def denied(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(ReportFileLockedError, match="Close it there"):
        save_atomically(lambda p: p.write_bytes(b"new"), target)
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("name, message", [
    ("missing/r.xlsx", "does not exist"),
    ("r.csv", "ending in .xlsx"),
])
def test_bad_targets_are_refused_before_any_work(tmp_path, name, message):
    with pytest.raises(ReportError, match=message):
        save_atomically(lambda p: p.write_bytes(b"new"), tmp_path / name)


def test_a_folder_is_not_a_target(tmp_path):
    (tmp_path / "r.xlsx").mkdir()
    with pytest.raises(ReportError, match="is a folder"):
        save_atomically(lambda p: p.write_bytes(b"new"), tmp_path / "r.xlsx")


def test_the_report_is_readable_by_others_like_any_document(tmp_path):
    target = save_atomically(lambda p: p.write_bytes(b"new"), tmp_path / "r.xlsx")
    assert target.stat().st_mode & 0o644 == 0o644
