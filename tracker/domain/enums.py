"""The fixed vocabularies of the domain, with the words users see."""

from __future__ import annotations

from enum import Enum
from typing import Self


class LabelledEnum(str, Enum):
    """A string enum whose stored value is lower-case and whose label is what users read."""

    @property
    def label(self) -> str:
        return str(self.value).replace("_", " ").capitalize()

    @classmethod
    def parse(cls, text: str) -> Self:
        """Match a stored value or a label loosely ('Scaling', ' scaling ', 'SCALING')."""
        key = " ".join(str(text).strip().lower().replace("_", " ").split())
        for member in cls:
            if key in (member.value.replace("_", " "), member.label.lower()):
                return member
        allowed = ", ".join(m.label.lower() for m in cls)
        raise ValueError(f"'{text}' is not one of: {allowed}")


class Stage(LabelledEnum):
    """Where a rollout is on its way from pilot to production."""

    PILOT = "pilot"
    SCALING = "scaling"
    PRODUCTION = "production"
    RETIRED = "retired"


class Impact(LabelledEnum):
    """How strongly a rollout changes a team's work; summed over rollouts it is change load."""

    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def weight(self) -> int:
        return {"none": 0, "low": 1, "medium": 2, "high": 3}[self.value]


DEFAULT_ROLE_TYPES: tuple[str, ...] = (
    "Sponsor",
    "Change lead",
    "Champion",
    "Trainer",
    "Data owner",
    "Model owner",
    "End user",
)
