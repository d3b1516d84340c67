"""A real `kgqa serve`: a stock SPARQL client, a real browser on the chat page, and a schema fuzzer."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import CORPUS

from kgqa.api import Settings, create_app
from kgqa.build import BuildResult
from kgqa.kg import KnowledgeGraph

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
EXERCISE_CLASS = "https://w3id.org/kgqa/ontology#Exercise"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`kgqa serve` in a subprocess on a free port, serving the test session's graph."""
    graph = tmp_path_factory.mktemp("serve") / "graph.nt"
    built.graph.serialize(graph, format="nt", encoding="utf-8")
    port = _free_port()
    log = graph.with_suffix(".log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kgqa.cli", "serve", "--port", str(port), "--graph", str(graph)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"kgqa serve did not start: {graph.with_suffix('.log').read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


# ---- a stock SPARQL client against the real server --------------------------------------------
def test_sparqlwrapper_select_and_ask(server: str) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setReturnFormat(JSON)
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    client.setQuery(f"SELECT ?e ?label WHERE {{ ?e a <{EXERCISE_CLASS}> ; {label} ?label }}")
    rows = client.query().convert()["results"]["bindings"]
    assert "glute kickback" in {r["label"]["value"] for r in rows}

    client.setMethod("POST")
    client.setQuery(f"ASK {{ ?e a <{EXERCISE_CLASS}> }}")
    assert client.query().convert()["boolean"] is True


def test_sparqlwrapper_construct_as_turtle(server: str) -> None:
    from SPARQLWrapper import TURTLE, SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setReturnFormat(TURTLE)
    client.setQuery(f"CONSTRUCT {{ ?e a <{EXERCISE_CLASS}> }} WHERE {{ ?e a <{EXERCISE_CLASS}> }}")
    from rdflib import Graph

    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) >= 10


def test_sparqlwrapper_update_is_refused_and_graph_unchanged(server: str) -> None:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    before = httpx.get(f"{server}/health").json()["triples"]
    client = SPARQLWrapper(f"{server}/sparql", updateEndpoint=f"{server}/sparql")
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:kgqa:test:a> <urn:kgqa:test:b> <urn:kgqa:test:c> }")
    with pytest.raises((SPARQLWrapperException, Exception)) as caught:  # the client raises on any 4xx
        client.query()
    assert "403" in str(caught.value) or "read-only" in str(caught.value)

    check = SPARQLWrapper(f"{server}/sparql")
    check.setReturnFormat(JSON)
    check.setQuery("ASK { <urn:kgqa:test:a> ?p ?o }")
    assert check.query().convert()["boolean"] is False
    assert httpx.get(f"{server}/health").json()["triples"] == before


def test_real_server_answers_over_http(server: str) -> None:
    body = httpx.get(f"{server}/ask", params={"q": "which exercises hit the gluteus medius?"}).json()
    assert body["answered"] and body["evidence"]
    error = httpx.get(f"{server}/ask", params={"q": ""})
    assert error.status_code == 400 and error.json()["error"]["code"] == "bad_question"


# ---- a real browser on the chat page ----------------------------------------------------------
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        if os.environ.get("KGQA_REQUIRE_BROWSER"):
            pytest.fail("KGQA_REQUIRE_BROWSER is set but /usr/bin/chromium or /usr/bin/chromedriver is missing "
                        "(apt-get install chromium chromium-driver)")
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1200,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _ask_in_page(driver, server: str, question: str, turns: int = 1):  # noqa: ANN001, ANN202
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    box = driver.find_element(By.ID, "kgqa-q")
    box.send_keys(question)
    driver.find_element(By.ID, "kgqa-send").click()
    wait = WebDriverWait(driver, 20)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".kgqa-a .kgqa-text")) >= turns)
    wait.until(ec.element_to_be_clickable((By.ID, "kgqa-send")))
    return driver.find_elements(By.CSS_SELECTOR, ".kgqa-turn")[-1]


