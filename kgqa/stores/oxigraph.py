"""The embedded store: Oxigraph (pyoxigraph) behind rdflib's Graph API, through oxrdflib.

`OxigraphGraphStore` is an rdflib store, so the library, the question answering and the notebook keep their
`rdflib.Graph`, while SPARQL given as text (`kg.sparql`, `/sparql`) is evaluated by Oxigraph.

The default graph's cache (kgqa.graph.store: an N-Triples file ended by its SHA-256) gets an on-disk Oxigraph
store beside it, `graph-<key>.oxigraph/`, bulk-loaded from that file once and from then on opened read-only:
opening it costs the same whatever the size of the graph, where parsing the N-Triples grows with it. The store
remembers the file it was loaded from (size, times, inode and SHA-256, in `kgqa-source.json`). While the file is
untouched the store is opened without reading it; a changed file is checked by its SHA-256 again, and a
damaged one is rebuilt as before. A store that cannot be opened (another pyoxigraph version, damage) is
loaded again from the file. The store folder is written under a temporary name and renamed into place, so
readers never see half a store, and processes starting at once (`kgqa serve --workers 4`) agree on one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result

from ..errors import GraphError
from ..graph.store import guess_format, load_graph, read_cache, warn
from .terms import Terms, to_ox, to_result

__all__ = ["OxigraphGraphStore", "load_file", "open_cached", "oxigraph_graph", "prepare_cache"]

SOURCE = "kgqa-source.json"  # in the store folder: the file it was loaded from
RDF_FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE, "json-ld": ox.RdfFormat.JSON_LD,
               "xml": ox.RdfFormat.RDF_XML}


class OxigraphGraphStore(OxigraphStore):
    """An rdflib store over one pyoxigraph Store, holding the graph in its default graph.

    `read_only` stores refuse changes with a GraphError. SPARQL text is evaluated by Oxigraph (`query`, and
    `run_query` for the endpoint); a query rdflib has already parsed is left to rdflib's own evaluator.
    """

    def __init__(self, store: ox.Store, *, read_only: bool = False, location: Path | None = None) -> None:
        super().__init__(store=store)
        self.read_only = read_only
        self.location = location
        self.terms = Terms()
        self._length: int | None = None

    @property
    def oxigraph(self) -> ox.Store:
        """The pyoxigraph store underneath."""
        return self._inner

    def __repr__(self) -> str:
        where = f"read-only at {self.location}" if self.read_only else f"at {self.location}" if self.location \
            else "in memory"
        return f"<OxigraphGraphStore {where}>"

    # ---- reading ------------------------------------------------------------------------------------------
    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:  # type: ignore[override]
        quads = self._matching(triple_pattern)
        terms = self.terms
        contexts = (context,)
        for quad in quads:
            yield (terms(quad.subject), terms(quad.predicate), terms(quad.object)), iter(contexts)

    def _matching(self, triple_pattern: Any) -> Iterator[Any]:
        try:
            return self._inner.quads_for_pattern(*(to_ox(term) for term in triple_pattern), ox.DefaultGraph())
        except (TypeError, ValueError):  # a term where RDF allows none (a literal subject...) matches nothing
            return iter(())

    def __len__(self, context: Any = None) -> int:
        if self._length is None:
            answer = self._inner.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            self._length = int(next(iter(answer))[0].value)  # type: ignore[arg-type]
        return self._length

    def contexts(self, triple: Any = None) -> Iterator[Graph]:  # type: ignore[override]
        yield Graph(store=self, identifier=DATASET_DEFAULT_GRAPH_ID)

    def query(self, query: Any, initNs: Any, initBindings: Any, queryGraph: Any, **kwargs: Any) -> Result:  # noqa: N803
        if isinstance(query, Query) or kwargs:  # parsed by rdflib already: rdflib evaluates it
            raise NotImplementedError
        prefixes = {prefix: str(namespace) for prefix, namespace in {**dict(self.namespaces()), **initNs}.items()}
        substitutions = {ox.Variable(str(name)): to_ox(value) for name, value in initBindings.items()}
        return to_result(self._inner.query(query, prefixes=prefixes, substitutions=substitutions), self.terms)

    def run_query(self, text: str, limit: int | None = None) -> Result:
        """Evaluate SPARQL `text` as it is (no predeclared prefixes); a CONSTRUCT keeps at most `limit` + 1
        triples. Raises SyntaxError for a query Oxigraph cannot parse, OSError or ValueError for others."""
        return to_result(self._inner.query(text), self.terms, limit)

    # ---- changing -----------------------------------------------------------------------------------------
    def _refuse(self) -> None:
        if self.read_only:
            raise GraphError(f"the graph in {self.location} is a read-only Oxigraph store",
                             hint="change a copy instead: g = rdflib.Graph(); g += kg.graph")
        self._length = None

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        self._refuse()
        self._inner.add(ox.Quad(*(to_ox(t) for t in triple), ox.DefaultGraph()))

    def addN(self, quads: Any) -> None:  # noqa: N802
        self._refuse()
        self._inner.extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o, _ in quads])

    def remove(self, triple: Any, context: Any = None) -> None:
        self._refuse()
        for quad in list(self._matching(triple)):
            self._inner.remove(quad)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._refuse()
        super().update(*args, **kwargs)


def oxigraph_graph(store: ox.Store, *, read_only: bool = False, location: Path | None = None) -> Graph:
    """An rdflib Graph over the default graph of `store`."""
    return Graph(store=OxigraphGraphStore(store, read_only=read_only, location=location),
                 identifier=DATASET_DEFAULT_GRAPH_ID)


# ---- graph files -------------------------------------------------------------------------------------------
def load_file(path: Path, fmt: str | None = None) -> Graph:
    """The graph in the file at `path`, in an in-memory Oxigraph store.

    Oxigraph parses it (several times faster than rdflib); a file it refuses is read by rdflib instead, which
    either reads it (its triples are then copied over) or raises the GraphError `kgqa.graph.store.load_graph`
    gives for it, naming the file and how it was read.
    """
    path = Path(path)
    rdf_format = guess_format(path, fmt)
    store = ox.Store()
    if path.is_file():
        try:
            store.bulk_load(path=str(path), format=RDF_FORMATS[rdf_format], base_iri=path.resolve().as_uri())
            return oxigraph_graph(store)
        except (SyntaxError, ValueError, OSError, KeyError):
            store = ox.Store()
    graph = load_graph(path, fmt)  # the error message rdflib's reading gives, or a graph Oxigraph would not parse
    copy = oxigraph_graph(store)
    copy.addN((s, p, o, copy) for s, p, o in graph)
    return copy


# ---- the default graph's cache -------------------------------------------------------------------------
def store_dir(cache_file: Path) -> Path:
    """The Oxigraph store beside a cache file: graph-<key>.nt -> graph-<key>.oxigraph/."""
    return cache_file.with_suffix(".oxigraph")


def _stamp(stat: os.stat_result) -> dict[str, int]:
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "ctime_ns": stat.st_ctime_ns, "inode": stat.st_ino}


def _source(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / SOURCE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_source(folder: Path, source: dict[str, Any]) -> None:
    temporary = folder / f".{SOURCE}.{os.getpid()}"
    temporary.write_text(json.dumps(source, sort_keys=True), encoding="utf-8")
    os.replace(temporary, folder / SOURCE)


def open_cached(cache_file: Path) -> Graph | None:
    """The default graph from the Oxigraph store beside `cache_file`, opened read-only; the store is made
    first when it is missing or stale. None when there is no intact cache file (a damaged one is warned about
    by kgqa.graph.store.read_cache) or, with a warning, when the store cannot be made."""
    folder = store_dir(cache_file)
    try:
        stamp = _stamp(cache_file.stat())
    except OSError:  # no cache file yet; or the cache "folder" is a file
        return None
    source = _source(folder)
    if source.get("file") == stamp and source.get("pyoxigraph") == ox.__version__:
        graph = _open(folder)
        if graph is not None:
            return graph
    body = read_cache(cache_file)
    if body is None:
        return None
    digest = hashlib.sha256(body).hexdigest()
    if source.get("sha256") == digest and source.get("pyoxigraph") == ox.__version__:
        graph = _open(folder)  # the file was touched, not changed: the store stands
        if graph is not None:
            with contextlib.suppress(OSError):
                _write_source(folder, {**source, "file": stamp})
            return graph
    try:
        _make(folder, body, {"file": stamp, "sha256": digest, "pyoxigraph": ox.__version__})
    except OSError as exc:
        warn(f"cannot make the Oxigraph store {folder} ({exc.strerror or exc}): answering from rdflib's "
             "in-memory store, which reads the whole cache file on every start")
        return None
    return _open(folder)


def prepare_cache(cache_file: Path) -> bool:
    """Make the Oxigraph store of an intact cache file now (before worker processes start); True if it opens."""
    return open_cached(cache_file) is not None


def _open(folder: Path) -> Graph | None:
    try:
        store = ox.Store.read_only(str(folder))
    except OSError:
        return None
    return oxigraph_graph(store, read_only=True, location=folder)


def _make(folder: Path, body: bytes, source: dict[str, Any]) -> None:
    """Bulk-load `body` into a new store at `folder`, replacing what is there, never showing half a store."""
    temporary = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        store = ox.Store(str(temporary))
        store.bulk_load(input=body, format=ox.RdfFormat.N_TRIPLES)
        store.optimize()
        store.flush()
        del store  # closes the database before it is moved
        _write_source(temporary, source)
        try:
            os.rename(temporary, folder)
        except OSError:  # a stale or damaged store is in the way, or another process has just made this one
            if _source(folder).get("sha256") == source["sha256"] and _open(folder) is not None:
                return
            stale = Path(tempfile.mkdtemp(prefix=f".{folder.name}.stale.", dir=folder.parent))
            with contextlib.suppress(FileNotFoundError):
                os.rename(folder, stale / "store")
            os.rename(temporary, folder)
            shutil.rmtree(stale, ignore_errors=True)
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)
