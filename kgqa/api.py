"""The HTTP API: an app factory over one loaded graph, and `run` for `kgqa serve`.

    GET  /ask?q=...            POST /ask {"question": ..., "context": ...}   the answer contract
    GET  /entities?q=&type=    GET  /entities/{id}                          search and look-up
    GET|POST /sparql           SPARQL 1.1 Protocol, query only, in killable worker processes (kgqa.sparql)
    GET  /graph                the whole graph, Turtle / JSON-LD / N-Triples / RDF/XML by Accept
    GET  /health               GET  /   the chat page        GET  /docs   Swagger UI, served locally

Every error has one JSON shape: {"error": {"status", "code", "message", "hint"}}. Every response carries
the Content-Security-Policy and `X-Content-Type-Options: nosniff` (kgqa.guards, which also refuses request
bodies over the limit and %-escapes that are not UTF-8). Settings come from kgqa.settings.

`GET /ask?q=` is answered below the framework by kgqa.fast_ask (the same bytes and headers as the route), and
every answer is computed in its turn (kgqa.turns): first come, first served, so p99 stays near p50 under load.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .api_models import AskRequest, ErrorResponse, check_unicode
from .docs import add_docs
from .errors import (
    BadEncoding,
    GraphError,
    KgqaError,
    QueryError,
    QueryRefused,
    QuestionError,
    UnsupportedMediaType,
    UpdateRefused,
)
from .fast_ask import FastAsk, json_bytes
from .guards import Guards, csp
from .kg import KnowledgeGraph
from .lru import ByteLRU
from .qa.answer import Answer
from .qa.understand import MAX_LENGTH
from .settings import Settings
from .sparql import GRAPH_TYPES, QueryResult, SparqlService, negotiate
from .sparql_formats import write_graph
from .turns import Turns

__all__ = ["Settings", "create_app", "create_app_from_env", "run"]

WEB = Path(__file__).parent / "web"
ENTITY_TYPES = ("Exercise", "Muscle", "Equipment", "Mistake", "Benefit")


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in ((400, "bad input"), (404, "not found"), (413, "request too large"), (422, "invalid parameters"))
}
BODY_LIMIT = 1 << 20  # bytes of request body (more for SPARQL if its query cap is larger)


def error_body(status: int, code: str, message: str, hint: str | None = None) -> dict[str, Any]:
    """The framework's own errors (404, 405, 422) in the one shape `KgqaError.to_dict` defines."""
    error = KgqaError(message, hint=hint)
    error.status, error.code = status, code
    return error.to_dict()


def error_response(exc: KgqaError) -> JSONResponse:
    return JSONResponse(exc.to_dict(), status_code=exc.status)


def _json(payload: Any) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False).encode("utf-8"), media_type="application/json")


