"""No import climbs a layer (docs/architecture.md, "The layers").

Every module under tracker/ is parsed with `ast` (nothing is imported, so a module that would
need a display or a database to load is checked the same way), given the layer of its package,
and each of its imports of another tracker module is compared with the layer order below: a
module may import its own layer and the layers under it, never one above it nor a peer of the
same rank. Imports under ``if TYPE_CHECKING:`` and inside functions count as much as the
others: they are dependencies all the same. Two rules more: Qt only in the UI layer, and the
database engine (sqlite3, sqlite-utils, SQLCipher) only in the store.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The layer order, lowest first. A layer may import the layers of lower rank; layers of the same
# rank (services and demo, commands and ui) may not import each other. docs/architecture.md's
# table says the same; keep the two in step.
RANK = {
    "base": 0,      # tracker/__init__, collector.py, resources.py: no tracker imports at all
    "domain": 1,
    "io": 2,
    "store": 3,
    "services": 4,
    "demo": 4,      # the sample workspace's generator: writes through the store, needs no use case
    "charts": 5,
    "reports": 6,
    "commands": 7,
    "ui": 7,
    "cli": 8,       # cli.py and __main__.py: the entry point that picks a command or the window
}
# Modules outside a layer package: which layer each belongs to.
TOP_LEVEL = {
    "tracker": "base", "tracker.collector": "base", "tracker.resources": "base",
    "tracker.app": "ui",  # starts the window: Qt, so the UI layer
    "tracker.cli": "cli", "tracker.__main__": "cli",
}
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "matplotlib.backends.backend_qtagg",
      "matplotlib.backends.backend_qt")
DATABASE = ("sqlite3", "sqlite_utils", "sqlcipher3")


@dataclass(frozen=True)
class Finding:
    module: str
    line: int
    imported: str
    reason: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.imported}: {self.reason}"


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str | None:
    """The layer of a tracker module (None: a module no layer claims, itself a finding)."""
    if module in TOP_LEVEL:
        return TOP_LEVEL[module]
    package = module.split(".")[1]
    return package if package in RANK else None


def imports_of(tree: ast.Module, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the module, relative ones resolved."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[:len(base) - node.level + (1 if is_package else 0)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            # `from tracker import store` imports the package tracker.store, not tracker.
            if name == "tracker":
                found.extend((node.lineno, f"{name}.{alias.name}") for alias in node.names)
            else:
                found.append((node.lineno, name))
    return found


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def check(root: Path) -> list[Finding]:
    """Every import under ``root/tracker`` that breaks the layer order or the Qt/database rules."""
    findings: list[Finding] = []
    for path in sorted((root / "tracker").rglob("*.py")):
        module = module_name(path, root)
        layer = layer_of(module)
        if layer is None:
            findings.append(Finding(module, 1, "-", "its package is in no layer; add it to RANK "
                                    "here and to docs/architecture.md"))
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for line, name in imports_of(tree, module, path.name == "__init__.py"):
            if _within(name, QT) and layer != "ui":
                findings.append(Finding(module, line, name, "Qt outside the UI layer"))
            elif _within(name, DATABASE) and layer != "store":
                findings.append(Finding(module, line, name, "the database engine outside the store"))
            elif name == "tracker" or name.startswith("tracker."):
                target = layer_of(name)
                if target is None or target == layer:
                    continue  # an unknown target is reported where it is defined
                if RANK[target] > RANK[layer]:
                    findings.append(Finding(module, line, name, f"{layer} may not import {target}, a layer above it"))
                elif RANK[target] == RANK[layer]:
                    findings.append(Finding(module, line, name, f"{layer} may not import {target}, a peer layer"))
    return findings


def test_no_import_climbs_a_layer():
    findings = check(ROOT)
    assert not findings, "\n".join(map(str, findings))


def _plant(root: Path, relative: str, source: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source), encoding="utf-8")


@pytest.mark.parametrize(("relative", "source", "expected"), [
    ("tracker/domain/planted.py", "from tracker.store.workspace import Workspace\n",
     "tracker.domain.planted:1 imports tracker.store.workspace: domain may not import store, a layer above it"),
    ("tracker/services/planted.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
     "    from tracker.reports import status_workbook\n",
     "tracker.services.planted:3 imports tracker.reports: services may not import reports, a layer above it"),
    ("tracker/io/planted.py", "def f():\n    from tracker import store\n",
     "tracker.io.planted:2 imports tracker.store: io may not import store, a layer above it"),
    ("tracker/commands/planted.py", "import tracker.ui.theme\n",
     "tracker.commands.planted:1 imports tracker.ui.theme: commands may not import ui, a peer layer"),
    ("tracker/store/sub/planted.py", "from ...services import rollout_status\n",
     "tracker.store.sub.planted:1 imports tracker.services: store may not import services, a layer above it"),
    ("tracker/reports/planted.py", "from PySide6.QtGui import QImage\n",
     "tracker.reports.planted:1 imports PySide6.QtGui: Qt outside the UI layer"),
    ("tracker/services/planted.py", "import sqlite3\n",
     "tracker.services.planted:1 imports sqlite3: the database engine outside the store"),
    ("tracker/plugins/planted.py", "x = 1\n",
     "tracker.plugins.planted:1 imports -: its package is in no layer; add it to RANK here and to "
     "docs/architecture.md"),
])
def test_a_planted_bad_import_is_named(tmp_path, relative, source, expected):
    _plant(tmp_path, "tracker/__init__.py", "")
    _plant(tmp_path, "tracker/ui/ok.py", "from PySide6.QtWidgets import QWidget\nfrom tracker.store import x\n")
    _plant(tmp_path, "tracker/store/ok.py", "import sqlite3\nfrom tracker.domain import y\n")
    assert check(tmp_path) == []  # the allowed ones pass
    _plant(tmp_path, relative, source)
    assert [str(f) for f in check(tmp_path)] == [expected]
