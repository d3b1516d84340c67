"""Stores (kgqa.stores): the embedded Oxigraph store and its read-only cache, rdflib's memory store, and a real
Oxigraph server as a remote SPARQL endpoint, which every dev question must answer as the embedded store does."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

# The /sparql contract of tests/test_api.py, run again over a graph held in Oxigraph (the `kg` and `client`
# fixtures below): formats, row cap, time limit, refusals, error shapes, escaping. Three tests are Oxigraph's own
# further down: it leaves non-RDF CONSTRUCT triples out itself, its IRI() refuses a tab, its regexes are linear.
from test_api import (  # noqa: F401 - collected here with this module's fixtures
    assert_error,
    listener,
    no_outbound,
    test_construct_with_an_unsplittable_predicate,
    test_construct_with_nul_is_refused_as_xml_only,
    test_dataset_parameters_are_refused,
    test_deep_queries_get_a_400_naming_the_limit,
    test_describe_star_describes_every_variable,
    test_get_with_a_lone_surrogate_is_400,
    test_graph_download,
    test_health,
    test_malformed_sparql_names_the_problem,
    test_remote_access_is_refused_without_connecting,
    test_sparql_ask,
    test_sparql_astral_escape_is_one_character,
    test_sparql_construct_as_turtle_or_json_ld,
    test_sparql_describe,
    test_sparql_errors,
    test_sparql_get_select_json,
    test_sparql_literal_with_a_lone_surrogate_is_400,
    test_sparql_missing_query_and_bad_media,
    test_sparql_post_form_and_direct_body,
    test_sparql_query_size_cap,
    test_sparql_row_cap_is_reported,
    test_sparql_select_formats_by_accept,
    test_sparql_time_limit,
    test_sparql_update_is_refused_and_changes_nothing,
    test_xml_results_never_hold_characters_xml_forbids,
)

import kgqa
import kgqa.build as kb
from kgqa.api import Settings, create_app
from kgqa.build import BuildResult
from kgqa.cli import main
from kgqa.env import check_environment
from kgqa.errors import ConfigurationError, GraphError, StoreError
from kgqa.evaluate import read_questions
from kgqa.graph import store as graph_store
from kgqa.graph.store import load_graph, save, serialize
from kgqa.kg import KnowledgeGraph
from kgqa.stores import describe, resolve
from kgqa.stores import oxigraph as oxistore
from kgqa.stores.endpoint import graph_store_url, with_prefixes
from kgqa.stores.oxigraph import OxigraphGraphStore, load_file
from kgqa.terms import KGO

DEV = read_questions(DATA / "dev.jsonl")
CHOICES = ("oxigraph (embedded, the default)", "memory (rdflib's in-memory store)", "http/https URL")


@pytest.fixture(scope="module")
def built(articles_built: BuildResult) -> BuildResult:
    """The packaged articles' graph (conftest), not the shipped one with free-exercise-db's records: the tests
    of stores and caches need no records, and the mechanisms are the same at a 25th of the size."""
    return articles_built


@pytest.fixture(autouse=True)
def _store_setting_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--store` and `serve --graph` set $KGQA_STORE and $KGQA_GRAPH for the process (and the server workers it
    starts): put them back after each test."""
    _unset_for_now(monkeypatch)


def _unset_for_now(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KGQA_STORE", "KGQA_GRAPH"):
        monkeypatch.setenv(name, "")  # (delenv alone records nothing to undo when the variable is unset)
        monkeypatch.delenv(name)


@pytest.fixture(scope="module")
def graph_file(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save(built.graph, tmp_path_factory.mktemp("stores") / "graph.nt")


@pytest.fixture(scope="module")
def kg(graph_file: Path) -> KnowledgeGraph:
    """The session's graph, read into an in-memory Oxigraph store."""
    return KnowledgeGraph(load_file(graph_file), source="test graph in oxigraph")


@pytest.fixture(scope="module")
def memory_kg(built: BuildResult) -> KnowledgeGraph:
    return KnowledgeGraph(built.graph, source="test graph in memory")


@pytest.fixture(scope="module")
def client(kg: KnowledgeGraph) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(sparql_row_cap=50), kg=kg)) as c:
        yield c


def answers(kg: KnowledgeGraph) -> list[dict]:
    return [kg.ask(row["q"]).to_dict() for row in DEV]


