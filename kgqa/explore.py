"""Exploring a graph from Python or a notebook: look entities up, run SPARQL, hand it to networkx.

    >>> kg = kgqa.load()
    >>> kg.entity("donkey kick")                  # the glute kickback, its synonyms and neighbours
    >>> kg.sparql("SELECT ?m WHERE { ?m a kgo:Muscle }")
    >>> G = kg.to_networkx()                      # nodes: label, type; edges: predicate, role, sources

The networkx view is built once per graph (and rebuilt when the graph's size changes). In it,
each qualified muscle involvement becomes one `worksMuscle` edge from the exercise to the muscle
with its `role` and the documents that state it; every other fact between two entities is an
edge named by its predicate (`usesEquipment`, `variationOf`, `hasPart`...). Drawing lives in
`kgqa.draw`, export formats in `kgqa.export`.
"""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import PROV, RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from .entity import Entity, Neighbour, local
from .errors import NotFoundError, QueryError
from .lexicon import normalize
from .terms import ID, KGO, PREFIXES, ROLE_OF_IRI

if TYPE_CHECKING:
    from .draw import GraphView

# kgo classes an entity can have, most specific first: the first one an entity has is its `type`.
TYPES = ("Variation", "Exercise", "Muscle", "Equipment", "JointAction", "Mistake", "Correction", "Benefit",
         "Population", "RoutinePlacement", "ProgrammingGuideline", "SafetyNote", "TechniqueCue",
         "Modification", "Consideration")
_KGO = str(KGO._NS)
# worksMuscle is the unqualified shortcut of the involvements, which become edges with their role.
_NOT_EDGES = {KGO.worksMuscle, KGO.involves, KGO.evidence, KGO.statedFor}


@dataclass
class _View:
    """What exploration derives from one graph, built once."""

    size: int
    types: dict[str, list[str]]  # entity IRI -> its kgo classes, most specific first
    label: dict[str, str]
    names: dict[str, set[str]]  # entity IRI -> label, prefLabel and altLabels
    by_key: dict[str, set[str]]  # normalised name -> entity IRIs
    titles: dict[str, str]  # document id -> title
    nx: nx.MultiDiGraph


_VIEWS: dict[int, tuple[weakref.ref[Graph], _View]] = {}
_VIEWS_LOCK = threading.Lock()


def _view(graph: Graph) -> _View:
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


def _docs(graph: Graph, node: Any) -> list[str]:
    """The articles a node or statement is derived from (the curated vocabulary is no article)."""
    return sorted({local(str(d)) for d in graph.objects(node, PROV.wasDerivedFrom)
                   if (d, RDF.type, KGO.Document) in graph})


def _build(graph: Graph) -> _View:
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
    titles = {local(str(d)): str(graph.value(d, RDFS.label) or local(str(d)))
              for d in graph.subjects(RDF.type, KGO.Document)}

    g = nx.MultiDiGraph()
    for iri, classes in types.items():
        g.add_node(iri, label=label.get(iri) or local(iri).replace("-", " "), type=classes[0],
                   synonyms=sorted(names[iri] - {label.get(iri)}),
                   links=sorted(str(m) for m in graph.objects(URIRef(iri), SKOS.exactMatch)),
                   sources=_docs(graph, URIRef(iri)))
    stated: dict[tuple[str, str, str], list[str]] = {}
    for st in graph.subjects(RDF.type, RDF.Statement):
        fact = tuple(str(graph.value(st, part)) for part in (RDF.subject, RDF.predicate, RDF.object))
        stated[fact] = _docs(graph, st)  # type: ignore[index]
    for s, p, o in graph:
        if str(p).startswith(_KGO) and p not in _NOT_EDGES and str(s) in types and str(o) in types:
            name = local(str(p))
            g.add_edge(str(s), str(o), key=name, predicate=name, role=None,
                       sources=stated.get((str(s), str(p), str(o)), []))
    for exercise, involvement in graph.subject_objects(KGO.involves):
        muscle, role = graph.value(involvement, KGO.muscle), graph.value(involvement, KGO.role)
        if str(exercise) in types and str(muscle) in types:
            role_name = ROLE_OF_IRI.get(role, local(str(role))) if role else None  # type: ignore[call-overload]
            g.add_edge(str(exercise), str(muscle), key=f"worksMuscle:{role_name}", predicate="worksMuscle",
                       role=role_name, sources=_docs(graph, involvement))
    return _View(len(graph), types, label, names, by_key, titles, g)


