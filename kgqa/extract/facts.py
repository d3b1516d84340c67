"""The hand-off from extraction to the graph: typed facts, each with the sentence it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FactKind = Literal[
    "muscle",        # exercise -(involvement, role)-> muscle
    "equipment",     # exercise -> equipment
    "mistake",       # exercise -> mistake
    "correction",    # mistake -> correction
    "benefit",       # exercise -> benefit
    "variation",     # exercise (object) is a variation of exercise (subject)
    "progression",   # exercise -> harder version / way to progress
    "regression",    # exercise -> easier version
    "population",    # exercise -> who should do it
    "placement",     # exercise -> where it goes in a workout
    "complement",    # exercise -> exercise that goes well with it
    "guideline",     # exercise -> sets/reps/tempo/breathing
    "safety",        # exercise -> safety note
    "technique",     # exercise -> technique cue
    "setup",         # exercise -> setup step (the machine, the pad, the starting position)
    "action",        # exercise or muscle -> joint action
    "pro",           # equipment -> pro
    "con",           # equipment -> con
    "definition",    # exercise -> what it is (a sentence)
    "alias",         # exercise -> another name the article gives it (obj_label)
    "mechanic",      # exercise -> compound / isolation (a vocabulary concept)
    "force",         # exercise -> push / pull / static
    "level",         # exercise -> beginner / intermediate / expert
    "category",      # exercise -> strength / stretching / plyometrics / cardio / ...
]
FACT_KINDS: tuple[str, ...] = FactKind.__args__  # type: ignore[attr-defined]

NODE_CLASS: dict[str, str] = {
    "mistake": "Mistake",
    "correction": "Correction",
    "benefit": "Benefit",
    "population": "Population",
    "placement": "RoutinePlacement",
    "guideline": "ProgrammingGuideline",
    "safety": "SafetyNote",
    "technique": "TechniqueCue",
    "setup": "SetupStep",
    "pro": "Consideration",
    "con": "Consideration",
}


@dataclass(frozen=True, order=True)
class Evidence:
    """Where a fact was read: the document, its section, the sentence and its offsets."""

    doc_id: str
    start: int
    end: int
    quote: str
    section: str


@dataclass(frozen=True)
class Fact:
    """One extracted statement.

    `subject` and `obj` are IRIs. `obj_label` is the surface form in the article; `text` is a
    description or the full text of a node (a correction, a note). `stated_for` is the exercise the
    sentence was about (for facts whose subject is not an exercise, like corrections).
    """

    kind: FactKind
    subject: str
    obj: str
    obj_label: str
    evidence: Evidence
    role: str | None = None
    text: str | None = None
    stated_for: str | None = None
    attrs: tuple[tuple[str, str], ...] = field(default=())

    def key(self) -> tuple[str, str, str, str | None]:
        return (self.kind, self.subject, self.obj, self.role)