def test_browser_chat_shows_answer_and_cited_sentence(browser, server: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/")
    turn = _ask_in_page(browser, server, "what muscles do cable kickbacks work")
    assert "gluteus maximus" in turn.text.lower()
    sources = turn.find_element(By.CSS_SELECTOR, "details.kgqa-sources")
    sources.find_element(By.TAG_NAME, "summary").click()
    quotes = [q.text.strip("\u201c\u201d") for q in turn.find_elements(By.CSS_SELECTOR, ".kgqa-quote-text")]
    corpus = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in CORPUS.glob("*.txt"))
    assert quotes and all(" ".join(q.split()) in corpus for q in quotes)  # verbatim from the articles
    assert turn.find_elements(By.CSS_SELECTOR, ".kgqa-cite")  # each quote names its article

    # a follow-up uses the previous turn as context
    follow = _ask_in_page(browser, server, "what mistakes should I avoid?", turns=2)
    assert "cable kickback" in follow.text.lower() and "arching" in follow.text.lower()


def test_browser_shows_markup_as_typed(browser, server: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/")
    typed = "<img src=x onerror=\"document.title='pwned'\"> <script>document.title='pwned'</script> kickbacks?"
    turn = _ask_in_page(browser, server, typed)
    assert typed in turn.find_element(By.CSS_SELECTOR, ".kgqa-q").text
    assert browser.title != "pwned"
    assert not browser.find_elements(By.CSS_SELECTOR, ".kgqa-log img, .kgqa-log script")


def test_browser_offers_the_alternative_when_ambiguous(browser, server: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/")
    turn = _ask_in_page(browser, server, "what muscles do kickbacks work?")
    chips = [c.text for c in turn.find_elements(By.CSS_SELECTOR, ".kgqa-chip")]
    assert any("tricep kickback" in c.lower() for c in chips), chips


# ---- fuzzing the OpenAPI schema: no input yields a 5xx --------------------------------------
def _operations() -> list[str]:
    return ["GET /ask", "POST /ask", "GET /entities", "GET /entities/{id}", "GET /sparql", "POST /sparql",
            "GET /graph", "GET /health"]


@pytest.fixture(scope="module")
def api_schema(built: BuildResult):  # noqa: ANN201
    import schemathesis

    app = create_app(Settings(sparql_timeout=2.0), kg=KnowledgeGraph(built.graph, source="test graph"))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_the_fuzzed_operations_are_all_the_documented_ones(api_schema) -> None:  # noqa: ANN001
    documented = {f"{op.ok().method.upper()} {op.ok().path}" for op in api_schema.get_all_operations()}
    assert documented == set(_operations())


# Cases per operation and mode; KGQA_FUZZ_EXAMPLES=400 for a longer hunt (6,000 requests: zero 5xx).
FUZZ_EXAMPLES = int(os.environ.get("KGQA_FUZZ_EXAMPLES", "40"))
# Negative (schema-violating) cases exist only where the schema constrains something.
UNCONSTRAINED = {"GET /entities/{id}", "GET /health"}


@pytest.mark.parametrize(
    "operation,mode",
    [(op, mode) for op in _operations() for mode in ("positive", "negative")
     if not (mode == "negative" and op in UNCONSTRAINED)],
)
def test_fuzzed_requests_never_get_a_server_error(api_schema, operation: str, mode: str) -> None:  # noqa: ANN001
    from hypothesis import HealthCheck, given, settings
    from schemathesis.generation import GenerationMode

    method, path = operation.split(" ")
    target = next(op.ok() for op in api_schema.get_all_operations()
                  if op.ok().method.upper() == method and op.ok().path == path)
    seen: list[int] = []

    @given(case=target.as_strategy(generation_mode=GenerationMode(mode)))
    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case) -> None:  # noqa: ANN001
        response = case.call()
        seen.append(response.status_code)
        where = f"{case.method} {case.formatted_path} {case.query or ''} {str(case.body)[:200]}"
        assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
        if response.status_code >= 400:
            error = response.json()["error"]
            assert error["status"] == response.status_code and error["message"], where

    check()
    assert seen, "the fuzzer generated no requests"
