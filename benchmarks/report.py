"""The results as a printed table, a JSON file and a Markdown table."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.harness import Result


def fmt_s(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 1:
        return f"{value * 1000:.0f} ms" if value >= 0.0095 else f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def fmt_mb(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} MB"


def _cell(stats: dict | None, mb: dict | None, key: str) -> str:
    parts = []
    if stats is not None:
        parts.append(fmt_s(stats[key]))
    if mb is not None:
        parts.append(fmt_mb(mb[key]))
    return " · ".join(parts) or "—"


def _target(r: Result) -> str:
    m = r.measurement
    parts = []
    if r.target_s is not None:
        parts.append(f"≤ {fmt_s(r.target_s)}")
    if m.target_mb is not None:
        parts.append(f"≤ {m.target_mb:.0f} MB")
    if m.target_ratio is not None:
        parts.append(f"≤ {m.target_ratio:g}x baseline")
    return " · ".join(parts) or "—"


def rows(results: list[Result]) -> list[list[str]]:
    table = []
    for r in results:
        verdict, reasons = r.verdict()
        base = "—"
        if r.measurement.baseline:
            memory_only = r.target_s is None and r.measurement.target_mb is not None
            base = _cell(None if memory_only else r.baseline_seconds, r.baseline_mb, "median")
        ratio = f"{r.ratio:.1f}x" if r.ratio is not None else "—"
        status = verdict + (f": {'; '.join(reasons)}" if reasons and verdict != "ERROR" else "")
        if verdict == "ERROR":
            status = f"ERROR: {reasons[0] if reasons else ''}"
        table.append([r.measurement.title, r.measurement.engine, _cell(r.seconds, r.mb, "median"), _cell(r.seconds, r.mb, "min"),
                      _cell(r.seconds, r.mb, "max"), _target(r), base, ratio, fmt_s(r.gap_s), status])
    return table


# "longest GUI gap": the longest the window's event loop did not turn during a measured
# interaction, over all repetitions (benchmarks/gui.py); — for measurements without a window.
HEADERS = ["measurement", "engine", "median", "min", "max", "target", "baseline median", "ratio", "longest GUI gap",
           "verdict"]


def text_table(results: list[Result]) -> str:
    body = rows(results)
    widths = [max(len(h), *(len(row[i]) for row in body)) if body else len(h) for i, h in enumerate(HEADERS)]
    widths[-1] = len(HEADERS[-1])  # the verdict runs on without padding
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(HEADERS), line(["-" * w for w in widths])]
    out.extend(line(row) for row in body)
    return "\n".join(out)


def markdown(results: list[Result], meta: dict) -> str:
    machine = meta["machine"]
    head = (
        f"# Benchmark results: {meta['scale']['name']} scale\n\n"
        f"{meta['scale']['people']:,} people, {meta['scale']['teams']:,} teams, {meta['scale']['rollouts']} rollouts; "
        f"run {machine['date']} on {machine['cpu']} ({machine['cores_usable']} cores usable, "
        f"{machine['ram_gb']} GB RAM), Python {machine['python']}, Qt {machine['qt']} "
        f"(PySide6 {machine['pyside6']}, platform {machine['qt_platform']}), SQLite {machine['sqlite']}; "
        f"commit {machine['git_commit']}{' with uncommitted changes' if machine['git_dirty'] else ''}. "
        f"Each row: median, min and max of its repetitions; the ratio is median / baseline median, "
        f"both measured in this run; the longest GUI gap is the longest the window's event loop stood "
        f"still during a measured interaction, in any repetition (target ≤ 50 ms). Written by "
        f"`python -m benchmarks.run`; the numbers and samples are in the JSON file beside this one.\n\n"
    )
    body = rows(results)
    table = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    table += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in body]
    notes = [f"- **{r.measurement.title}** (`{r.measurement.name}`): {r.measurement.note}"
             for r in results if r.measurement.note]
    return head + "\n".join(table) + "\n\n## What each row times\n\n" + "\n".join(notes) + "\n"


def to_json(results: list[Result], meta: dict) -> dict:
    out = dict(meta)
    out["measurements"] = []
    for r in results:
        m = r.measurement
        verdict, reasons = r.verdict()
        out["measurements"].append({
            "name": m.name, "title": m.title, "note": m.note, "engine": m.engine,
            "target_s": r.target_s, "target_mb": m.target_mb, "target_ratio": m.target_ratio,
            "repetitions": len(r.samples),
            "seconds": r.seconds, "mb": r.mb, "longest_gui_gap_s": r.gap_s,
            "samples_s": [s.seconds for s in r.samples], "samples_mb": [s.mb for s in r.samples],
            "samples_gui_gap_s": [s.gap_s for s in r.samples],
            "details": [s.details for s in r.samples],
            "baseline": None if not m.baseline else {
                "name": m.baseline, "seconds": r.baseline_seconds, "mb": r.baseline_mb,
                "samples_s": [s.seconds for s in r.baseline_samples],
                "details": [s.details for s in r.baseline_samples],
            },
            "ratio": r.ratio,
            "verdict": verdict, "reasons": reasons,
            "error": r.error,
        })
    return out


def write(results: list[Result], meta: dict, json_path: Path, md_path: Path | None) -> None:
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(to_json(results, meta), indent=2, default=str) + "\n", encoding="utf-8")
    if md_path is not None:
        md_path.write_text(markdown(results, meta), encoding="utf-8")
