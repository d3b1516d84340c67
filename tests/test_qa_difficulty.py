"""Which of two exercises is harder (kgqa/qa/difficulty.py): decided by a progression or an easier version a
source gives, else by the levels records state, and cited; never by the wording alone.

The graph is the packaged articles plus three records of our own in free-exercise-db's shape; the questions
are worded here, in no question set."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS, copy_articles

from kgqa.build import build
from kgqa.kg import KnowledgeGraph
from kgqa.lexicon import Lexicon
from kgqa.qa.difficulty import asked_direction


def _record(name: str, level: str) -> dict:
    return {"id": name.replace(" ", "_"), "name": name, "force": "pull", "level": level, "mechanic": "compound",
            "equipment": "barbell", "primaryMuscles": ["hamstrings"], "secondaryMuscles": ["glutes"],
            "category": "strength", "instructions": ["Lift.", "Lower."]}


RECORDS = [_record("Barbell Rack Pull", "expert"), _record("Band Pull Through", "beginner"),
           _record("Trap Bar Pull", "beginner")]


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory, lexicon: Lexicon) -> KnowledgeGraph:
    folder = tmp_path_factory.mktemp("corpus")
    copy_articles(CORPUS, folder)
    (folder / "records").mkdir()
    (folder / "records" / "exercises.json").write_text(json.dumps(RECORDS), encoding="utf-8")
    return KnowledgeGraph(build(folder, lexicon=lexicon, validate=False).graph, source="test graph with records")


@pytest.mark.parametrize(("question", "direction"), [
    ("is it more advanced", +1), ("which is trickier", +1), ("which one is less advanced", -1),
    ("which is more beginner-friendly", -1), ("what muscles does it work", None)])
def test_the_direction_asked(question: str, direction: int | None) -> None:
    assert asked_direction(question) == direction


@pytest.mark.parametrize(("question", "yes"), [
    ("is the single-leg RDL simpler than glute kickbacks?", False),
    ("are donkey kicks less advanced than single leg romanian deadlifts", True),
    ("is a cable kickback more advanced than a bodyweight kickback?", True),
])
def test_a_progression_the_articles_give_decides(kg: KnowledgeGraph, question: str, yes: bool) -> None:
    answer = kg.ask(question)
    assert answer.boolean is yes, answer.text
    assert "as a progression of the glute kickback" in answer.text, answer.text
    assert answer.evidence and answer.evidence[0].quote[:30] in answer.text, answer.evidence  # the fact, quoted


def test_which_is_harder_names_it_and_quotes_the_sentence(kg: KnowledgeGraph) -> None:
    answer = kg.ask("glute kickbacks vs single-leg RDLs: which one is tougher?")
    assert "single-leg Romanian deadlift is the harder" in answer.text, answer.text
    assert "more advanced compound exercise" in answer.text


def test_levels_records_state_decide_when_no_source_orders_them(kg: KnowledgeGraph) -> None:
    answer = kg.ask("is the band pull through harder than the barbell rack pull?")
    assert answer.boolean is False, answer.text
    assert "expert" in answer.text and "beginner" in answer.text, answer.text
    assert any("Barbell_Rack_Pull" in e.document for e in answer.evidence), answer.evidence


def test_equal_levels_decide_nothing(kg: KnowledgeGraph) -> None:
    answer = kg.ask("is the trap bar pull harder than the band pull through?")
    assert "harder of the two" not in answer.text and "easier of the two" not in answer.text, answer.text
