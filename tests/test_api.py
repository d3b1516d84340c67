"""The HTTP API through TestClient: every endpoint's success and error paths, one error shape."""

from __future__ import annotations

import csv
import http.server
import io
import json
import os
import re
import signal
import socket
import threading
import time
from collections.abc import Iterator
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from kgqa.api import Settings, create_app
from kgqa.build import BuildResult
from kgqa.errors import ConfigurationError
from kgqa.kg import KnowledgeGraph
from kgqa.lru import ByteLRU
from kgqa.sparql import MAX_NESTING
from kgqa.sparql_worker import Pool, PoolBusy, WorkerTimeout

EXERCISE_CLASS = "https://w3id.org/kgqa/ontology#Exercise"
GLUTE_KICKBACK = "https://w3id.org/kgqa/id/exercise/glute-kickback"
SELECT_EXERCISES = f"SELECT ?e WHERE {{ ?e a <{EXERCISE_CLASS}> }} ORDER BY ?e"


@pytest.fixture(scope="module")
def built(articles_built: BuildResult) -> BuildResult:
    """The packaged articles' graph (conftest), not the shipped one with free-exercise-db's records: the tests
    of the HTTP API need no records, and the mechanisms are the same at a 25th of the size."""
    return articles_built


@pytest.fixture(scope="module")
def kg(built: BuildResult) -> KnowledgeGraph:
    return KnowledgeGraph(built.graph, source="test graph")


@pytest.fixture(scope="module")
def client(kg: KnowledgeGraph) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(sparql_row_cap=50), kg=kg)) as c:
        yield c


