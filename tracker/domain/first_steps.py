"""The first steps of a new workspace, in the order they depend on each other.

A new workspace is empty, and "create a rollout" is not where a change manager starts: the
rollout's teams and people come from the HR roster, and training and adoption figures come from
the learning system's and the AI tool's exports. The dashboard shows these steps, ticked from
what the workspace already holds, until they are all done.
"""

from __future__ import annotations

from dataclasses import dataclass

ROSTER, ROLLOUT, TEAMS, TRAINING_AND_USAGE = "roster", "rollout", "teams", "training_and_usage"


@dataclass(frozen=True, slots=True)
class SetupFacts:
    """What the workspace holds, as far as the first steps care (each a yes/no)."""

    people: bool = False
    rollouts: bool = False
    participation: bool = False  # some team takes part in some rollout
    training: bool = False  # training records (imported or entered)
    usage: bool = False  # a usage log or team adoption figures


@dataclass(frozen=True, slots=True)
class FirstStep:
    key: str
    title: str
    explanation: str
    done: bool


def first_steps(facts: SetupFacts) -> tuple[FirstStep, ...]:
    """The four steps with what is done. The last one names what is still missing of the two."""
    missing = [what for what, have in (("training records", facts.training), ("usage", facts.usage)) if not have]
    last = ("Bring in the learning system's completions and the AI tool's usage export: training "
            "progress and adoption are counted from them.")
    if len(missing) == 1:
        last += f" Still missing: {missing[0]}."
    return (
        FirstStep(ROSTER, "Import the HR roster",
                  "Teams and people, from your HR system's export (Workday, SuccessFactors, a CSV…).",
                  facts.people),
        FirstStep(ROLLOUT, "Create a rollout",
                  "The AI system you are introducing, with its owner, sponsor and target adoption.",
                  facts.rollouts),
        FirstStep(TEAMS, "Add the teams it affects",
                  "Which teams take part and how strongly their work changes.", facts.participation),
        FirstStep(TRAINING_AND_USAGE, "Import training and usage", last, not missing),
    )


def all_done(facts: SetupFacts) -> bool:
    return all(step.done for step in first_steps(facts))
