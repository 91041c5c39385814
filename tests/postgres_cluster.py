"""A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl under a temporary folder.

The shared workspace (issue 17) runs on PostgreSQL; its tests need a server, and CI has no
service running. This starts one the way a developer would by hand: `initdb` into a fresh
folder, `pg_ctl start` listening only on a Unix socket in that folder (no TCP port, so nothing
on the machine can reach it and two test runs never collide), trust authentication for the
one superuser the tests connect as. PostgreSQL refuses to run as root; under root (CI) the
cluster runs as the `postgres` system user the distribution's package creates, else as `nobody`.

The binaries come from the distribution's packages (`apt-get install postgresql`; .ci/run does
it). Without them `find_binaries()` returns None and the tests that need a server skip, saying
how to install it — unless TRACKER_TEST_POSTGRES=required (CI), when they fail instead.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SUPERUSER = "tracker_test"
REQUIRED_ENV = "TRACKER_TEST_POSTGRES"
INSTALL_HINT = "install PostgreSQL's server (Debian: apt-get install postgresql) to run these tests"


def find_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, or Debian's versioned folder (newest)."""
    for name in ("initdb", "pg_ctl"):
        found = shutil.which(name)
        if found and Path(found).resolve().parent.joinpath("pg_ctl").exists():
            return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                      key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(versions[-1]).parent if versions else None


def _run_as() -> list[str]:
    """The command prefix that drops root: PostgreSQL's server will not start as root."""
    if os.geteuid() != 0:
        return []
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        runuser = shutil.which("runuser")
        if runuser:
            return [runuser, "-u", user, "--"]
        return [shutil.which("su") or "su", user, "-s", "/bin/sh", "-c"]  # pragma: no cover
    raise RuntimeError("running as root with no 'postgres' or 'nobody' user to run PostgreSQL as")


@dataclass
class Cluster:
    folder: Path
    bin: Path
    port: int = 5432  # only names the socket file (.s.PGSQL.5432): no TCP port is opened
    #: One connection to the `postgres` database, kept open: a psql process per new database
    #: cost more than the copy itself.
    _admin: Any = field(default=None, repr=False)

    @property
    def socket_dir(self) -> Path:
        return self.folder

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        """A libpq address of `database` on this cluster's socket, as the app takes them."""
        return f"postgresql://{user}@/{database}?host={self.socket_dir}&port={self.port}"

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """A new empty database (or a copy of `template`, which nobody may be connected to);
        returns its address. A copy is made file by file (STRATEGY FILE_COPY): with fsync off
        its checkpoint is cheap, and it takes a fifth of the time of copying through the WAL."""
        copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        self._execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Remove `name` (a test's copy: about 10 MB each), closing what is still connected to it."""
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def end_connections(self, name: str) -> None:
        """End every connection to database `name` (a test may leave one open)."""
        self._execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      f"WHERE datname = '{name}' AND pid <> pg_backend_pid()")

    def _execute(self, sql: str) -> None:
        import psycopg

        if self._admin is None or self._admin.closed:
            self._admin = psycopg.connect(self.url("postgres"), autocommit=True)
        self._admin.execute(sql)

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
        subprocess.run([*_run_as(), str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                        "stop"], capture_output=True, text=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(bin_dir: Path) -> Cluster:
    """initdb + pg_ctl start in a new temporary folder; raises RuntimeError with the server's log."""
    folder = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
    prefix = _run_as()
    if prefix:  # the server's user must own its folder
        user = prefix[2] if prefix[0].endswith("runuser") else prefix[1]
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    data, log = folder / "data", folder / "server.log"
    init = subprocess.run([*prefix, str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust",
                           "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], capture_output=True, text=True)
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
    # Small and quick: no TCP, the socket in our folder, no durability needed for tests.
    options = (f"-c listen_addresses='' -k {folder} -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=40 -c shared_buffers=32MB")
    start = subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log),
                            "-w", "-t", "60", "start"], capture_output=True, text=True)
    if start.returncode != 0:
        text = log.read_text(errors="replace") if log.exists() else start.stderr
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {text.strip()[-2000:]}")
    return Cluster(folder, bin_dir)
