"""Ontology terms are declared once (kgqa.terms.KGO) and each one exists in the ontology."""

from __future__ import annotations

import pytest
from conftest import ONTOLOGY
from rdflib import OWL, RDF, Graph, URIRef

from kgqa.build import BuildResult
from kgqa.terms import KGO, ROLE_NAMES

DECLARED = sorted(name for name in KGO.__annotations__ if not name.startswith("_"))


@pytest.fixture(scope="module")
def schema() -> Graph:
    return Graph().parse(str(ONTOLOGY / "kgqa.ttl"), format="turtle")


@pytest.mark.parametrize("name", DECLARED)
def test_declared_term_exists_in_the_ontology(schema: Graph, name: str) -> None:
    term = KGO[name]
    assert (term, RDF.type, None) in schema, (
        f"kgo:{name} is declared in kgqa.terms but not in kgqa.ttl"
    )


def test_misspelt_term_is_an_error() -> None:
    with pytest.raises(AttributeError):
        KGO.Excercise  # noqa: B018


def test_ontology_defines_nothing_the_code_cannot_name(schema: Graph) -> None:
    ns = str(KGO._NS)
    defined = {str(s)[len(ns) :] for s in schema.subjects(RDF.type, None) if str(s).startswith(ns)}
    assert defined <= set(DECLARED), sorted(defined - set(DECLARED))


@pytest.mark.parametrize("name", ["Exercise", "Muscle", "Equipment", "Mistake", "Benefit"])
def test_required_classes(schema: Graph, name: str) -> None:
    assert (KGO[name], RDF.type, OWL.Class) in schema


def test_roles_are_individuals_of_muscle_role(schema: Graph) -> None:
    for role in ROLE_NAMES.values():
        assert (role, RDF.type, KGO.MuscleRole) in schema


@pytest.mark.parametrize("path", sorted(p.name for p in ONTOLOGY.glob("*.ttl")))
def test_ontology_files_use_only_declared_terms(path: str) -> None:
    graph = Graph().parse(str(ONTOLOGY / path), format="turtle")
    ns = str(KGO._NS)
    used = {
        str(n)[len(ns) :]
        for t in graph
        for n in t
        if isinstance(n, URIRef) and str(n).startswith(ns)
    }
    assert used <= set(DECLARED), sorted(used - set(DECLARED))


def test_built_graph_uses_only_declared_terms(built: BuildResult) -> None:
    ns = str(KGO._NS)
    used = {
        str(n)[len(ns) :]
        for t in built.graph
        for n in t
        if isinstance(n, URIRef) and str(n).startswith(ns)
    }
    assert used <= set(DECLARED), sorted(used - set(DECLARED))
