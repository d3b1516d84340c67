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

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .builder import GraphBuilder, build_graph
    from .store import guess_format, load_graph, save, serialize
    from .view import EntityView, entity_view, to_networkx

#: where each re-exported name lives: imported on first use, so `kgqa ask`, which reads only the cache key in
#: `store`, never imports the builder (extraction, spaCy) or the networkx view
_HOMES = {"GraphBuilder": "builder", "build_graph": "builder", "guess_format": "store", "load_graph": "store",
          "save": "store", "serialize": "store", "EntityView": "view", "entity_view": "view", "to_networkx": "view"}


def __getattr__(name: str) -> object:
    if name in _HOMES:
        return getattr(import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

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
