"""The benchmark's PostgreSQL server: a throwaway cluster for the run, the generated workspaces on it.

`--engine postgresql` (or `both`) runs the main suites against a shared workspace too
(benchmarks/suites/postgres_engine.py). The server is started the way the tests start theirs
(tests/postgres_cluster.py: initdb + pg_ctl under a temporary folder, a Unix socket only, no
durability: fsync off), on this machine, and stopped at the end of the run. So the figures are
of a local server, with no network between the app and it: what a team's real server adds is
its round trips (a few hundred microseconds each on a LAN).

The generated workspace (a file) is pushed to the server once per run with the app's own copy
(`tracker push`'s code, untimed) into a database used only as a template; each repetition then
works on a copy of it (CREATE DATABASE ... TEMPLATE, untimed), as the file suites work on a
copy of the file.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.harness import Bench

ROOT = Path(__file__).resolve().parents[1]


def _cluster_module() -> Any:
    """tests/postgres_cluster.py (the one way this project starts a throwaway server)."""
    spec = importlib.util.spec_from_file_location("postgres_cluster", ROOT / "tests" / "postgres_cluster.py")
    if spec is None or spec.loader is None:
        raise RuntimeError("tests/postgres_cluster.py is missing")
    module = importlib.util.module_from_spec(spec)
    sys.modules["postgres_cluster"] = module  # its dataclass looks its module up by name
    spec.loader.exec_module(module)
    return module


@dataclass
class Server:
    cluster: Any  # tests/postgres_cluster.Cluster
    templates: dict[str, str] = field(default_factory=dict)  # what it holds -> its template database
    _names: Any = field(default_factory=lambda: (f"bench_{n}" for n in itertools.count(1)))

    def template(self, key: str, source: Path | None) -> str:
        """The template database holding the workspace file `source` (None: an empty workspace),
        pushed once per run."""
        if key not in self.templates:
            from tracker.store import Workspace
            from tracker.store.engine.workspace_copy import copy_workspace

            name = f"template_{key.replace('-', '_')}"
            address = self.cluster.create_database(name)
            with Workspace.open(address) as target:
                if source is not None:
                    with Workspace.open_to_read(source) as origin:
                        copy_workspace(origin, target, label=f"Benchmark copy of {source.name}")
            self.templates[key] = name
        return self.templates[key]

    def copy(self, key: str, source: Path | None) -> tuple[str, str]:
        """(name, address) of a new database holding a copy of `template(key, source)`."""
        template = self.template(key, source)
        name = next(self._names)
        return name, self.cluster.create_database(name, template=template)

    def drop(self, name: str) -> None:
        self.cluster.drop_database(name)


def server(bench: Bench) -> Server:
    """The run's server, started on first use and stopped at the end of the run."""

    def start() -> Server:
        clusters = _cluster_module()
        binaries = clusters.find_binaries()
        if binaries is None:
            raise RuntimeError(f"no PostgreSQL server here: {clusters.INSTALL_HINT}")
        cluster = clusters.start_cluster(binaries)
        bench.on_exit(cluster.stop)
        return Server(cluster)

    return bench.shared("postgres-server", start)
