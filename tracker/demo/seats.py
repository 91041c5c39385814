"""Sample seats: two AI tools with licences, leave marks and reclaim decisions.

The underwriting copilot's licence admin list (a seats file's rows) covers its end users and
champions, priced per month in pounds, plus the seats nobody took back: leavers' and three
accounts matching no one (a service account, a broker's guest, a contractor). Beside it the
sample adds a general chat assistant licensed per seat in dollars (a ChatGPT Enterprise-like
tool) to the underwriting, actuarial, legal and reporting teams, so some people hold seats in
both tools, and in Personal Lines Underwriting those with both mostly use only the chat tool (it
crowds the copilot out). Its usage has what a real log has: people start weeks after their
seat, some stop (some for good, some come back), everyone takes a summer break, and people
use it more after its optional prompting course, taken at different times over the year, so the
training uplift has trained people and untrained colleagues of the same teams to compare.

So every reclaim rule has cases on DEMO_AS_OF: new starters and seats given within the grace
period, people on leave, people whose required training is not done, leavers, account-only
seats, active users, and inactive seats nothing protects; a few decisions (approved leavers'
seats, a rejection with its reason, approved inactive seats) give the cohorts reclaimed people.
This area is written after the others, from its own random stream, and its rollout is planned
here rather than with the others, so the earlier areas of a seed stay as they were.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from tracker.demo.organisation import Organisation, PlannedPerson, written
from tracker.demo.readiness import DEMO_AS_OF
from tracker.demo.rollouts import PlannedRollout, RolloutSpec, plan_rollout, write_rollouts
from tracker.domain.enums import Impact, Stage
from tracker.domain.seats import Category, ReclaimLine
from tracker.domain.training import TrainingFormat

if TYPE_CHECKING:
    from tracker.store.audit import AuditedWriter

D = dt.date
COPILOT = "Underwriting copilot"
COPILOT_COST = (28.0, "GBP")
CHAT_TOOL = "ChatGPT Enterprise"
CHAT_COST = (60.0, "USD")
CHAT_SPEC = RolloutSpec(
    "Enterprise chat assistant", Stage.SCALING,
    "A general chat assistant (ChatGPT Enterprise) for drafting, summarising and analysis, licensed "
    "per seat to the underwriting, actuarial, legal and reporting teams. Objective: 70 % of seat "
    "holders using it weekly, and no seat paid for that nobody uses.",
    "Data & Analytics", "Technology & Data", D(2026, 1, 5), D(2026, 3, 2), D(2026, 12, 4),
    (("Commercial Underwriting", Impact.MEDIUM), ("Pricing & Actuarial", Impact.MEDIUM),
     ("Legal & Compliance", Impact.MEDIUM), ("BI & Reporting", Impact.MEDIUM),
     ("Personal Lines Underwriting", Impact.LOW)),
    ("HR Business Partners", "Financial Control", "Procurement"),
    ("Data Platform", ("Data Product Owner", "Data Steward")),
    ("Data Science Lab", ("Machine Learning Engineer", "Data Scientist")),
)
_ACCOUNT_SEATS = ("svc-underwriting-bot@example.com", "j.hartley@brokerpartner.example",
                  "contractor.k.osei@example.com")
_NEW_STARTER_TEAMS = ("Legal & Compliance", "BI & Reporting")
_USE_BEFORE, _USE_AFTER = 0.22, 0.5  # share of working days, before and after the prompting course
_BREAK = (D(2026, 7, 27), D(2026, 8, 23))  # everyone takes two weeks off in this stretch


def add_seats(w: AuditedWriter, rng: random.Random, org: Organisation, rollouts: list[PlannedRollout]) -> None:
    """Seats, leave marks, the chat assistant's rollout, usage and training, and decisions."""
    copilot = next(r for r in rollouts if r.name == COPILOT)
    chat = plan_rollout(rng, org, CHAT_SPEC)
    write_rollouts(w, [chat])
    w.insert("seat_settings", {"rollout_id": chat.id, "inactive_days": 30, "grace_days": 30, "tool": CHAT_TOOL})
    copilot_used = set(w.ws.seats.last_used(written(copilot), DEMO_AS_OF))
    _copilot_seats(w, rng, org, copilot)
    holders = _chat_holders(rng, org, chat, copilot_used)
    starters = _new_starters(w, rng, org, holders, rollouts)
    trained = _chat_training(w, rng, chat, holders, starters)
    _chat_usage(w, rng, chat, holders, starters, trained)
    _leave_and_decisions(w, rng, copilot, chat)


