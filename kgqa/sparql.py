"""A read-only SPARQL 1.1 query service over one in-memory graph.

Query only: updates are refused, and so is anything that would make the server fetch a URL on a
client's behalf (`SERVICE`, `FROM` / `FROM NAMED`, and `LOAD`, which is an update) — rdflib would
otherwise dereference those IRIs, a server-side request forgery hole. Results are capped at
`row_cap` rows (the cap is reported when hit) and evaluation stops at `timeout` seconds.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

import rdflib.plugins.sparql as rdflib_sparql
from rdflib import Graph
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result

from .errors import Busy, KgqaError, NotAcceptable, QueryError, QueryRefused, QueryTimeout, UpdateRefused

# Never fetch a graph named in FROM: evaluate against the local graph only.
rdflib_sparql.SPARQL_LOAD_GRAPHS = False

# media type -> rdflib serializer name, by query form
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
FORMAT_ALIASES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                  "ttl": "text/turtle", "json-ld": "application/ld+json", "jsonld": "application/ld+json",
                  "nt": "application/n-triples"}


@dataclass
class QueryResult:
    """A serialised result: body, media type, and whether the row cap cut it short."""

    body: bytes
    media_type: str
    form: str
    rows: int
    truncated: bool


def _walk(node: Any) -> Iterator[Any]:
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def check_query(text: str) -> Query:
    """Parse `text` as a SPARQL query and refuse what this endpoint must not do."""
    if not isinstance(text, str) or not text.strip():
        raise QueryError("the query is empty: send a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query",
                         hint="e.g. SELECT ?s WHERE { ?s a <https://w3id.org/kgqa/ontology#Exercise> }")
    try:
        parsed = parseQuery(text)
    except Exception as exc:  # pyparsing raises ParseException; rdflib others for bad IRIs etc.
        if _is_update(text):
            raise UpdateRefused("this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, "
                                "CREATE, DROP...) are refused") from None
        raise QueryError(f"malformed SPARQL query: {_describe(exc)}",
                         hint="check the syntax near the reported position") from None
    try:
        query = translateQuery(parsed)
    except Exception as exc:
        raise QueryError(f"malformed SPARQL query: {_describe(exc)}") from None
    if query.algebra.get("datasetClause"):
        raise QueryRefused("FROM and FROM NAMED are refused: this endpoint queries only its own graph and "
                           "never fetches remote data")
    for node in _walk(query.algebra):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            raise QueryRefused("SERVICE is refused: this endpoint never makes requests to other endpoints")
    return query


def _tsv(result: Result) -> bytes:
    """SPARQL 1.1 TSV results (rdflib parses but does not write them): terms in Turtle syntax."""
    variables = list(result.vars or [])
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in result.bindings:
        lines.append("\t".join(row[v].n3() if row.get(v) is not None else "" for v in variables))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
        return True
    except Exception:
        return bool(re.search(r"^\s*(?:PREFIX\s+\S*\s*<[^>]*>\s*|BASE\s*<[^>]*>\s*)*"
                              r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", text, re.I))


def _describe(exc: Exception) -> str:
    message = " ".join(str(exc).split()) or type(exc).__name__
    return message[:300]


def negotiate(accept: str | None, form: str, fmt: str | None = None) -> str:
    """The media type to answer with, from a `format` parameter or the Accept header."""
    table = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    if form == "ASK":  # CSV and TSV are defined for SELECT results only
        table = {k: v for k, v in RESULT_TYPES.items() if v in ("json", "xml")}
    default = "text/turtle" if table is GRAPH_TYPES else "application/sparql-results+json"
    if fmt:
        media = FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
        if media not in table:
            raise NotAcceptable(f"format {fmt!r} is not available for {form} results; "
                                f"choose one of {', '.join(sorted(set(table.values())))}")
        return media
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept or "").split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        q = 1.0
        for p in pieces[1:]:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, i, media))
    if not ranges:
        return default
    for _, _, media in sorted(ranges):
        if media in table:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return default
    raise NotAcceptable(f"none of the accepted types ({accept}) is available for {form} results; "
                        f"this endpoint offers {', '.join(table)}")


_deadline = threading.local()


class _Expired(Exception):
    """Raised inside evaluation when the deadline passes; becomes a QueryTimeout."""


class _GuardedGraph(Graph):
    """The served graph's store, seen through a view whose triple lookups stop at the deadline.

    rdflib cannot cancel a running query; every pattern match goes through `triples`, so checking
    the clock there ends even a single long aggregate (a COUNT over a cross product) on time."""

    def triples(self, triple, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        for i, t in enumerate(super().triples(triple, *args, **kwargs)):
            if not i & 255 and (getattr(_deadline, "stop", None) is not None) and (
                    _deadline.stop.is_set() or time.monotonic() > _deadline.at):
                raise _Expired
            yield t


class SparqlService:
    """Runs checked queries against `graph` with a time limit and a row cap."""

    def __init__(self, graph: Graph, *, timeout: float = 5.0, row_cap: int = 10_000, workers: int = 2) -> None:
        self.graph = graph
        self._view = _GuardedGraph(store=graph.store, identifier=graph.identifier,
                                   namespace_manager=graph.namespace_manager)
        self.timeout = timeout
        self.row_cap = row_cap
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sparql")
        self._slots = threading.BoundedSemaphore(workers)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def run(self, text: str, accept: str | None = None, fmt: str | None = None) -> QueryResult:
        query = check_query(text)
        form = query.algebra.name.replace("Query", "").upper()
        media = negotiate(accept, form, fmt)
        if not self._slots.acquire(blocking=False):
            raise Busy("the endpoint is busy with other long queries; try again in a few seconds")
        deadline = time.monotonic() + self.timeout
        stop = threading.Event()
        future = self._pool.submit(self._evaluate, query, form, deadline, stop)
        future.add_done_callback(lambda _: self._slots.release())
        try:
            result, truncated = future.result(timeout=self.timeout)
        except (FutureTimeout, _Expired):
            stop.set()
            raise QueryTimeout(f"the query ran longer than the {self.timeout:g} s limit",
                               hint="add a LIMIT or make the pattern more specific") from None
        except KgqaError:
            raise
        except Exception as exc:  # an evaluation error is the query's fault (bad function arguments...)
            raise QueryError(f"the query could not be evaluated: {_describe(exc)}") from None
        if form in ("CONSTRUCT", "DESCRIBE"):
            body = result.serialize(format=GRAPH_TYPES[media])
            rows = len(result)
        elif RESULT_TYPES[media] == "tsv":
            body = _tsv(result)
            rows = len(result.bindings)
        else:
            body = result.serialize(format=RESULT_TYPES[media])
            rows = len(result.bindings) if form == "SELECT" else 1
        if isinstance(body, str):
            body = body.encode("utf-8")
        return QueryResult(body, media, form, rows, truncated)

    def _evaluate(self, query: Query, form: str, deadline: float, stop: threading.Event) -> tuple[Any, bool]:
        _deadline.at, _deadline.stop = deadline, stop
        result = self._view.query(query)
        if form == "ASK":
            return result, False
        if form in ("CONSTRUCT", "DESCRIBE"):
            out = Graph(namespace_manager=self.graph.namespace_manager)
            for i, triple in enumerate(result.graph or Graph()):
                if i >= self.row_cap:
                    return out, True
                out.add(triple)
            return out, False
        capped = Result("SELECT")
        capped.vars = result.vars
        rows = []
        truncated = False
        variables = list(result.vars or [])
        for row in result:  # lazily: the cap and the deadline stop evaluation early
            if stop.is_set() or time.monotonic() > deadline:
                raise _Expired
            if len(rows) >= self.row_cap:
                truncated = True
                break
            rows.append({v: row[v] for v in variables if row[v] is not None})  # type: ignore[index]
        capped.bindings = rows
        return capped, truncated
