"""The networkx view of a built graph: its entities as nodes, the facts between them as edges.

One conversion from RDF serves every caller, so a notebook, a drawing and a GraphML file show the same
nodes and edges: exploration (look-up, search, neighbourhoods, drawings, `kg.to_networkx()`) reads the
view as is, the GraphML export with scalar attributes (`to_networkx(graph, flat=True)`). It is built once
per graph, and rebuilt when the graph's size changes. (The question answerer's traversal index,
`kgqa.qa.index.GraphIndex`, still converts the graph itself, with evidence on its edges: folding it in
here is still to do.)

In it, each qualified muscle involvement becomes one `worksMuscle` edge from the exercise to the muscle
with its `role` and the documents that state it; every other fact between two entities is an edge named
by its predicate (`usesEquipment`, `variationOf`, `hasPart`...).
"""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx
from rdflib import PROV, RDF, RDFS, SKOS, Graph, URIRef

from ..entity import local
from ..lexicon import normalize
from ..terms import KGO, ROLE_OF_IRI

__all__ = ["LIST_SEPARATOR", "TYPES", "EntityView", "entity_view", "to_networkx"]

# kgo classes an entity can have, most specific first: the first one an entity has is its `type`.
TYPES = (
    "Variation",
    "Exercise",
    "Muscle",
    "Equipment",
    "JointAction",
    "Mistake",
    "Correction",
    "Benefit",
    "Population",
    "RoutinePlacement",
    "ProgrammingGuideline",
    "SafetyNote",
    "TechniqueCue",
    "Modification",
    "Consideration",
)
# GraphML attribute values are scalars: with `flat=True`, lists (sources, synonyms, links) are joined with
# this, and empty lists and None are left out.
LIST_SEPARATOR = "|"
_KGO = str(KGO._NS)
# worksMuscle is the unqualified shortcut of the involvements, which become edges with their role.
_NOT_EDGES = {KGO.worksMuscle, KGO.involves, KGO.evidence, KGO.statedFor}


@dataclass
class EntityView:
    """What exploration and export derive from one graph, built once (see `entity_view`)."""

    size: int  # the graph's triple count when built: a changed graph is viewed again
    types: dict[str, list[str]]  # entity IRI -> its kgo classes, most specific first
    label: dict[str, str]
    names: dict[str, set[str]]  # entity IRI -> label, prefLabel and altLabels
    by_key: dict[str, set[str]]  # normalised name -> entity IRIs
    titles: dict[str, str]  # document id -> title
    nx: nx.MultiDiGraph


_VIEWS: dict[int, tuple[weakref.ref[Graph], EntityView]] = {}
_VIEWS_LOCK = threading.Lock()


def entity_view(graph: Graph) -> EntityView:
    """The view of `graph`, built on first use and kept while the graph lives and keeps its size."""
    # Keyed by id() with a weak reference: rdflib graphs compare equal by identifier, so two
    # different graphs could share a WeakKeyDictionary slot.
    key = id(graph)
    with _VIEWS_LOCK:
        cached = _VIEWS.get(key)
        if cached and cached[0]() is graph and cached[1].size == len(graph):
            return cached[1]
    view = _build(graph)
    with _VIEWS_LOCK:
        _VIEWS[key] = (weakref.ref(graph, lambda _: _VIEWS.pop(key, None)), view)
    return view


def to_networkx(graph: Graph, *, flat: bool = False) -> nx.MultiDiGraph:
    """The graph as a networkx `MultiDiGraph` over its entities (a fresh copy each call).

    Nodes are IRIs with `label`, `type`, `synonyms`, `links` (exactMatch) and `sources`. Edges
    have `predicate` (the kgo property's local name), `role` (primary, synergist or stabilizer on
    `worksMuscle` edges, else None) and `sources` (documents stating the fact; empty for facts from
    the curated vocabulary, such as `hasPart`).

    With `flat`, attributes are GraphML-safe scalars (lists joined with `LIST_SEPARATOR`, no None, no empty
    list) and nodes and edges are added in sorted order, so the same graph gives the same GraphML text.
    """
    view = entity_view(graph).nx
    if not flat:
        return view.copy()
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, _flat(view.nodes[n])) for n in sorted(view.nodes))
    out.add_edges_from(
        (u, v, k, _flat(d)) for u, v, k, d in sorted(view.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    )
    return out


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    return {
        k: LIST_SEPARATOR.join(v) if isinstance(v, list | tuple) else v
        for k, v in data.items()
        if v is not None and v != []
    }


def _docs(graph: Graph, node: Any) -> list[str]:
    """The articles a node or statement is derived from (the curated vocabulary is no article)."""
    return sorted(
        {local(str(d)) for d in graph.objects(node, PROV.wasDerivedFrom) if (d, RDF.type, KGO.Document) in graph}
    )


def _build(graph: Graph) -> EntityView:
    found: dict[str, set[str]] = defaultdict(set)
    for s, cls in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef) and str(cls).startswith(_KGO) and local(str(cls)) in TYPES:
            found[str(s)].add(local(str(cls)))
    types = {iri: [t for t in TYPES if t in classes] for iri, classes in found.items()}
    label: dict[str, str] = {}
    names: dict[str, set[str]] = defaultdict(set)
    for predicate in (SKOS.altLabel, SKOS.prefLabel, RDFS.label):  # rdfs:label wins as the label
        for s, name in graph.subject_objects(predicate):
            if str(s) in types:
                names[str(s)].add(str(name))
                if predicate != SKOS.altLabel:
                    label[str(s)] = str(name)
    by_key: dict[str, set[str]] = defaultdict(set)
    for iri, all_names in names.items():
        for name in all_names:
            by_key[normalize(name)].add(iri)
    titles = {
        local(str(d)): str(graph.value(d, RDFS.label) or local(str(d))) for d in graph.subjects(RDF.type, KGO.Document)
    }

    g = nx.MultiDiGraph()
    for iri, classes in types.items():
        g.add_node(
            iri,
            label=label.get(iri) or local(iri).replace("-", " "),
            type=classes[0],
            synonyms=sorted(names[iri] - {label.get(iri)}),
            links=sorted(str(m) for m in graph.objects(URIRef(iri), SKOS.exactMatch)),
            sources=_docs(graph, URIRef(iri)),
        )
    stated: dict[tuple[str, str, str], list[str]] = {}
    for st in graph.subjects(RDF.type, RDF.Statement):
        fact = tuple(str(graph.value(st, part)) for part in (RDF.subject, RDF.predicate, RDF.object))
        stated[fact] = _docs(graph, st)  # type: ignore[index]
    for s, p, o in graph:
        if str(p).startswith(_KGO) and p not in _NOT_EDGES and str(s) in types and str(o) in types:
            name = local(str(p))
            g.add_edge(
                str(s), str(o), key=name, predicate=name, role=None, sources=stated.get((str(s), str(p), str(o)), [])
            )
    for exercise, involvement in graph.subject_objects(KGO.involves):
        muscle, role = graph.value(involvement, KGO.muscle), graph.value(involvement, KGO.role)
        if str(exercise) in types and str(muscle) in types:
            role_name = ROLE_OF_IRI.get(role, local(str(role))) if role else None  # type: ignore[call-overload]
            g.add_edge(
                str(exercise),
                str(muscle),
                key=f"worksMuscle:{role_name}",
                predicate="worksMuscle",
                role=role_name,
                sources=_docs(graph, involvement),
            )
    return EntityView(len(graph), types, label, names, by_key, titles, g)
