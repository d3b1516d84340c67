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

from .build import serialize, writable_target, write_atomic
from .errors import GraphError
from .terms import PREFIXES

ALIASES = {"ttl": "turtle", "jsonld": "json-ld", "ntriples": "nt", "n-triples": "nt"}
# GraphML attribute values are scalars: lists (sources, synonyms, links) are joined with this;
# empty lists and None are left out.
LIST_SEPARATOR = "|"


def _bind(graph: Graph) -> None:
    # A graph loaded from N-Triples has no prefixes; bind kgqa's so turtle reads as kgo:, muscle:...
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=False)


# Every exporter writes the same text for the same graph, whatever order its triples were added in
# (kgqa.build.serialize: sorted N-Triples lines, sorted subjects in Turtle and JSON-LD, sorted GraphML nodes).
def to_turtle(graph: Graph) -> str:
    _bind(graph)
    return serialize(graph, "turtle")


def to_jsonld(graph: Graph) -> str:
    return serialize(graph, "json-ld", context=dict(PREFIXES), auto_compact=True)


def to_ntriples(graph: Graph) -> str:
    return serialize(graph, "nt")


def graphml_graph(graph: Graph) -> nx.MultiDiGraph:
    """The networkx view with GraphML-safe attributes: lists joined with `LIST_SEPARATOR`, no None."""
    from .explore import to_networkx

    def flat(data: dict) -> dict:
        return {k: LIST_SEPARATOR.join(v) if isinstance(v, list | tuple) else v
                for k, v in data.items() if v is not None and v != []}

    view = to_networkx(graph)
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, flat(view.nodes[n])) for n in sorted(view.nodes))
    out.add_edges_from((u, v, k, flat(d)) for u, v, k, d in sorted(view.edges(keys=True, data=True),
                                                                   key=lambda e: (e[0], e[1], e[2])))
    return out


def to_graphml(graph: Graph) -> str:
    return "\n".join(nx.generate_graphml(graphml_graph(graph))) + "\n"


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