# ---- choosing a store ------------------------------------------------------------------------------------
def test_a_store_is_named_or_is_an_endpoint_url() -> None:
    assert resolve("oxigraph").setting == "oxigraph" and resolve(" MEMORY ").setting == "memory"
    assert resolve("http://127.0.0.1:7878/query").setting == "http://127.0.0.1:7878/query"
    assert resolve(None, {}).setting == "oxigraph" and resolve(None, {"KGQA_STORE": ""}).setting == "oxigraph"
    assert resolve(None, {"KGQA_STORE": "memory"}).setting == "memory"
    assert Settings.from_env({"KGQA_STORE": "https://example.org/sparql"}).store == "https://example.org/sparql"
    assert Settings().store == "oxigraph"


@pytest.mark.parametrize("setting", ["oxigrpah", "ftp://example.org/sparql", "http://", "/srv/graph"])
def test_a_setting_that_names_no_store_lists_the_choices(setting: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        resolve(setting)
    assert f"the store {setting!r} names no store" in caught.value.message
    assert all(choice in caught.value.message for choice in CHOICES)
    with pytest.raises(ConfigurationError, match=f"KGQA_STORE={setting!r} names no store"):
        resolve(None, {"KGQA_STORE": setting})
    with pytest.raises(ConfigurationError, match="names no store"):
        Settings(store=setting)


def test_a_bad_store_stops_the_commands_that_read_it_in_one_line(
    graph_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["ask", "--store", "oxigrpah", "what is a donkey kick?"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "argument --store: the store 'oxigrpah' names no store: choose one of oxigraph" in err
    monkeypatch.setenv("KGQA_STORE", "oxigrpah")
    assert main(["ask", "--graph", str(graph_file), "what is a donkey kick?"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == ["error: KGQA_STORE='oxigrpah' is not oxigraph, memory, or the http(s) URL of a "
                                "SPARQL 1.1 endpoint (e.g. http://127.0.0.1:7878/query) (fix it, or unset it for "
                                "the default, oxigraph)"]
    assert check_environment("build", {"KGQA_STORE": "oxigrpah"})[0].endswith(
        "only kgqa ask and kgqa eval and kgqa serve and kgqa export and kgqa push reads it, and would refuse to start")
    # --store wins over the environment
    assert main(["ask", "--store", "memory", "--graph", str(graph_file), "what is a donkey kick?"]) == 0
    assert "glute kickback" in capsys.readouterr().out


def test_a_graph_file_and_an_endpoint_are_not_both_the_store(graph_file: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"a graph file \(.*graph.nt\) was given with a SPARQL endpoint"):
        kgqa.load(graph_file, store="http://127.0.0.1:9/query")


# ---- the embedded store: the same graph as rdflib's ---------------------------------------------------
@pytest.mark.parametrize("fmt", ["nt", "turtle", "json-ld"])
def test_a_graph_file_read_by_oxigraph_is_the_same_graph(built: BuildResult, tmp_path: Path, fmt: str) -> None:
    path = save(built.graph, tmp_path / f"g.{ {'nt': 'nt', 'turtle': 'ttl', 'json-ld': 'jsonld'}[fmt] }")
    graph = load_file(path)
    assert isinstance(graph.store, OxigraphGraphStore) and describe(graph) == "oxigraph"
    assert len(graph) == len(built.graph) and set(graph) == set(built.graph)
    assert serialize(graph, "nt") == serialize(built.graph, "nt")  # a simple literal stays simple (not ^^xsd:string)
    evidence, quote = next(built.graph.subject_objects(KGO.quote))
    start = built.graph.value(evidence, KGO.startChar)
    assert (evidence, KGO.quote, Literal(str(quote))) in graph and graph.value(evidence, KGO.startChar) == start
    assert isinstance(start.toPython(), int)
    assert (Literal("not a subject"), None, None) not in graph  # a pattern RDF cannot hold matches nothing


def test_a_file_oxigraph_cannot_read_gives_the_error_rdflib_gives(tmp_path: Path) -> None:
    for name, data in (("bad.ttl", "<a> <b> ."), ("bad.nt", "not triples\n")):
        path = tmp_path / name
        path.write_text(data, encoding="utf-8")
        with pytest.raises(GraphError) as by_rdflib:
            load_graph(path)
        with pytest.raises(GraphError) as by_oxigraph:
            load_file(path)
        assert by_oxigraph.value.message == by_rdflib.value.message and name in by_oxigraph.value.message
    with pytest.raises(GraphError, match="no graph file at"):
        load_file(tmp_path / "missing.nt")


SPARQL = [
    "SELECT ?m WHERE { exercise:cable-kickback kgo:variationOf ?m }",
    "SELECT ?e ?label WHERE { ?e a kgo:Exercise ; rdfs:label ?label } ORDER BY ?label",
    "SELECT ?m (COUNT(?e) AS ?n) WHERE { ?e kgo:worksMuscle ?m } GROUP BY ?m ORDER BY DESC(?n) ?m",
    "SELECT ?q ?start WHERE { ?ev kgo:quote ?q ; kgo:startChar ?start } ORDER BY ?start ?q LIMIT 20",
    "SELECT ?x ?y WHERE { BIND(1 AS ?x) }",
    "ASK { exercise:cable-kickback kgo:variationOf exercise:glute-kickback }",
    "CONSTRUCT { ?m kgo:partOf muscle:hamstrings } WHERE { muscle:hamstrings kgo:hasPart ?m }",
]


@pytest.mark.parametrize("query", SPARQL)
def test_kg_sparql_gives_the_same_rows_from_oxigraph_as_from_rdflib(kg: KnowledgeGraph, memory_kg: KnowledgeGraph,
                                                                      query: str) -> None:
    rows, expected = kg.sparql(query), memory_kg.sparql(query)
    assert rows
    if "ORDER BY" in query:
        assert rows == expected
    else:
        assert sorted(rows, key=_row_key) == sorted(expected, key=_row_key)


def _row_key(row: dict) -> str:
    return json.dumps(row, sort_keys=True)


def test_every_dev_question_gets_the_same_answer_in_oxigraph_as_in_memory(kg: KnowledgeGraph,
                                                                          memory_kg: KnowledgeGraph) -> None:
    assert answers(kg) == answers(memory_kg)


# ---- /sparql over Oxigraph: where it differs from rdflib -------------------------------------------------------
@pytest.mark.parametrize("template", [
    'CONSTRUCT { ?s <urn:p> "x" . <urn:ok> <urn:p> "kept" } WHERE { BIND(IRI("a b") AS ?s) }',
    'CONSTRUCT { <urn:s> ?p "x" . <urn:ok> <urn:p> "kept" } WHERE { BIND("a literal" AS ?p) }',
    'CONSTRUCT { ?s <urn:p> "x" . <urn:ok> <urn:p> "kept" } WHERE { BIND("a literal" AS ?s) }',
    'CONSTRUCT { <urn:s> ?p "x" . <urn:ok> <urn:p> "kept" } WHERE { BIND(BNODE() AS ?p) }',
])
def test_oxigraph_leaves_out_construct_triples_that_are_not_rdf(client: TestClient, template: str) -> None:
    """Oxigraph never makes them (so there is no X-Kgqa-Dropped-Triples count): the result is the same graph."""
    response = client.get("/sparql", params={"query": template, "format": "nt"})
    assert response.status_code == 200, response.text
    assert set(Graph().parse(data=response.text, format="nt")) == {(URIRef("urn:ok"), URIRef("urn:p"),
                                                                    Literal("kept"))}


def test_tsv_from_oxigraph_escapes_tabs_and_newlines(client: TestClient) -> None:
    query = ('SELECT ?x ?lang ?n ?iri WHERE { BIND("a\\tb\\nc\\"d\\\\e\\rf" AS ?x) '
             'BIND(STRLANG("tab\\there", "en") AS ?lang) BIND(3 AS ?n) BIND(IRI("urn:a\\tb") AS ?iri) }')
    response = client.get("/sparql", params={"query": query}, headers={"accept": "text/tab-separated-values"})
    assert response.status_code == 200
    lines = response.text.split("\n")
    assert lines[0] == "?x\t?lang\t?n\t?iri" and lines[2:] == [""]
    # Oxigraph's IRI() refuses an IRI holding a tab: unbound, where rdflib made one
    assert lines[1].split("\t") == ['"a\\tb\\nc\\"d\\\\e\\rf"', '"tab\\there"@en',
                                    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>', ""]


def test_oxigraph_queries_past_the_time_limit_are_killed_and_workers_replaced(kg: KnowledgeGraph) -> None:
    with TestClient(create_app(Settings(sparql_timeout=1.0), kg=kg)) as c:
        pool = c.app.state.sparql.pool
        before = pool.pids
        cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        started = time.monotonic()
        error = assert_error(c.get("/sparql", params={"query": cross}), 400, "query_timeout")
        assert time.monotonic() - started < 2.5 and "parsing included" in error["message"]
        assert pool.replaced == 1 and len(pool.pids) == len(before) and set(pool.pids) != set(before)
        # rdflib's catastrophic regex (tests/test_api.py) is linear in Oxigraph: answered, not killed
        regex = f'SELECT * WHERE {{ BIND(REGEX("{"a" * 40}!", "^(a+)+$") AS ?x) }}'
        assert c.get("/sparql", params={"query": regex}).json()["results"]["bindings"][0]["x"]["value"] == "false"
        assert c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


# ---- the default graph's cache: an on-disk Oxigraph store, opened read-only ------------------------------------
@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built: BuildResult) -> list[object]:
    """An empty cache folder, no warning given yet, and `build` standing in with the session's graph."""
    monkeypatch.setenv("KGQA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KGQA_STORE", raising=False)
    monkeypatch.setattr(graph_store, "_WARNED", set())
    calls: list[object] = []

    def session_build(*args: object, **kwargs: object) -> BuildResult:
        calls.append(args)
        return built

    monkeypatch.setattr(kb, "build", session_build)
    return calls


def _cache_files(tmp_path: Path) -> tuple[Path, Path]:
    [nt] = (tmp_path / "cache").glob("graph-*.nt")
    return nt, nt.with_suffix(".oxigraph")


def test_the_default_graph_opens_read_only_from_its_oxigraph_store(
    fresh_cache: list[object], tmp_path: Path, built: BuildResult, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = kgqa.load()
    assert len(fresh_cache) == 1 and first.store == "oxigraph" and first.graph.store.read_only
    nt, folder = _cache_files(tmp_path)
    source = json.loads((folder / "kgqa-source.json").read_text(encoding="utf-8"))
    assert folder.is_dir() and source["file"]["size"] == nt.stat().st_size

    def unread(path: Path) -> bytes:
        raise AssertionError(f"{path} was read: the store should open without it")

    monkeypatch.setattr(oxistore, "read_cache", unread)
    second = kgqa.load()
    assert len(fresh_cache) == 1 and serialize(second.graph, "nt") == serialize(built.graph, "nt")
    with pytest.raises(GraphError, match="read-only Oxigraph store"):
        second.graph.add((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")))
    assert capsys.readouterr().err == ""


def test_a_touched_cache_file_keeps_its_store_and_a_changed_one_is_rebuilt(
    fresh_cache: list[object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    kgqa.load()
    nt, folder = _cache_files(tmp_path)
    made: list[Path] = []
    real_make = oxistore._make

    def counting_make(target: Path, body: bytes, source: dict) -> None:
        made.append(target)
        real_make(target, body, source)

    monkeypatch.setattr(oxistore, "_make", counting_make)
    os.utime(nt, ns=(nt.stat().st_atime_ns, nt.stat().st_mtime_ns + 10**9))  # touched: hashed again, unchanged
    assert kgqa.load().store == "oxigraph" and made == [] and len(fresh_cache) == 1
    nt.write_bytes(nt.read_bytes().replace(b"gluteus", b"glutaeus", 1))  # altered: the graph is built again...
    assert kgqa.load().store == "oxigraph" and len(fresh_cache) == 2
    assert "is damaged (truncated or altered): rebuilding it" in capsys.readouterr().err
    assert made == []  # ... and the repaired file is the one the store was loaded from: the store stands
    smaller = Graph()
    smaller.add((URIRef("urn:kgqa:test:a"), URIRef("urn:kgqa:test:b"), Literal("c")))
    graph_store.write_cache(smaller, nt)  # an intact file of another graph: the store is loaded from it again
    kg = kgqa.load()
    assert made == [folder] and kg.store == "oxigraph" and set(kg.graph) == set(smaller)
    assert capsys.readouterr().err == "" and len(fresh_cache) == 2


def test_a_store_that_cannot_be_opened_is_loaded_again_from_the_cache_file(
    fresh_cache: list[object], tmp_path: Path, built: BuildResult,
) -> None:
    kgqa.load()
    nt, folder = _cache_files(tmp_path)
    for part in folder.iterdir():  # damaged: every database file gone, the note of its source left
        if part.name != "kgqa-source.json":
            part.unlink()
    kg = kgqa.load()
    assert kg.store == "oxigraph" and len(fresh_cache) == 1  # the graph was not built again
    assert serialize(kg.graph, "nt") == serialize(built.graph, "nt")


def test_where_no_store_can_be_made_the_graph_is_answered_from_memory(
    fresh_cache: list[object], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    def no_room(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(oxistore, "_make", no_room)
    first, second = kgqa.load(), kgqa.load()
    assert first.store == second.store == "memory" and first.ask("what muscles do cable kickbacks work?").answered
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "cannot make the Oxigraph store" in err[0] and "No space left on device" in err[0]


def test_the_memory_store_is_a_setting(fresh_cache: list[object], graph_file: Path) -> None:
    assert kgqa.load(store="memory").store == "memory" and kgqa.load(graph_file, store="memory").store == "memory"
    assert kgqa.load(graph_file).store == "oxigraph"


# ---- a real Oxigraph server as the store -----------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _oxigraph_command() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the `oxigraph` server command is missing: pip install -e '.[dev]' installs it (PyPI oxigraph)")
    return found


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`oxigraph serve` on a free port with an empty store; its SPARQL endpoint's URL."""
    folder = tmp_path_factory.mktemp("oxigraph-server")
    port = _free_port()
    log = (folder / "server.log").open("w")
    proc = subprocess.Popen([_oxigraph_command(), "serve", "--location", str(folder / "data"),
                             "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1) as answer:
                if answer.status == 200:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"oxigraph serve did not start: {(folder / 'server.log').read_text()}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def pushed(oxigraph_server: str, graph_file: Path) -> str:
    """The server holding the session's graph, put there by `kgqa push`."""
    with pytest.MonkeyPatch.context() as mp:
        _unset_for_now(mp)
        assert main(["push", "--store", oxigraph_server, "--graph", str(graph_file)]) == 0
    return oxigraph_server


@pytest.fixture(scope="module")
def remote_kg(pushed: str) -> KnowledgeGraph:
    return kgqa.load(store=pushed)


def test_push_puts_the_graph_at_the_server(oxigraph_server: str, graph_file: Path, built: BuildResult,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["push", "--store", oxigraph_server, "--graph", str(graph_file)]) == 0  # PUT: replaces, not adds
    port = oxigraph_server.split(":")[2].split("/")[0]
    assert capsys.readouterr().out == (
        f"pushed {len(built.graph):,} triples to http://127.0.0.1:{port}/store?default (Graph Store Protocol PUT); "
        f"the endpoint now counts {len(built.graph):,} in its default graph\n")


def test_every_dev_question_gets_the_same_answers_from_the_oxigraph_server(remote_kg: KnowledgeGraph,
                                                                           kg: KnowledgeGraph, pushed: str) -> None:
    assert remote_kg.store == pushed and len(remote_kg.graph) == len(kg.graph)
    remote, embedded = answers(remote_kg), answers(kg)
    for row, there, here in zip(DEV, remote, embedded, strict=True):
        assert (there["text"], [a["label"] for a in there["answers"]]) == \
            (here["text"], [a["label"] for a in here["answers"]]), row["q"]
    assert remote == embedded  # and everything else in the answer contract


def test_the_plans_sparql_runs_at_the_server_with_the_same_results(remote_kg: KnowledgeGraph,
                                                                   kg: KnowledgeGraph) -> None:
    queries = sorted({a.sparql for a in (kg.ask(row["q"]) for row in DEV) if a.sparql})
    assert len(queries) >= 10
    for query in queries:
        there, here = remote_kg.sparql(query), kg.sparql(query)
        assert sorted(there, key=_row_key) == sorted(here, key=_row_key), query


def test_sparql_is_sent_to_the_server_with_the_same_checks(pushed: str, kg: KnowledgeGraph,
                                                           listener: str,  # noqa: F811 - test_api's fixture
                                                           no_outbound: list[object]) -> None:  # noqa: F811
    with TestClient(create_app(Settings(store=pushed, sparql_row_cap=50))) as c:
        assert c.get("/health").json()["store"] == pushed
        select = "SELECT ?e WHERE { ?e a <https://w3id.org/kgqa/ontology#Exercise> } ORDER BY ?e"
        with TestClient(create_app(Settings(), kg=kg)) as local:
            assert c.get("/sparql", params={"query": select}).json() == \
                local.get("/sparql", params={"query": select}).json()
        everything = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert everything.headers["x-kgqa-row-cap"] == "50; truncated"
        assert len(everything.json()["results"]["bindings"]) == 50
        no_outbound.clear()  # from here on, a refused query must reach neither the listener nor the store
        for query, code in ((f"SELECT * WHERE {{ SERVICE <{listener}> {{ ?s ?p ?o }} }}", "query_refused"),
                            ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "update_refused")):
            assert_error(c.get("/sparql", params={"query": query}), 403, code)
        assert no_outbound == []
        error = assert_error(c.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a foo:Bar }"}), 400, "bad_query")
        assert "foo" in error["message"]


def test_kgqa_ask_answers_from_the_server(pushed: str, kg: KnowledgeGraph, capsys: pytest.CaptureFixture[str]) -> None:
    question = "what muscles do cable kickbacks work?"
    assert main(["ask", "--json", "--store", pushed, question]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(kg.ask(question).to_dict()))


def test_an_endpoint_that_cannot_be_reached_is_one_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{_free_port()}/query"
    with pytest.raises(StoreError) as caught:
        kgqa.load(store=url)
    assert caught.value.message.startswith(f"cannot reach the SPARQL endpoint {url}: ")
    assert "KGQA_STORE=oxigraph" in (caught.value.hint or "")
    assert main(["ask", "--store", url, "what is a donkey kick?"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot reach the SPARQL endpoint {url}") and "Traceback" not in err


class _ShortEndpoint(http.server.BaseHTTPRequestHandler):
    """Counts 10 triples and sends 1: an endpoint with a result cap."""

    def do_POST(self) -> None:  # noqa: N802
        query = self.rfile.read(int(self.headers["Content-Length"])).decode()
        if "COUNT" in query:
            body, media = b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"10",' \
                b'"datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}', "application/sparql-results+json"
        else:
            body, media = b"<urn:a> <urn:b> <urn:c> .\n", "application/n-triples"
        self.send_response(200)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_serve_refuses_a_graph_file_with_an_endpoint_as_the_store(graph_file: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", str(_free_port()), "--graph", str(graph_file),
                 "--store", "http://127.0.0.1:9/query"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: a graph file (") and "kgqa push --graph" in err


class _LockedEndpoint(http.server.BaseHTTPRequestHandler):
    """Answers ASK with true, to a client that answers its Basic challenge as user `reader`, password `p w`."""

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Authorization") != "Basic cmVhZGVyOnAgdw==":  # reader:p w
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="kgqa"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'{"head": {}, "boolean": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_credentials_in_the_url_answer_the_endpoints_challenge_and_are_never_shown() -> None:
    from kgqa.stores.endpoint import Endpoint

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _LockedEndpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        assert Endpoint(f"http://reader:p%20w@127.0.0.1:{port}/sparql").result("ASK {}").askAnswer is True
        with pytest.raises(StoreError, match="answered 401") as caught:
            Endpoint(f"http://reader:wrong@127.0.0.1:{port}/sparql").result("ASK {}")
        assert "wrong" not in caught.value.message and f"http://127.0.0.1:{port}/sparql" in caught.value.message
    finally:
        server.shutdown()


def test_an_endpoint_that_cuts_results_short_is_an_error_not_a_smaller_graph() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ShortEndpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        with pytest.raises(StoreError, match="sent 1 of its 10 triples: it cuts results short") as caught:
            kgqa.load(store=url)
        assert "ResultSetMaxRows" in (caught.value.hint or "")
    finally:
        server.shutdown()


@pytest.mark.parametrize("endpoint,store", [
    ("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/store"),
    ("http://h:3030/kgqa/sparql", "http://h:3030/kgqa/data"),
    ("http://h:3030/kgqa/query", "http://h:3030/kgqa/data"),
    ("http://h:7200/repositories/kgqa", "http://h:7200/repositories/kgqa/rdf-graphs/service"),
])
def test_the_graph_store_url_follows_each_servers_convention(endpoint: str, store: str) -> None:
    assert graph_store_url(endpoint) == store


def test_an_unknown_graph_store_url_asks_for_gsp() -> None:
    with pytest.raises(StoreError, match="cannot tell the Graph Store Protocol URL") as caught:
        graph_store_url("http://user:secret@h:8890/sparql")
    assert "--gsp" in (caught.value.hint or "") and "secret" not in caught.value.message


def test_prefixes_are_declared_for_the_endpoint_only_where_used() -> None:
    query = with_prefixes("PREFIX kgo: <urn:mine#> SELECT ?m WHERE { exercise:x kgo:p ?m }",
                          {"kgo": "https://w3id.org/kgqa/ontology#", "exercise": "https://w3id.org/kgqa/id/exercise/",
                           "muscle": "https://w3id.org/kgqa/id/muscle/"})
    assert query.splitlines()[0] == "PREFIX exercise: <https://w3id.org/kgqa/id/exercise/>"
    assert "muscle:" not in query and query.count("PREFIX kgo:") == 1