def assert_error(response, status: int, code: str | None = None) -> dict:  # noqa: ANN001
    """Every error, whatever raised it, has the same JSON shape."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "hint"}
    assert error["status"] == status
    assert isinstance(error["message"], str) and error["message"]
    if code:
        assert error["code"] == code
    return error


# ---- /ask ------------------------------------------------------------------------------
def test_ask_get_returns_the_answer_contract(client: TestClient, kg: KnowledgeGraph) -> None:
    question = "what muscles do cable kickbacks work?"
    response = client.get("/ask", params={"q": question})
    assert response.status_code == 200
    body = response.json()
    assert body == json.loads(json.dumps(kg.ask(question).to_dict()))  # the same contract as Python and CLI
    assert body["answered"] is True
    assert "gluteus maximus" in [a["label"] for a in body["answers"]]
    assert body["evidence"] and all(e["quote"] and e["document"] for e in body["evidence"])


def test_ask_post_with_context_follows_up(client: TestClient) -> None:
    first = client.post("/ask", json={"question": "what muscles do cable kickbacks work?"}).json()
    context = {k: first[k] for k in ("question", "intent", "entities")}

    other = client.post("/ask", json={"question": "and the tricep kickback?", "context": context}).json()
    assert other["intent"] == "muscles" and other["followed_up"] == ["intent"]
    assert "triceps brachii" in [a["label"] for a in other["answers"]]

    mistakes = client.post("/ask", json={"question": "what mistakes should I avoid?", "context": context}).json()
    assert mistakes["intent"] == "mistakes" and mistakes["followed_up"] == ["entities"]
    assert "cable kickback" in mistakes["text"]
    assert "arching the lower back" in [a["label"].lower() for a in mistakes["answers"]]


def test_ask_without_context_does_not_follow_up(client: TestClient) -> None:
    body = client.post("/ask", json={"question": "and the tricep kickback?"}).json()
    assert body["followed_up"] == []


def test_out_of_scope_question_abstains(client: TestClient) -> None:
    body = client.get("/ask", params={"q": "how many calories do kickbacks burn?"}).json()
    assert body["answered"] is False and body["suggestions"]



def test_ask_get_lean_path_matches_the_framework_route(client: TestClient) -> None:
    """GET /ask?q= is answered by kgqa.fast_ask below FastAPI: same bytes and headers as the route (issue 12)."""
    question = "what muscles do cable kickbacks work?"
    lean = client.get("/ask", params={"q": question})
    routed = client.post("/ask", json={"question": question})  # the FastAPI route, through the same encoder
    assert lean.status_code == routed.status_code == 200 and lean.content == routed.content
    for name in ("content-type", "content-length", "content-security-policy", "x-content-type-options"):
        assert lean.headers[name] == routed.headers[name], name
    assert client.get("/ask?q=x&q=" + question.replace(" ", "+")).content == lean.content  # the last q wins
    too_long = client.get("/ask", params={"q": "x" * 501})
    assert too_long.content == client.post("/ask", json={"question": "x" * 501}).content
    assert too_long.headers["content-security-policy"] == lean.headers["content-security-policy"]
    assert_error(client.put("/ask", params={"q": question}), 405)  # other methods still reach the framework


@pytest.mark.parametrize("raw", [b"q=", b"q=a+b%20c", b"q=%ED%A0%80", b"q=a=b", b"q=%FF", b"q=x;y", b"x=1&q=2&q=3",
                                 b"qq=1", b"q=%2", b"q=caf%C3%A9+%E2%9C%93", "q=café".encode(), b"&q=1", b"q=1&"])
def test_lean_path_reads_q_as_starlette_does(raw: bytes) -> None:
    from urllib.parse import parse_qsl

    from kgqa.fast_ask import question_param

    expected = dict(parse_qsl(raw.decode("latin-1"), keep_blank_values=True)).get("q")
    assert question_param(raw) == expected


def test_json_bytes_is_the_same_with_or_without_orjson(kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    from kgqa import fast_ask

    answer = kg.ask("what muscles do cable kickbacks work?").to_dict() | {"text": "café ✓"}
    odd = {"big": 1 << 70, 1: "a key orjson refuses"}  # orjson raises on these: the stdlib encodes them
    fast = [fast_ask.json_bytes(answer), fast_ask.json_bytes(odd)]
    monkeypatch.setattr(fast_ask, "orjson", None)
    assert fast == [fast_ask.json_bytes(answer), fast_ask.json_bytes(odd)]
    assert json.loads(fast[0]) == answer and json.loads(fast[1]) == {"big": 1 << 70, "1": "a key orjson refuses"}

@pytest.mark.parametrize(
    "params,status,code",
    [
        ({"q": ""}, 400, "bad_question"),
        ({"q": "   "}, 400, "bad_question"),
        ({"q": "x" * 501}, 400, "bad_question"),
        ({"q": "?!?"}, 400, "bad_question"),
        ({}, 422, "invalid_request"),
    ],
)
def test_ask_get_rejects_bad_questions(client: TestClient, params: dict, status: int, code: str) -> None:
    error = assert_error(client.get("/ask", params=params), status, code)
    if params.get("q", "").startswith("x"):
        assert "500" in error["message"]


@pytest.mark.parametrize(
    "body,status",
    [
        ({"question": ""}, 400),
        ({"question": "y" * 600}, 400),
        ({}, 422),
        ({"question": 5}, 422),
        ({"question": "what muscles?", "context": "not an object"}, 422),
        ({"question": "what muscles?", "context": {"question": ""}}, 400),
    ],
)
def test_ask_post_rejects_bad_bodies(client: TestClient, body: dict, status: int) -> None:
    assert_error(client.post("/ask", json=body), status)


def test_ask_post_rejects_malformed_json(client: TestClient) -> None:
    response = client.post("/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert_error(response, 422, "invalid_request")


# ---- /entities -----------------------------------------------------------------------------
def test_entity_search_finds_synonyms(client: TestClient) -> None:
    body = client.get("/entities", params={"q": "donkey"}).json()
    assert body["results"] and body["results"][0]["iri"] == GLUTE_KICKBACK


def test_entity_search_filters_by_type(client: TestClient) -> None:
    results = client.get("/entities", params={"q": "glute", "type": "Muscle"}).json()["results"]
    assert results and {r["type"] for r in results} == {"Muscle"}


def test_entity_lookup_by_synonym_and_by_id(client: TestClient) -> None:
    by_name = client.get("/entities/donkey kick")
    assert by_name.status_code == 200
    entity = by_name.json()
    assert entity["iri"] == GLUTE_KICKBACK and entity["type"] == "Exercise"
    assert "donkey kick" in entity["synonyms"]
    assert client.get("/entities/exercise/glute-kickback").json()["iri"] == GLUTE_KICKBACK


def test_unknown_entity_is_404(client: TestClient) -> None:
    assert_error(client.get("/entities/zzzz-not-a-thing"), 404, "not_found")


def test_entity_search_rejects_bad_limit(client: TestClient) -> None:
    assert_error(client.get("/entities", params={"q": "glute", "limit": 0}), 422, "invalid_request")


# ---- /sparql -------------------------------------------------------------------------------
def test_sparql_get_select_json(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT_EXERCISES})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    rows = response.json()["results"]["bindings"]
    assert GLUTE_KICKBACK in [r["e"]["value"] for r in rows]


def test_sparql_post_form_and_direct_body(client: TestClient) -> None:
    form = client.post("/sparql", data={"query": SELECT_EXERCISES})
    direct = client.post("/sparql", content=SELECT_EXERCISES, headers={"content-type": "application/sparql-query"})
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json()


@pytest.mark.parametrize(
    "accept,media",
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_sparql_select_formats_by_accept(client: TestClient, accept: str, media: str) -> None:
    response = client.get("/sparql", params={"query": SELECT_EXERCISES}, headers={"accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert GLUTE_KICKBACK in response.text
    if media == "text/csv":
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == ["e"] and [GLUTE_KICKBACK] in rows


def test_sparql_ask(client: TestClient) -> None:
    query = f"ASK {{ <{GLUTE_KICKBACK}> a <{EXERCISE_CLASS}> }}"
    assert client.get("/sparql", params={"query": query}).json()["boolean"] is True
    xml = client.get("/sparql", params={"query": query}, headers={"accept": "application/sparql-results+xml"})
    assert "<boolean>true</boolean>" in xml.text


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_sparql_construct_as_turtle_or_json_ld(client: TestClient, accept: str, fmt: str) -> None:
    query = f"CONSTRUCT {{ ?e a <{EXERCISE_CLASS}> }} WHERE {{ ?e a <{EXERCISE_CLASS}> }}"
    response = client.get("/sparql", params={"query": query}, headers={"accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.text, format=fmt)
    assert len(graph) >= 10 and (None, None, None) in graph


def test_sparql_describe(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": f"DESCRIBE <{GLUTE_KICKBACK}>"})
    assert response.status_code == 200
    assert len(Graph().parse(data=response.text, format="turtle")) > 0


def test_sparql_row_cap_is_reported(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 50
    assert response.headers["x-kgqa-row-cap"] == "50; truncated"
    small = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert "x-kgqa-row-cap" not in small.headers and small.headers["x-kgqa-rows"] == "3"


def test_sparql_time_limit(kg: KnowledgeGraph) -> None:
    with TestClient(create_app(Settings(sparql_timeout=0.2), kg=kg)) as c:
        heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        error = assert_error(c.get("/sparql", params={"query": heavy}), 400, "query_timeout")
        assert "0.2 s" in error["message"]


@pytest.mark.parametrize(
    "query,status,code",
    [
        ("SELEC ?s WHERE { ?s ?p ?o }", 400, "bad_query"),
        ("SELECT ?s WHERE { ?s ?p ", 400, "bad_query"),
        ("", 400, "bad_query"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "update_refused"),
        ("DELETE WHERE { ?s ?p ?o }", 403, "update_refused"),
        ("CLEAR ALL", 403, "update_refused"),
        ("DROP DEFAULT", 403, "update_refused"),
    ],
)
def test_sparql_errors(client: TestClient, query: str, status: int, code: str) -> None:
    assert_error(client.get("/sparql", params={"query": query}), status, code)


def test_malformed_sparql_names_the_problem(client: TestClient) -> None:
    error = assert_error(client.get("/sparql", params={"query": "SELEC ?s WHERE { ?s ?p ?o }"}), 400)
    assert "SELEC" in error["message"]


def test_sparql_missing_query_and_bad_media(client: TestClient) -> None:
    assert_error(client.get("/sparql"), 400, "bad_query")
    assert_error(client.post("/sparql", content="ASK {}", headers={"content-type": "text/plain"}), 415)
    assert_error(client.get("/sparql", params={"query": SELECT_EXERCISES}, headers={"accept": "image/png"}), 406)


def test_sparql_update_is_refused_and_changes_nothing(client: TestClient, kg: KnowledgeGraph) -> None:
    before = len(kg.graph)
    update = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    assert_error(client.post("/sparql", data={"update": update}), 403, "update_refused")
    assert_error(client.post("/sparql", content=update, headers={"content-type": "application/sparql-update"}), 403)
    assert_error(client.post("/sparql", content=update, headers={"content-type": "application/sparql-query"}), 403)
    assert len(kg.graph) == before
    assert (URIRef("urn:x:a"), None, None) not in kg.graph


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.end_headers()
        self.wfile.write(b"<urn:a> <urn:b> <urn:c> .")

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[str]:
    """A local HTTP server that records any request made to it: the SSRF target."""
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def no_outbound(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record every outbound socket connection attempted while a request is handled."""
    attempts: list[object] = []
    real = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        attempts.append(address)
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


