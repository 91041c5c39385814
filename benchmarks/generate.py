"""Generating the benchmark workspace (and the files the import measurements read), cached.

Benchmark-only code: unlike the `tracker` package, it writes SQL directly. Going through the
audited store writer would take minutes for 100,000 people, and the fixture only has to *look*
like a workspace the app built: the same schema (created by `Workspace.open`, so by the app's
own migrations), the same constraints (foreign keys checked at commit), and an audit trail like
the one a first roster import leaves. All of it is written with `executemany` in one
transaction on the workspace's own connection (`ws.conn`).

How areas extend it, without touching this file:

- `@generator("training", version=1, order=100)` on a function `(conn, rng, scale)` in a module
  of `benchmarks/suites/`: called inside the same transaction, after the organisation (order 0)
  and the rollouts (order 10), with a `random.Random` of its own (seeded from the run's seed and
  the generator's name, so adding one leaves the others' data unchanged). It reads the ids it
  needs with `conn.execute(...)` and writes with `conn.executemany(...)`.
- `@fixture_file("usage_csv", suffix=".csv", version=1)` on a function `(workspace, rng, scale,
  path)`: writes a file derived from the generated workspace (e.g. an import file) to `path`.

Everything is cached under `benchmarks/out/` (git-ignored), keyed by scale, seed, every
generator's name and version, and the app's schema steps: bump a generator's `version` when its
output changes, and the next run regenerates; a new schema step regenerates too, so no
measurement ever times the upgrade of a workspace written by the previous version. Older cache
files of the same scale are deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import random
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.harness import Scale

HARNESS_VERSION = 1  # bump when the cache layout or the shared generation steps change


# ----------------------------------------------------------------------------- registries
@dataclass(frozen=True)
class Generator:
    name: str
    version: int
    order: int
    func: Callable[[sqlite3.Connection, random.Random, Scale], None]


@dataclass(frozen=True)
class FixtureFile:
    name: str
    suffix: str
    version: int
    func: Callable[[Path, random.Random, Scale, Path], None]
    when: Callable[[Scale], bool] | None = None  # only written for the scales it says yes to


GENERATORS: list[Generator] = []
FIXTURE_FILES: dict[str, FixtureFile] = {}


def generator(name: str, *, version: int = 1, order: int = 100):
    """Register a workspace generator `(conn, rng, scale)` (see the module docstring)."""

    def register(func):
        if any(g.name == name for g in GENERATORS):
            raise ValueError(f"generator {name!r} registered twice")
        GENERATORS.append(Generator(name, version, order, func))
        return func

    return register


def fixture_file(name: str, *, suffix: str, version: int = 1, when: Callable[[Scale], bool] | None = None):
    """Register a file fixture `(workspace_path, rng, scale, out_path)`; `when(scale)` false:
    not written for that scale (the 13th to 52nd weekly report exist at xl only)."""

    def register(func):
        if name in FIXTURE_FILES:
            raise ValueError(f"fixture file {name!r} registered twice")
        FIXTURE_FILES[name] = FixtureFile(name, suffix, version, func, when)
        return func

    return register


def rng_for(seed: int, name: str) -> random.Random:
    return random.Random(f"bench/{seed}/{name}")


# ----------------------------------------------------------------------------- the cache
@dataclass
class Fixtures:
    workspace: Path  # the pristine generated workspace: copy it, never open it for writing
    files: dict[str, Path]
    key: str
    generated_s: float  # 0 when it came from the cache
    counts: dict[str, int]

    def copy_workspace(self, destination: Path) -> Path:
        """A private copy to open (opening writes -wal/-shm files and edits change it)."""
        destination.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(str(destination) + suffix).unlink(missing_ok=True)
        shutil.copyfile(self.workspace, destination)
        return destination


def _cache_key(scale: Scale, seed: int) -> str:
    from tracker.store.schema import known_migration_names

    parts = {
        "harness": HARNESS_VERSION, "scale": scale.__dict__, "seed": seed,
        "generators": sorted((g.name, g.version) for g in GENERATORS),
        "schema": sorted(known_migration_names()),
    }
    return hashlib.sha1(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:10]


def _file_key(base_key: str, f: FixtureFile) -> str:
    return hashlib.sha1(f"{base_key}/{f.name}/{f.version}".encode()).hexdigest()[:10]


def _prune(cache_dir: Path, prefix: str, keep: set[Path]) -> None:
    for old in cache_dir.glob(prefix + "*"):
        if old not in keep and old.is_file():
            old.unlink(missing_ok=True)


def ensure_fixtures(scale: Scale, seed: int, cache_dir: Path, log: Callable[[str], None] = print) -> Fixtures:
    """The generated workspace and files for (scale, seed), from the cache or made now."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    key = _cache_key(scale, seed)
    prefix = f"{scale.name}-s{seed}-"
    workspace = cache_dir / f"{prefix}{key}.tracker"
    started = time.perf_counter()
    made = False
    if not workspace.exists():
        log(f"generating the {scale.name} workspace ({scale.people:,} people, {scale.teams:,} teams, "
            f"{scale.rollouts} rollouts) ...")
        _generate_workspace(workspace, scale, seed, log)
        made = True
    files: dict[str, Path] = {}
    for f in sorted(FIXTURE_FILES.values(), key=lambda f: f.name):
        if f.when is not None and not f.when(scale):
            continue
        path = cache_dir / f"{prefix}{key}-{f.name}-{_file_key(key, f)}{f.suffix}"
        if not path.exists():
            began = time.perf_counter()
            tmp = path.with_name(path.name + ".part")
            f.func(workspace, rng_for(seed, "file/" + f.name), scale, tmp)
            tmp.replace(path)
            log(f"  fixture {f.name}: {time.perf_counter() - began:.1f} s")
            made = True
        files[f.name] = path
    _prune(cache_dir, prefix, {workspace, *files.values()})
    return Fixtures(workspace, files, key, time.perf_counter() - started if made else 0.0, _counts(workspace))