# ---- looking entities up ------------------------------------------------------------------
def _best(view: _View, iris: set[str], key: str) -> str:
    """Among entities sharing a name, prefer the one it labels, then the better connected."""
    def rank(iri: str) -> tuple[bool, int, str]:
        return (normalize(view.label.get(iri, "")) != key, -view.nx.degree(iri), iri)

    return min(iris, key=rank)


def _closest(view: _View, text: str, limit: int = 5) -> list[str]:
    from rapidfuzz import fuzz, process

    # Names only (labels that are whole sentences are no suggestion), and only close ones.
    names = [k for k in view.by_key if len(k) <= 60]
    hits = process.extract(normalize(text) or text, names, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=70)
    out: list[str] = []
    for name, _, _ in hits:
        iri = _best(view, view.by_key[name], name)
        shown = view.label.get(iri, name)
        if shown not in out:
            out.append(shown)
    return out[:limit]


def resolve(graph: Graph, name: str) -> str:
    """The IRI of the entity called `name`: an IRI, an id ("exercise/glute-kickback",
    "muscle:gluteus-maximus", "glute-kickback"), a label or a synonym, in any case or number."""
    view = _view(graph)
    text = str(name).strip()
    if not text:
        raise NotFoundError("no entity name given: pass a label, synonym or IRI, e.g. 'glute kickback'")
    if text in view.types:
        return text
    if not any(c.isspace() for c in text):  # an id: "muscle:gluteus-maximus", "exercise/x", "x"
        slug = text.replace(":", "/", 1)
        if str(ID) + slug in view.types:
            return str(ID) + slug
        by_slug = {iri for iri in view.types if local(iri) == text}
        if by_slug:
            return _best(view, by_slug, normalize(text))
    key = normalize(text)
    if key in view.by_key:
        return _best(view, view.by_key[key], key)
    closest = _closest(view, text)
    found = f"Closest: {', '.join(closest)}" if closest else "Nothing is named like it"
    raise NotFoundError(f"no entity named {text!r}. {found}",
                        hint="kg.search(text) lists entities whose names match partly")


def entity(graph: Graph, name: str) -> Entity:
    """The entity called `name` (IRI, id, label or synonym, case and plural tolerant).

    Raises `NotFoundError` naming the closest known entities when nothing matches.
    """
    view = _view(graph)
    iri = resolve(graph, name)
    data = view.nx.nodes[iri]
    neighbours: list[Neighbour] = []
    sources = set(data["sources"])
    for direction, edges in (("out", view.nx.out_edges(iri, data=True)), ("in", view.nx.in_edges(iri, data=True))):
        for u, v, d in edges:
            other = v if direction == "out" else u
            node = view.nx.nodes[other]
            neighbours.append(Neighbour(d["predicate"], direction, other, node["label"], node["type"],
                                        d["role"], tuple(d["sources"])))
            sources.update(d["sources"])
    neighbours.sort(key=lambda n: (n.direction != "out", n.predicate, n.role or "", n.label))
    descriptions = sorted({str(o) for p in (KGO.definition, KGO.description) for o in graph.objects(URIRef(iri), p)})
    return Entity(iri=iri, label=data["label"], type=data["type"], synonyms=list(data["synonyms"]),
                  links=list(data["links"]), descriptions=descriptions, neighbours=neighbours,
                  sources=sorted(sources), titles={d: view.titles.get(d, d) for d in sources})


def _type_filter(type: str | None) -> str | None:
    if type is None:
        return None
    wanted = type.replace(" ", "").replace("_", "").lower()
    for cls in TYPES:
        if wanted in (cls.lower(), cls.lower() + "s", cls.lower() + "es"):
            return cls
    raise QueryError(f"unknown entity type {type!r}; choose one of: {', '.join(TYPES)}")


def search(graph: Graph, query: str, type: str | None = None, limit: int = 10) -> list[dict[str, Any]]:
    """Entities whose label or a synonym matches `query`: exactly (score 100), as a prefix (90), as
    a substring (80) or fuzzily (up to 75, for typos). Best first, at most `limit`.

    `type` keeps one class ("Muscle", "exercise"; exercises include their variations). An empty
    query lists every entity (of that type), by label.
    """
    from rapidfuzz import fuzz

    view = _view(graph)
    cls = _type_filter(type)
    key = normalize(query)
    hits: list[dict[str, Any]] = []
    for iri, classes in view.types.items():
        if cls and cls not in classes:
            continue
        best: tuple[float, str] | None = None
        for name in view.names.get(iri, ()):
            n = normalize(name)
            if not key:
                score = 0.0
            elif n == key:
                score = 100.0
            elif n.startswith(key):
                score = 90.0
            elif key in n:
                score = 80.0
            else:
                ratio = fuzz.ratio(key, n)
                score = round(ratio * 0.75, 1) if ratio >= 70 else -1
            if score >= 0 and (best is None or score > best[0] or (score == best[0] and name == view.label.get(iri))):
                best = (score, name)
        if best is None and not key:
            best = (0.0, view.label.get(iri, iri))
        if best is not None:
            hits.append({"iri": iri, "label": view.nx.nodes[iri]["label"], "type": classes[0],
                         "matched": best[1], "score": best[0]})
    hits.sort(key=lambda h: (-h["score"], len(h["label"]), h["label"]))
    return hits[:limit] if limit > 0 else hits