def _copilot_seats(w: AuditedWriter, rng: random.Random, org: Organisation, r: PlannedRollout) -> None:
    """The licence admin's list: end users and champions, leavers never taken back, accounts."""
    cost, currency = COPILOT_COST
    given = r.go_live - dt.timedelta(days=21)
    people = {written(p): p for p, role in r.roles if role in ("End user", "Champion")}
    for team, impact in r.teams:
        if impact in (Impact.HIGH, Impact.MEDIUM):
            people.update({written(p): p for p in org.members(team.name, active_only=False) if not p.active})
    rows = [{"rollout_id": r.id, "person_id": pid, "assigned_on": (given + dt.timedelta(days=rng.randint(0, 20))).isoformat(),
             "monthly_cost": cost, "currency": currency, "source": "import"} for pid in sorted(people)]
    # Three seats given within the grace period to people who have not used the tool yet.
    late = [row for row, pid in zip(rows, sorted(people)) if people[pid].active]
    for row in rng.sample(late, 3):
        row["assigned_on"] = (DEMO_AS_OF - dt.timedelta(days=rng.randint(4, 20))).isoformat()
    rows += [{"rollout_id": r.id, "person_id": None, "account": account, "assigned_on": given.isoformat(),
              "monthly_cost": cost, "currency": currency, "source": "import"} for account in _ACCOUNT_SEATS]
    w.insert_many("seats", [{"account": "", **row} for row in rows])


def _chat_holders(rng: random.Random, org: Organisation, chat: PlannedRollout,
                  copilot_used: set[int]) -> dict[int, tuple[PlannedPerson, dt.date]]:
    """Person id -> (person, the day their seat was given): most of the teams, in two waves.

    In Personal Lines Underwriting the chat seats went mostly to people not using the copilot."""
    holders: dict[int, tuple[PlannedPerson, dt.date]] = {}
    for n, (team, _impact) in enumerate(chat.teams):
        wave = chat.go_live + dt.timedelta(weeks=0 if n < 3 else 13)
        for person in org.members(team.name, active_only=False):
            if team.name == "Personal Lines Underwriting":
                chance = 0.15 if written(person) in copilot_used else 0.75
            else:
                chance = 0.9
            if rng.random() < chance:
                holders[written(person)] = (person, wave + dt.timedelta(days=rng.randint(0, 9)))
    return holders


def _new_starters(w: AuditedWriter, rng: random.Random, org: Organisation,
                  holders: dict[int, tuple[PlannedPerson, dt.date]], rollouts: list[PlannedRollout]) -> set[int]:
    """A few people without a role anywhere joined in the last weeks and got a chat seat on day one."""
    with_roles = {written(p) for r in rollouts for p, _ in r.roles}
    pool = [p for name in _NEW_STARTER_TEAMS for p in org.members(name)
            if written(p) in holders and written(p) not in with_roles and p.reports == 0]
    chosen = rng.sample(pool, min(4, len(pool)))
    for person in chosen:
        hired = DEMO_AS_OF - dt.timedelta(days=rng.randint(6, 25))
        w.update("people", written(person), {"hire_date": hired.isoformat()})
        holders[written(person)] = (person, hired + dt.timedelta(days=1))
    return {written(p) for p in chosen}


def _chat_training(w: AuditedWriter, rng: random.Random, chat: PlannedRollout,
                   holders: dict[int, tuple[PlannedPerson, dt.date]], starters: set[int]) -> dict[int, dt.date]:
    """The prompting course: required of champions and of Legal & Compliance (due after
    DEMO_AS_OF), taken by about half of the others too, at times spread over the year."""
    role_ids = w.ws.roles.type_ids_by_name()
    due = DEMO_AS_OF + dt.timedelta(days=40)
    module_id = w.insert("training_modules", {
        "rollout_id": chat.id, "code": "ECA-101", "title": "Prompting well and safely", "hours": 1.5,
        "format": TrainingFormat.E_LEARNING.value, "due_date": due.isoformat(), "due_offset_days": None,
        "available_from": chat.start.isoformat()})
    w.insert("training_role_requirements", {"module_id": module_id, "role_id": role_ids["champion"]})
    legal = next(t for t, _ in chat.teams if t.name == "Legal & Compliance")
    w.insert("training_team_requirements", {"module_id": module_id, "team_id": legal.id})
    trained: dict[int, dt.date] = {}
    for pid, (person, given) in sorted(holders.items()):
        if pid in starters or not person.active or rng.random() > 0.55:
            continue
        span = (DEMO_AS_OF - given).days - 7
        if span < 30:
            continue
        day = given + dt.timedelta(days=rng.randint(14, span))
        trained[pid] = day
        w.insert("training_records", {"module_id": module_id, "person_id": pid, "status": "completed",
                                      "completed_on": day.isoformat(), "score": round(rng.uniform(60, 100))})
    return trained


