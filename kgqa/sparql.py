"""A read-only SPARQL 1.1 query service over one graph, evaluated by the store that holds it.

A graph in rdflib's memory store is evaluated by rdflib; one in Oxigraph (kgqa.stores: the default) or at a
SPARQL endpoint is evaluated there, from the query text, after the same checks: every query is parsed by
rdflib's parser here first (not translated), so what is refused, and the messages, do not change with the store.

Query only: updates are refused, and so is anything that would make the server fetch a URL on a
client's behalf (`SERVICE`, `FROM` / `FROM NAMED`, and `LOAD`, which is an update) — rdflib would
otherwise dereference those IRIs, a server-side request forgery hole.

Limits, each answered with a 4xx in the one error shape:
- a query of more than `max_query_bytes` (UTF-8) is refused before it is parsed (413);
- brackets nested more than `MAX_NESTING` deep are refused before parsing (rdflib's parser recurses);
- parsing, evaluation and serialisation run in a worker process (`kgqa.sparql_worker`) that is killed
  at `timeout` seconds, so no query — a catastrophic regex, a 100,000-value IN list — can hold the
  server: the event loop never runs rdflib;
- results are capped at `row_cap` rows (the cap is reported when hit).

Oxigraph's regular expressions run in linear time (Rust's regex crate), so a catastrophic REGEX is no longer
catastrophic there; a query that is simply too big (a cross product) still meets the time limit.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import sys
import threading
from collections.abc import Iterator
from typing import Any

import rdflib.plugins.sparql as rdflib_sparql
from pyparsing import ParseResults
from rdflib import Graph, Variable
from rdflib.plugins.sparql import parser as sparql_parser
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseUpdate
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result

from . import errors
from .errors import BadEncoding, Busy, KgqaError, QueryError, QueryRefused, QueryTimeout, TooLarge, UpdateRefused
from .sparql_formats import GRAPH_TYPES, QueryResult, negotiate, sanitize_graph, write_graph, write_results
from .sparql_worker import Pool, PoolBusy, WorkerDied, WorkerTimeout

__all__ = ["GRAPH_TYPES", "MAX_NESTING", "PARSE_LOCK", "QueryResult", "SparqlService", "check_query", "check_size",
           "checked_form", "execute", "negotiate", "parse_checked"]

# Never fetch a graph named in FROM: evaluate against the local graph only.
rdflib_sparql.SPARQL_LOAD_GRAPHS = False

# pyparsing learns each parse action's arity on its first call, racily: two threads parsing at once for
# the first time can leave an action broken ("<lambda>() missing 1 required positional argument") until
# restart. Workers are single-threaded; this lock covers every other parse in a process.
PARSE_LOCK = threading.Lock()
MAX_NESTING = 32  # ( [ { nested deeper than this are refused before parsing
RECURSION_LIMIT = 4000  # in a worker: 32 levels of the deepest-recursing bracket need ~1,300 frames

# Parsed once in the server before any worker is forked, so every parse action of the common grammar has
# settled its arity (pyparsing learns it on first use, racily across threads) and workers start warm.
WARM_UP = """PREFIX x: <urn:x:>
SELECT DISTINCT ?s (COUNT(?o) AS ?n) (SAMPLE(?l) AS ?label) WHERE {
  { ?s a x:C ; x:p/x:q* ?o ; x:r [ x:s "v"@en ] . FILTER(?o != 1 && REGEX(STR(?s), "^a", "i")) }
  UNION { ?s ^x:p|x:t ?o . OPTIONAL { ?o x:label ?l } MINUS { ?o x:u 2.5 } }
  FILTER NOT EXISTS { ?s x:v true } BIND(IF(BOUND(?l), LCASE(?l), "none") AS ?k)
  FILTER(?s IN (x:a, x:b) || CONTAINS(?k, "x") || ?n > 3 * -1 + (2 / 1e0))
  VALUES ?z { x:a "b"^^x:T UNDEF }
} GROUP BY ?s HAVING (COUNT(?o) >= 0) ORDER BY DESC(?n) ?s LIMIT 10 OFFSET 0"""
WARM_UP_OTHERS = ("ASK { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1",
                  "DESCRIBE <urn:x:a> ?s WHERE { ?s ?p ?o }", "DESCRIBE * WHERE { ?s ?p ?o }",
                  "SELECT * WHERE { SERVICE <urn:x:s> { ?s ?p ?o } }")

_SURROGATE = re.compile("[\ud800-\udfff]")
_BRACKETS = re.compile(r'''"""(?:[^"\\]|\\.|"(?!""))*"""|'\'\'(?:[^'\\]|\\.|'(?!''))*'\'\'|"(?:[^"\\\n\r]|\\.)*"'''
                       r"""|'(?:[^'\\\n\r]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n\r]*|([(\[{])|([)\]}])""")
_UPDATE_START = re.compile(r"^\s*(?:PREFIX\s+\S*\s*<[^>]*>\s*|BASE\s*<[^>]*>\s*)*"
                           r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


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
        elif isinstance(item, list | tuple | ParseResults):
            stack.extend(item)


def nesting(text: str) -> int:
    """How deep ( [ { nest in a query, outside strings, IRIs and comments."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        if match.group(1):
            depth += 1
            deepest = max(deepest, depth)
        elif match.group(2):
            depth = max(depth - 1, 0)
    return deepest


def check_size(text: str, max_bytes: int) -> None:
    """Refuse an empty query, or one of more than `max_bytes` bytes of UTF-8 — before any parsing."""
    if not isinstance(text, str) or not text.strip():
        raise QueryError("the query is empty: send a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query",
                         hint="e.g. SELECT ?s WHERE { ?s a <https://w3id.org/kgqa/ontology#Exercise> }")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise TooLarge(f"the query is {size:,} bytes; this endpoint accepts queries of up to {max_bytes:,} bytes",
                       hint="use fewer VALUES or IN (...) members and split the work over several queries")


def check_text(text: str) -> str:
    """The query with its \\u escapes expanded, after the checks that need no parsing."""
    check_size(text, sys.maxsize)
    try:
        expanded = expandUnicodeEscapes(text)
    except ValueError as exc:
        raise QueryError(f"malformed SPARQL query: {_describe(exc)}",
                         hint=r"\u takes 4 hex digits, \U 8, naming a code point up to U+10FFFF") from None
    bad = _SURROGATE.search(expanded)
    if bad:
        raise BadEncoding(f"the query holds U+{ord(bad.group()):04X}, a lone UTF-16 surrogate, which is not a "
                          "Unicode character",
                          hint=r"write characters beyond U+FFFF as one \U escape (\U0001F600) or as UTF-8")
    depth = nesting(expanded)
    if depth > MAX_NESTING:
        raise QueryError(f"the query nests brackets {depth} levels deep; this endpoint parses at most "
                         f"{MAX_NESTING} levels", hint="flatten the nested groups or expressions")
    return expanded


def parse_checked(text: str) -> ParseResults:
    """Parse `text` as a SPARQL query (not translating it) and refuse what this endpoint must not do:
    updates, FROM / FROM NAMED and SERVICE."""
    expanded = check_text(text)
    try:
        with PARSE_LOCK:
            parsed = sparql_parser.Query.parse_string(expanded, parse_all=True)
    except RecursionError:
        raise _too_deep() from None
    except Exception as exc:  # pyparsing raises ParseException; rdflib others for bad IRIs etc.
        if _is_update(text):
            raise UpdateRefused("this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, "
                                "CREATE, DROP...) are refused") from None
        raise QueryError(f"malformed SPARQL query: {_describe(exc)}",
                         hint="check the syntax near the reported position") from None
    body = parsed[1]
    if "datasetClause" in body:  # (CompValue.get gives the key back for a missing key)
        raise _refuse_datasets()
    if any(getattr(node, "name", None) == "ServiceGraphPattern" for node in _walk(body)):
        raise _refuse_service()
    return parsed


@functools.lru_cache(maxsize=512)
def checked_form(text: str) -> str:
    """The form of an allowed query (SELECT, ASK, CONSTRUCT or DESCRIBE), for a store that evaluates the text
    itself; remembered per text, so a repeated query is parsed once per worker."""
    return parse_checked(text)[1].name.replace("Query", "").upper()


def _refuse_datasets() -> QueryRefused:
    return QueryRefused("FROM and FROM NAMED are refused: this endpoint queries only its own graph and never "
                        "fetches remote data")


def _refuse_service() -> QueryRefused:
    return QueryRefused("SERVICE is refused: this endpoint never makes requests to other endpoints")


def check_query(text: str) -> Query:
    """Parse and translate `text` as a SPARQL query for rdflib, refusing what this endpoint must not do."""
    parsed = parse_checked(text)
    body = parsed[1]
    if body.name == "DescribeQuery" and "var" not in body:  # DESCRIBE *: every variable of the pattern
        found = {node for node in _walk(body.get("where") if "where" in body else None)
                 if isinstance(node, Variable)}
        body["var"] = sorted(found)
    try:
        with PARSE_LOCK:
            query = translateQuery(parsed)
    except RecursionError:
        raise _too_deep() from None
    except Exception as exc:
        raise QueryError(f"malformed SPARQL query: {_describe(exc)}") from None
    if query.algebra.get("datasetClause"):  # found in the parse already; checked again on what rdflib runs
        raise _refuse_datasets()
    if any(getattr(node, "name", None) == "ServiceGraphPattern" for node in _walk(query.algebra)):
        raise _refuse_service()
    return query


def _too_deep() -> QueryError:
    return QueryError(f"the query nests too deeply for this endpoint (at most {MAX_NESTING} levels of brackets, "
                      "and fewer for long chains of nested expressions)", hint="flatten the nested expressions")


def _is_update(text: str) -> bool:
    try:
        with PARSE_LOCK:
            parseUpdate(text)
        return True
    except Exception:
        return bool(_UPDATE_START.search(text))


def _describe(exc: BaseException) -> str:
    message = " ".join(str(exc).split()) or type(exc).__name__
    return message[:300]


# ---- evaluation: runs in a worker process -----------------------------------------------------
def execute(graph: Graph, text: str, accept: str | None, fmt: str | None, row_cap: int) -> QueryResult:
    """Check, evaluate and serialise one query; every failure is a KgqaError."""
    run_query = getattr(graph.store, "run_query", None)  # a store that evaluates SPARQL text (kgqa.stores)
    if run_query is None:
        query: Query | str = check_query(text)
        form = query.algebra.name.replace("Query", "").upper()  # type: ignore[union-attr]
    else:
        query, form = text, checked_form(text)
    media = negotiate(accept, form, fmt)
    try:
        result = graph.query(query) if run_query is None else run_query(text, limit=row_cap)
        if form in ("CONSTRUCT", "DESCRIBE"):
            capped, truncated = Graph(), False
            for i, triple in enumerate(result.graph or Graph()):
                if i >= row_cap:
                    truncated = True
                    break
                capped.add(triple)
            for prefix, namespace in (result.graph or graph).namespaces():
                capped.bind(prefix, namespace)
            clean, dropped = sanitize_graph(capped)
            return QueryResult(write_graph(clean, media), media, form, len(clean), truncated, dropped)
        if form == "ASK":
            return QueryResult(write_results(result, media), media, form, 1, False)
        rows, truncated = _capped_rows(result, row_cap)
        return QueryResult(write_results(rows, media), media, form, len(rows.bindings), truncated)
    except KgqaError as exc:
        if run_query is not None and type(exc) is QueryError:  # the endpoint refused the query: rdflib's
            check_query(text)  # translation may name the problem (an undeclared prefix) as for the memory store
        raise
    except RecursionError:
        raise _too_deep() from None
    except MemoryError:
        raise QueryError("the query needs more memory than this endpoint gives one query",
                         hint="add a LIMIT or make the pattern more specific") from None
    except SyntaxError as exc:  # Oxigraph's parser refused what rdflib's parse accepted (an unknown prefix...):
        check_query(text)  # rdflib's translation names the problem as it does for the memory store
        raise QueryError(f"malformed SPARQL query: {_describe(exc)}",
                         hint="check the syntax near the reported position") from None
    except Exception as exc:  # an evaluation error is the query's fault (bad function arguments...)
        raise QueryError(f"the query could not be evaluated: {_describe(exc)}") from None


def _capped_rows(result: Result, row_cap: int) -> tuple[Result, bool]:
    capped = Result("SELECT")
    capped.vars = result.vars
    variables = list(result.vars or [])
    rows: list[dict[Variable, Any]] = []
    truncated = False
    for row in result:  # lazily: the cap stops evaluation early
        if len(rows) >= row_cap:
            truncated = True
            break
        rows.append({v: row[v] for v in variables if row[v] is not None})  # type: ignore[index]
    capped.bindings = rows
    return capped, truncated


def _handle(graph: Graph, row_cap: int, request: tuple[str, str | None, str | None]) -> tuple[Any, ...]:
    """A worker's answer to one request: ("ok", QueryResult) or ("error", class name, message, hint)."""
    try:
        return ("ok", execute(graph, *request, row_cap=row_cap))
    except KgqaError as exc:
        return ("error", type(exc).__name__, exc.message, exc.hint)
    except RecursionError:
        return ("error", "QueryError", _too_deep().message, None)
    except Exception as exc:  # pragma: no cover - a bug in kgqa or rdflib, reported as the query's failure
        return ("error", "QueryError", f"the query could not be evaluated: {_describe(exc)}", None)


def _quiet() -> None:
    """In a worker: rdflib's warnings about the terms a query builds are the query's business, not the log's."""
    logging.getLogger("rdflib").setLevel(logging.ERROR)


def _warm_up() -> None:
    """Run the grammar's parse actions once in this process (see WARM_UP)."""
    runs = [(WARM_UP, fmt) for fmt in ("json", "xml", "csv", "tsv")]
    runs += [(WARM_UP_OTHERS[1], fmt) for fmt in ("turtle", "json-ld", "nt", "rdf")]
    runs += [(text, None) for text in WARM_UP_OTHERS]
    for text, fmt in runs:
        with contextlib.suppress(KgqaError):
            execute(Graph(), text, None, fmt, 1)


class SparqlService:
    """Runs checked queries against `graph` in `workers` worker processes, with a time limit and a row cap."""

    def __init__(self, graph: Graph, *, timeout: float = 5.0, row_cap: int = 10_000, workers: int = 2,
                 max_query_bytes: int = 65_536) -> None:
        self.graph = graph
        self.timeout = timeout
        self.row_cap = row_cap
        self.max_query_bytes = max_query_bytes
        _warm_up()
        self._pool = Pool(lambda request: _handle(graph, row_cap, request), size=workers,
                          recursion_limit=RECURSION_LIMIT, initializer=_quiet)

    @property
    def pool(self) -> Pool:
        """The worker processes (their pids, how many were replaced)."""
        return self._pool

    def start(self) -> None:
        """Fork the workers now (after the graph and everything else is loaded); `run` also starts them."""
        self._pool.start()

    def close(self) -> None:
        self._pool.close()

    def run(self, text: str, accept: str | None = None, fmt: str | None = None) -> QueryResult:
        """Answer one query; blocks its thread (not the event loop) for at most about twice the time limit."""
        check_size(text, self.max_query_bytes)
        try:
            reply = self._pool.call((text, accept, fmt), timeout=self.timeout, wait=self.timeout)
        except WorkerTimeout:
            raise QueryTimeout(f"the query ran longer than the {self.timeout:g} s limit (parsing included)",
                               hint="add a LIMIT or make the pattern more specific") from None
        except PoolBusy:
            raise Busy(f"every SPARQL worker stayed busy for {self.timeout:g} s with other queries",
                       hint="try again in a few seconds") from None
        except WorkerDied:
            raise QueryError("the worker evaluating the query ended abnormally (the query may nest too deeply "
                             "or need too much memory)", hint="simplify the query") from None
        if reply[0] == "ok":
            return reply[1]
        _, name, message, hint = reply
        cls = getattr(errors, name, QueryError)
        if not (isinstance(cls, type) and issubclass(cls, KgqaError)):
            cls = QueryError
        try:
            error = cls(message, hint=hint)
        except TypeError:  # an error class with other arguments: not one a query raises
            error = QueryError(message, hint=hint)
        raise error