# ---- SPARQL -------------------------------------------------------------------------------
def _plain(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def sparql(graph: Graph, query: str) -> list[dict[str, Any]]:
    """Run a SPARQL query; the kgqa prefixes (kgo:, muscle:, exercise:, ...) need no declaring.

    SELECT gives one dict per row, variable name -> plain Python value (IRIs as strings, numbers
    as numbers, unbound as None); ASK gives `[{"boolean": True|False}]`; CONSTRUCT and DESCRIBE one
    `{"subject", "predicate", "object"}` dict per triple. Updates raise `QueryError`.
    """
    if not query or not query.strip():
        raise QueryError("the query is empty: pass a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query")
    try:
        parseQuery(query)
    except Exception as exc:  # pyparsing's ParseException, among others
        try:
            parseUpdate(query)
        except Exception:
            raise QueryError(f"malformed SPARQL query: {' '.join(str(exc).split())[:300]}") from None
        raise QueryError("SPARQL updates (INSERT, DELETE, LOAD, CLEAR...) are not allowed: exploration is "
                         "read-only; change the corpus and rebuild instead") from None
    namespaces = {**dict(graph.namespaces()), **PREFIXES}
    try:
        result = graph.query(query, initNs=namespaces)
    except Exception as exc:  # unknown prefixes and bad function arguments surface at evaluation
        raise QueryError(f"the query could not be evaluated: {' '.join(str(exc).split())[:300]}") from None
    if result.type == "ASK":
        return [{"boolean": bool(result.askAnswer)}]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return [{"subject": _plain(s), "predicate": _plain(p), "object": _plain(o)}
                for s, p, o in result.graph or Graph()]
    variables = [str(v) for v in result.vars or []]
    return [{v: _plain(row[v]) for v in variables} for row in result]  # type: ignore[index]


# ---- networkx ---------------------------------------------------------------------------
def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """The graph as a networkx `MultiDiGraph` over its entities (a fresh copy each call).

    Nodes are IRIs with `label`, `type`, `synonyms`, `links` (exactMatch) and `sources`. Edges
    have `predicate` (the kgo property's local name), `role` (primary, synergist or stabilizer on
    `worksMuscle` edges, else None) and `sources` (documents stating the fact; empty for facts from
    the curated vocabulary, such as `hasPart`).
    """
    return _view(graph).nx.copy()


def neighbourhood(graph: Graph, entity: str | Entity, depth: int = 1) -> nx.MultiDiGraph:
    """The entities within `depth` edges of `entity` (either direction), with every edge among them."""
    if depth < 0:
        raise QueryError(f"depth must be 0 or more, not {depth}")
    view = _view(graph)
    center = entity.iri if isinstance(entity, Entity) else resolve(graph, entity)
    seen = {center: 0}
    queue = deque([center])
    while queue:
        node = queue.popleft()
        if seen[node] == depth:
            continue
        for other in (*view.nx.successors(node), *view.nx.predecessors(node)):
            if other not in seen:
                seen[other] = seen[node] + 1
                queue.append(other)
    sub = view.nx.subgraph(seen).copy()
    sub.graph.update(center=center, depth=depth)
    return sub


def draw(graph: Graph, entity: str | Entity, depth: int = 1) -> GraphView:
    """An interactive drawing of `entity`'s neighbourhood (pyvis, works offline); see `kgqa.draw`."""
    from .draw import GraphView

    sub = neighbourhood(graph, entity, depth=depth)
    return GraphView(sub, center=sub.graph["center"])


def export(graph: Graph, fmt: str, out: Path | None = None) -> Path | None:
    """Write `graph` as turtle, json-ld, nt or graphml to `out` (stdout if None); see `kgqa.export`."""
    from .export import export as _export

    return _export(graph, fmt, out)
