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
from conftest import CORPUS, articles_corpus, copy_articles

from kgqa.build import build
from kgqa.kg import KnowledgeGraph
from kgqa.lexicon import Lexicon
from kgqa.qa.bm25 import is_field_line
from kgqa.qa.retrieve import RELEVANT
from kgqa.qa.senses import SenseResolver
from kgqa.qa.sources import datasets

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
] + [  # names made of ordinary words of a question: body parts, directions, verbs
    _record("Elbows Back", ["chest"], "body only", ["Stand tall and pull both elbows back as far as you can."]),
    _record("Leg Lift", ["glutes"], "body only", ["Hold a chair and lift one leg behind you."]),
    _record("Squat With Plate Movers", ["quadriceps"], "other", ["Squat down and push the plates forward."]),
] + [  # the articles' own exercise, as a record gives it: its steps are technique cues of the same exercise
    _record("Glute Kickback", ["glutes"], "body only", [
        "Kneel on the floor on all fours with your hands under your shoulders.",
        "As you exhale, lift up your right leg until the thigh is in line with the back, keeping the knee bent.",
        "Go back to the initial position as you inhale and now repeat with the left leg."]),
    _record("Tricep Kickback", ["triceps"], "dumbbell", [
        "Hold a dumbbell in each hand and hinge forward; at this point your upper arms stay by your sides.",
        "Extend each arm back until it is straight, then return to the starting point.",
        "Repeat for each arm and switch at the end of each set."]),
]


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory, lexicon: Lexicon) -> tuple[KnowledgeGraph, KnowledgeGraph]:
    """The packaged articles alone, and the same articles with the records beside them."""
    folder = tmp_path_factory.mktemp("corpus")
    copy_articles(CORPUS, folder)
    (folder / "records").mkdir()
    (folder / "records" / "exercises.json").write_text(json.dumps(RECORDS), encoding="utf-8")
    articles = KnowledgeGraph(build(articles_corpus(), lexicon=lexicon, validate=False).graph)
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


@pytest.mark.parametrize("question", [
    "is it bad to lift my leg way up high so the thigh goes past my back",
    "do I breathe out as I lift the leg back",
    "do I keep the knee bent the whole time or straighten it out",
])
def test_a_record_step_gives_way_to_an_article_sentence_that_answers(graphs, question: str) -> None:  # type: ignore[no-untyped-def]
    """Regression: the record of the articles' own exercise gave it numbered instruction steps, and free-text
    questions about it quoted "Go back to the initial position ..." instead of the article sentences that
    answer them. A record's sentences are considered only where no article sentence answers (rules.py)."""
    articles, both = graphs
    kickback = EXERCISE + "glute-kickback"
    before = articles.qa.retriever.rank(question, articles.qa.retriever.subjects_for([kickback]), limit=3)
    after = both.qa.retriever.rank(question, both.qa.retriever.subjects_for([kickback]), limit=3)
    assert before and before[0].score >= RELEVANT
    assert [m.passage.ev.quote for m in after] == [m.passage.ev.quote for m in before]


def test_a_record_step_still_answers_where_no_article_sentence_does(graphs) -> None:  # type: ignore[no-untyped-def]
    _, both = graphs
    retriever = both.qa.retriever
    ranked = retriever.rank("on all fours with my hands under my shoulders, kneeling on the floor",
                            retriever.subjects_for([EXERCISE + "glute-kickback"], family=False), limit=1)
    assert ranked and ranked[0].passage.ev.quote.startswith("instructions 1: Kneel on the floor")


@pytest.mark.parametrize("question", [
    "my upper arm stays still and I straighten my elbow behind me",
    "upper arm pinned to my side while the elbow extends with a dumbbell",
    "I hinge over and push a weight back by extending at the elbow, arm fixed",
])
def test_a_described_exercise_is_one_the_articles_describe(graphs, question: str) -> None:  # type: ignore[no-untyped-def]
    """Regression: a described exercise was looked for among every root exercise, hundreds with a dataset, and
    the odds spread until none led: the records are named, not described."""
    articles, both = graphs
    words = both.qa._descriptive(both.qa.parser.parse(question).lemmas)
    assert both.qa.senses.described == articles.qa.senses.described
    sense, _ = both.qa.senses.resolve(both.qa.senses.described, words)
    assert sense == EXERCISE + "tricep-kickback"