@pytest.mark.parametrize(
    "template,code",
    [
        ("SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", "query_refused"),
        ("SELECT * WHERE {{ ?x ?y ?z . SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}", "query_refused"),
        ("SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}", "query_refused"),
        ("SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", "query_refused"),
        ("LOAD <{url}>", "update_refused"),
        ("LOAD SILENT <{url}> INTO GRAPH <urn:g>", "update_refused"),
    ],
)
def test_remote_access_is_refused_without_connecting(
    client: TestClient, listener: str, no_outbound: list[object], template: str, code: str
) -> None:
    query = template.format(url=listener)
    assert_error(client.get("/sparql", params={"query": query}), 403, code)
    assert_error(client.post("/sparql", data={"query": query}), 403, code)
    assert _Recorder.hits == [] and no_outbound == []


def test_dataset_parameters_are_refused(client: TestClient, listener: str, no_outbound: list[object]) -> None:
    params = {"query": SELECT_EXERCISES, "default-graph-uri": listener}
    assert_error(client.get("/sparql", params=params), 403, "query_refused")
    assert _Recorder.hits == [] and no_outbound == []


# ---- /graph, /health, errors, CORS, the page -------------------------------------------------
@pytest.mark.parametrize(
    "accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")]
)
def test_graph_download(client: TestClient, kg: KnowledgeGraph, accept: str, fmt: str) -> None:
    response = client.get("/graph", headers={"accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    assert len(Graph().parse(data=response.content, format=fmt)) == len(kg.graph)


def test_graph_download_refuses_unknown_format(client: TestClient) -> None:
    assert_error(client.get("/graph", headers={"accept": "image/png"}), 406, "not_acceptable")


def test_health(client: TestClient, kg: KnowledgeGraph) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["triples"] == len(kg.graph)


def test_unknown_route_and_method_use_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/no-such-thing"), 404, "not_found")
    assert_error(client.delete("/ask"), 405, "method_not_allowed")


def test_cors_is_same_origin_by_default(client: TestClient, kg: KnowledgeGraph) -> None:
    headers = {"Origin": "https://example.org"}
    assert "access-control-allow-origin" not in client.get("/health", headers=headers).headers
    with TestClient(create_app(Settings(cors_origins=("https://example.org",)), kg=kg)) as c:
        allowed = c.get("/health", headers=headers)
        assert allowed.headers["access-control-allow-origin"] == "https://example.org"
        lean = c.get("/ask", params={"q": "what muscles do cable kickbacks work?"}, headers=headers)
        assert lean.headers["access-control-allow-origin"] == "https://example.org"  # CORS wraps the lean path
        other = c.get("/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_chat_page_is_self_contained(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    script = client.get("/static/chat.js").text
    assert "innerHTML" not in script and "textContent" in script
    assert client.get("/static/embed.js").status_code == 200


def test_openapi_documents_the_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/ask", "/entities", "/entities/{id}", "/sparql", "/graph", "/health"} <= set(paths)
    assert client.get("/docs").status_code == 200


# ---- robustness: inputs that used to give a 500, or a broken 200 ------------------------------------
CONTEXT = {"question": "what muscles do cable kickbacks work?", "intent": "muscles",
           "entities": [{"label": "cable kickback", "iri": "https://w3id.org/kgqa/id/exercise/cable-kickback",
                         "type": "Exercise", "surface": "cable kickbacks"}]}


@pytest.mark.parametrize(
    "context,where",
    [
        ({"question": "q", "entities": [{"iri": ["https://w3id.org/kgqa/id/exercise/glute-kickback"]}]},
         "context.entities.0.iri"),
        ({"question": "q", "entities": [{"iri": {"a": 1}}]}, "context.entities.0.iri"),
        ({"question": "q", "entities": [{"iri": 5}]}, "context.entities.0.iri"),
        ({"question": "q", "entities": [{"label": "no iri"}]}, "context.entities.0.iri"),
        ({"question": "q", "entities": ["https://w3id.org/kgqa/id/exercise/glute-kickback"]}, "context.entities.0"),
        ({"question": "q", "entities": {"iri": "x"}}, "context.entities"),
        ({"question": "q", "entities": [{"iri": "x", "surface": ["y"]}]}, "context.entities.0.surface"),
        ({"question": "q", "intent": ["muscles"]}, "context.intent"),
        ({"question": ["q"]}, "context.question"),
        ({"question": "q", "entities": [{"iri": "x"}] * 17}, "at most 16"),
        ({"question": "q", "entities": [{"iri": "x" * 501}]}, "context.entities.0.iri"),
        ({"question": "q", "entities": [{"iri": "x" * 500, "label": "y" * 500}] * 16}, "8,192"),
    ],
)
def test_ask_post_validates_the_context_strictly(client: TestClient, context: dict, where: str) -> None:
    error = assert_error(client.post("/ask", json={"question": "what mistakes should I avoid?", "context": context}),
                         422, "invalid_request")
    assert where in error["message"]


def test_ask_post_context_may_be_a_whole_previous_answer(client: TestClient) -> None:
    first = client.post("/ask", json={"question": "what muscles do cable kickbacks work?"}).json()
    follow = client.post("/ask", json={"question": "what mistakes should I avoid?", "context": first})
    assert follow.status_code == 200 and follow.json()["followed_up"] == ["entities"]
    assert client.post("/ask", json={"question": "what mistakes should I avoid?", "context": CONTEXT}).json()[
        "followed_up"] == ["entities"]


@pytest.mark.parametrize("url", ["/ask?q=%ED%A0%80", "/ask?q=what%20muscles%20do%20kickbacks%20work%ED%A0%80",
                                 "/ask?q=kickbacks%FF", "/entities?q=%ED%A0%80", "/entities/%ED%A0%80",
                                 "/sparql?query=ASK%20%7B%3Fs%20%3Fp%20%22%ED%A0%80%22%7D"])
def test_get_with_a_lone_surrogate_is_400(client: TestClient, url: str) -> None:
    error = assert_error(client.get(url), 400, "bad_encoding")
    assert "UTF-8" in error["message"]


def test_post_with_a_lone_surrogate_is_400(client: TestClient) -> None:
    raw = b'{"question": "what muscles do kickbacks work \\ud800?"}'  # JSON's escape makes a lone surrogate
    error = assert_error(client.post("/ask", content=raw, headers={"content-type": "application/json"}),
                         400, "bad_encoding")
    assert "U+D800" in error["message"]
    in_context = b'{"question": "and the tricep kickback?", "context": {"question": "q", "entities": [{"iri": ' \
        b'"\\udc00"}]}}'
    assert_error(client.post("/ask", content=in_context, headers={"content-type": "application/json"}), 422)
    form = b"query=ASK%20%7B%3Fs%20%3Fp%20%22%ED%A0%80%22%7D"
    assert_error(client.post("/sparql", content=form, headers={"content-type": "application/x-www-form-urlencoded"}),
                 400, "bad_encoding")


@pytest.mark.parametrize("literal", ["\\ud800", "\\uDFFF", "\\U0000D800", "\\uD83D\\uDE00"])
def test_sparql_literal_with_a_lone_surrogate_is_400(client: TestClient, literal: str) -> None:
    query = f'SELECT ?x WHERE {{ BIND("{literal}" AS ?x) }}'
    for accept in ("application/sparql-results+json", "text/csv", "application/sparql-results+xml"):
        error = assert_error(client.get("/sparql", params={"query": query}, headers={"accept": accept}),
                             400, "bad_encoding")
        assert "surrogate" in error["message"]
    assert_error(client.post("/sparql", content=query, headers={"content-type": "application/sparql-query"}), 400)


def test_sparql_astral_escape_is_one_character(client: TestClient) -> None:
    body = client.get("/sparql", params={"query": 'SELECT ?x WHERE { BIND("\\U0001F600" AS ?x) }'}).json()
    assert body["results"]["bindings"][0]["x"]["value"] == "\U0001f600"


GRAPH_FORMATS = [("turtle", "text/turtle", "turtle"), ("nt", "application/n-triples", "nt"),
                 ("json-ld", "application/ld+json", "json-ld"), ("rdf", "application/rdf+xml", "xml")]


@pytest.mark.parametrize("fmt,media,parser", GRAPH_FORMATS)
def test_construct_with_an_unsplittable_predicate(client: TestClient, fmt: str, media: str, parser: str) -> None:
    query = 'CONSTRUCT { <urn:a> <urn:b:> "x" } WHERE {}'
    response = client.get("/sparql", params={"query": query, "format": fmt})
    if parser == "xml":  # RDF/XML writes a predicate as an element name: <urn:b:> has no local name
        error = assert_error(response, 400, "unrepresentable_result")
        assert "urn:b:" in error["message"] and "RDF/XML" in error["message"] and "Turtle" in error["hint"]
        by_accept = client.get("/sparql", params={"query": query}, headers={"accept": media})
        assert_error(by_accept, 400, "unrepresentable_result")
        return
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    graph = Graph().parse(data=response.text, format=parser)
    assert (URIRef("urn:a"), URIRef("urn:b:"), None) in graph


@pytest.mark.parametrize("fmt,media,parser", GRAPH_FORMATS)
@pytest.mark.parametrize("template", [
    'CONSTRUCT {{ ?s <urn:p> "x" . <urn:ok> <urn:p> "kept" }} WHERE {{ BIND(IRI("a b") AS ?s) }}',
    'CONSTRUCT {{ <urn:s> ?p "x" . <urn:ok> <urn:p> "kept" }} WHERE {{ BIND("a literal" AS ?p) }}',
    'CONSTRUCT {{ ?s <urn:p> "x" . <urn:ok> <urn:p> "kept" }} WHERE {{ BIND("a literal" AS ?s) }}',
    'CONSTRUCT {{ <urn:s> ?p "x" . <urn:ok> <urn:p> "kept" }} WHERE {{ BIND(BNODE() AS ?p) }}',
    'CONSTRUCT {{ <urn:s> <urn:p> ?o . <urn:ok> <urn:p> "kept" }} WHERE {{ BIND(IRI("urn:a\\u0009b") AS ?o) }}',
])
def test_construct_drops_triples_that_are_not_rdf(client: TestClient, template: str, fmt: str, media: str,
                                                  parser: str) -> None:
    response = client.get("/sparql", params={"query": template.format(), "format": fmt})
    assert response.status_code == 200, response.text
    assert response.headers["x-kgqa-dropped-triples"] == "1"
    graph = Graph().parse(data=response.text, format=parser)
    assert set(graph) == {(URIRef("urn:ok"), URIRef("urn:p"), Literal("kept"))}


def test_construct_with_nul_is_refused_as_xml_only(client: TestClient) -> None:
    query = 'CONSTRUCT { <urn:s> <urn:p> ?o } WHERE { BIND("a\\u0000b" AS ?o) }'
    error = assert_error(client.get("/sparql", params={"query": query, "format": "rdf"}), 400,
                         "unrepresentable_result")
    assert "U+0000" in error["message"]
    nt = client.get("/sparql", params={"query": query, "format": "nt"})
    assert nt.status_code == 200 and Graph().parse(data=nt.text, format="nt").value(URIRef("urn:s"), URIRef(
        "urn:p")) == Literal("a\x00b")


def test_tsv_escapes_tabs_and_newlines(client: TestClient) -> None:
    query = ('SELECT ?x ?lang ?n ?none ?iri WHERE { BIND("a\\tb\\nc\\"d\\\\e\\rf" AS ?x) '
             'BIND(STRLANG("tab\\there", "en") AS ?lang) BIND(3 AS ?n) BIND(IRI("urn:a\\tb") AS ?iri) }')
    response = client.get("/sparql", params={"query": query}, headers={"accept": "text/tab-separated-values"})
    assert response.status_code == 200
    lines = response.text.split("\n")
    assert lines[0] == "?x\t?lang\t?n\t?none\t?iri" and lines[2:] == [""]
    fields = lines[1].split("\t")
    assert len(fields) == 5 and "\r" not in lines[1]
    assert fields[0] == '"a\\tb\\nc\\"d\\\\e\\rf"'
    assert fields[1] == '"tab\\there"@en'
    assert fields[2] == '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert fields[3] == "" and fields[4] == "<urn:a\\u0009b>"
    parsed = Result.parse(io.StringIO("\n".join(lines[:1] + [lines[1].rsplit("\t", 1)[0] + "\t"]) + "\n"),
                          format="tsv")
    row = next(iter(parsed))
    assert row[0] == Literal('a\tb\nc"d\\e\rf') and row[1] == Literal("tab\there", lang="en")


def test_xml_results_never_hold_characters_xml_forbids(client: TestClient) -> None:
    for literal, code in (("a\\u0000b", "U+0000"), ("\\u0001", "U+0001"), ("\\uFFFE", "U+FFFE")):
        query = f'SELECT ?x WHERE {{ BIND("{literal}" AS ?x) }}'
        error = assert_error(client.get("/sparql", params={"query": query, "format": "xml"}), 400,
                             "unrepresentable_result")
        assert code in error["message"] and "json" in error["hint"]
        assert client.get("/sparql", params={"query": query, "format": "json"}).status_code == 200
    ok = client.get("/sparql", params={"query": 'SELECT ?x WHERE { BIND("tab\\there" AS ?x) }', "format": "xml"})
    assert ok.status_code == 200
    assert ElementTree.fromstring(ok.content).find(".//{*}literal").text == "tab\there"


def test_describe_star_describes_every_variable(client: TestClient) -> None:
    pattern = f"WHERE {{ ?e a <{EXERCISE_CLASS}> ; <http://www.w3.org/2000/01/rdf-schema#label> \"glute kickback\" }}"
    star = client.get("/sparql", params={"query": f"DESCRIBE * {pattern}"})
    named = client.get("/sparql", params={"query": f"DESCRIBE ?e {pattern}"})
    assert star.status_code == named.status_code == 200, star.text
    graph = Graph().parse(data=star.text, format="turtle")
    assert len(graph) > 0 and (URIRef(GLUTE_KICKBACK), None, None) in graph
    assert len(graph) == len(Graph().parse(data=named.text, format="turtle"))
    assert client.get("/sparql", params={"query": "DESCRIBE *"}).status_code == 200


@pytest.mark.parametrize("opened,closed", [("(", ")"), ("{", "}"), ("STR(", ")")])
def test_deep_queries_get_a_400_naming_the_limit(client: TestClient, opened: str, closed: str) -> None:
    def nested(depth: int) -> str:  # `depth` levels inside the WHERE group's braces
        if opened == "{":
            return f"SELECT * WHERE {{ {'{' * depth}?s ?p ?o{'}' * depth} }} LIMIT 1"
        return f"SELECT * WHERE {{ BIND({opened * (depth - 1)}1{closed * (depth - 1)} AS ?x) }}"

    for depth in (2000, 100):
        error = assert_error(client.post("/sparql", data={"query": nested(depth)}), 400, "bad_query")
        assert f"at most {MAX_NESTING} levels" in error["message"] and "recursion" not in error["message"]
    assert client.post("/sparql", data={"query": nested(MAX_NESTING - 2)}).status_code == 200


def test_sparql_query_size_cap(kg: KnowledgeGraph) -> None:
    with TestClient(create_app(Settings(sparql_max_query_bytes=1000), kg=kg)) as c:
        query = "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ", ".join(str(i) for i in range(300)) + ")) }"
        error = assert_error(c.post("/sparql", data={"query": query}), 413, "too_large")
        assert "1,000 bytes" in error["message"]
        assert c.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}).status_code == 200
    assert Settings().sparql_max_query_bytes == 65_536


