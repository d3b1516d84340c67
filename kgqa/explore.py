"""Exploring a graph from Python or a notebook: look entities up, run SPARQL, hand it to networkx.

    >>> kg = kgqa.load()
    >>> kg.entity("donkey kick")                  # the glute kickback, its synonyms and neighbours
    >>> kg.sparql("SELECT ?m WHERE { ?m a kgo:Muscle }")
    >>> G = kg.to_networkx()                      # nodes: label, type; edges: predicate, role, sources

Everything here reads the one networkx view of the graph (`kgqa.graph.view`: what its nodes and edges
carry, and how it is cached). Drawing lives in `kgqa.draw`, export formats in `kgqa.export`.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from .draw import GraphView
from .entity import Entity, Neighbour, local
from .errors import NotFoundError, QueryError
from .export import export
from .graph.view import TYPES, EntityView, entity_view, to_networkx
from .lexicon import normalize
from .terms import ID, KGO, PREFIXES

__all__ = ["TYPES", "draw", "entity", "export", "neighbourhood", "resolve", "search", "sparql", "to_networkx"]


# ---- looking entities up ------------------------------------------------------------------
def _best(view: EntityView, iris: set[str], key: str) -> str:
    """Among entities sharing a name, prefer the one it labels, then the better connected."""

    def rank(iri: str) -> tuple[bool, int, str]:
        return (normalize(view.label.get(iri, "")) != key, -view.nx.degree(iri), iri)

    return min(iris, key=rank)


def _closest(view: EntityView, text: str, limit: int = 5) -> list[str]:
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
    view = entity_view(graph)
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
    raise NotFoundError(
        f"no entity named {text!r}. {found}", hint="kg.search(text) lists entities whose names match partly"
    )


def entity(graph: Graph, name: str) -> Entity:
    """The entity called `name` (IRI, id, label or synonym, case and plural tolerant).

    Raises `NotFoundError` naming the closest known entities when nothing matches.
    """
    view = entity_view(graph)
    iri = resolve(graph, name)
    data = view.nx.nodes[iri]
    neighbours: list[Neighbour] = []
    sources = set(data["sources"])
    for direction, edges in (("out", view.nx.out_edges(iri, data=True)), ("in", view.nx.in_edges(iri, data=True))):
        for u, v, d in edges:
            other = v if direction == "out" else u
            node = view.nx.nodes[other]
            neighbours.append(
                Neighbour(d["predicate"], direction, other, node["label"], node["type"], d["role"], tuple(d["sources"]))
            )
            sources.update(d["sources"])
    neighbours.sort(key=lambda n: (n.direction != "out", n.predicate, n.role or "", n.label))
    descriptions = sorted({str(o) for p in (KGO.definition, KGO.description) for o in graph.objects(URIRef(iri), p)})
    return Entity(
        iri=iri,
        label=data["label"],
        type=data["type"],
        synonyms=list(data["synonyms"]),
        links=list(data["links"]),
        descriptions=descriptions,
        neighbours=neighbours,
        sources=sorted(sources),
        titles={d: view.titles.get(d, d) for d in sources},
    )


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

    view = entity_view(graph)
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
            hits.append(
                {
                    "iri": iri,
                    "label": view.nx.nodes[iri]["label"],
                    "type": classes[0],
                    "matched": best[1],
                    "score": best[0],
                }
            )
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
        raise QueryError(
            "SPARQL updates (INSERT, DELETE, LOAD, CLEAR...) are not allowed: exploration is "
            "read-only; change the corpus and rebuild instead"
        ) from None
    namespaces = {**dict(graph.namespaces()), **PREFIXES}
    try:
        result = graph.query(query, initNs=namespaces)
    except Exception as exc:  # unknown prefixes and bad function arguments surface at evaluation
        raise QueryError(f"the query could not be evaluated: {' '.join(str(exc).split())[:300]}") from None
    if result.type == "ASK":
        return [{"boolean": bool(result.askAnswer)}]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return [
            {"subject": _plain(s), "predicate": _plain(p), "object": _plain(o)} for s, p, o in result.graph or Graph()
        ]
    variables = [str(v) for v in result.vars or []]
    return [{v: _plain(row[v]) for v in variables} for row in result]  # type: ignore[index]


# ---- networkx ---------------------------------------------------------------------------
def neighbourhood(graph: Graph, entity: str | Entity, depth: int = 1) -> nx.MultiDiGraph:
    """The entities within `depth` edges of `entity` (either direction), with every edge among them."""
    if depth < 0:
        raise QueryError(f"depth must be 0 or more, not {depth}")
    view = entity_view(graph)
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
    sub = neighbourhood(graph, entity, depth=depth)
    return GraphView(sub, center=sub.graph["center"])
