"""The graph in standard formats: RDF (turtle, json-ld, nt) for rdflib and triple stores, GraphML
for networkx, Gephi and yEd. `kgqa export` is a thin layer over `export`.

Formats come from a small registry: adding one is one function and one entry in `EXPORTERS`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import networkx as nx
from rdflib import Graph

from .errors import GraphError
from .files import writable_target, write_atomic
from .graph.store import serialize
from .graph.view import to_networkx
from .terms import PREFIXES

ALIASES = {"ttl": "turtle", "jsonld": "json-ld", "ntriples": "nt", "n-triples": "nt"}


def _bind(graph: Graph) -> None:
    # A graph loaded from N-Triples has no prefixes; bind kgqa's so turtle reads as kgo:, muscle:...
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=False)


# Every exporter writes the same text for the same graph, whatever order its triples were added in
# (kgqa.graph.store.serialize: sorted N-Triples lines, sorted subjects in Turtle and JSON-LD, sorted GraphML nodes).
def to_turtle(graph: Graph) -> str:
    _bind(graph)
    return serialize(graph, "turtle")


def to_jsonld(graph: Graph) -> str:
    return serialize(graph, "json-ld", context=dict(PREFIXES), auto_compact=True)


def to_ntriples(graph: Graph) -> str:
    return serialize(graph, "nt")


def to_graphml(graph: Graph) -> str:
    """The networkx view (kgqa.graph.view) with scalar attributes, as GraphML."""
    return "\n".join(nx.generate_graphml(to_networkx(graph, flat=True))) + "\n"


EXPORTERS: dict[str, Callable[[Graph], str]] = {
    "turtle": to_turtle,
    "json-ld": to_jsonld,
    "nt": to_ntriples,
    "graphml": to_graphml,
}


def export(graph: Graph, fmt: str, out: Path | None = None) -> Path | None:
    """Write `graph` in `fmt` to `out` (atomically) and return the path; with no `out`, to stdout."""
    name = ALIASES.get(fmt.lower(), fmt.lower())
    if name not in EXPORTERS:
        raise GraphError(f"unknown export format {fmt!r}; choose one of: {', '.join(EXPORTERS)}")
    if out is not None:
        writable_target(Path(out))  # a folder or special file is refused before the graph is serialised
    data = EXPORTERS[name](graph)
    if out is None:
        sys.stdout.write(data)
        return None
    return write_atomic(Path(out), data)
