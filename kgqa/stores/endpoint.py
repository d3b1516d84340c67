"""A SPARQL 1.1 endpoint as kgqa's store: `KGQA_STORE=http://127.0.0.1:7878/query`, or `--store URL`.

SPARQL runs at the endpoint: `kg.sparql`, `/sparql` (checked here first, as for the embedded store: updates,
SERVICE and FROM never reach it) and any plan's SPARQL (`answer.sparql`). Question answering walks an index
(kgqa.qa.index) built from an rdflib Graph; for an endpoint that graph is read from it once per process with one
`CONSTRUCT WHERE { ?s ?p ?o }` into an in-memory Oxigraph store (its terms converted exactly as the embedded
store's are, so the same graph gives the same answers), after counting the endpoint's triples: an endpoint that
cuts results short (Virtuoso's ResultSetMaxRows) is an error that says so, never a silently smaller graph.

`push` puts a graph at an endpoint with the SPARQL 1.1 Graph Store HTTP Protocol: an N-Triples PUT to its
graph-store URL (for Oxigraph, the endpoint's /query becomes /store), then counts the triples back. Only the
configured store is ever contacted (no proxy either); the standard library's HTTP client is used.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result

from ..errors import KgqaError, QueryError, StoreError
from .oxigraph import OxigraphGraphStore
from .terms import Terms, graph_result, to_result

__all__ = ["Endpoint", "EndpointGraphStore", "PushResult", "endpoint_graph", "graph_store_url", "push"]

TIMEOUT = 60.0  # seconds for one request to the endpoint (/sparql passes its own time limit)
GRAPH_TYPES = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
               "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
               "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD}
RESULT_TYPES = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
                "application/json": ox.QueryResultsFormat.JSON,
                "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                "text/tab-separated-values": ox.QueryResultsFormat.TSV}
# SELECT and ASK answer in the first, CONSTRUCT and DESCRIBE in the next ones: one Accept serves every form
ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
          "application/sparql-results+xml;q=0.5")
HINT = ("start the endpoint, check its URL, or choose another store: KGQA_STORE=oxigraph (embedded, the default) "
        "or memory; `kgqa push --store URL` puts the graph at an endpoint")
_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.I)


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL 1.1 Protocol endpoint; `user:password@` in its URL answers HTTP Basic or Digest authentication."""

    url: str
    timeout: float = TIMEOUT

    @property
    def shown(self) -> str:
        """The URL without its user and password, for messages."""
        return _shown(self.url)

    def request(self, url: str, *, method: str, data: bytes | None = None, headers: dict[str, str] | None = None,
                timeout: float | None = None, rejected: type[KgqaError] = StoreError) -> tuple[str, bytes]:
        """(content type, body) of one request to `url`. Failing, a StoreError naming the endpoint (`rejected`
        for a 400: the request's own fault)."""
        parts = urlsplit(url)
        bare = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
        request = urllib.request.Request(bare, data=data, method=method, headers=headers or {})
        handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]  # never through a proxy
        if parts.username is not None:  # answered to the server's challenge: Basic (Fuseki, GraphDB) or Digest
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()  # (Virtuoso's -auth endpoints)
            passwords.add_password(None, bare, unquote(parts.username), unquote(parts.password or ""))
            handlers += [urllib.request.HTTPBasicAuthHandler(passwords),
                         urllib.request.HTTPDigestAuthHandler(passwords)]
        opener = urllib.request.build_opener(*handlers)
        try:
            with opener.open(request, timeout=timeout or self.timeout) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as exc:
            said = " ".join(exc.read(400).decode("utf-8", "replace").split()) or "(no message)"
            error = rejected if exc.code == 400 else StoreError
            raise error(f"the SPARQL endpoint {_shown(url)} answered {exc.code} {exc.reason}: {said}",
                        hint=None if exc.code == 400 else HINT) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise StoreError(f"cannot reach the SPARQL endpoint {_shown(url)}: {reason}", hint=HINT) from None

    def query(self, text: str, accept: str = ACCEPT, timeout: float | None = None) -> tuple[str, bytes]:
        """Send a query, POSTed as a form (which every SPARQL 1.1 endpoint accepts)."""
        return self.request(self.url, method="POST", data=urlencode({"query": text}).encode("utf-8"),
                            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
                            timeout=timeout, rejected=QueryError)

    def result(self, text: str, limit: int | None = None, timeout: float | None = None) -> Result:
        """The answer to a query as an rdflib Result, its terms made as the embedded store makes them; a graph
        holds at most `limit` + 1 triples when `limit` is given."""
        media, body = self.query(text, timeout=timeout)
        try:
            if media in RESULT_TYPES:
                return to_result(ox.parse_query_results(body, format=RESULT_TYPES[media]), Terms(), limit)
            if media in GRAPH_TYPES:
                return graph_result(ox.parse(body, format=GRAPH_TYPES[media]), Terms(), limit)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"the SPARQL endpoint {self.shown} sent unreadable {media}: {exc}") from None
        raise StoreError(f"the SPARQL endpoint {self.shown} answered in {media}, which kgqa does not read",
                         hint="kgqa asks for SPARQL JSON results and N-Triples or Turtle graphs")

    def count(self) -> int:
        """How many triples the endpoint's default graph holds."""
        rows = list(self.result("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
        try:
            return int(rows[0][0])  # type: ignore[index]
        except (IndexError, TypeError, ValueError):
            raise StoreError(f"the SPARQL endpoint {self.shown} did not count its triples") from None

    def graph(self) -> ox.Store:
        """Every triple of the endpoint's default graph, in an in-memory Oxigraph store."""
        expected = self.count()
        media, body = self.query("CONSTRUCT WHERE { ?s ?p ?o }", accept="application/n-triples, text/turtle;q=0.9")
        store = ox.Store()
        try:
            store.bulk_load(input=body, format=GRAPH_TYPES[media])
        except (KeyError, SyntaxError, ValueError, OSError) as exc:
            raise StoreError(f"the SPARQL endpoint {self.shown} sent an unreadable graph ({media}): {exc}") from None
        got = len(store)
        if got < expected:
            raise StoreError(f"the SPARQL endpoint {self.shown} sent {got:,} of its {expected:,} triples: it cuts "
                             "results short",
                             hint="raise its result limit (Virtuoso: ResultSetMaxRows in virtuoso.ini)")
        if not got:
            raise StoreError(f"the SPARQL endpoint {self.shown} holds no triples in its default graph",
                             hint=f"put the graph there first: kgqa push --store {self.shown}")
        return store


def _shown(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2], fragment=""))


