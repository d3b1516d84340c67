"""SHACL: the built graph conforms; a broken graph does not, and the CLI names the shape."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CORPUS
from rdflib import RDF, RDFS, Graph

import kgqa.build as kb
from kgqa.build import BuildResult
from kgqa.cli import main
from kgqa.errors import ValidationError
from kgqa.graph.validate import load_shapes, validate
from kgqa.terms import KGO, entity_iri


def first(graph: Graph, cls: object) -> object:
    return sorted(graph.subjects(RDF.type, cls))[0]  # type: ignore[arg-type]


def drop_role(g: Graph) -> None:
    g.remove((first(g, KGO.MuscleInvolvement), KGO.role, None))  # type: ignore[arg-type]


def drop_quote(g: Graph) -> None:
    g.remove((first(g, KGO.Evidence), KGO.quote, None))  # type: ignore[arg-type]


def drop_mistake_evidence(g: Graph) -> None:
    g.remove((first(g, KGO.Mistake), KGO.evidence, None))  # type: ignore[arg-type]


def drop_exercise_label(g: Graph) -> None:
    g.remove((entity_iri("exercise", "cable-kickback"), RDFS.label, None))


def two_roles(g: Graph) -> None:
    g.add((first(g, KGO.MuscleInvolvement), KGO.role, KGO.Stabilizer))  # type: ignore[arg-type]
    g.add((first(g, KGO.MuscleInvolvement), KGO.role, KGO.Synergist))  # type: ignore[arg-type]


BREAKERS: dict[str, tuple[Callable[[Graph], None], str]] = {
    "involvement without role": (drop_role, "InvolvementShape"),
    "evidence without quote": (drop_quote, "EvidenceShape"),
    "mistake without source": (drop_mistake_evidence, "SourcedShape"),
    "exercise without label": (drop_exercise_label, "ExerciseShape"),
    "involvement with two roles": (two_roles, "InvolvementShape"),
}


def test_built_graph_conforms(built: BuildResult) -> None:
    validate(built.graph)


def test_shapes_are_found_by_file_name() -> None:
    shapes = load_shapes()
    assert len(shapes) > 20


# Regression: violations of property shapes (blank nodes) were reported under a blank-node id
# instead of their shape's name, because the shapes file was parsed once to validate and again
# to look the names up.
@pytest.mark.parametrize("name", sorted(BREAKERS))
def test_broken_graph_fails_naming_the_shape(graph_copy: Graph, name: str) -> None:
    breaker, shape = BREAKERS[name]
    breaker(graph_copy)
    with pytest.raises(ValidationError) as info:
        validate(graph_copy)
    assert shape in info.value.shapes
    assert shape in info.value.message
    assert info.value.report


def test_missing_primary_mover_is_only_a_warning(graph_copy: Graph) -> None:
    tricep = entity_iri("exercise", "tricep-kickback")
    for node in list(graph_copy.objects(tricep, KGO.involves)):
        graph_copy.set((node, KGO.role, KGO.Synergist))  # type: ignore[arg-type]
    validate(graph_copy)


def test_cli_exits_1_naming_the_violated_shape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_build_graph = kb.build_graph

    def build_broken_graph(*args: object, **kwargs: object) -> Graph:
        graph = real_build_graph(*args, **kwargs)  # type: ignore[arg-type]
        drop_role(graph)
        return graph

    monkeypatch.setattr(kb, "build_graph", build_broken_graph)
    assert main(["build", "--corpus", str(CORPUS), "--out", str(tmp_path / "g.ttl")]) == 1
    err = capsys.readouterr().err
    assert "does not conform" in err and "InvolvementShape" in err