def test_request_body_cap(client: TestClient) -> None:
    big = b'{"question": "' + b"a" * (2 << 20) + b'"}'
    error = assert_error(client.post("/ask", content=big, headers={"content-type": "application/json"}), 413,
                         "too_large")
    assert "limit" in error["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams in
        yield b'{"question": "'
        for _ in range(40):
            yield b"a" * 65_536
        yield b'"}'

    for path, ctype in (("/ask", "application/json"), ("/sparql", "application/sparql-query")):
        streamed = client.post(path, content=chunks(), headers={"content-type": ctype})
        assert_error(streamed, 413, "too_large")


def test_runaway_queries_are_killed_and_workers_replaced(kg: KnowledgeGraph) -> None:
    with TestClient(create_app(Settings(sparql_timeout=1.0), kg=kg)) as c:
        pool = c.app.state.sparql.pool
        before = pool.pids
        regex = f'SELECT * WHERE {{ BIND(REGEX("{"a" * 40}!", "^(a+)+$") AS ?x) }}'
        started = time.monotonic()
        error = assert_error(c.get("/sparql", params={"query": regex}), 400, "query_timeout")
        assert time.monotonic() - started < 2.0 and "parsing included" in error["message"]
        assert pool.replaced == 1 and len(pool.pids) == len(before) and set(pool.pids) != set(before)
        assert c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_settings_from_env_refuse_bad_values() -> None:
    with pytest.raises(ConfigurationError, match="KGQA_SPARQL_TIMEOUT='abc'"):
        Settings.from_env({"KGQA_SPARQL_TIMEOUT": "abc"})
    for name, value in (("KGQA_SPARQL_TIMEOUT", "0"), ("KGQA_SPARQL_TIMEOUT", "inf"), ("KGQA_SPARQL_WORKERS", "0"),
                        ("KGQA_SPARQL_ROW_CAP", "1.5"), ("KGQA_ANSWER_CACHE_BYTES", "-1"),
                        ("KGQA_SPARQL_MAX_QUERY_BYTES", "lots")):
        with pytest.raises(ConfigurationError, match=name):
            Settings.from_env({name: value})
    settings = Settings.from_env({"KGQA_SPARQL_TIMEOUT": "2.5", "KGQA_ANSWER_CACHE_BYTES": "1000",
                                  "KGQA_SPARQL_MAX_QUERY_BYTES": "1_000_000", "KGQA_SPARQL_WORKERS": "3"})
    assert (settings.sparql_timeout, settings.answer_cache_bytes, settings.sparql_max_query_bytes,
            settings.sparql_workers) == (2.5, 1000, 1_000_000, 3)
    assert Settings().answer_cache_bytes == 64 << 20
    with pytest.raises(ConfigurationError, match="sparql_timeout"):
        Settings(sparql_timeout=-1)


def test_answer_cache_keeps_to_its_byte_budget(kg: KnowledgeGraph) -> None:
    with TestClient(create_app(Settings(answer_cache_bytes=20_000), kg=kg)) as c:
        cache = c.app.state.answer_cache
        questions = ["what muscles do cable kickbacks work?", "what mistakes should I avoid in glute kickbacks?",
                     "what equipment do tricep kickbacks need?", "what are the benefits of donkey kicks?"]
        sizes = [len(c.get("/ask", params={"q": q}).content) for q in questions]
        assert all(size < 20_000 for size in sizes)
        assert 0 < cache.bytes <= 20_000 and len(cache) < len(questions)
        assert c.get("/ask", params={"q": questions[-1]}).content  # the most recent answer is kept
    with TestClient(create_app(Settings(answer_cache_bytes=0), kg=kg)) as c:
        c.get("/ask", params={"q": questions[0]})
        assert len(c.app.state.answer_cache) == 0


def test_byte_lru_evicts_by_count_and_by_bytes() -> None:
    lru = ByteLRU(max_entries=3, max_bytes=100)
    for key in "abc":
        lru.put(key, b"x" * 10)
    lru.get("a")
    lru.put("d", b"x" * 10)  # over the count: "b" is the least recently used
    assert lru.get("b") is None and lru.get("a") is not None and len(lru) == 3
    lru.put("e", b"x" * 75)  # over the bytes: the oldest go until it fits
    assert lru.bytes <= 100 and lru.get("e") is not None and lru.get("c") is None
    lru.put("huge", b"x" * 101)  # bigger than the whole budget: not kept
    assert lru.get("huge") is None and lru.get("e") is not None


@pytest.mark.parametrize("path", ["/", "/static/index.html", "/static/chat.js", "/static/embed.js",
                                  "/static/chat.css", "/static/docs.js", "/docs", "/docs/assets/swagger-ui-bundle.js",
                                  "/health", "/no-such-page"])
def test_every_page_and_script_carries_the_same_security_headers(client: TestClient, path: str) -> None:
    reference = client.get("/").headers
    response = client.get(path)
    assert response.headers["content-security-policy"] == reference["content-security-policy"]
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_docs_are_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "http://" not in page.text and "https://" not in page.text and "<script>" not in page.text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/") for s in sources)
    for source in sources:
        assert client.get(source).status_code == 200, source
    bundle = client.get("/docs/assets/swagger-ui-bundle.js")
    assert bundle.headers["content-type"].startswith("text/javascript") and len(bundle.content) > 100_000
    assert_error(client.get("/docs/assets/index.html"), 404)  # only the files the page uses
    assert_error(client.get("/redoc"), 404)  # FastAPI's ReDoc page loads from a CDN: not served


# ---- the worker pool under the SPARQL endpoint -------------------------------------------------------
def _pool_handler(request: tuple[str, float]) -> str:
    action, amount = request
    if action == "sleep":
        time.sleep(amount)
    elif action == "grow":
        _pool_handler.kept = bytearray(int(amount))  # type: ignore[attr-defined]  # kept: resident after the reply
    return f"{action} done in {os.getpid()}"


@pytest.fixture
def pool() -> Iterator[Pool]:
    workers = Pool(_pool_handler, size=2)
    yield workers
    workers.close()


def test_pool_kills_and_replaces_a_worker_past_its_deadline(pool: Pool) -> None:
    assert pool.call(("echo", 0), timeout=5, wait=5).startswith("echo done")
    first = pool.pids
    started = time.monotonic()
    with pytest.raises(WorkerTimeout):
        pool.call(("sleep", 30), timeout=0.3, wait=5)
    assert time.monotonic() - started < 1.5
    assert pool.replaced == 1 and len(pool.pids) == 2 and len(set(pool.pids) & set(first)) == 1
    assert pool.call(("echo", 0), timeout=5, wait=5).startswith("echo done")


def test_pool_replaces_a_worker_that_died_while_idle(pool: Pool) -> None:
    pool.start()
    for pid in pool.pids:
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    assert pool.call(("echo", 0), timeout=5, wait=5).startswith("echo done")  # no innocent request fails
    assert pool.replaced >= 1


def test_pool_retires_a_worker_that_grew(pool: Pool) -> None:
    assert pool.call(("grow", 300 << 20), timeout=20, wait=5).startswith("grow done")
    assert pool.replaced == 1 and len(pool.pids) == 2


def test_pool_is_busy_only_after_waiting_and_restarts_after_close() -> None:
    single = Pool(_pool_handler, size=1)
    try:
        hold = threading.Thread(target=single.call, args=(("sleep", 1.0),), kwargs={"timeout": 5, "wait": 5})
        hold.start()
        time.sleep(0.3)
        with pytest.raises(PoolBusy):
            single.call(("echo", 0), timeout=5, wait=0.2)
        assert single.call(("echo", 0), timeout=5, wait=5).startswith("echo done")  # waits for the free worker
        hold.join()
        single.close()
        assert single.pids == []
        assert single.call(("echo", 0), timeout=5, wait=5).startswith("echo done")  # a call starts it again
    finally:
        single.close()
