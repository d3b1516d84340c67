"""Answers that rely on inheritance say so (issue 11, item 5).

A variation (`kgo:variationOf`) is answered with what the articles state of it and of the exercise it
varies. What comes from the parent is marked (`inherited_from` on the item, the quote and the answer)
and named in the text ("from the glute kickback, which the cable kickback varies"); the variation's own
facts come first; an answer that inherits nothing carries no note. The cases are found by querying the
graph, not guessed, so they follow the corpus.
"""

from __future__ import annotations

from typing import Any

import pytest

from kgqa.build import BuildResult
from kgqa.kg import KnowledgeGraph
from kgqa.qa.answer import Answer
from kgqa.qa.inherit import once

PREFIXES = """PREFIX kgo: <https://w3id.org/kgqa/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# a variation of one exercise that varies nothing itself: everything it inherits comes from that one parent
ONE_PARENT = "FILTER NOT EXISTS { ?v kgo:variationOf ?q FILTER(?q != ?p) } FILTER NOT EXISTS { ?p kgo:variationOf ?r }"


@pytest.fixture(scope="module")
def built(articles_built: BuildResult) -> BuildResult:
    """The packaged articles' graph (conftest), not the shipped one with free-exercise-db's records: the tests
    of what variations inherit in the articles need no records, and the mechanisms are the same at 1/25 the size."""
    return articles_built


@pytest.fixture(scope="module")
def kg(built: BuildResult) -> KnowledgeGraph:
    return KnowledgeGraph(built.graph, source="test graph")


def query(kg: KnowledgeGraph, where: str, select: str = "?v ?vl ?p ?pl") -> list[dict[str, Any]]:
    return kg.sparql(f"{PREFIXES}SELECT DISTINCT {select} WHERE {{ ?v kgo:variationOf ?p ; rdfs:label ?vl . "
                     f"?p rdfs:label ?pl . {where} }} ORDER BY ?v ?p")


def note(parent: str, variation: str) -> str:
    return f"from the {parent}, which the {variation} varies"


def assert_unmarked(answer: Answer) -> None:
    assert answer.inherited_from == [], answer.text
    assert not any(i.inherited_from for i in answer.answers), answer.text
    assert not any(q.inherited_from for q in answer.evidence), answer.text
    assert "varies" not in answer.text, answer.text


def test_mistakes_only_the_parent_states_are_said_to_come_from_it(kg: KnowledgeGraph) -> None:
    pairs = query(kg, f"?p kgo:commonMistake ?m . FILTER NOT EXISTS {{ ?v kgo:commonMistake ?own }} {ONE_PARENT}")
    assert pairs, "the corpus should have a variation whose mistakes are all stated of its parent"
    for row in pairs:
        parent = {"iri": row["p"], "label": row["pl"]}
        answer = kg.ask(f"what mistakes should I avoid with the {row['vl']}?")
        assert answer.intent == "mistakes" and answer.answers, answer.text
        assert note(row["pl"], row["vl"]) in answer.text.lower(), answer.text
        assert answer.text.lower().count(f"which the {row['vl']} varies") == 1, answer.text  # named once
        assert all(i.inherited_from == parent for i in answer.answers), answer.labels
        assert answer.evidence and all(q.inherited_from == parent for q in answer.evidence
                                       if q.supports in answer.labels)
        assert answer.inherited_from == [parent]
        exposed = answer.to_dict()  # what the HTTP API serves and `kgqa ask --json` prints
        assert exposed["inherited_from"] == [parent]
        assert all(item["inherited_from"] == parent for item in exposed["answers"])


def test_own_facts_first_then_the_parents_under_a_note(kg: KnowledgeGraph) -> None:
    rows = query(kg, "?v kgo:involves/kgo:muscle ?own . ?p kgo:involves/kgo:muscle ?m . "
                     f"FILTER NOT EXISTS {{ ?v kgo:involves/kgo:muscle ?m }} {ONE_PARENT}")
    assert rows, "the corpus should have a variation with muscles of its own and more stated of its parent"
    for row in {r["v"]: r for r in rows}.values():
        own = {r["m"] for r in kg.sparql(f"{PREFIXES}SELECT ?m WHERE {{ <{row['v']}> kgo:involves/kgo:muscle ?m }}")}
        answer = kg.ask(f"what muscles does the {row['vl']} work?")
        assert answer.intent == "muscles", answer.text
        marks = [i.inherited_from for i in answer.answers]
        first_inherited = marks.index({"iri": row["p"], "label": row["pl"]})
        assert first_inherited > 0 and not any(marks[:first_inherited]), answer.labels  # own first
        assert all(marks[first_inherited:]), answer.labels
        assert {i.iri for i in answer.answers if not i.inherited_from} <= own
        assert not {i.iri for i in answer.answers if i.inherited_from} & own
        text = answer.text
        assert text.startswith(f"The {row['vl']} works: ") and "(from" not in text.split(". ")[0], text
        assert text.index(note(row["pl"], row["vl"]).capitalize()) > 0, text
        assert any(q.inherited_from for q in answer.evidence) and any(not q.inherited_from for q in answer.evidence)


def test_a_yes_no_answer_from_the_parents_facts_says_so(kg: KnowledgeGraph) -> None:
    rows = query(kg, "?p kgo:involves/kgo:muscle ?m . ?m rdfs:label ?ml . "
                     f"FILTER NOT EXISTS {{ ?v kgo:involves/kgo:muscle ?m }} {ONE_PARENT}", "?v ?vl ?p ?pl ?m ?ml")
    assert rows
    row = rows[0]
    answer = kg.ask(f"does the {row['vl']} work the {row['ml']}?")
    assert answer.boolean is True, answer.text
    assert note(row["pl"], row["vl"]) in answer.text.lower(), answer.text
    assert answer.answers and all(i.inherited_from == {"iri": row["p"], "label": row["pl"]} for i in answer.answers)


def test_a_variation_the_articles_do_not_define_is_described_by_its_parent_said_so(kg: KnowledgeGraph) -> None:
    rows = query(kg, f"?p kgo:definition ?d . FILTER NOT EXISTS {{ ?v kgo:definition ?own }} {ONE_PARENT}")
    assert rows
    for row in rows:
        answer = kg.ask(f"what is the {row['vl']}?")
        assert answer.intent == "definition", answer.text
        assert answer.text.startswith(note(row["pl"], row["vl"]).capitalize() + ": "), answer.text
        assert answer.evidence[0].inherited_from == {"iri": row["p"], "label": row["pl"]}


def test_no_note_when_the_variations_own_facts_answer(kg: KnowledgeGraph) -> None:
    rows = query(kg, "?v kgo:techniqueCue ?cue .")
    assert rows, "the corpus should have a variation with technique cues of its own"
    for row in {r["v"]: r for r in rows}.values():
        cues = {r["c"] for r in kg.sparql(f"{PREFIXES}SELECT ?c WHERE {{ <{row['v']}> kgo:techniqueCue ?c }}")}
        answer = kg.ask(f"how do I do the {row['vl']}?")
        assert answer.intent == "technique" and answer.answers, answer.text
        assert {i.iri for i in answer.answers} <= cues
        assert_unmarked(answer)


def test_no_note_for_an_exercise_that_varies_nothing(kg: KnowledgeGraph) -> None:
    roots = kg.sparql(f"{PREFIXES}SELECT DISTINCT ?p ?pl WHERE {{ ?v kgo:variationOf ?p . ?p rdfs:label ?pl . "
                      "FILTER NOT EXISTS { ?p kgo:variationOf ?any } } ORDER BY ?p")
    assert roots
    for question in ("what muscles does the {} work?", "what mistakes should I avoid with the {}?"):
        answer = kg.ask(question.format(roots[0]["pl"]))
        assert answer.answered and answer.answers, answer.text
        assert_unmarked(answer)


def test_each_ancestor_is_explained_once() -> None:
    text = ("Benefits of the cable kickback (from the glute kickback, which the cable kickback varies): a. "
            "The articles also say (from the glute kickback, which the cable kickback varies): b.")
    assert once(text) == ("Benefits of the cable kickback (from the glute kickback, which the cable kickback "
                          "varies): a. The articles also say (from the glute kickback): b.")
    assert once("No note here.") == "No note here."
