"""Setup and pairing questions answered from the graph (kgqa/qa/setup_steps.py, the pairing strategy).

The graph is built once from the blind articles (tests/data/blind), which state setup steps
(`kgo:setupStep`, ordered by `kgo:step`) and pairings (`kgo:complementedBy`, the statement's
`kgo:pairing` saying "superset" or "pair"). What each test expects is read from that graph by SPARQL
first, so a test fails when the answer leaves out, reorders or invents a fact, and also when the
graph stops holding the fact the question is about.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kgqa.build import build
from kgqa.kg import KnowledgeGraph
from kgqa.qa.answer import Answer
from kgqa.qa.understand import clipped
from kgqa.terms import KGO

BLIND = Path(__file__).parent / "data" / "blind"
EXERCISE = "https://w3id.org/kgqa/id/exercise/"
PREFIXES = """PREFIX kgo: <https://w3id.org/kgqa/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build(BLIND, validate=False).graph


@pytest.fixture(scope="module")
def kg(graph: Graph) -> KnowledgeGraph:
    return KnowledgeGraph(graph, source="blind articles")


def steps(kg: KnowledgeGraph, exercise: str) -> list[dict[str, Any]]:
    """The exercise's setup steps as the graph holds them: each with its number, text and quoted sentence."""
    return kg.sparql(f"{PREFIXES}SELECT ?s ?n ?text ?quote ?doc WHERE {{ <{EXERCISE}{exercise}> kgo:setupStep ?s . "
                     "?s kgo:step ?n ; kgo:description ?text ; kgo:evidence/kgo:quote ?quote ; "
                     "<http://www.w3.org/ns/prov#wasDerivedFrom> ?doc } ORDER BY ?doc ?n")


def pairings(kg: KnowledgeGraph, exercise: str) -> dict[str, str | None]:
    """The exercises the graph pairs with `exercise`, either way round, with the statement's kind of pairing."""
    rows = kg.sparql(f"{PREFIXES}SELECT ?other ?kind WHERE {{ "
                     f"{{ <{EXERCISE}{exercise}> kgo:complementedBy ?other }} UNION "
                     f"{{ ?other kgo:complementedBy <{EXERCISE}{exercise}> }} "
                     "OPTIONAL { ?st rdf:predicate kgo:complementedBy ; kgo:pairing ?kind . "
                     f"{{ ?st rdf:subject <{EXERCISE}{exercise}> ; rdf:object ?other }} UNION "
                     f"{{ ?st rdf:subject ?other ; rdf:object <{EXERCISE}{exercise}> }} }} }}")
    return {r["other"]: r["kind"] for r in rows}


def assert_same_as_sparql(kg: KnowledgeGraph, answer: Answer) -> None:
    """The query shown with the answer returns exactly its items."""
    assert answer.sparql
    assert {str(r[0]) for r in kg.graph.query(answer.sparql)} == {i.iri for i in answer.answers}


# ---- setup ---------------------------------------------------------------------------------------
def test_a_setup_question_lists_the_steps_in_order_each_quoted(kg: KnowledgeGraph) -> None:
    held = steps(kg, "cable-pull-through")
    assert len(held) >= 3, "the blind card gives the cable pull-through's setup as numbered steps"
    answer = kg.ask("how do I set up the cable pull-through?")
    assert answer.answered and answer.intent == "setup", answer.text
    assert [i.iri for i in answer.answers] == [r["s"] for r in held]  # every step, in the article's order
    positions = [answer.text.find(r["text"]) for r in held]
    assert -1 not in positions and positions == sorted(positions), answer.text  # each told in full, in order
    quoted = [q.quote for q in answer.evidence]
    assert all(r["quote"] in quoted for r in held), quoted
    assert any(q.startswith("Set the pulley at its lowest position") for q in quoted), quoted
    assert_same_as_sparql(kg, answer)


@pytest.mark.parametrize("question", [
    "where does the pad go on a reverse hyper?",
    "how do I get into position for a reverse hyper?",
])
def test_setup_asked_another_way_gets_the_reverse_hyperextension_steps(kg: KnowledgeGraph, question: str) -> None:
    held = steps(kg, "reverse-hyperextension")
    assert held, "the blind articles give the reverse hyperextension's setup"
    answer = kg.ask(question)
    assert answer.intent == "setup", answer.text
    assert [e["iri"] for e in answer.entities] == [EXERCISE + "reverse-hyperextension"]  # "reverse hyper", clipped
    assert {i.iri for i in answer.answers} == {r["s"] for r in held}
    # each article's steps in its own order
    for doc in {r["doc"] for r in held}:
        own = [r["s"] for r in held if r["doc"] == doc]
        assert [i.iri for i in answer.answers if i.iri in own] == own
    assert all(r["quote"] in {q.quote for q in answer.evidence} for r in held)
    assert_same_as_sparql(kg, answer)