def _counts(workspace: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"{workspace.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        conn.close()


def _generate_workspace(path: Path, scale: Scale, seed: int, log: Callable[[str], None]) -> None:
    from tracker.store import Workspace  # the app's own migrations build the schema

    tmp = path.with_name(path.name + ".part")
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    ws = Workspace.open(tmp)
    try:
        conn = ws.conn
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("PRAGMA defer_foreign_keys = ON")  # explicit ids, checked at COMMIT
        for g in sorted(GENERATORS, key=lambda g: (g.order, g.name)):
            started = time.perf_counter()
            g.func(conn, rng_for(seed, g.name), scale)
            log(f"  {g.name}: {time.perf_counter() - started:.1f} s")
        conn.execute("COMMIT")
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"generated workspace has {len(problems)} broken references: {problems[:5]}")
        # Written as the app leaves a workspace it has used: the training counts it keeps per
        # module and team are stored (the app stores them on the first read after a change, and
        # the bulk inserts above marked every module).
        from tracker.store.training_status import refresh_counts

        started = time.perf_counter()
        refresh_counts(ws)
        log(f"  training counts stored: {time.perf_counter() - started:.1f} s")
    finally:
        ws.close()
    for suffix in ("-wal", "-shm", ".lock"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    tmp.replace(path)


# ----------------------------------------------------------------------------- core generators
FUNCTIONS = (
    "Claims", "Underwriting", "Finance", "People", "Technology", "Sales", "Marketing", "Operations",
    "Legal", "Risk", "Compliance", "Procurement", "Customer Service", "Data", "Analytics", "Security",
    "Facilities", "Treasury", "Audit", "Product", "Pricing", "Payments", "Lending", "Fraud",
)
KINDS = ("Division", "Department", "Unit", "Team", "Squad")
PLACES = ("North", "South", "East", "West", "Central", "EMEA", "APAC", "Americas", "Nordics", "Iberia")
TITLES = (
    "Analyst", "Senior Analyst", "Associate", "Specialist", "Senior Specialist", "Consultant",
    "Engineer", "Senior Engineer", "Advisor", "Case Handler", "Coordinator", "Officer",
    "Data Scientist", "Product Owner", "Business Partner", "Administrator", "Team Manager",
)
LEAVER_SHARE = 0.02
EMAIL_DOMAIN = "example.com"
BATCH = 20_000


def _now() -> str:
    return dt.datetime(2026, 1, 5, 9, 0).isoformat(timespec="seconds")


def _team_levels(n: int) -> list[int]:
    """How many teams on each level, top first: 8 / 80 / 400 / rest for 2,000 teams."""
    top = max(2, n // 250)
    second = max(top, n // 25)
    third = max(second, n // 5)
    rest = n - top - second - third
    levels = [top, second, third, rest] if rest > 0 else [top, second, n - top - second]
    return [c for c in levels if c > 0]


@contextlib.contextmanager
def indexes_deferred(conn: sqlite3.Connection, table: str) -> Iterator[None]:
    """The table's plain (not unique) indexes dropped for a bulk insert and created again after
    it, from the same SQL: a sort instead of millions of inserts into indexes in random order
    (training records at xl: most of their generation time). Unique indexes stay, as
    constraints; the schema afterwards is the same text."""
    plain = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
        "AND sql NOT LIKE 'CREATE UNIQUE%'", (table,)).fetchall()
    for name, _sql in plain:
        conn.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        for _name, sql in plain:
            conn.execute(sql)


def _start_audit(conn: sqlite3.Connection, label: str) -> int:
    return conn.execute("INSERT INTO changes (at, user, label) VALUES (?, ?, ?)",
                        (_now(), "benchmark", label)).lastrowid


def _audit_inserts(conn: sqlite3.Connection, change_id: int, table: str, columns: list[str], rows) -> None:
    conn.executemany(
        "INSERT INTO audit (change_id, entity, entity_id, action, before, after) VALUES (?, ?, ?, 'insert', NULL, ?)",
        ((change_id, table, row[0], json.dumps(dict(zip(columns, row)))) for row in rows),
    )


@generator("organisation", version=1, order=0)
def generate_organisation(conn: sqlite3.Connection, rng: random.Random, scale: Scale) -> None:
    """Teams in four levels with leads, people with a reporting tree, 2 % leavers; audited as
    one roster import, as a workspace fed from the HR file would be."""
    from functools import lru_cache

    from tracker.demo.names import email_part as _email_part
    from tracker.demo.names import random_name

    email_part = lru_cache(maxsize=None)(_email_part)  # names repeat: each is turned into an address once

    # Teams: ids 1..T, parents on the level above.
    teams: list[list] = []  # [id, name, parent_id, lead_id]
    level_of: list[int] = []
    previous: list[int] = []
    for level, count in enumerate(_team_levels(scale.teams)):
        current = []
        for _ in range(count):
            tid = len(teams) + 1
            name = f"{rng.choice(FUNCTIONS)} {KINDS[min(level, len(KINDS) - 1)]} {rng.choice(PLACES)} {tid:04d}"
            teams.append([tid, name, rng.choice(previous) if previous else None, None])
            level_of.append(level)
            current.append(tid)
        previous = current
    has_children = {t[2] for t in teams if t[2] is not None}

    # People: one lead per team first, then the rest spread over teams (leaf teams weigh most).
    weights = [(rng.lognormvariate(0, 0.6) * (4.0 if t[0] not in has_children else 0.3)) for t in teams]
    team_of = [t[0] for t in teams] + rng.choices([t[0] for t in teams], weights, k=max(0, scale.people - len(teams)))
    people: list[list] = []  # [id, employee_id, name, email, title, team_id, manager_id, active]
    members: dict[int, list[int]] = {}
    for n, tid in enumerate(team_of[: scale.people], start=1):
        first, last = random_name(rng)
        email = f"{email_part(first)}.{email_part(last)}.{n}@{EMAIL_DOMAIN}"
        people.append([n, f"E{n:06d}", f"{first} {last}", email, rng.choice(TITLES), tid, None, 1])
        members.setdefault(tid, []).append(n)
    lead = {tid: ids[0] for tid, ids in members.items()}
    for t in teams:
        t[3] = lead.get(t[0])
    # Reporting tree: a team's lead reports to the parent team's lead (top leads to the first
    # top lead, the CEO); in teams over a dozen, members report to team managers who report to
    # the lead.
    ceo = lead[teams[0][0]]
    for t in teams:
        tid, parent = t[0], t[2]
        ids = members.get(tid, [])
        if not ids:
            continue
        head = ids[0]
        people[head - 1][6] = lead.get(parent) if parent is not None else (None if head == ceo else ceo)
        staff = ids[1:]
        managers = staff[: len(staff) // 12] if len(staff) > 12 else []
        for m in managers:
            people[m - 1][4] = "Team Manager"
            people[m - 1][6] = head
        rest = staff[len(managers):]
        for i, pid in enumerate(rest):
            people[pid - 1][6] = managers[i % len(managers)] if managers else head
    leads = set(lead.values())  # a set: `in lead.values()` scanned every team for every person
    for row in people:
        if row[0] not in leads and rng.random() < LEAVER_SHARE:
            row[7] = 0

    conn.executemany("INSERT INTO teams (id, name, parent_id, lead_id) VALUES (?, ?, ?, ?)", teams)
    for i in range(0, len(people), BATCH):
        conn.executemany(
            "INSERT INTO people (id, employee_id, name, email, title, team_id, manager_id, active) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", people[i:i + BATCH])
    change = _start_audit(conn, "Import roster hr-export.csv")
    _audit_inserts(conn, change, "teams", ["id", "name", "parent_id", "lead_id"], teams)
    _audit_inserts(conn, change, "people",
                   ["id", "employee_id", "name", "email", "title", "team_id", "manager_id", "active"], people)


@generator("rollouts", version=1, order=10)
def generate_rollouts(conn: sqlite3.Connection, rng: random.Random, scale: Scale) -> None:
    """Rollouts of very different reach: two enterprise-wide (a quarter of all teams), a fifth
    large (5-10 %), the rest small; roles as the sample workspace gives them (end users are the
    active members of high- and medium-impact teams)."""
    team_ids = [r[0] for r in conn.execute("SELECT id FROM teams ORDER BY id")]
    leads = [r[0] for r in conn.execute("SELECT lead_id FROM teams WHERE lead_id IS NOT NULL ORDER BY id")]
    members: dict[int, list[int]] = {}
    for pid, tid in conn.execute("SELECT id, team_id FROM people WHERE active = 1 ORDER BY id"):
        members.setdefault(tid, []).append(pid)
    everyone = [pid for ids in members.values() for pid in ids]
    role_id = {name.lower(): rid for rid, name in conn.execute("SELECT id, name FROM role_types")}
    stages = ("pilot", "pilot", "scaling", "scaling", "production", "production", "retired")
    impacts = ("high", "medium", "low", "none")

    rollouts, participation, roles = [], [], []
    for rid in range(1, scale.rollouts + 1):
        if rid <= 2:
            share = 0.25
        elif rid <= 2 + scale.rollouts // 5:
            share = rng.uniform(0.05, 0.10)
        else:
            share = rng.uniform(0.005, 0.03)
        start = dt.date(2025, 1, 6) + dt.timedelta(days=rng.randrange(540))
        go_live = start + dt.timedelta(days=rng.randrange(60, 270))
        target = go_live + dt.timedelta(days=rng.randrange(90, 365))
        owner, sponsor = rng.sample(leads, 2)
        rollouts.append((rid, f"AI rollout {rid:02d}: {rng.choice(FUNCTIONS)} assistant", "Benchmark rollout.",
                         rng.choice(stages), owner, sponsor, start.isoformat(), go_live.isoformat(),
                         rng.choice((0.6, 0.7, 0.8)), target.isoformat()))
        chosen = rng.sample(team_ids, max(2, round(len(team_ids) * share)))
        held: set[tuple[int, int]] = set()

        def give(pid: int, role: str) -> None:
            key = (pid, role_id[role])
            if key not in held:
                held.add(key)
                roles.append((rid, pid, role_id[role]))

        give(sponsor, "sponsor")
        for pid in rng.sample(everyone, 2):
            give(pid, "change lead")
        for pid in rng.sample(everyone, 3):
            give(pid, "trainer")
        give(rng.choice(everyone), "data owner")
        give(rng.choice(everyone), "model owner")
        for tid in chosen:
            impact = rng.choices(impacts, (0.25, 0.35, 0.3, 0.1))[0]
            participation.append((rid, tid, impact))
            if impact in ("high", "medium") and members.get(tid):
                give(rng.choice(members[tid]), "champion")
                for pid in members[tid]:
                    give(pid, "end user")

    conn.executemany(
        "INSERT INTO rollouts (id, name, description, stage, owner_id, sponsor_id, start_date, go_live_date, "
        "target_adoption, target_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rollouts)
    conn.executemany("INSERT INTO participation (rollout_id, team_id, impact) VALUES (?, ?, ?)", participation)
    conn.executemany("INSERT INTO person_roles (rollout_id, person_id, role_id) VALUES (?, ?, ?)", roles)
