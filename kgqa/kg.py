"""KnowledgeGraph: a loaded graph with question answering and exploration on top."""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from .qa.answer import Answer

if TYPE_CHECKING:
    import networkx as nx

    from .explore import Entity
    from .qa.answerer import QuestionAnswerer


class KnowledgeGraph:
    """An RDF graph built by kgqa, with `ask` and exploration helpers.

    Obtain one with `kgqa.load()` (the packaged corpus) or `kgqa.load("graph.ttl")`.
    """

    def __init__(self, graph: Graph, source: str | None = None) -> None:
        self.graph = graph
        self.source = source
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.source or 'in memory'}: {len(self.graph)} triples in {self.store}>"

    @property
    def store(self) -> str:
        """Which store holds the graph: 'oxigraph', 'memory' or a SPARQL endpoint's URL (see kgqa.stores)."""
        from .stores import describe

        return describe(self.graph)

    # ---- questions -------------------------------------------------------------------
    @cached_property
    def qa(self) -> QuestionAnswerer:
        from .qa.answerer import QuestionAnswerer

        return QuestionAnswerer(self.graph)

    def ask(self, question: str, context: dict[str, Any] | None = None) -> Answer:
        """Answer a question by traversing the graph; see `Answer` for the contract."""
        return self.qa.ask(question, context=context)

    # ---- exploration (kgqa.explore) ----------------------------------------------------
    def entity(self, name: str) -> Entity:
        """Look an entity up by IRI, id, label or synonym ("donkey kick")."""
        from .explore import entity

        return entity(self.graph, name)

    def search(self, query: str, type: str | None = None, limit: int = 10) -> list[dict[str, Any]]:
        """Entities whose label or synonym matches `query` (prefix, substring or fuzzy)."""
        from .explore import search

        return search(self.graph, query, type=type, limit=limit)

    def sparql(self, query: str) -> list[dict[str, Any]]:
        """Run a SPARQL SELECT/ASK query in the graph's store (Oxigraph, rdflib, or a SPARQL endpoint); rows as
        dicts of plain Python values."""
        from .explore import sparql

        return sparql(self.graph, query)

    def to_networkx(self) -> nx.MultiDiGraph:
        from .explore import to_networkx

        return to_networkx(self.graph)

    def neighbourhood(self, entity: str, depth: int = 1) -> nx.MultiDiGraph:
        from .explore import neighbourhood

        return neighbourhood(self.graph, entity, depth=depth)

    def draw(self, entity: str, depth: int = 1) -> Any:
        from .explore import draw

        return draw(self.graph, entity, depth=depth)

    def summary(self) -> dict[str, object]:
        from .build import summarize

        return summarize(self.graph)


_DEFAULT: KnowledgeGraph | None = None
_DEFAULT_LOCK = threading.Lock()


def load(path: str | Path | None = None, store: str | None = None) -> KnowledgeGraph:
    """Load a graph file, or the default graph (built from the packaged corpus and cached), into `store`:
    "oxigraph" (the default), "memory" (rdflib's), or a SPARQL endpoint's URL; None reads $KGQA_STORE."""
    from .stores import load as load_store

    if path is None:
        return KnowledgeGraph(load_store(None, store), source="default graph")
    return KnowledgeGraph(load_store(Path(path), store), source=str(path))


def default() -> KnowledgeGraph:
    """The default graph, loaded once per process."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = load()
        return _DEFAULT


def ask(question: str, context: dict[str, Any] | None = None) -> Answer:
    """Answer `question` on the default graph (loaded lazily, once)."""
    return default().ask(question, context=context)
