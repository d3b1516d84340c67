"""Where the graph lives, chosen by name from a small registry: `KGQA_STORE` or `--store`.

    oxigraph   the default: an embedded Oxigraph store; the default graph's cache is an on-disk store opened
               read-only (kgqa.stores.oxigraph), a graph file is parsed into an in-memory one
    memory     rdflib's in-memory store: every start parses the graph (the behaviour before Oxigraph)
    http(s)://...  any SPARQL 1.1 endpoint (kgqa.stores.endpoint): SPARQL runs there, and question answering
               reads the graph from it once per process (`kgqa push` puts a graph there)

Every store gives an `rdflib.Graph`, so the library, the questions and the notebook do not change with it. A
store adds itself to `STORES` (a name) or `SCHEMES` (a URL scheme); nothing else has to know it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..errors import ConfigurationError

if TYPE_CHECKING:  # only named in annotations: `kgqa ask` answered from a snapshot never imports rdflib
    from rdflib import Graph

__all__ = ["DEFAULT", "ENV", "SCHEMES", "STORES", "Kind", "Store", "check", "describe", "expected", "load", "prepare",
           "resolve"]

ENV = "KGQA_STORE"
DEFAULT = "oxigraph"


@dataclass(frozen=True)
class Kind:
    """A kind of store: how it loads a graph (the setting, and a file or None for the default graph), how it
    prepares the default graph's cache before worker processes start, and a few words for messages."""

    load: Callable[[str, Path | None], Graph]
    prepare: Callable[[str], None] | None
    what: str
    files: bool = True  # whether it can hold a graph file given with --graph / KGQA_GRAPH


@dataclass(frozen=True)
class Store:
    """A chosen store: its setting (a name or an endpoint URL) and its kind."""

    setting: str
    kind: Kind

    def load(self, path: Path | None = None) -> Graph:
        """The graph in the file at `path`, or the default graph (the packaged corpus's) when it is None."""
        self.check(path)
        return self.kind.load(self.setting, path)

    def check(self, path: str | Path | None) -> None:
        """A ConfigurationError if this store cannot hold the graph file `path` (an endpoint holds its own)."""
        if path is not None and not self.kind.files:
            raise ConfigurationError(
                f"a graph file ({path}) was given with a SPARQL endpoint as the store ({self.setting}): the "
                "endpoint serves the graph pushed to it",
                hint=f"push the file there first (kgqa push --graph {path} --store {self.setting}) and drop "
                "--graph / KGQA_GRAPH, or serve the file with --store oxigraph or memory")

    def prepare(self) -> None:
        """Make what loading the default graph needs (the cache) once, before worker processes start."""
        if self.kind.prepare is not None:
            self.kind.prepare(self.setting)


def _memory(setting: str, path: Path | None) -> Graph:
    if path is None:
        from ..build import load_default_graph

        return load_default_graph()
    from ..graph.store import load_graph

    return load_graph(path)


def _oxigraph(setting: str, path: Path | None) -> Graph:
    from .oxigraph import load_file, open_cached

    if path is not None:
        return load_file(path)
    from ..graph.store import cache_path
    from ..resources import corpus_dir

    cache_file = cache_path(corpus_dir())
    graph = open_cached(cache_file)
    if graph is None:  # no intact cache: build it (kgqa.build, which imports spaCy), then open the store made from it
        from ..build import load_default_graph

        memory = load_default_graph()
        graph = open_cached(cache_file) if cache_file.is_file() else None
        return graph if graph is not None else memory
    return graph


def _prepare_oxigraph(setting: str) -> None:
    from ..build import default_graph
    from .oxigraph import prepare_cache

    cache_file = default_graph()
    if cache_file is not None:
        prepare_cache(cache_file)


def _endpoint(setting: str, path: Path | None) -> Graph:
    from .endpoint import endpoint_graph

    return endpoint_graph(setting)


#: store names -> how each loads a graph (and prepares the default graph's cache)
STORES: dict[str, Kind] = {
    "oxigraph": Kind(_oxigraph, _prepare_oxigraph, "embedded, the default"),
    "memory": Kind(_memory, None, "rdflib's in-memory store"),
}
#: URL schemes -> a store at such a URL
SCHEMES: dict[str, Kind] = {
    "http": Kind(_endpoint, None, "a SPARQL 1.1 endpoint", files=False),
    "https": Kind(_endpoint, None, "a SPARQL 1.1 endpoint", files=False),
}


def expected() -> str:
    """The choices, for messages."""
    names = ", ".join(f"{name} ({kind.what})" for name, kind in STORES.items())
    return f"one of {names}, or the {'/'.join(SCHEMES)} URL of a SPARQL 1.1 endpoint, e.g. http://127.0.0.1:7878/query"


def resolve(setting: str | None = None, environ: Mapping[str, str] | None = None) -> Store:
    """The store `setting` names; with None, the one $KGQA_STORE names, else oxigraph.

    A setting that names no store is a ConfigurationError listing the choices (naming KGQA_STORE when the
    setting came from it)."""
    from_env = setting is None
    if setting is None:
        setting = (os.environ if environ is None else environ).get(ENV, "")
    text = setting.strip()
    if not text:
        text = DEFAULT
    if text.lower() in STORES:
        return Store(text.lower(), STORES[text.lower()])
    parts = urlsplit(text)
    if parts.scheme.lower() in SCHEMES and parts.hostname:
        return Store(text, SCHEMES[parts.scheme.lower()])
    where = f"{ENV}={setting!r}" if from_env else f"the store {setting!r}"
    raise ConfigurationError(f"{where} names no store: choose {expected()}",
                             hint=f"unset {ENV} for the default ({DEFAULT})" if from_env else None)


def check(text: str) -> str:
    """`text` if it names a store, else ValueError (for kgqa.env and argparse)."""
    try:
        resolve(text)
    except ConfigurationError as exc:
        raise ValueError(exc.message) from None
    return text


def load(path: str | Path | None = None, store: str | None = None) -> Graph:
    """The graph in the file at `path` (or the default graph), from the store `store` names (see `resolve`)."""
    return resolve(store).load(Path(path) if path is not None else None)


def prepare(store: str | None = None) -> None:
    """Build the default graph's cache (and the store made from it) now, once, before worker processes start."""
    resolve(store).prepare()


def describe(graph: Graph) -> str:
    """Which store holds `graph`: 'oxigraph', 'memory', or the endpoint's URL."""
    from .endpoint import EndpointGraphStore
    from .oxigraph import OxigraphGraphStore

    store = graph.store
    if isinstance(store, EndpointGraphStore):
        return store.endpoint.url
    if isinstance(store, OxigraphGraphStore):
        return "oxigraph"
    return "memory" if type(store).__name__ == "Memory" else type(store).__name__
