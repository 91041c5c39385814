"""The benchmark harness's verdicts: a scale's own target, a ratio target, the GUI-stall limit."""

from __future__ import annotations

from benchmarks.harness import STALL_TARGET_S, Measurement, Result, Sample
from benchmarks.report import HEADERS, rows


def _result(scale: str, seconds: float, *, base: float | None = None, gap: float | None = None,
            **targets) -> Result:
    m = Measurement("x.y", "a thing", lambda bench: 0.0, baseline="b" if base else None, **targets)
    r = Result(m, scale=scale)
    r.samples.append(Sample(seconds, gap_s=gap))
    if base:
        r.baseline_samples.append(Sample(base))
    return r


def test_a_scale_takes_its_own_target_where_it_has_one():
    slow = dict(target_s=0.1, scale_targets={"xl": 0.3})
    assert _result("full", 0.2, **slow).verdict()[0] == "MISS"
    assert _result("xl", 0.2, **slow).verdict()[0] == "met"
    assert _result("xl", 0.4, **slow).verdict()[0] == "MISS"


def test_a_ratio_target_compares_with_the_baseline_of_the_same_run():
    verdict, reasons = _result("full", 9.0, base=4.0, target_ratio=2.0).verdict()
    assert verdict == "MISS" and "2.2x its baseline" in reasons[0]
    assert _result("full", 7.9, base=4.0, target_ratio=2.0).verdict()[0] == "met"


def test_a_gui_stall_over_the_limit_is_a_miss_and_shows_in_its_column():
    fine = _result("full", 0.05, target_s=0.1, gap=STALL_TARGET_S / 2)
    stalled = _result("full", 0.05, target_s=0.1, gap=0.12)
    assert fine.verdict()[0] == "met"
    verdict, reasons = stalled.verdict()
    assert verdict == "MISS" and "stalled 120 ms" in reasons[0]
    column = HEADERS.index("longest GUI gap")
    assert [row[column] for row in rows([fine, stalled, _result("full", 1.0)])] == ["25 ms", "120 ms", "—"]
