"""The graph stage: Facts -> one self-contained rdflib Graph, checked, stored, and viewed with networkx.

    builder   facts, documents and the vocabulary they use -> Graph, every fact with its source
    validate  SHACL validation against ontology/*shapes*.ttl
    store     graph files (deterministic text, atomic writes, readable errors) and the default graph's cache
    view      the one networkx view of a graph, for exploration, drawings and GraphML

`kgqa.build` runs the stages before this one (corpus, extract) and then this one.

`validate` is not re-exported: as a package attribute it would hide the `kgqa.graph.validate` module
(`import kgqa.graph.validate as v` would give the function); import it from there.
"""

from __future__ import annotations

from .builder import GraphBuilder, build_graph
from .store import guess_format, load_graph, save, serialize
from .view import EntityView, entity_view, to_networkx

__all__ = [
    "EntityView",
    "GraphBuilder",
    "build_graph",
    "entity_view",
    "guess_format",
    "load_graph",
    "save",
    "serialize",
    "to_networkx",
]
