"""The evidence rules: what each says, and when it says "met"."""

from __future__ import annotations

import datetime as dt

from tracker.domain.gate_evidence import (
    BUILTIN_RULES,
    TRAINING_TARGET,
    EvidenceFacts,
    EvidenceRule,
    KpiState,
    evaluate,
    recorded_text,
    rule_of,
)
from tracker.domain.gates import BUILTIN_TEMPLATE

AS_OF = dt.date(2026, 3, 31)


def _facts(**kw) -> EvidenceFacts:
    return EvidenceFacts(as_of=AS_OF, **kw)


def test_every_builtin_rule_names_an_item_of_the_builtin_template():
    texts = {text for _t, _a, text in BUILTIN_TEMPLATE}
    assert set(BUILTIN_RULES) <= texts
    assert BUILTIN_RULES["Sponsor named"] is EvidenceRule.SPONSOR


def test_sponsor_with_the_day_it_was_set():
    assert evaluate(EvidenceRule.SPONSOR, _facts()).met is False
    e = evaluate(EvidenceRule.SPONSOR, _facts(sponsor_name="Ada Boss", sponsor_set_on=dt.date(2026, 3, 3)))
    assert e.met and e.text == "Sponsor: Ada Boss (set 3 Mar 2026)"
    assert evaluate(EvidenceRule.SPONSOR, _facts(sponsor_name="Ada Boss")).text == "Sponsor: Ada Boss"


def test_training_against_its_target_rounded_down():
    assert TRAINING_TARGET == 0.8
    e = evaluate(EvidenceRule.TRAINING, _facts(training_percent=0.82))
    assert e.met and e.text == "Training 82% complete (target 80%)"
    almost = evaluate(EvidenceRule.TRAINING, _facts(training_percent=0.7996))
    assert not almost.met and almost.text.startswith("Training 79% complete")
    assert not evaluate(EvidenceRule.TRAINING, _facts()).met  # nothing required yet
    hidden = evaluate(EvidenceRule.TRAINING, _facts(training_percent=None, training_hidden=True))
    assert not hidden.met and "hidden" in hidden.text and "%" not in hidden.text.split(";")[0]


def test_severe_signals_hidden_figures_build_no_sentence():
    assert evaluate(EvidenceRule.SEVERE_SIGNALS, _facts(severe_open_signals=0)).met
    two = evaluate(EvidenceRule.SEVERE_SIGNALS, _facts(severe_open_signals=2))
    assert not two.met and two.text.startswith("2 open")
    hidden = evaluate(EvidenceRule.SEVERE_SIGNALS, _facts(severe_open_signals=None))
    assert not hidden.met and not any(ch.isdigit() for ch in hidden.text)


def test_champions_name_the_teams_without_one():
    e = evaluate(EvidenceRule.CHAMPIONS, _facts(high_impact_teams=("Billing", "Claims"),
                                                teams_with_champion=frozenset({"Claims"})))
    assert not e.met and e.text == "1 of 2 highly affected team(s) without a champion: Billing"
    assert evaluate(EvidenceRule.CHAMPIONS, _facts(high_impact_teams=("Claims",),
                                                   teams_with_champion=frozenset({"Claims"}))).met
    assert not evaluate(EvidenceRule.CHAMPIONS, _facts()).met


def test_kpis_all_green_or_named_kpis_only():
    kpis = (KpiState("Accuracy", "green"), KpiState("p95 latency", "red"), KpiState("Uptime", "green"))
    every = evaluate(EvidenceRule.KPIS_GREEN, _facts(kpis=kpis))
    assert not every.met and "p95 latency red" in every.text and every.text.startswith("2 of 3")
    assert evaluate(EvidenceRule.UPTIME_KPI, _facts(kpis=kpis)).met
    assert not evaluate(EvidenceRule.LATENCY_KPI, _facts(kpis=kpis)).met
    unmeasured = evaluate(EvidenceRule.KPIS_GREEN, _facts(kpis=(KpiState("Accuracy", "no_data"),)))
    assert not unmeasured.met and "no reading: Accuracy" in unmeasured.text
    assert not evaluate(EvidenceRule.LATENCY_KPI, _facts()).met


def test_decision_log_and_the_recorded_text():
    e = evaluate(EvidenceRule.DECISION_LOG, _facts(decisions=3, latest_decision=dt.date(2026, 2, 1)))
    assert e.met and e.text == "3 decision(s) logged, latest 1 Feb 2026"
    assert recorded_text(e, AS_OF) == f"{e.text} (from the workspace, 31 Mar 2026)"
    assert rule_of("") is None and rule_of("nonsense") is None and rule_of("sponsor") is EvidenceRule.SPONSOR