def test_a_setup_question_about_an_exercise_without_steps_is_not_answered(kg: KnowledgeGraph) -> None:
    assert not steps(kg, "fire-hydrant") and kg.sparql(f"{PREFIXES}ASK {{ <{EXERCISE}fire-hydrant> ?p ?o }}")
    answer = kg.ask("how do I set up the fire hydrant?")
    assert not answer.answered and not answer.answers, answer.text
    assert "don't know" in answer.text and "setup steps for the fire hydrant" in answer.text


def test_a_question_that_is_not_about_setup_gets_no_setup_steps(kg: KnowledgeGraph) -> None:
    held = steps(kg, "cable-pull-through")
    assert held
    answer = kg.ask("what muscles does the cable pull-through work?")
    assert answer.answered and answer.intent == "muscles", answer.text
    assert not {i.iri for i in answer.answers} & {r["s"] for r in held}
    assert not any(r["text"] in answer.text for r in held), answer.text


def test_a_variation_without_steps_is_set_up_as_its_parent_said_so(graph: Graph) -> None:
    """Which variation lacks steps is up to the corpus; here one is added to a copy of the graph."""
    copy = Graph()
    copy += graph
    variation = URIRef(EXERCISE + "kneeling-cable-pull-through")
    copy.add((variation, RDF.type, KGO.Exercise))
    copy.add((variation, RDFS.label, Literal("kneeling cable pull-through")))
    copy.add((variation, KGO.variationOf, URIRef(EXERCISE + "cable-pull-through")))
    kg = KnowledgeGraph(copy)
    parent = {"iri": EXERCISE + "cable-pull-through", "label": "cable pull-through"}
    answer = kg.ask("how do I set up the kneeling cable pull-through?")
    assert [i.iri for i in answer.answers] == [r["s"] for r in steps(kg, "cable-pull-through")]
    assert all(i.inherited_from == parent for i in answer.answers)
    assert answer.evidence and all(q.inherited_from == parent for q in answer.evidence)
    assert answer.inherited_from == [parent]
    assert "from the cable pull-through, which the kneeling cable pull-through varies" in answer.text
    assert_same_as_sparql(kg, answer)


# ---- pairing -------------------------------------------------------------------------------------
def test_a_pairing_question_names_what_the_graph_pairs_the_exercise_with(kg: KnowledgeGraph) -> None:
    held = pairings(kg, "step-up")
    assert EXERCISE + "deadlift" in held, "step-ups.txt: 'superset them with Romanian deadlifts'"
    answer = kg.ask("what should I pair step-ups with?")
    assert answer.answered and answer.intent == "complements", answer.text
    assert {i.iri for i in answer.answers} == set(held)
    assert "deadlift" in answer.labels
    assert any("Romanian deadlifts" in q.quote for q in answer.evidence)
    assert_same_as_sparql(kg, answer)


def test_a_pairing_the_statement_calls_a_superset_is_said_to_be_one(kg: KnowledgeGraph) -> None:
    held = pairings(kg, "glute-bridge")  # stated of the hydrant and the thrust: a pairing goes both ways
    supersets = {iri for iri, kind in held.items() if kind == "superset"}
    assert supersets, "the blind articles superset glute bridges with fire hydrants and hip thrusts"
    answer = kg.ask("what goes well with glute bridges?")
    assert {i.iri for i in answer.answers} == set(held), answer.text
    for item in answer.answers:
        said = f"{item.label} (as a superset)" in answer.text
        assert said == (item.iri in supersets), answer.text
    assert_same_as_sparql(kg, answer)


def test_a_clipped_name_is_not_an_inflected_one() -> None:
    assert clipped(["reverse", "hyper"], ["reverse", "hyperextension"])
    assert not clipped(["ankle", "weight"], ["ankle", "weights"])  # "ankle weight" is equipment, not a clipping
    assert not clipped(["reverse", "hyperextension"], ["reverse", "hyperextension"])
