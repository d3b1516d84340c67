"""The graph as a traversal index, with labels and evidence at hand.

Built once per loaded graph: edges carry their predicate, role (for muscle involvements,
collapsed from the qualified nodes) and the evidence that supports them. The edges are kept as a
networkx MultiDiGraph keeps them (node -> neighbour -> key -> data, in the order first added; an edge
added again under its key updates it), in plain dicts: a question needs no networkx import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from rdflib import PROV, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.term import Node

from ..lexicon import normalize
from ..terms import KGO, ROLE_OF_IRI

TRAVERSED = {
    KGO.usesEquipment, KGO.commonMistake, KGO.correction, KGO.hasBenefit, KGO.variationOf,
    KGO.hasProgression, KGO.hasRegression, KGO.recommendedFor, KGO.placement, KGO.complementedBy,
    KGO.guideline, KGO.safetyNote, KGO.techniqueCue, KGO.jointAction, KGO.hasPro, KGO.hasCon,
    KGO.hasPart, KGO.partOf, KGO.variantEquipment, KGO.setupStep,
    KGO.mechanic, KGO.force, KGO.level, KGO.category,  # a record's attributes (SKOS concepts): kgqa.qa.attributes
}

# the properties read once per node (evidence sentences, reifying statements, involvements, documents' titles)
VALUED = (PROV.wasDerivedFrom, KGO.quote, KGO.section, KGO.startChar, KGO.endChar, RDF.subject, RDF.predicate,
          RDF.object, KGO.pairing, KGO.muscle, KGO.role, RDFS.label)


@dataclass(frozen=True, eq=False)
class Ev:
    """One evidence sentence. The index makes one object per evidence node of the graph, so an Ev equals only
    itself: hashing one costs nothing, which matters when a hit merges the evidence of thousands of facts."""

    document: str
    title: str
    quote: str
    section: str
    start: int
    end: int

    @cached_property
    def lowered(self) -> str:
        return self.quote.lower()


def ev_order(e: Ev) -> tuple[str, int, int, str]:
    """The stable order of evidence: by document, then where the sentence stands in it."""
    return (e.document, e.start, e.end, e.quote)


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


_LABEL, _ALT_LABEL, _SUBJECT, _PREDICATE, _OBJECT = map(str, (RDFS.label, SKOS.altLabel, RDF.subject, RDF.predicate,
                                                               RDF.object))
# what the one pass over the graph reads of each predicate: names, the broader/narrower links, an attribute
_READ = {**{str(p): "name" for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)},
         str(SKOS.narrower): "narrower", str(SKOS.broader): "broader",
         **{str(p): local(str(p)) for p in (KGO.aspect, KGO.emphasis, KGO.description, KGO.definition, KGO.sets,
                                             KGO.reps, KGO.step)}}


def _attribute_sets() -> defaultdict[str, set[str]]:
    return defaultdict(set)


class GraphIndex:
    def __init__(self, graph: Graph) -> None:
        g = graph
        self.graph = graph
        # node -> neighbour -> edge key -> data, both ways (the same data); every node is a key of both
        self._succ: dict[str, dict[str, dict[str, dict]]] = {}
        self._walks: dict[tuple[str, str], list[str]] = {}  # (walk, node) -> what it reaches (see _walk)
        self._pred: dict[str, dict[str, dict[str, dict]]] = {}
        self.types: dict[str, set[str]] = defaultdict(set)
        self.label: dict[str, str] = {}
        self.names: dict[str, set[str]] = defaultdict(set)  # iri -> all names
        self.by_name: dict[str, set[str]] = defaultdict(set)  # normalized name -> iris
        self.attrs: dict[str, dict[str, set[str]]] = defaultdict(_attribute_sets)
        self.narrower_of: dict[str, list[str]] = defaultdict(list)  # skos:narrower, both directions stated
        # one pass over the graph: the names, attributes and facts, and the value of each property read per node
        # (the first object, as Graph.value gives it), rather than a lookup in the store per node and property
        # (predicates compared as plain text: an rdflib term hashes and compares in Python, a str in C)
        value: dict[str, dict[Node, Node]] = {str(p): {} for p in VALUED}
        facts: list[tuple[str, str, str]] = []
        traversed = {str(p) for p in TRAVERSED}
        for s, pred, o in g:
            p = str(pred)
            if p in value:
                value[p].setdefault(s, o)
            if p in traversed and isinstance(o, URIRef):
                facts.append((str(s), p, str(o)))
            read = _READ.get(p)
            if read is None:
                continue
            if read == "name":
                if isinstance(s, URIRef):
                    self.names[str(s)].add(str(o))
                    self.by_name[normalize(str(o))].add(str(s))
                    if (p == _LABEL or str(s) not in self.label) and p != _ALT_LABEL:
                        self.label[str(s)] = str(o)
            elif read == "narrower":
                self.narrower_of[str(s)].append(str(o))
            elif read == "broader":
                self.narrower_of[str(o)].append(str(s))
            else:
                self.attrs[str(s)][read].add(str(o))
        labels = value[_LABEL]
        titles = {str(d): str(labels.get(d) or local(str(d))) for d in g.subjects(RDF.type, KGO.Document)}
        self.titles = titles
        self._ev_cache: dict[str, Ev] = {}
        source, quote, section, start, end = (value[str(p)] for p in (PROV.wasDerivedFrom, KGO.quote, KGO.section,
                                                                        KGO.startChar, KGO.endChar))

        def ev(node: Node) -> Ev:
            key = str(node)
            if key not in self._ev_cache:
                doc = str(source.get(node))
                self._ev_cache[key] = Ev(
                    document=local(doc), title=titles.get(doc, local(doc)), quote=str(quote.get(node)),
                    section=str(section.get(node) or ""), start=int(start.get(node) or 0),  # type: ignore[call-overload]
                    end=int(end.get(node) or 0),  # type: ignore[call-overload]
                )
            return self._ev_cache[key]

        for s, o in g.subject_objects(RDF.type):
            if isinstance(s, URIRef):
                self.types[str(s)].add(local(str(o)))
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
        # each reifying statement's (subject, predicate, object), as text (kgqa.qa.retrieve reads them too)
        self.statements: dict[str, tuple[str, str, str]] = {}
        for st in sorted(g.subjects(RDF.type, RDF.Statement)):
            key = self.statements[str(st)] = (str(value[_SUBJECT].get(st)), str(value[_PREDICATE].get(st)),
                                              str(value[_OBJECT].get(st)))
            statement_ev[key] = self.node_evidence.get(str(st), [])
            if key[1] == str(KGO.complementedBy) and (kind := value[str(KGO.pairing)].get(st)) is not None:
                self.pairings[(key[0], key[2])] = str(kind)
        # facts stated alike in several articles (each article's own node of one technique cue, named and described
        # the same) are one node here, the first by IRI, with the evidence of all: an answer lists such a fact once,
        # and a question's cost grows with the distinct facts, not with the articles that repeat them
        self._alike: dict[str, tuple | None] = {}
        first: dict[tuple, str] = {}
        same = {iri: first.setdefault(key, iri) for iri in sorted(self.types) if (key := self.alike(iri))}
        self.same_as = {iri: into for iri, into in same.items() if iri != into}
        merged: set[tuple[str, str, str]] = set()
        for s, p, o in sorted(facts):
            evs = statement_ev.get((s, p, o), [])
            edge = (self.same_as.get(s, s), self.same_as.get(o, o), local(p))
            had = self._succ.get(edge[0], {}).get(edge[1], {}).get(edge[2])
            if had is not None and (edge[:2] != (s, o) or edge in merged):
                had["evidence"] = sorted({*had["evidence"], *evs}, key=ev_order)
            else:
                self._add_edge(edge[0], edge[1], edge[2], predicate=edge[2], evidence=evs)
            if edge[:2] != (s, o):
                merged.add(edge)
        # muscle involvements, collapsed to exercise -works-> muscle edges with a role each
        for ex, inv in sorted((str(ex), str(inv)) for ex, inv in g.subject_objects(KGO.involves)):
            muscle = str(value[str(KGO.muscle)].get(URIRef(inv)))
            role = ROLE_OF_IRI.get(value[str(KGO.role)].get(URIRef(inv)), "primary")  # type: ignore[arg-type]
            self._add_edge(ex, muscle, f"works:{role}", predicate="works", role=role,
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
        self.by_type: dict[str, list[str]] = defaultdict(list)  # class -> its nodes, as `types` lists them
        for iri, classes in self.types.items():
            for cls in classes:
                self.by_type[cls].append(iri)
        self._index_edges()

    def __getstate__(self) -> dict:
        """Everything but the rdflib graph: a snapshot of the index answers questions without it (snapshot.py)."""
        return {**self.__dict__, "graph": None, "_ev_cache": {}, "_walks": {}}

    # ---- helpers -----------------------------------------------------------------------
    def alike(self, iri: str) -> tuple | None:
        """What two facts stated alike share (class, name, description), or None for a node with no description
        (an entity): the key on which traversal lists such facts once (kgqa.qa.traverse)."""
        found = self._alike.get(iri, False)
        if found is False:
            described = self.attrs[iri].get("description") if iri in self.attrs else None
            found = self._alike[iri] = (frozenset(self.types.get(iri, ())), self.name(iri), tuple(sorted(described))) \
                if described else None
        return found  # type: ignore[return-value]

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
        for u, nbrs in self._succ.items():
            for v, keyed in nbrs.items():
                for d in keyed.values():
                    # every sentence stating the fact ("all"), the articles they are in ("documents"), and the
                    # sentences cited ("evidence"): one copy of each, the first, when articles repeat one word for
                    # word (syndicated text, a replicated corpus), so a question's cost does not grow with copies
                    every = d["all"] = d["evidence"]
                    d["documents"] = frozenset(e.document for e in every)
                    firsts: dict[tuple[str, str], Ev] = {}
                    for e in every:
                        firsts.setdefault((e.quote, e.section), e)
                    d["evidence"] = list(firsts.values()) if len(firsts) < len(every) else every
                    # its distinct sentences, lower-cased, in one text: whether any mentions a word is one search
                    d["text"] = "\n".join(dict.fromkeys(e.lowered for e in every))
                    self._out[(u, d["predicate"])].append((v, d))
                    self._into[(v, d["predicate"])].append((u, d))
        self._out, self._into = dict(self._out), dict(self._into)

    @staticmethod
    def _closure(iri: str, step: Callable[[str], Iterable[str]], include_self: bool = True) -> list[str]:
        """`iri` and everything reachable by repeating `step`, nearest first (a breadth-first walk)."""
        order, seen, frontier = [iri], {iri}, [iri]
        while frontier:  # (membership in a set: an equipment's or a family's closure has hundreds of nodes)
            frontier = [n for n in dict.fromkeys(n for f in frontier for n in step(f)) if n not in seen]
            seen.update(frontier)
            order += frontier
        return order if include_self else order[1:]

    def _walk(self, walk: str, iri: str, step: Callable[[str], Iterable[str]], include_self: bool = True) -> list[str]:
        """`_closure`, remembered per node (the index does not change once built); a new list each time."""
        found = self._walks.get((walk, iri))
        if found is None:
            found = self._walks[(walk, iri)] = self._closure(iri, step, include_self)
        return list(found)

    def lineage(self, iri: str) -> list[str]:
        """The exercise and the exercises it varies, nearest first (variationOf*)."""
        return self._walk("lineage", iri, lambda n: (p for p, _ in self.out(n, "variationOf")))

    def descendants(self, iri: str) -> list[str]:
        """The exercise and its variations (inverse variationOf*)."""
        return self._walk("descendants", iri, lambda n: (c for c, _ in self.into(n, "variationOf")))

    def parts(self, iri: str) -> list[str]:
        """The muscle and its parts (hasPart*)."""
        return self._walk("parts", iri, lambda n: (p for p, _ in self.out(n, "hasPart")))

    def narrower(self, iri: str) -> list[str]:
        """The concept and its narrower concepts (skos:narrower*, e.g. resistance band -> mini-band)."""
        return self._walk("narrower", iri, lambda n: self.narrower_of.get(n, ()))

    def wholes(self, iri: str) -> list[str]:
        """What the muscle is part of (partOf+), nearest first."""
        return self._walk("wholes", iri, lambda n: (w for w, _ in self.out(n, "partOf")), include_self=False)

    def mentions(self, iri: str) -> list[Ev]:
        """Sentences that state a fact of the node or about it: how a node without its own evidence
        (an exercise named by the vocabulary, a kind of equipment) is cited."""
        found = [e for _, d in self.out_edges(iri) for e in d.get("evidence", ())]
        found += [e for _, d in self.in_edges(iri) for e in d.get("evidence", ())]
        return list(dict.fromkeys(found))

    def wholes_and_self(self, iri: str) -> list[str]:
        """The muscle and what it is part of (partOf*)."""
        return [iri, *self.wholes(iri)]

    def fact_count(self, iri: str) -> int:
        return sum(len(keyed) for keyed in self._succ.get(iri, {}).values())

    def out_edges(self, iri: str) -> Iterator[tuple[str, dict]]:
        """(neighbour, edge data) of every edge from the node, in networkx's order."""
        return ((v, d) for v, keyed in self._succ.get(iri, {}).items() for d in keyed.values())

    def in_edges(self, iri: str) -> Iterator[tuple[str, dict]]:
        """(neighbour, edge data) of every edge into the node, in networkx's order."""
        return ((u, d) for u, keyed in self._pred.get(iri, {}).items() for d in keyed.values())

    def _add_edge(self, u: str, v: str, key: str, **data: object) -> None:
        """networkx's MultiDiGraph.add_edge: a new edge, or the data of the edge already under `key` updated."""
        for node in (u, v):
            if node not in self._succ:
                self._succ[node], self._pred[node] = {}, {}
        keyed = self._succ[u].get(v)
        if keyed is None:
            keyed = self._succ[u][v] = self._pred[v][u] = {}
        keyed.setdefault(key, {}).update(data)
