"""scripts/scale_graph.py and scripts/bench_scale.py at a tiny size: the synthetic graph has kgqa's shape,
conforms to the shapes and answers the benchmark's questions (the benchmark itself runs outside the tests)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import PROV, RDF, RDFS, Graph, URIRef

from kgqa.graph.validate import validate
from kgqa.kg import KnowledgeGraph
from kgqa.lexicon import Lexicon
from kgqa.terms import KGO

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    sys.path.insert(0, str(SCRIPTS))
    try:
        return importlib.import_module("bench_scale")
    finally:
        sys.path.remove(str(SCRIPTS))


@pytest.fixture(scope="module")
def tiny(bench: ModuleType, lexicon: Lexicon) -> Graph:
    return bench.generate(4, lexicon)


def test_the_synthetic_graph_conforms_to_the_shapes(tiny: Graph) -> None:
    validate(tiny)


def test_the_synthetic_graph_has_the_shape_of_a_built_one(tiny: Graph, bench: ModuleType) -> None:
    def count(cls: URIRef) -> int:
        return len(set(tiny.subjects(RDF.type, cls)))

    assert count(KGO.Document) == 4 and count(KGO.Variation) == 8 and count(KGO.Exercise) >= 12
    assert count(KGO.MuscleInvolvement) >= 4 * 5 and count(KGO.Correction) >= 4 and count(KGO.Benefit) >= 2
    roles = set(tiny.objects(None, KGO.role))
    assert roles == {KGO.PrimaryMover, KGO.Synergist, KGO.Stabilizer}
    name = bench.exercise_name(1)
    exercise = next(s for s in tiny.subjects(RDF.type, KGO.Exercise) if str(tiny.value(s, RDFS.label)) == name)
    assert (exercise, KGO.minted, None) in tiny, "a name the vocabulary lacks is a minted node, as in a build"
    assert len(set(tiny.subjects(KGO.variationOf, exercise))) == 2
    for evidence in tiny.subjects(RDF.type, KGO.Evidence):
        assert (tiny.value(evidence, PROV.wasDerivedFrom), RDF.type, KGO.Document) in tiny


def test_every_benchmark_question_is_answered_with_what_was_generated(tiny: Graph, bench: ModuleType,
                                                                      lexicon: Lexicon) -> None:
    kg = KnowledgeGraph(tiny)
    asked = bench.questions(4, 2, lexicon)
    assert len(asked) == 2 * len(bench.QUESTIONS)
    for question, wanted in asked:
        answer = kg.ask(question)
        said = " ".join([answer.text, *answer.labels]).lower()
        assert wanted and all(w.lower() in said for w in wanted), (question, wanted, answer.text)


def test_names_sizes_and_the_table(bench: ModuleType) -> None:
    names = [bench.exercise_name(k) for k in range(20_000)]
    assert len(set(names)) == len(names), "one name per exercise"
    assert [bench.size_of(s) for s in ("10k", "1M", "250k", "5M", "1234")] == [10_000, 10**6, 250_000, 5 * 10**6, 1234]
    row = {"size": "10k", "triples": 10_059, "families": 22, "generate_s": 0.7, "load_s": 0.1, "first_ask_s": 0.6,
           "peak_mib": 145.0, "p50_ms": 0.73, "p99_ms": 1.17, "sparql_p50_ms": None, "answered": "60/60"}
    text = bench.table([row], "kgqa has no remote store")
    assert "| 10k | 10,059 | 22 | 0.7 | 0.10 | 0.6 | 145 | 0.73 | 1.17 | n/a | n/a | 60/60 |" in text
    assert "| 10k | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |" in text, "the server table says n/a"
    assert "Server columns n/a: kgqa has no remote store." in text
    for table in text.split("\n\n"):
        rows = [line for line in table.splitlines() if line.startswith("|")]
        assert len({line.count("|") for line in rows}) <= 1, table
