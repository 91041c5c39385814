"""Planning an ADKAR survey import: rows from a file in, new / changed / unchanged out.

Two layouts arrive from survey tools. With a `respondents` column each row is one team's
assessment already averaged; without it each row is one person's answers, averaged here per
team and date (individual answers are never stored: only the means and how many answered).
An assessment is identified by rollout, team and date, so importing the same file again
changes nothing, and a corrected file updates the figures it corrects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar, cast

from tracker.domain.dates import DateParseError, parse_date
from tracker.domain.importing import RowError, cell_text
from tracker.domain.readiness import ADKAR

SCORE_COLUMNS = tuple(e.value for e in ADKAR)
REQUIRED_COLUMNS = ("team", "assessed_on", *SCORE_COLUMNS)
DECIMALS = 2  # stored means are rounded, so the same answers always give the same figures

Scores = tuple[float, float, float, float, float]
T = TypeVar("T", bound=Hashable)  # whatever names a team: an id, or its text


@dataclass(frozen=True)
class SurveyAssessment:
    """One team's assessment on one date, as the file gives it (or averages to)."""

    team_id: int
    team_name: str
    assessed_on: dt.date
    scores: Scores
    respondents: int
    rows: tuple[int, ...]  # the file rows it comes from


@dataclass
class AdkarPlan:
    per_respondent: bool = False
    new: list[SurveyAssessment] = field(default_factory=list)
    changed: list[tuple[int, SurveyAssessment]] = field(default_factory=list)  # (stored id, new values)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed)

    def summary(self) -> str:
        return f"{len(self.new):,} new assessments, {len(self.changed):,} changed, {self.unchanged:,} unchanged"


def average_responses(responses: Iterable[tuple[T, dt.date, Scores]]) -> dict[tuple[T, dt.date], tuple[Scores, int]]:
    """Per-respondent answers -> the mean of each element per (team, date), and how many answered.

    Means are rounded to DECIMALS places. Order of the input does not matter.
    """
    sums: dict[tuple[T, dt.date], list[float]] = {}
    counts: dict[tuple[T, dt.date], int] = {}
    for team, day, scores in responses:
        key = (team, day)
        acc = sums.setdefault(key, [0.0] * len(ADKAR))
        for i, score in enumerate(scores):
            acc[i] += score
        counts[key] = counts.get(key, 0) + 1
    return {
        key: (cast(Scores, tuple(round(total / counts[key], DECIMALS) for total in acc)), counts[key])
        for key, acc in sums.items()
    }


def _score(value: object, column: str) -> tuple[float | None, str | None]:
    text = cell_text(value)
    if not text:
        return None, f"{column} is empty"
    try:
        number = float(value) if isinstance(value, (int, float)) else float(text.replace(",", "."))
    except (TypeError, ValueError):
        return None, f"{column} '{text}' is not a number"
    if number != number or not 1 <= number <= 5:  # NaN, or outside the scale
        return None, f"{column} {text} is outside 1–5"
    return number, None


def plan_adkar(headers: list[str], rows: Iterable[tuple[int, Mapping[str, object]]], *,
               teams: Mapping[str, tuple[int, str]], stored: Mapping[tuple[int, dt.date], tuple[int, Scores, int]],
               row_problems: Iterable[tuple[int, str]] = ()) -> AdkarPlan:
    """Check every row and compare with what the rollout already holds.

    teams: lower-cased team name -> (id, name). stored: (team id, date) -> (id, scores,
    respondents) of the rollout's existing assessments. Every problem is reported, by row.
    """
    plan = AdkarPlan(per_respondent="respondents" not in headers)
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        plan.errors.append(RowError(None, f"the file has no column {', '.join(missing)} (it needs "
                                    f"{', '.join(REQUIRED_COLUMNS)}, and respondents for one row per team)"))
        return plan
    plan.errors.extend(RowError(number, reason) for number, reason in row_problems)
    parsed: list[tuple[int, int, str, dt.date, Scores, int]] = []
    for number, values in rows:
        problems = []
        team_text = cell_text(values.get("team"))
        team = teams.get(team_text.lower()) if team_text else None
        if not team_text:
            problems.append("team is empty")
        elif team is None:
            problems.append(f"there is no team called '{team_text}'")
        try:
            day = parse_date(values.get("assessed_on"))
        except DateParseError as e:
            problems.append(f"assessed_on: {e}")
            day = None
        scores: list[float] = []
        for column in SCORE_COLUMNS:
            score, problem = _score(values.get(column), column)
            if score is not None:
                scores.append(score)
            if problem:
                problems.append(problem)
        respondents = 1
        if not plan.per_respondent:
            text = cell_text(values.get("respondents"))
            if not text.isdigit() or int(text) < 1:
                problems.append(f"respondents '{text}' is not a whole number of at least 1")
            else:
                respondents = int(text)
        if problems:
            plan.errors.append(RowError(number, "; ".join(problems)))
            continue
        # No problem: the team and the date were found and every score read (one per column).
        assert team is not None and day is not None and len(scores) == len(SCORE_COLUMNS)
        parsed.append((number, team[0], team[1], day, cast(Scores, tuple(scores)), respondents))

    found: dict[tuple[int, dt.date], SurveyAssessment] = {}
    if plan.per_respondent:
        rows_of: dict[tuple[int, dt.date], list[int]] = {}
        names: dict[int, str] = {}
        for number, team_id, name, day, _scores, _n in parsed:
            rows_of.setdefault((team_id, day), []).append(number)
            names[team_id] = name
        means = average_responses((team_id, day, scores) for _, team_id, _, day, scores, _ in parsed)
        for (team_id, day), (mean, count) in means.items():
            found[(team_id, day)] = SurveyAssessment(team_id, names[team_id], day, mean, count,
                                                     tuple(rows_of[(team_id, day)]))
    else:
        for number, team_id, name, day, row_scores, respondents in parsed:
            key = (team_id, day)
            if key in found:
                plan.errors.append(RowError(number, f"{name} on {day.isoformat()} is already in row "
                                            f"{found[key].rows[0]}; give each team one row per date"))
                continue
            rounded = cast(Scores, tuple(round(s, DECIMALS) for s in row_scores))
            found[key] = SurveyAssessment(team_id, name, day, rounded, respondents, (number,))
    if plan.errors:
        plan.errors.sort(key=lambda e: (e.row is not None, e.row or 0))
        return plan
    for key in sorted(found, key=lambda k: (k[1], found[k].team_name.casefold())):
        assessment = found[key]
        existing = stored.get(key)
        if existing is None:
            plan.new.append(assessment)
        elif tuple(existing[1]) == assessment.scores and existing[2] == assessment.respondents:
            plan.unchanged += 1
        else:
            plan.changed.append((existing[0], assessment))
    return plan
