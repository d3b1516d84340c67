"""Answers about the articles survive a dataset added beside them (kgqa.readers.exercise_db).

A dataset brings thousands of short lines ("level: beginner", "instructions 2: ...") and hundreds of exercise
names ("Standing One-Arm Band Curl", "Cable Pull Through"). Each test pins one way they broke answers that were
right: BM25 statistics shifted by the records' lines (kgqa/qa/bm25.py), field lines ranked as prose, names cut
into heads that are ordinary words (kgqa/qa/linking.py), and sense odds smoothed over every exercise's words
(kgqa/qa/senses.py). The records are our own, in free-exercise-db's shape; the questions are in no question set.
"""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS

from kgqa.build import build
from kgqa.kg import KnowledgeGraph
from kgqa.lexicon import Lexicon
from kgqa.qa.bm25 import is_field_line
from kgqa.qa.senses import SenseResolver

EXERCISE = "https://w3id.org/kgqa/id/exercise/"


def _record(name: str, muscles: list[str], equipment: str, steps: list[str]) -> dict:
    return {"id": name.replace(" ", "_"), "name": name, "force": "pull", "level": "beginner",
            "mechanic": "isolation", "equipment": equipment, "primaryMuscles": muscles, "secondaryMuscles": [],
            "category": "strength", "instructions": steps}


# names whose words are ordinary words of a question: "standing", "through", "knees", "sides", "resistance"
RECORDS = [
    _record("Standing One-Arm Band Curl", ["biceps"], "bands", ["Stand on the band and curl the handle up."]),
    _record("Cable Pull Through", ["glutes"], "cable", ["Face away from the stack and hinge through the hips."]),
    _record("Pull Knees To Chin", ["abdominals"], "body only", ["Lie back and pull both knees up to your chin."]),
    _record("Seated Towel Neck Resistance", ["neck"], "other", ["Press your head into the towel and hold."]),
    _record("Oblique Crunch - Sides", ["abdominals"], "body only", ["Crunch to one side, then to the other."]),
    _record("Bent Over Plate Row", ["lats"], "other", ["Bend at the hips and row the plate to your belly."]),
] + [  # many short records: the statistics of thousands of lines, in small
    _record(f"Drill {word.title()} Hop", ["quadriceps"], "body only",
            [f"Hop {word} on the signal.", "Land softly and repeat on the other leg."])
    for word in ("forward", "backward", "sideways", "diagonally", "twice", "quickly", "slowly", "again")
]


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory, lexicon: Lexicon) -> tuple[KnowledgeGraph, KnowledgeGraph]:
    """The packaged articles alone, and the same articles with the records beside them."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in CORPUS.iterdir():
        if path.is_file():
            (folder / path.name).write_bytes(path.read_bytes())
    (folder / "records").mkdir()
    (folder / "records" / "exercises.json").write_text(json.dumps(RECORDS), encoding="utf-8")
    articles = KnowledgeGraph(build(CORPUS, lexicon=lexicon, validate=False).graph)
    both = KnowledgeGraph(build(folder, lexicon=lexicon, validate=False).graph)
    return articles, both


@pytest.mark.parametrize("question", [
    "when should I quit kickbacks because something hurts",
    "does a sore bum the next day mean the kickbacks worked",
    "how far back should my leg travel on a kickback",
])
def test_an_article_sentence_scores_as_it_did_before_the_records_came(graphs, question: str) -> None:  # type: ignore[no-untyped-def]
    """Regression: thousands of short record lines lowered the average passage length and moved every idf, so
    article sentences scored lower and questions the articles answer abstained."""
    articles, both = graphs
    before = articles.qa.retriever.rank(question, limit=3)
    after = [m for m in both.qa.retriever.rank(question, limit=20) if m.passage.ev.document in
             {b.passage.ev.document for b in before}][:3]
    assert before
    assert [(m.passage.ev.quote, m.score) for m in before] == [(m.passage.ev.quote, m.score) for m in after]


@pytest.mark.parametrize("question", [
    "is this a beginner level move for a neck",
    "which bands do I need for the curl",
    "what category is a crunch in",
])
def test_a_record_field_line_is_no_sentence_for_free_text(graphs, question: str) -> None:  # type: ignore[no-untyped-def]
    """A record's "level: beginner" is a structured fact answered from the graph's edges: free-text ranking
    never quotes it, while its numbered instructions stay sentences."""
    _, both = graphs
    ranked = both.qa.retriever.rank(question, limit=10)
    assert not any(is_field_line(m.passage.ev.quote) for m in ranked)
    assert is_field_line("equipment: body only") and is_field_line("primaryMuscles: glutes, lower back")
    assert not is_field_line("instructions 1: Stand on the band and curl the handle up.")
    assert not is_field_line("instructions 3: Lift the bar back over your head by extending the elbows")


@pytest.mark.parametrize("question", [
    "should my standing leg stay soft while I kick back",
    "is it ok to push through a burning feeling on the last rep",
    "my knees ache after glute day, is that the kickbacks",
    "how do I keep tension on both sides of my hips",
    "do I need more resistance once it feels easy",
])
def test_a_dataset_name_makes_no_ordinary_word_an_exercise(graphs, question: str) -> None:  # type: ignore[no-untyped-def]
    """Regression: dataset names cut at a boundary word ("Standing | One-Arm Band Curl", "Pull Knees | To Chin")
    or ending in a function word or qualifier ("Pull Through", "Crunch - Sides") made "standing", "knees",
    "through", "sides" exercise heads: questions were refused as about an unknown exercise."""
    articles, both = graphs
    parsed = both.qa.parser.parse(question)
    assert parsed.unknown_exercise is None
    known = {e.iri for e in articles.qa.parser.parse(question).entities}
    assert {e.iri for e in parsed.entities if e.type == "Exercise"} <= known


def test_a_dataset_name_still_links_when_said_in_full(graphs) -> None:  # type: ignore[no-untyped-def]
    _, both = graphs
    assert [e.label for e in both.qa.parser.parse("what does the cable pull through work").entities
            if e.type == "Exercise"] == ["Cable Pull Through"]


@pytest.mark.parametrize("question", [
    "which muscle does my arm kickback train",
    "straightening the elbow on a kickback, what is working",
    "the kickback where you hinge and push the dumbbell back with your arm",
])
def test_sense_odds_do_not_depend_on_exercises_that_are_no_candidate(graphs, question: str) -> None:  # type: ignore[no-untyped-def]
    """Regression: naive Bayes smoothed over the words of every root exercise (hundreds with a dataset), so the
    sense the articles say less of (the tricep kickback) lost its lead on "arm"."""
    _, both = graphs
    qa = both.qa
    candidates = [EXERCISE + "glute-kickback", EXERCISE + "tricep-kickback"]
    alone = SenseResolver(qa.index, qa.lemmas, candidates)
    words = qa.lemmas(question.lower())
    assert qa.senses.resolve(candidates, words) == alone.resolve(candidates, words)
    assert qa.senses.resolve(candidates, words)[0] == EXERCISE + "tricep-kickback"
