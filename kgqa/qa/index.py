"""A networkx view of the graph for traversal, with labels and evidence at hand.

Built once per loaded graph: edges carry their predicate, role (for muscle involvements,
collapsed from the qualified nodes) and the evidence that supports them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import networkx as nx
from rdflib import PROV, RDF, RDFS, SKOS, Graph, URIRef

from ..lexicon import normalize
from ..terms import KGO, ROLE_OF_IRI

TRAVERSED = {
    KGO.usesEquipment, KGO.commonMistake, KGO.correction, KGO.hasBenefit, KGO.variationOf,
    KGO.hasProgression, KGO.hasRegression, KGO.recommendedFor, KGO.placement, KGO.complementedBy,
    KGO.guideline, KGO.safetyNote, KGO.techniqueCue, KGO.jointAction, KGO.hasPro, KGO.hasCon,
    KGO.hasPart, KGO.partOf, KGO.variantEquipment, KGO.setupStep,
}


@dataclass(frozen=True)
class Ev:
    document: str
    title: str
    quote: str
    section: str
    start: int
    end: int


def ev_order(e: Ev) -> tuple[str, int, int, str]:
    """The stable order of evidence: by document, then where the sentence stands in it."""
    return (e.document, e.start, e.end, e.quote)


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class GraphIndex:
    def __init__(self, graph: Graph) -> None:
        g = graph
        self.graph = graph
        self.nx = nx.MultiDiGraph()
        self.types: dict[str, set[str]] = defaultdict(set)
        self.label: dict[str, str] = {}
        self.names: dict[str, set[str]] = defaultdict(set)  # iri -> all names
        self.by_name: dict[str, set[str]] = defaultdict(set)  # normalized name -> iris
        self.attrs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.narrower_of: dict[str, list[str]] = defaultdict(list)  # skos:narrower, both directions stated
        titles = {str(d): str(g.value(d, RDFS.label) or local(str(d))) for d in g.subjects(RDF.type, KGO.Document)}
        self.titles = titles
        self._ev_cache: dict[str, Ev] = {}

        def ev(node: object) -> Ev:
            key = str(node)
            if key not in self._ev_cache:
                doc = str(g.value(node, PROV.wasDerivedFrom))  # type: ignore[arg-type]
                self._ev_cache[key] = Ev(
                    document=local(doc), title=titles.get(doc, local(doc)),
                    quote=str(g.value(node, KGO.quote)), section=str(g.value(node, KGO.section) or ""),  # type: ignore[arg-type]
                    start=int(g.value(node, KGO.startChar) or 0), end=int(g.value(node, KGO.endChar) or 0),  # type: ignore[arg-type]
                )
            return self._ev_cache[key]

        for s, o in g.subject_objects(RDF.type):
            if isinstance(s, URIRef):
                self.types[str(s)].add(local(str(o)))
        for s, p, o in g:
            if p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel) and isinstance(s, URIRef):
                self.names[str(s)].add(str(o))
                self.by_name[normalize(str(o))].add(str(s))
                if (p == RDFS.label or str(s) not in self.label) and p != SKOS.altLabel:
                    self.label[str(s)] = str(o)
            elif p in (KGO.aspect, KGO.emphasis, KGO.description, KGO.definition, KGO.sets, KGO.reps, KGO.step):
                self.attrs[str(s)][local(str(p))].add(str(o))
            elif p == SKOS.narrower:
                self.narrower_of[str(s)].append(str(o))
            elif p == SKOS.broader:
                self.narrower_of[str(o)].append(str(s))
        for narrower in self.narrower_of.values():
            narrower.sort()
        self.node_evidence: dict[str, list[Ev]] = defaultdict(list)
        for node, e in g.subject_objects(KGO.evidence):
            self.node_evidence[str(node)].append(ev(e))
        # cited in a stable order (document, then place in it), not in the order the graph file was parsed
        for evs in self.node_evidence.values():
            evs.sort(key=ev_order)
        # plain facts, with the evidence of their reifying statements. Every loop below runs in sorted order, so
        # the edges, their evidence and so every answer are the same whatever order the graph file was parsed in.
        statement_ev: dict[tuple[str, str, str], list[Ev]] = defaultdict(list)
        # how two exercises go together, as the statement of their kgo:complementedBy fact says ("superset", "pair")
        self.pairings: dict[tuple[str, str], str] = {}
        for st in sorted(g.subjects(RDF.type, RDF.Statement)):
            key = (str(g.value(st, RDF.subject)), str(g.value(st, RDF.predicate)), str(g.value(st, RDF.object)))
            statement_ev[key] = self.node_evidence.get(str(st), [])
            if key[1] == str(KGO.complementedBy) and (kind := g.value(st, KGO.pairing)) is not None:
                self.pairings[(key[0], key[2])] = str(kind)
        facts = sorted((str(s), str(p), str(o)) for s, p, o in g if p in TRAVERSED and isinstance(o, URIRef))
        for s, p, o in facts:
            evs = statement_ev.get((s, p, o), [])
            self.nx.add_edge(s, o, key=local(p), predicate=local(p), evidence=evs)
        # muscle involvements, collapsed to exercise -works-> muscle edges with a role each
        for ex, inv in sorted((str(ex), str(inv)) for ex, inv in g.subject_objects(KGO.involves)):
            muscle = str(g.value(URIRef(inv), KGO.muscle))
            role = ROLE_OF_IRI.get(g.value(URIRef(inv), KGO.role), "primary")  # type: ignore[arg-type]
            self.nx.add_edge(ex, muscle, key=f"works:{role}", predicate="works", role=role,
                             evidence=self.node_evidence.get(inv, []))
        for s, o in g.subject_objects(KGO.definition):
            self.attrs[str(s)]["definition"].add(str(o))
        self.definition_ev: dict[str, list[Ev]] = defaultdict(list)
        for key, evs in statement_ev.items():
            if key[1] == str(KGO.definition):
                self.definition_ev[key[0]] += evs
        for evs in self.definition_ev.values():
            evs.sort(key=ev_order)
        self.documents = sorted({e.document for evs in self.node_evidence.values() for e in evs})
        self._index_edges()

    # ---- helpers -----------------------------------------------------------------------
    def is_a(self, iri: str, cls: str) -> bool:
        return cls in self.types.get(iri, ())

    def name(self, iri: str) -> str:
        return self.label.get(iri) or local(iri).replace("-", " ")

    def step(self, iri: str) -> int:
        """A setup step's number in its article's list (kgo:step); 0 when the graph gives none."""
        return min((int(n) for n in self.attrs[iri].get("step", ()) if n.isdigit()), default=0)

    def pairing(self, a: str, b: str) -> str | None:
        """How the articles pair two exercises ("superset", "pair"), whichever of them the fact is stated of."""
        return self.pairings.get((a, b)) or self.pairings.get((b, a))

    def out(self, iri: str, predicate: str) -> list[tuple[str, dict]]:
        return self._out.get((iri, predicate), [])

    def into(self, iri: str, predicate: str) -> list[tuple[str, dict]]:
        return self._into.get((iri, predicate), [])

    def _index_edges(self) -> None:
        """Edges by (node, predicate), both directions: a step reads one list, not every edge of the node."""
        self._out: dict[tuple[str, str], list[tuple[str, dict]]] = defaultdict(list)
        self._into: dict[tuple[str, str], list[tuple[str, dict]]] = defaultdict(list)
        for u, v, d in self.nx.edges(data=True):
            self._out[(u, d["predicate"])].append((v, d))
            self._into[(v, d["predicate"])].append((u, d))
        self._out, self._into = dict(self._out), dict(self._into)

    @staticmethod
    def _closure(iri: str, step: Callable[[str], Iterable[str]], include_self: bool = True) -> list[str]:
        """`iri` and everything reachable by repeating `step`, nearest first (a breadth-first walk)."""
        order, frontier = [iri], [iri]
        while frontier:
            frontier = list(dict.fromkeys(n for f in frontier for n in step(f) if n not in order))
            order += frontier
        return order if include_self else order[1:]

    def lineage(self, iri: str) -> list[str]:
        """The exercise and the exercises it varies, nearest first (variationOf*)."""
        return self._closure(iri, lambda n: (p for p, _ in self.out(n, "variationOf")))

    def descendants(self, iri: str) -> list[str]:
        """The exercise and its variations (inverse variationOf*)."""
        return self._closure(iri, lambda n: (c for c, _ in self.into(n, "variationOf")))

    def parts(self, iri: str) -> list[str]:
        """The muscle and its parts (hasPart*)."""
        return self._closure(iri, lambda n: (p for p, _ in self.out(n, "hasPart")))

    def narrower(self, iri: str) -> list[str]:
        """The concept and its narrower concepts (skos:narrower*, e.g. resistance band -> mini-band)."""
        return self._closure(iri, lambda n: self.narrower_of.get(n, ()))

    def wholes(self, iri: str) -> list[str]:
        """What the muscle is part of (partOf+), nearest first."""
        return self._closure(iri, lambda n: (w for w, _ in self.out(n, "partOf")), include_self=False)

    def mentions(self, iri: str) -> list[Ev]:
        """Sentences that state a fact of the node or about it: how a node without its own evidence
        (an exercise named by the vocabulary, a kind of equipment) is cited."""
        if iri not in self.nx:
            return []
        found = [e for _, _, d in self.nx.out_edges(iri, data=True) for e in d.get("evidence", ())]
        found += [e for _, _, d in self.nx.in_edges(iri, data=True) for e in d.get("evidence", ())]
        return list(dict.fromkeys(found))

    def wholes_and_self(self, iri: str) -> list[str]:
        """The muscle and what it is part of (partOf*)."""
        return [iri, *self.wholes(iri)]

    def fact_count(self, iri: str) -> int:
        return self.nx.out_degree(iri) if iri in self.nx else 0