@pytest.mark.parametrize("question", [
    "what if I raise my leg higher than my hips on glute kickbacks",
    "what if my leg goes up too high doing kickbacks",
    "what if I push the leg higher every rep on kickbacks",
])
def test_a_records_steps_do_not_stand_for_the_articles_technique(graphs, question: str) -> None:  # type: ignore[no-untyped-def]
    """Regression: the record made its steps the glute kickback's own technique cues, and a question about its
    technique that is no "how do I do it" was answered with them, no longer with the cues the articles state of
    its variations. A record's steps answer how to do it; the articles' facts of the family come first."""
    articles, both = graphs
    before, after = articles.qa.ask(question), both.qa.ask(question)
    records = datasets(both.qa.index)
    assert after.evidence and not any(e.document in records for e in after.evidence)
    assert [e.quote for e in after.evidence[:3]] == [e.quote for e in before.evidence[:3]]


@pytest.mark.parametrize("question", [
    "bringing my elbow back on a tricep kickback, what muscle works",
    "are glute kickbacks fine after my heavy lifts",
    "do cable kickbacks count as one of my lifts on leg day",
])
def test_a_record_name_of_ordinary_words_links_only_as_written(graphs, question: str) -> None:  # type: ignore[no-untyped-def]
    """Regression: "my elbow back" linked the record "Elbows Back" (its words' lemmas) and "my lifts" the record
    "Leg Lift" (its head word), and they displaced the kickback the question names. A record's name made of
    ordinary words of a question links only when the question writes it as it is."""
    articles, both = graphs
    assert [e.iri for e in both.qa.parser.parse(question).entities if e.type == "Exercise"] == \
        [e.iri for e in articles.qa.parser.parse(question).entities if e.type == "Exercise"]


def test_a_record_name_of_ordinary_words_links_when_written(graphs) -> None:  # type: ignore[no-untyped-def]
    _, both = graphs
    for question, name in (("what do leg lifts work", "Leg Lift"), ("how do I do the elbows back", "Elbows Back")):
        assert [e.label for e in both.qa.parser.parse(question).entities if e.type == "Exercise"] == [name]


@pytest.mark.parametrize("question", [
    "kickbacks for warming up vs at the end, what's the point of each",
    "what's the point of kickbacks for a runner, what do I get out of each set",
    "at this point in my program are kickbacks worth it for each side of my hips",
])
def test_a_records_steps_tell_no_sense_from_another(graphs, question: str) -> None:  # type: ignore[no-untyped-def]
    """Regression: the record of the tricep kickback brought its steps' words ("at this point", "each arm") into
    that sense's profile, and "kickbacks ... the point of each" was read as the tricep kickback. A sense is
    profiled from what the articles say of it; a record's lines only where no article says anything."""
    articles, both = graphs
    kickbacks = [EXERCISE + "glute-kickback", EXERCISE + "tricep-kickback"]
    words = both.qa.lemmas(question.lower())
    assert both.qa.senses.resolve(kickbacks, words) == articles.qa.senses.resolve(kickbacks, words)


@pytest.mark.parametrize("question", [
    "is the glute max the prime mover in kickbacks",
    "is the hamstring a prime mover or only a helper in donkey kicks",
    "what are the prime movers when I do kickbacks",
])
def test_an_ordinary_word_ending_only_a_records_name_names_no_exercise(graphs, question: str) -> None:  # type: ignore[no-untyped-def]
    """Regression: "Squat With Plate Movers" made "mover" a head word, and "the prime mover" an exercise the graph
    does not know: the question was refused. A word of the question language that only records' names end in is
    the question's own."""
    articles, both = graphs
    parsed = both.qa.parser.parse(question)
    assert parsed.unknown_exercise is None
    assert [e.iri for e in parsed.entities] == [e.iri for e in articles.qa.parser.parse(question).entities]


@pytest.mark.parametrize("question", [
    "what job do the glutes do in a donkey kick",
    "what are my glutes doing in donkey kicks",
    "in a glute kickback what do the glutes do",
])
def test_a_record_field_line_gives_way_among_a_facts_sentences(graphs, question: str) -> None:  # type: ignore[no-untyped-def]
    """Regression: asked what a muscle does in an exercise, the sentences of the involvement were ranked and the
    record's "primaryMuscles: glutes" (the question's words, and few others) was quoted before the articles'."""
    _, both = graphs
    answer = both.qa.ask(question)
    assert "The articles say" in answer.text or "The sources say" in answer.text
    assert "Muscles:" not in answer.text