def _chat_usage(w: AuditedWriter, rng: random.Random, chat: PlannedRollout,
                holders: dict[int, tuple[PlannedPerson, dt.date]], starters: set[int],
                trained: dict[int, dt.date]) -> None:
    """Seats for every holder, and their usage log up to DEMO_AS_OF."""
    cost, currency = CHAT_COST
    last = DEMO_AS_OF.toordinal()
    rows, keys = [], []
    for pid, (person, given) in sorted(holders.items()):
        rows.append({"rollout_id": chat.id, "person_id": pid, "account": "", "assigned_on": given.isoformat(),
                     "monthly_cost": cost, "currency": currency, "source": "import"})
        if not person.active or pid in starters or rng.random() < 0.12:
            continue  # leavers, new starters and people who never started
        first = given.toordinal() + int(rng.expovariate(1 / 12))
        stop = last + 1
        if rng.random() < 0.2:  # stops using it; some come back weeks later
            stop = rng.randint(first + 20, last + 40)
        back = stop + rng.randint(21, 70) if rng.random() < 0.4 else last + 1
        holiday = _BREAK[0].toordinal() + rng.randint(0, 13)
        course = trained.get(pid)
        base = (written(chat) << 44) | (pid << 20)
        for day in range(first, last + 1):
            if (day - 1) % 7 >= 5 or holiday <= day < holiday + 14 or stop <= day < back:
                continue
            share = _USE_AFTER if course is not None and day > course.toordinal() else _USE_BEFORE
            if rng.random() < share:
                keys.append(base | day)
    w.insert_many("seats", rows)
    if keys:
        w.ws.adoption.record_usage(w, keys, source="sample chat assistant usage export", rows=len(keys))


def _leave_and_decisions(w: AuditedWriter, rng: random.Random, copilot: PlannedRollout, chat: PlannedRollout) -> None:
    """Leave marks for some inactive seat holders, then a change manager's sign-offs."""
    for r in (copilot, chat):
        lines = w.ws.seats.reclaim_list(written(r), DEMO_AS_OF).of(Category.RECLAIM)
        rng.shuffle(lines)
        for line in lines[:3]:  # on leave now: parental leave (no end yet) or a sabbatical
            assert line.seat.person_id is not None
            ends = None if rng.random() < 0.5 else DEMO_AS_OF + dt.timedelta(days=rng.randint(20, 120))
            w.insert("seat_leave", {"person_id": line.seat.person_id, "ends_on": ends.isoformat() if ends else None,
                                    "starts_on": (DEMO_AS_OF - dt.timedelta(days=rng.randint(35, 150))).isoformat()})
        for line in lines[3:5]:  # a leave that has ended: no longer a reason to keep the seat
            assert line.seat.person_id is not None
            w.insert("seat_leave", {"person_id": line.seat.person_id,
                                    "starts_on": (DEMO_AS_OF - dt.timedelta(days=200)).isoformat(),
                                    "ends_on": (DEMO_AS_OF - dt.timedelta(days=120)).isoformat()})
        _decide(w, r, lines[5:7], "approved", DEMO_AS_OF - dt.timedelta(days=11), "")
    leavers = w.ws.seats.reclaim_list(written(copilot), DEMO_AS_OF).of(Category.LEAVER)
    _decide(w, copilot, leavers[:4], "approved", DEMO_AS_OF - dt.timedelta(days=36), "")
    kept = w.ws.seats.reclaim_list(written(copilot), DEMO_AS_OF).of(Category.RECLAIM)[:1]
    _decide(w, copilot, kept, "rejected", DEMO_AS_OF - dt.timedelta(days=5),
            "Uses it at the year-end renewals; keep until February")


def _decide(w: AuditedWriter, r: PlannedRollout, lines: list[ReclaimLine], decision: str, on: dt.date,
            reason: str) -> None:
    """The rollout's change lead signs off on these lines."""
    by = next(p.name for p, role in r.roles if role == "Change lead")
    for line in lines:
        assert line.seat.seat_id is not None, "the sample decides on imported seats only"
        w.insert("seat_decisions", {"seat_id": line.seat.seat_id, "decision": decision, "decided_by": by,
                                    "decided_on": on.isoformat(), "reason": reason})