def create_app(settings: Settings | None = None, kg: KnowledgeGraph | None = None) -> FastAPI:
    """Build the app over `kg` (or the graph `settings.graph` names, or the default graph)."""
    settings = settings or Settings()
    if kg is None:
        from .kg import load

        kg = load(settings.graph, store=settings.store)
    sparql = SparqlService(kg.graph, timeout=settings.sparql_timeout, row_cap=settings.sparql_row_cap,
                           workers=settings.sparql_workers, max_query_bytes=settings.sparql_max_query_bytes)
    graph_cache: dict[str, bytes] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        kg.ask("what muscles do kickbacks work?")  # build the index and parser before the first request
        # The loaded graph is millions of long-lived objects: keep them out of the cyclic GC's scans,
        # whose full passes would otherwise stall requests for 100+ ms.
        gc.collect()
        gc.freeze()
        sparql.start()  # fork the SPARQL workers now that everything they share is loaded
        yield
        sparql.close()

    app = FastAPI(
        title="kgqa",
        version=__version__,
        description="Answers questions about kickback exercises by traversing a knowledge graph built from "
        "articles, citing the sentences behind every answer. Read-only SPARQL 1.1 endpoint at /sparql.",
        lifespan=lifespan,
        docs_url=None,  # add_docs serves Swagger UI from the package, not from a CDN
        redoc_url=None,
    )
    app.state.kg = kg
    app.state.settings = settings
    app.state.sparql = sparql
    headers = {"Content-Security-Policy": csp(settings.frame_ancestors), "X-Content-Type-Options": "nosniff"}

    # ---- errors: one shape ------------------------------------------------------------
    @app.exception_handler(KgqaError)
    async def on_kgqa_error(request: Request, exc: KgqaError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body') or 'request'}: {e.get('msg', 'invalid')}"
            for e in exc.errors()
        )
        return JSONResponse(error_body(422, "invalid_request", problems or "invalid request",
                                       "see /docs for the parameters"), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(exc.status_code, "http_error")
        hint = "endpoints: /ask, /entities, /sparql, /graph, /health, /docs" if exc.status_code in (404, 405) else None
        return JSONResponse(error_body(exc.status_code, code, str(exc.detail), hint),
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover - a bug
        return JSONResponse(error_body(500, "internal_error", f"unexpected {type(exc).__name__}"), status_code=500)

    # ---- questions ------------------------------------------------------------------------
    cache = ByteLRU(settings.answer_cache, settings.answer_cache_bytes)
    app.state.answer_cache = cache
    turns = Turns()  # answers are computed first come, first served, a few per event-loop turn: a short p99

    def answer(question: str, context: dict[str, Any] | None) -> bytes:
        if len(question) > MAX_LENGTH:
            raise QuestionError(f"the question is {len(question)} characters long; the limit is {MAX_LENGTH}")
        try:
            check_unicode(question)
        except ValueError as exc:
            raise BadEncoding(f"the question {exc}", hint="send the question as UTF-8 text") from None
        key = (question, json.dumps(context, sort_keys=True) if context else "")
        body = cache.get(key)
        if body is None:
            body = json_bytes(kg.ask(question, context=context).to_dict())
            cache.put(key, body, key_size=len(key[0]) + len(key[1]) + 100)
        return body

    # GET /ask?q= is answered by this middleware, below the framework (the routes below serve the rest).
    # The middleware added last runs first: CORS, then Guards, then FastAsk.
    app.add_middleware(FastAsk, answer=answer, turns=turns)
    app.add_middleware(Guards, headers=headers,
                       max_body=max(BODY_LIMIT, 3 * settings.sparql_max_query_bytes + 4096))
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Content-Type", "Accept"])

    @app.get("/ask", response_model=Answer, responses=ERRORS, tags=["questions"],
             summary="Answer a question")
    async def ask_get(q: Annotated[str, Query(description="the question, 1-500 characters",
                                        examples=["what muscles do cable kickbacks work?"])]) -> Response:
        return Response(await turns.run(answer, q, None), media_type="application/json")

    @app.post("/ask", response_model=Answer, responses=ERRORS, tags=["questions"],
              summary="Answer a question, optionally following up on the previous turn")
    async def ask_post(body: AskRequest) -> Response:
        context = body.context.model_dump(exclude_none=True) if body.context else None
        return Response(await turns.run(answer, body.question, context), media_type="application/json")

    # ---- entities -------------------------------------------------------------------------
    @app.get("/entities", responses=ERRORS, tags=["graph"], summary="Search entities by label or synonym")
    def entities(
        q: Annotated[str, Query(max_length=200, description="text to match (prefix, substring or fuzzy)")] = "",
        type: Annotated[str | None, Query(description=f"one of {', '.join(ENTITY_TYPES)}")] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> Response:
        return _json({"query": q, "type": type, "results": kg.search(q, type=type, limit=limit)})

    @app.get("/entities/{id:path}", responses=ERRORS, tags=["graph"],
             summary="One entity: label, type, synonyms, links, neighbours with roles, sources")
    def entity(id: str) -> Response:
        return _json(kg.entity(id).to_dict())

    # ---- SPARQL 1.1 Protocol (query only) -------------------------------------------------
    def sparql_response(result: QueryResult) -> Response:
        headers = {"X-Kgqa-Rows": str(result.rows)}
        if result.dropped:
            headers["X-Kgqa-Dropped-Triples"] = str(result.dropped)
        if result.truncated:
            headers["X-Kgqa-Row-Cap"] = f"{settings.sparql_row_cap}; truncated"
            headers["Warning"] = f'199 kgqa "result truncated at the row cap of {settings.sparql_row_cap}"'
        return Response(result.body, media_type=result.media_type, headers=headers)

    def refuse_datasets(params: dict[str, list[str]]) -> None:
        if params.get("update") or params.get("using-graph-uri") or params.get("using-named-graph-uri"):
            raise UpdateRefused("this endpoint is read-only: SPARQL updates are refused")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            raise QueryRefused("default-graph-uri and named-graph-uri are refused: this endpoint queries only "
                               "its own graph and never fetches remote data")

    sparql_doc = {"responses": ERRORS | {403: {"model": ErrorResponse, "description": "update or remote access"}},
                  "tags": ["sparql"]}

    @app.get("/sparql", summary="SPARQL 1.1 query (GET)", **sparql_doc)
    def sparql_get(
        request: Request,
        query: Annotated[str | None, Query(description="a SELECT, ASK, CONSTRUCT or DESCRIBE query")] = None,
        format: Annotated[str | None, Query(description="json, xml, csv, tsv, turtle, json-ld (else Accept)")] = None,
    ) -> Response:
        refuse_datasets(parse_qs(request.url.query))
        if query is None:
            raise_missing()
        return sparql_response(sparql.run(query or "", request.headers.get("accept"), format))

    @app.post("/sparql", summary="SPARQL 1.1 query (POST form or application/sparql-query)",
              openapi_extra={"requestBody": {"content": {
                  "application/sparql-query": {"schema": {"type": "string"}},
                  "application/x-www-form-urlencoded": {"schema": {
                      "type": "object", "properties": {"query": {"type": "string"}}}}}}},
              **sparql_doc)
    async def sparql_post(request: Request) -> Response:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        raw = await request.body()
        params = parse_qs(request.url.query)
        try:
            text = raw.decode("utf-8")
            if ctype == "application/x-www-form-urlencoded":
                params |= parse_qs(text, errors="strict")
        except UnicodeDecodeError:
            raise BadEncoding("the request body is not UTF-8 (once its %-escapes are decoded, for a form)",
                              hint="send the query as UTF-8 text") from None
        if ctype == "application/sparql-update":
            refuse_datasets({"update": [text or "-"]})
        if ctype == "application/sparql-query":
            query = text
        elif ctype == "application/x-www-form-urlencoded":
            query = (params.get("query") or [None])[0]
        else:
            raise UnsupportedMediaType(f"unsupported content type {ctype or '(none)'!r}: send "
                                       "application/sparql-query or an application/x-www-form-urlencoded form "
                                       "with a query field")
        refuse_datasets(params)
        if query is None:
            raise_missing()
        fmt = (params.get("format") or [None])[0]
        # the call waits for a worker process: in a thread, off the event loop
        return sparql_response(await run_in_threadpool(sparql.run, query or "", request.headers.get("accept"), fmt))

    def raise_missing() -> None:
        raise QueryError("no query: pass the SPARQL query as the 'query' parameter",
                         hint="GET /sparql?query=ASK%20%7B%3Fs%20%3Fp%20%3Fo%7D")

    # ---- the graph, health, the chat page --------------------------------------------------
    @app.get("/graph", tags=["graph"], summary="Download the graph (Turtle, JSON-LD or N-Triples by Accept)",
             responses={406: {"model": ErrorResponse, "description": "no acceptable format"}})
    def graph(request: Request, format: str | None = None) -> Response:
        media = negotiate(request.headers.get("accept"), "CONSTRUCT", format)
        if media not in graph_cache:
            graph_cache[media] = write_graph(kg.graph, media)
        suffix = {"turtle": "ttl", "json-ld": "jsonld", "nt": "nt", "xml": "rdf"}[GRAPH_TYPES[media]]
        return Response(graph_cache[media], media_type=media,
                        headers={"Content-Disposition": f'inline; filename="kgqa.{suffix}"'})

    @app.get("/health", tags=["service"], summary="Liveness and what is loaded")
    async def health() -> Response:
        return _json({"status": "ok", "version": __version__, "graph": kg.source, "store": kg.store,
                      "triples": len(kg.graph)})

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(WEB / "index.html", media_type="text/html")  # Guards add the CSP and nosniff

    add_docs(app)
    app.mount("/static", StaticFiles(directory=WEB), name="static")
    return app


def create_app_from_env() -> FastAPI:
    """The factory uvicorn calls in each worker process (`kgqa serve` passes settings by environment)."""
    return create_app(Settings.from_env())


def run(host: str = "127.0.0.1", port: int = 8000, workers: int = 1, graph: str | None = None) -> int:
    """Run the server (blocking). The graph is loaded once per worker, before it accepts requests."""
    import uvicorn

    if graph:
        path = Path(graph).resolve()
        if not path.is_file():
            raise GraphError(f"no graph file at {graph}", hint="build one with: kgqa build --out graph.ttl")
        os.environ["KGQA_GRAPH"] = str(path)
    if workers < 1:
        raise KgqaError(f"--workers must be at least 1, got {workers}")
    settings = Settings.from_env()  # a bad KGQA_* value fails here with a clear message, not in each worker
    from .stores import resolve

    resolve(settings.store).check(settings.graph)  # and so does a graph file given with an endpoint as the store
    print(f"kgqa: serving on http://{host}:{port}/  (API docs at /docs, SPARQL at /sparql; Ctrl-C to stop)",
          file=sys.stderr, flush=True)
    if workers == 1:
        uvicorn.run(create_app_from_env(), host=host, port=port, log_level="warning", access_log=False)
    else:
        from .stores import prepare

        if not graph:
            prepare(settings.store)  # build the cache (and its store) once, not in every worker at the same time
        uvicorn.run("kgqa.api:create_app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", access_log=False)
    return 0
