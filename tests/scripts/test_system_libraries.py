"""run.py's check of Qt's system libraries: what is missing, which packages, and what it says."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def system_libraries(monkeypatch):
    spec = importlib.util.spec_from_file_location("system_libraries", ROOT / "scripts" / "system_libraries.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.delenv(module.AGREED, raising=False)
    monkeypatch.setattr(module.sys, "platform", "linux")
    monkeypatch.setattr(module, "qt_folder", lambda python: "/qt")
    monkeypatch.setattr(module, "has_fonts", lambda: True)
    return module


def test_ldd_output_is_read_for_missing_libraries(system_libraries, monkeypatch, tmp_path):
    qt = tmp_path / "Qt"
    (qt / "lib").mkdir(parents=True)
    (qt / "lib" / "libQt6Gui.so.6").write_bytes(b"")
    ldd = ("\tlibQt6Core.so.6 => /qt/lib/libQt6Core.so.6 (0x1)\n\tlibEGL.so.1 => not found\n"
           "\tlibxkbcommon.so.0 => not found\n\tlibc.so.6 => /lib/libc.so.6 (0x2)\n")

    class Done:
        stdout = ldd.encode()

    monkeypatch.setattr(system_libraries.subprocess, "run", lambda *a, **k: Done())
    assert system_libraries.missing_libraries(str(qt), False) == ["libEGL.so.1", "libxkbcommon.so.0"]


def test_packages_per_distribution(system_libraries):
    debian, unknown = system_libraries.packages_for(["libEGL.so.1", "libglib-2.0.so.0", "libgio-2.0.so.0"], True, "debian")
    assert debian == ["libegl1", "libglib2.0-0t64|libglib2.0-0", "fonts-dejavu-core"] and unknown == []
    fedora, _ = system_libraries.packages_for(["libEGL.so.1", "libxcb-cursor.so.0"], False, "fedora")
    assert fedora == ["libglvnd-egl", "xcb-util-cursor"]


def test_without_rights_it_stops_with_the_exact_command(system_libraries, monkeypatch):
    monkeypatch.setattr(system_libraries, "missing_libraries", lambda qt, window: ["libEGL.so.1", "libxkbcommon.so.0"])
    monkeypatch.setattr(system_libraries, "distribution", lambda: "debian")
    monkeypatch.setattr(system_libraries.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(system_libraries, "_ask", lambda question: False)
    line = system_libraries.ensure_qt_can_load(sys.executable, False)
    assert line == ("Qt cannot start: this machine lacks libEGL.so.1, libxkbcommon.so.0; install them with: "
                    "sudo apt-get install -y --no-install-recommends libegl1 libxkbcommon0")
    assert "\n" not in line


def test_as_root_it_installs_and_checks_again(system_libraries, monkeypatch):
    left = [["libEGL.so.1"], []]
    monkeypatch.setattr(system_libraries, "missing_libraries", lambda qt, window: left.pop(0))
    monkeypatch.setattr(system_libraries, "distribution", lambda: "debian")
    monkeypatch.setattr(system_libraries.os, "geteuid", lambda: 0)
    monkeypatch.setattr(system_libraries.shutil, "which", lambda name: "/usr/bin/" + name)
    installed = []
    monkeypatch.setattr(system_libraries, "install", lambda packages, distro, root: installed.append(packages) or True)
    assert system_libraries.ensure_qt_can_load(sys.executable, False) is None
    assert installed == [["libegl1"]]


def test_an_unknown_distribution_names_the_libraries(system_libraries, monkeypatch):
    monkeypatch.setattr(system_libraries, "missing_libraries", lambda qt, window: ["libEGL.so.1"])
    monkeypatch.setattr(system_libraries, "distribution", lambda: None)
    line = system_libraries.ensure_qt_can_load(sys.executable, False)
    assert line.startswith("Qt cannot start: this machine lacks libEGL.so.1;")


def test_nothing_missing_says_nothing(system_libraries, monkeypatch):
    monkeypatch.setattr(system_libraries, "missing_libraries", lambda qt, window: [])
    assert system_libraries.ensure_qt_can_load(sys.executable, True) is None
