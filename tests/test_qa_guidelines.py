"""Programming questions keep to the aspect they ask (kgqa/qa/guidelines.py): "how long should I rest
between sets?" is answered by rest guidance or by "I don't know" with the aspects the graph has, never by
the sets and reps; and "daily movement" in a benefit is not advice on how often to train.

The graph is built from one short article written here, so each test fails when an answer falls back to
another aspect's sentences or when the extraction reads an adjective as a frequency."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgqa.build import build
from kgqa.extract.cues import aspects_of
from kgqa.kg import KnowledgeGraph
from kgqa.manifest import MANIFEST_NAME
from kgqa.qa.guidelines import asked_aspect, asked_aspects

STEP_UP = """How To Do Step-Ups

Step-ups build single-leg strength that carries over to daily movement and daily function.

Sets and reps

Do 3 sets of 10 reps on each leg.
Lower yourself slowly, taking 3 seconds down, to keep time under tension.
Exhale as you drive up through the front heel.
"""


HIP_ABDUCTION = """Seated Hip Abduction Machine

The seated hip abduction machine works the gluteus medius.

How often

Do 2 sets of 15 reps, twice a week, with at least 72 hours between sessions.
"""


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    folder = tmp_path_factory.mktemp("guidelines")
    (folder / "step-ups.txt").write_text(STEP_UP, encoding="utf-8")
    (folder / "hip-abduction.txt").write_text(HIP_ABDUCTION, encoding="utf-8")
    manifest = {"step-ups.txt": {"title": "How To Do Step-Ups", "author": None, "source": "step-ups.txt"},
                "hip-abduction.txt": {"title": "Seated Hip Abduction Machine", "author": None,
                                      "source": "hip-abduction.txt"}}
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    return KnowledgeGraph(build(Path(folder), validate=False).graph)


@pytest.mark.parametrize(("question", "aspects"), [
    ("how long of a breather between sets of lunges", ["rest"]),
    ("how many days per week is enough", ["frequency"]),
    ("what rep range for size", ["sets-reps"]),
    ("should the lowering be slow, what pace", ["tempo"]),
    ("how many sets, and how often", ["sets-reps", "frequency"]),
    ("for the rest of my leg day, how many reps", ["sets-reps"]),  # "the rest of" asks no rest
    ("how heavy should I go", []),
])
def test_the_aspects_a_question_asks(question: str, aspects: list[str]) -> None:
    assert asked_aspects(question) == aspects
    assert asked_aspect(question) == (aspects[0] if len(aspects) == 1 else None)


@pytest.mark.parametrize(("sentence", "aspects"), [
    ("It carries over to daily movement.", []),
    ("Train it daily.", ["frequency"]),
    ("Do them on a daily basis during rehab.", ["frequency"]),
    ("Twice a week is plenty.", ["frequency"]),
    ("Leave at least 48 hours between sessions.", ["rest"]),
    ("Take 90 seconds of rest.", ["rest"]),
])
def test_daily_is_a_frequency_only_as_an_adverb(sentence: str, aspects: list[str]) -> None:
    assert aspects_of(sentence) == aspects


@pytest.mark.parametrize("question", ["how long do I rest between sets of step-ups?",
                                      "how much of a break should I take after each set of step ups",
                                      "step-ups: rest periods?"])
def test_rest_asked_and_not_known_is_i_dont_know_with_what_is_known(kg: KnowledgeGraph, question: str) -> None:
    answer = kg.ask(question)
    assert not answer.answered and not answer.answers, answer.text
    assert "no rest guidance" in answer.text and "sets and reps guidance" in answer.text, answer.text
    assert "3 sets of 10" not in answer.text


def test_daily_function_gives_no_frequency_guidance(kg: KnowledgeGraph) -> None:
    answer = kg.ask("how many times a week should I do step-ups?")
    assert not answer.answered, answer.text
    assert "daily" not in answer.text, answer.text


@pytest.mark.parametrize("question", ["how slowly should I lower on step-ups", "what tempo for step ups?"])
def test_tempo_asked_is_answered_by_the_tempo_sentence_alone(kg: KnowledgeGraph, question: str) -> None:
    answer = kg.ask(question)
    assert answer.answered, answer.text
    assert answer.text.startswith("Tempo guidance"), answer.text
    assert "3 seconds down" in answer.text and "3 sets of 10" not in answer.text, answer.text


def test_sets_and_reps_asked_is_answered_by_them(kg: KnowledgeGraph) -> None:
    answer = kg.ask("how many sets and reps of step-ups?")
    assert answer.answered and "3 sets of 10 reps" in answer.text, answer.text


def test_how_often_and_rest_between_sessions_from_one_sentence(kg: KnowledgeGraph) -> None:
    often = kg.ask("how often should I do hip abductions?")  # the plural of a joint action's name: the exercise
    assert often.answered and "twice a week" in often.text, often.text
    rest = kg.ask("how long do I rest between hip abduction sessions")
    assert rest.answered and "Rest guidance: " in rest.text and "72 hours" in rest.text, rest.text


def test_the_plural_of_a_joint_actions_name_names_the_exercise(kg: KnowledgeGraph) -> None:
    answer = kg.ask("what muscles do hip abductions work?")
    assert [e["label"] for e in answer.entities] == ["seated hip abduction"], answer.entities
    assert "gluteus medius" in answer.labels