class EndpointGraphStore(OxigraphGraphStore):
    """The graph read from an endpoint, held in memory for question answering; SPARQL text goes to the endpoint."""

    def __init__(self, endpoint: Endpoint, store: ox.Store) -> None:
        super().__init__(store, read_only=True)
        self.endpoint = endpoint

    def __repr__(self) -> str:
        return f"<EndpointGraphStore {self.endpoint.shown}>"

    def _refuse(self) -> None:
        raise StoreError(f"the graph read from {self.endpoint.shown} is read-only here",
                         hint="change a copy (g = rdflib.Graph(); g += kg.graph) and push it: kgqa push --graph FILE")

    def query(self, query: Any, initNs: Any, initBindings: Any, queryGraph: Any, **kwargs: Any) -> Result:  # noqa: N803
        if isinstance(query, Query) or kwargs or initBindings:  # parsed by rdflib already: evaluated on the copy
            raise NotImplementedError
        return self.endpoint.result(with_prefixes(query, {**dict(self.namespaces()), **initNs}))

    def run_query(self, text: str, limit: int | None = None, timeout: float | None = None) -> Result:
        return self.endpoint.result(text, limit, timeout)


def with_prefixes(text: str, namespaces: dict[str, Any]) -> str:
    """`text` with PREFIX lines for the prefixes it uses and does not declare (the endpoint knows none of them)."""
    declared = {m.group(1) or "" for m in _DECLARED.finditer(text)}
    lines = [f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in sorted(namespaces.items())
             if prefix and prefix not in declared and re.search(rf"(?<![\w?$:]){re.escape(prefix)}:", text)]
    return "\n".join([*lines, text])


def endpoint_graph(url: str, timeout: float = TIMEOUT) -> Graph:
    """The graph at the endpoint `url`, read once, as an rdflib Graph whose SPARQL runs at the endpoint."""
    endpoint = Endpoint(url, timeout)
    return Graph(store=EndpointGraphStore(endpoint, endpoint.graph()), identifier=DATASET_DEFAULT_GRAPH_ID)


# ---- push ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PushResult:
    """What `push` did: the graph-store URL written, the method, the triples sent and counted back."""

    target: str
    method: str
    sent: int
    counted: int

    def __str__(self) -> str:
        return (f"pushed {self.sent:,} triples to {self.target} (Graph Store Protocol {self.method}); the endpoint "
                f"now counts {self.counted:,} in its default graph")


def ntriples(graph: Graph) -> bytes:
    """`graph` as N-Triples: written by Oxigraph when it holds the graph (several times faster than rdflib)."""
    store = graph.store
    if isinstance(store, OxigraphGraphStore):
        return store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return graph.serialize(format="nt", encoding="utf-8")


def graph_store_url(endpoint_url: str) -> str:
    """The Graph Store Protocol URL of an endpoint, where its convention is known: Oxigraph's /query -> /store,
    Fuseki's /DATASET/query or /sparql -> /DATASET/data, GraphDB's /repositories/R -> its rdf-graphs/service."""
    parts = urlsplit(endpoint_url)
    path = parts.path.rstrip("/")
    if path in ("/query", ""):
        new = "/store"
    elif re.fullmatch(r"/[^/]+/(query|sparql)", path):
        new = path.rsplit("/", 1)[0] + "/data"
    elif re.fullmatch(r"/repositories/[^/]+", path):
        new = path + "/rdf-graphs/service"
    else:
        raise StoreError(f"cannot tell the Graph Store Protocol URL of {_shown(endpoint_url)}",
                         hint="give it with --gsp URL, e.g. Virtuoso: http://HOST:8890/sparql-graph-crud-auth?"
                         "graph=urn:kgqa, Neptune: https://HOST:8182/sparql/gsp/ (the README lists them)")
    return urlunsplit((parts.scheme, parts.netloc, new, "", ""))


def push(graph: Graph, endpoint_url: str, *, gsp: str | None = None, append: bool = False,
         timeout: float = 600.0) -> PushResult:
    """Put `graph` at the endpoint: an N-Triples PUT to its graph-store URL (`gsp`, else `graph_store_url`),
    replacing its default graph, or with `append` a POST adding to it; then count the endpoint's triples."""
    endpoint = Endpoint(endpoint_url, timeout)
    target = gsp or graph_store_url(endpoint_url)
    if not urlsplit(target).query:
        target += "?default"
    method = "POST" if append else "PUT"
    endpoint.request(target, method=method, data=ntriples(graph), headers={"Content-Type": "application/n-triples"})
    counted = endpoint.count()
    if counted < len(graph):
        raise StoreError(f"pushed {len(graph):,} triples to {_shown(target)}, but the endpoint {endpoint.shown} "
                         f"counts {counted:,} in its default graph",
                         hint="the graph-store URL may write a named graph the endpoint does not query by default")
    return PushResult(_shown(target), method, len(graph), counted)
