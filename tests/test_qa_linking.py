"""Exercise names as users write them (kgqa/qa/linking.py): shortened, abbreviated, by their head word.

Two short articles are added to the packaged corpus, so the graph mints exercises the vocabulary does
not know (the kettlebell swing, the seated leg curl). A question naming them the way people do must
link to them; a question naming an exercise no article mentions must get "I don't know", never the
facts of the corpus's main exercise (the bug: "No exercise named; answering for the glute kickback").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import copy_articles

from kgqa.build import build
from kgqa.kg import KnowledgeGraph
from kgqa.manifest import MANIFEST_NAME
from kgqa.qa.linking import ExerciseNames, keys, name_keys
from kgqa.resources import corpus_dir

SWING = """Kettlebell Swing: Notes

The kettlebell swing is a hip hinge exercise that builds power in the posterior chain.

Muscles worked

The kettlebell swing works the gluteus maximus and the hamstrings. The erector spinae act as stabilizers.

Sets and reps

Do 4 sets of 15 swings.
"""
CURL = """The Seated Leg Curl Machine

The seated leg curl machine isolates the hamstrings.

Muscles worked

The seated leg curl works the hamstrings, especially the biceps femoris. The calves assist.

Sets and reps

Do 3 sets of 12 reps.
"""
ARTICLES = {"kettlebell-swing-notes.txt": ("Kettlebell Swing: Notes", SWING),
            "seated-leg-curl-machine.txt": ("The Seated Leg Curl Machine", CURL)}
SWING_IRI = "https://w3id.org/kgqa/id/exercise/kettlebell-swing"
CURL_IRI = "https://w3id.org/kgqa/id/exercise/seated-leg-curl"


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    folder = tmp_path_factory.mktemp("linking") / "corpus"
    copy_articles(corpus_dir(), folder)
    manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    for name, (title, text) in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
        manifest[name] = {"title": title, "author": None, "source": name}
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    return KnowledgeGraph(build(Path(folder), validate=False).graph)


def exercises(kg: KnowledgeGraph, question: str) -> list[str]:
    return [e["iri"] for e in kg.ask(question).entities if e["type"] == "Exercise"]


@pytest.mark.parametrize("question", ["what do KB swings work?", "what muscles do swings work?",
                                      "which muscles do kettlebell swings hit?"])
def test_a_shortened_or_abbreviated_name_links_to_the_minted_exercise(kg: KnowledgeGraph, question: str) -> None:
    answer = kg.ask(question)
    assert exercises(kg, question) == [SWING_IRI], answer.text
    assert answer.answered and "gluteus maximus" in answer.text, answer.text
    assert "glute kickback" not in answer.text


def test_a_bare_head_word_asks_about_the_one_exercise_it_ends(kg: KnowledgeGraph) -> None:
    answer = kg.ask("how many swings should I do?")
    assert exercises(kg, "how many swings should I do?") == [SWING_IRI]
    assert answer.answered and "4 sets" in answer.text, answer.text


@pytest.mark.parametrize("question", ["leg curl machine muscles?", "what does the leg curl machine work?"])
def test_a_name_missing_its_leading_modifier_links(kg: KnowledgeGraph, question: str) -> None:
    answer = kg.ask(question)
    assert exercises(kg, question) == [CURL_IRI], answer.text
    assert "hamstrings" in answer.text


@pytest.mark.parametrize("question", ["what muscles do nordic curls work?",
                                      "how many sets of nordic curls should I do?",
                                      "what muscles does the smith machine work?",
                                      "is it ok to be doing jefferson curls?"])
def test_an_exercise_no_article_mentions_gets_i_dont_know(kg: KnowledgeGraph, question: str) -> None:
    """The bug: nothing linked, so the question was answered for the glute kickback."""
    answer = kg.ask(question)
    assert not answer.answered, answer.text
    assert answer.answers == [] and answer.evidence == []
    assert "No exercise named" not in answer.text and "glute kickback" not in answer.text
    assert "The graph has no facts about" in answer.text


def test_the_unknown_name_is_said_with_the_nearest_known_ones(kg: KnowledgeGraph) -> None:
    text = kg.ask("what muscles do nordic curls work?").text
    assert '"nordic curls"' in text and "the seated leg curl" in text, text


def test_a_question_naming_no_exercise_still_answers_for_the_main_one(kg: KnowledgeGraph) -> None:
    answer = kg.ask("how many sets should I do?")
    assert answer.answered and "glute kickback" in answer.text, answer.text


def test_the_vocabularys_own_exercise_is_not_taken_for_a_longer_name(kg: KnowledgeGraph) -> None:
    """"deadlifts" names the deadlift (a vocabulary exercise without facts here), not the single-leg RDL."""
    answer = kg.ask("what muscles do deadlifts work?")
    assert not answer.answered and "single-leg Romanian deadlift works" not in answer.text, answer.text


# ---- the mechanism on a graph's names alone ---------------------------------------------------
IRIS = {"swing": "ex:kettlebell-swing", "cable": "ex:cable-swing", "walk": "ex:banded-lateral-walk",
        "abduct": "ex:seated-hip-abduction", "curl": "ex:seated-leg-curl", "sldl": "ex:single-leg-deadlift"}
NAMES = {IRIS["swing"]: ["kettlebell swing", "Russian swing"], IRIS["walk"]: ["banded lateral walk"],
         IRIS["abduct"]: ["seated hip abduction", "seated hip abduction machine"],
         IRIS["curl"]: ["seated leg curl", "seated leg curl machine"], IRIS["sldl"]: ["single-leg deadlift"]}
OTHERS = ["kettlebell", "resistance band", "hamstrings", "hip abduction", "hip abductors", "gluteus medius"]


def names(extra: dict[str, list[str]] | None = None) -> ExerciseNames:
    all_names = {**NAMES, **(extra or {})}
    return ExerciseNames(all_names, {i: n[0] for i, n in all_names.items()}, OTHERS, lambda i: i,
                         lambda i: (len(all_names[i]),), elsewhere=["deadlift", "deadlifts", "squat"])


def linked(text: str, extra: dict[str, list[str]] | None = None) -> list[tuple[str, str, list[str]]]:
    return [(m.surface, m.iri, m.ambiguous) for m in names(extra).link(text)]


def test_words_fold_plurals_endings_and_abbreviations() -> None:
    assert keys("kbs") == keys("kb") == ("kettlebell",)
    assert keys("rdls") == ("romanian", "deadlift")
    assert keys("banded") == keys("bands") == ("band",)
    assert keys("abductor") == keys("abduction") == ("abduct",)
    assert name_keys("Seated Leg Curl Machine") == ("seat", "leg", "curl")
    assert name_keys("single-leg glute bridge with ankle weight") == ("single", "leg", "glute", "bridge")


@pytest.mark.parametrize("text, surface, key", [
    ("what do kb swings work", "kb swings", "swing"),
    ("how many swings per set", "swings", "swing"),
    ("are lateral band walks good for the glute med", "lateral band walks", "walk"),
    ("muscles of the hip abduction machine", "hip abduction machine", "abduct"),
    ("is the abductor machine worth it", "abductor machine", "abduct"),
    ("leg curl machine sets", "leg curl machine", "curl"),
    ("sl deadlifts or kickbacks", "sl deadlifts", "sldl"),
    ("single leg deadlifts for balance", "single leg deadlifts", "sldl"),
])
def test_a_users_wording_links_to_the_one_exercise_it_fits(text: str, surface: str, key: str) -> None:
    assert linked(text) == [(surface, IRIS[key], [])]


@pytest.mark.parametrize("text", [
    "what muscles do nordic curls work",  # a word the name lacks: another exercise
    "how many cable swings",
    "which muscles drive hip abduction",  # the joint action's words, no exercise's own
    "what do deadlifts work",  # the vocabulary's deadlift, not the single-leg one
    "how many sets should i do",
    "should i swing my leg",  # a verb
])
def test_what_names_no_exercise_of_the_graph_links_to_none(text: str) -> None:
    assert linked(text) == []


def test_a_head_word_two_exercises_end_in_is_ambiguous_until_a_word_decides() -> None:
    extra = {IRIS["cable"]: ["cable swing"]}
    [(_, iri, ambiguous)] = linked("what do swings work", extra)
    assert {iri, *ambiguous} == {IRIS["swing"], IRIS["cable"]} and ambiguous
    assert linked("what do kb swings work", extra) == [("kb swings", IRIS["swing"], [])]


@pytest.mark.parametrize("text, unknown", [
    ("what muscles do nordic curls work", "nordic curls"),
    ("how many sets of nordic hamstring curls", "nordic hamstring curls"),
    ("what does the smith machine work", "smith machine"),
    ("is it bad to be doing jefferson curls", "jefferson curls"),
    ("can i do turkish getups instead", "turkish getups"),
    ("what do deadlifts work", "deadlifts"),
    ("how many sets should i do", None),
    ("should i swing my leg higher", None),
    ("what can i do with a band", None),
])
def test_unknown_says_what_the_question_names_that_the_graph_lacks(text: str, unknown: str | None) -> None:
    n = names()
    spans = [(m.start, m.end) for m in n.link(text)]
    assert n.unknown(text, spans, known={"band", "should", "higher", "leg"}) == unknown
