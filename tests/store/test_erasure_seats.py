"""Erasing a person who holds a seat, is marked on leave and whose seat was decided on: the seat
and the leave mark stay under the pseudonym (the reclaim verdicts and figures do not move), the
decisions' reasons are withheld, in the table and in the trail's copies, and their name and
email go from every seat text (an account seat listed under their email)."""

from __future__ import annotations

import datetime as dt

from tracker.domain.portable_format import PSEUDONYM_TEXT
from tracker.domain.seat_records import Decision, Seat
from tracker.store.erasure import checkpoint, erase_person

DAY = dt.date(2026, 6, 1)


def test_a_seat_holders_leave_and_decision_reasons_are_erased_and_the_verdicts_kept(org, tmp_path):
    ws, rollout, ann = org["ws"], org["rollout"], org["ann"]
    with ws.write("Set Ann Claims's email") as w:
        w.update("people", ann, {"email": "ann.claims@example.com"})
    with ws.write("Seats") as w:
        seat = w.insert("seats", {"rollout_id": rollout, "person_id": ann, "assigned_on": "2026-01-05"})
        # a second licence listed under her email in another system's export, matching no one
        w.insert("seats", {"rollout_id": rollout, "account": "ann.claims@example.com"})
        bob_seat = w.insert("seats", {"rollout_id": rollout, "person_id": org["bob"], "assigned_on": "2026-01-05"})
    ws.seats.add_leave(ann, dt.date(2026, 5, 1), dt.date(2026, 9, 30))
    ws.seats.decide(rollout, [Seat(seat, ann, dt.date(2026, 1, 5))], Decision.REJECTED, by="Ada Boss",
                    reason="Ann Claims is on maternity leave", on=DAY)
    ws.seats.decide(rollout, [Seat(seat, ann, dt.date(2026, 1, 5))], Decision.REJECTED, by="Ada Boss",
                    reason="still away, back in October", on=DAY)
    ws.seats.decide(rollout, [Seat(bob_seat, org["bob"], dt.date(2026, 1, 5))], Decision.REJECTED,
                    by="Ann Claims", reason="Bob moves to claims in July", on=DAY)

    def verdicts():
        return sorted((line.seat.person_id or 0, line.category.value, line.reasons and len(line.reasons))
                      for line in ws.seats.reclaim_list(rollout, DAY).lines)

    before = verdicts()
    erase_person(ws, ann)
    checkpoint(ws)
    assert verdicts() == before
    # her seat and her leave stay, under the pseudonym
    assert ws.scalar("SELECT count(*) FROM seats WHERE person_id = ?", (ann,)) == 1
    assert [(m.starts_on, m.ends_on) for m in ws.seats.leave([ann])] == [(dt.date(2026, 5, 1), dt.date(2026, 9, 30))]
    # the reasons given for decisions on her seat are withheld; other seats' reasons stay
    reasons = {row["seat_id"]: [] for row in ws.query("SELECT seat_id FROM seat_decisions")}
    for row in ws.query("SELECT seat_id, reason, decided_by FROM seat_decisions ORDER BY id"):
        reasons[row["seat_id"]].append((row["reason"], row["decided_by"]))
    assert reasons[seat] == [(PSEUDONYM_TEXT, "Ada Boss"), (PSEUDONYM_TEXT, "Ada Boss")]
    assert reasons[bob_seat] == [("Bob moves to claims in July", f"Person {ann:04d}")]  # she decided that one
    assert ws.scalar("SELECT count(*) FROM seats WHERE account = 'ann.claims@example.com'") == 0
    # Every value of every table, trail included (on both engines), and on SQLite the file's bytes.
    data = "\n".join(repr(row) for table in ws.table_names()
                     for row in ws.conn.execute(f"SELECT * FROM {table}").fetchall()).encode()
    if ws.engine == "sqlite":
        data += (tmp_path / "test.tracker").read_bytes()
        wal = tmp_path / "test.tracker-wal"
        data += wal.read_bytes() if wal.exists() else b""
    for gone in (b"Ann Claims", b"ann.claims@example.com", b"maternity", b"back in October"):
        assert gone not in data, gone
    assert b"Bob moves to claims" in data and b"Ada Boss" in data  # only what was about her went
