"""The HTTP API through TestClient: every endpoint's success and error paths, one error shape."""

from __future__ import annotations

import csv
import http.server
import io
import json
import socket
import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from kgqa.api import Settings, create_app
from kgqa.build import BuildResult
from kgqa.kg import KnowledgeGraph

EXERCISE_CLASS = "https://w3id.org/kgqa/ontology#Exercise"
GLUTE_KICKBACK = "https://w3id.org/kgqa/id/exercise/glute-kickback"
SELECT_EXERCISES = f"SELECT ?e WHERE {{ ?e a <{EXERCISE_CLASS}> }} ORDER BY ?e"


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
