"""Seat reclaim: the reclaim list of a rollout whose every person holds a seat.

Measured at the domain level on synthetic seats (the scale's people, each with a seat; usage,
hire dates, leave, pending training and leavers drawn from the run's seed), so it needs no
generated workspace: the store's reads are indexed lookups and one grouped scan of usage events,
timed by the usage suites. The issue's target: 100,000 licensed people in at most one second.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from benchmarks.harness import Bench, Sample, measurement

AS_OF = dt.date(2026, 6, 1)


def synthetic_seats(people: int, seed: int) -> dict[str, object]:
    """Inputs of `reclaim_list` for ``people`` seat holders in teams of 50: 60 % used the tool
    within 30 days, 25 % earlier, 15 % never; 3 % hired within the grace period, 2 % on leave,
    10 % with training pending, 1 % leavers; seats at 30 EUR a month."""
    from tracker.domain.seat_records import Holder, LeaveMark, PendingTraining, Seat

    rng = random.Random(seed)
    seats, holders, last_used, leave, pending = [], {}, {}, [], []
    for pid in range(1, people + 1):
        seats.append(Seat(pid, pid, AS_OF - dt.timedelta(days=rng.randint(1, 400)), 30.0, "EUR"))
        hired = AS_OF - dt.timedelta(days=rng.randint(1, 20) if rng.random() < 0.03 else rng.randint(60, 4000))
        holders[pid] = Holder(pid, f"Person {pid}", f"E{pid:06d}", pid // 50, f"Team {pid // 50}",
                              rng.random() >= 0.01, hired)
        draw = rng.random()
        if draw < 0.60:
            last_used[pid] = AS_OF - dt.timedelta(days=rng.randint(0, 29))
        elif draw < 0.85:
            last_used[pid] = AS_OF - dt.timedelta(days=rng.randint(30, 300))
        if rng.random() < 0.02:
            leave.append(LeaveMark(pid, AS_OF - dt.timedelta(days=10), None))
        if rng.random() < 0.10:
            pending.append(PendingTraining(pid, "AI-101", AS_OF + dt.timedelta(days=rng.randint(-30, 30))))
    return {"seats": seats, "holders": holders, "last_used": last_used, "leave": leave, "pending": pending}


@measurement("seats.reclaim_list", "seat reclaim list of a rollout whose every person holds a seat", target_s=1.0)
def reclaim(bench: Bench) -> Sample:
    """`tracker.domain.seats.reclaim_list` over the scale's people as seat holders (100,000 at
    full scale): every rule applied to every seat, lines sorted, cost recoverable summed."""
    from tracker.domain.seats import reclaim_list

    data = bench.shared("seats-synthetic", lambda: synthetic_seats(bench.scale.people, bench.seed))
    started = time.perf_counter()
    listed = reclaim_list(data["seats"], data["holders"], data["last_used"], as_of=AS_OF,  # type: ignore[arg-type]
                          leave=data["leave"], pending_training=data["pending"])  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    return Sample(seconds, None, {"seats": len(listed.lines), "recommended": len(listed.recommended),
                                  "inactive": listed.inactive_seats, "recoverable": listed.recoverable_text()})
