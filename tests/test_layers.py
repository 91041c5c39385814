"""No import climbs a layer (docs/architecture.md, "The layers").

Every module under tracker/ is parsed with `ast` (nothing is imported, so a module that would
need a display or a database to load is checked the same way), given the layer of its package,
and each of its imports of another tracker module is compared with the layer order below: a
module may import its own layer and the layers under it, never one above it nor a peer of the
same rank. Imports under ``if TYPE_CHECKING:`` and inside functions count as much as the
others: they are dependencies all the same. Two rules more: Qt only in the UI layer, and the
database engine (sqlite3, sqlite-utils, SQLCipher) only in the store.

Parsing every module is most of the test's time (about a second of CPU for 350 modules), so
each module's imports are kept in pytest's cache (`.pytest_cache`) under the hash of its source
and of the code that reads them: a run parses only the modules that changed since the last one.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
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


def statements(body: list[ast.stmt]):
    """Every statement in `body` and in the blocks nested in it (functions, classes, if/try/
    with/for/while/match). An import is a statement, so this finds each one that `ast.walk`
    would without visiting the expressions, which are most of a module's nodes."""
    for node in body:
        yield node
        for field in ("body", "orelse", "finalbody"):
            yield from statements(getattr(node, field, []))
        for handler in getattr(node, "handlers", []):  # try / try*
            yield from statements(handler.body)
        for case in getattr(node, "cases", []):  # match
            yield from statements(case.body)


def imports_of(tree: ast.Module, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the module, relative ones resolved."""
    found: list[tuple[int, str]] = []
    for node in statements(tree.body):
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


# The cache entry's name changes with the code that reads imports, so a change there re-reads all.
CACHE_KEY = "layers/imports-" + hashlib.sha256(
    (inspect.getsource(statements) + inspect.getsource(imports_of)).encode()).hexdigest()[:16]


def module_imports(path: Path, module: str, before: dict[str, list], now: dict[str, list]) -> list[tuple[int, str]]:
    """`imports_of` the module at `path`, taken from `before` (hash of file name and source ->
    imports) when this source was read on an earlier run; recorded in `now` either way."""
    source = path.read_bytes()
    digest = hashlib.sha256(f"{module}/{path.name}".encode() + b"\0" + source).hexdigest()
    if digest in before:
        found = [(line, name) for line, name in before[digest]]
    else:
        found = imports_of(ast.parse(source, str(path)), module, path.name == "__init__.py")
    now[digest] = found
    return found


def check(root: Path, cache=None) -> list[Finding]:
    """Every import under ``root/tracker`` that breaks the layer order or the Qt/database rules.
    `cache`: pytest's cache, to keep each module's imports between runs (None: parse every one)."""
    findings: list[Finding] = []
    before: dict[str, list] = cache.get(CACHE_KEY, {}) if cache is not None else {}
    now: dict[str, list] = {}
    for path in sorted((root / "tracker").rglob("*.py")):
        module = module_name(path, root)
        layer = layer_of(module)
        if layer is None:
            findings.append(Finding(module, 1, "-", "its package is in no layer; add it to RANK "
                                    "here and to docs/architecture.md"))
            continue
        for line, name in module_imports(path, module, before, now):
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
    if cache is not None:
        cache.set(CACHE_KEY, now)  # only the modules of today: the entry does not grow
    return findings


def test_no_import_climbs_a_layer(pytestconfig):
    findings = check(ROOT, getattr(pytestconfig, "cache", None))  # no cache under -p no:cacheprovider
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


class _Cache(dict):
    """pytest's cache as `check` uses it (get with a default, set), kept in memory."""

    def set(self, key, value):
        self[key] = value


def test_an_import_added_after_a_cached_run_is_found(tmp_path):
    _plant(tmp_path, "tracker/__init__.py", "")
    _plant(tmp_path, "tracker/domain/planted.py", "import datetime\n")
    cache = _Cache()
    assert check(tmp_path, cache) == [] and len(cache[CACHE_KEY]) == 2
    _plant(tmp_path, "tracker/domain/planted.py", "import datetime\nfrom tracker.store import x\n")
    assert [str(f) for f in check(tmp_path, cache)] == [
        "tracker.domain.planted:2 imports tracker.store: domain may not import store, a layer above it"]
    assert len(cache[CACHE_KEY]) == 2  # the old source's entry is gone: the cache does not grow
