"""Exploration (issue 5): entity look-up, search, SPARQL, the networkx view, neighbourhoods, drawings,
rich display, every export format round-tripping, `kgqa export`, and the notebook run end to end."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from conftest import ROOT
from rdflib import RDF, Graph, URIRef

from kgqa.build import BuildResult
from kgqa.cli import main
from kgqa.draw import COLOURS
from kgqa.entity import SHOWN, Entity, Neighbour
from kgqa.errors import GraphError, NotFoundError, QueryError
from kgqa.explore import TYPES, export, to_networkx
from kgqa.graph.store import save
from kgqa.graph.view import LIST_SEPARATOR, entity_view
from kgqa.kg import KnowledgeGraph
from kgqa.qa.answer import Answer, Item, Quote
from kgqa.terms import KGO

ID = "https://w3id.org/kgqa/id/"
GLUTE_KICKBACK = ID + "exercise/glute-kickback"
CABLE_KICKBACK = ID + "exercise/cable-kickback"
GLUTEUS_MAXIMUS = ID + "muscle/gluteus-maximus"
HAMSTRINGS = ID + "muscle/hamstrings"
BICEPS_FEMORIS = ID + "muscle/biceps-femoris"
ROLES = {"primary", "synergist", "stabilizer"}
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


@pytest.fixture(scope="module")
def built(articles_built: BuildResult) -> BuildResult:
    """The packaged articles' graph (conftest), not the shipped one with free-exercise-db's records: the tests
    of exploring need no records, and the mechanisms are the same at a 25th of the size."""
    return articles_built


@pytest.fixture(scope="module")
def kg(built: BuildResult) -> KnowledgeGraph:
    return KnowledgeGraph(built.graph)


@pytest.fixture(scope="module")
def graph_file(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save(built.graph, tmp_path_factory.mktemp("explore") / "g.nt")


# ---- entity ---------------------------------------------------------------------------------
def test_donkey_kick_is_the_glute_kickback_with_its_synonyms(kg: KnowledgeGraph) -> None:
    kick = kg.entity("donkey kick")
    assert (kick.iri, kick.label, kick.type) == (GLUTE_KICKBACK, "glute kickback", "Exercise")
    assert {"donkey kick", "back kick", "leg kickback"} <= set(kick.synonyms)
    assert kick.label not in kick.synonyms
    assert "leg-kickbacks-guide" in kick.sources and len(kick.sources) >= 3
    assert kick.titles["leg-kickbacks-guide"].startswith("Leg Kickbacks")
    assert any("donkey kick" in d for d in kick.descriptions)
    variations = {n.label for n in kick.related("variationOf", "in")}
    assert {"cable kickback", "banded kickback"} <= variations


@pytest.mark.parametrize("name", ["Donkey Kicks", "DONKEY KICK", "glute kickbacks", GLUTE_KICKBACK,
                                  "exercise/glute-kickback", "exercise:glute-kickback", "glute-kickback"])
def test_entity_lookup_tolerates_case_plural_ids_and_iris(kg: KnowledgeGraph, name: str) -> None:
    assert kg.entity(name).iri == GLUTE_KICKBACK


def test_muscles_carry_uberon_and_fma_links(kg: KnowledgeGraph) -> None:
    muscle = kg.entity("glute max")
    assert (muscle.iri, muscle.type) == (GLUTEUS_MAXIMUS, "Muscle")
    assert "http://purl.obolibrary.org/obo/UBERON_0001370" in muscle.links
    assert "http://purl.org/sig/ont/fma/fma22314" in muscle.links
    hamstrings = kg.entity("hamstring")
    assert "http://purl.obolibrary.org/obo/UBERON_0002463" in hamstrings.links
    assert {n.label for n in hamstrings.related("hasPart")} == {"biceps femoris", "semitendinosus", "semimembranosus"}


def test_entity_neighbours_have_roles_and_sources(kg: KnowledgeGraph) -> None:
    kick = kg.entity("glute kickback")
    works = kick.related("worksMuscle")
    primary = [n for n in works if n.iri == GLUTEUS_MAXIMUS]
    assert [n.role for n in primary] == ["primary"]
    assert "leg-kickbacks-guide" in primary[0].sources and len(primary[0].sources) >= 2
    # the articles disagree on the erector spinae: both roles stay, each with its own sources
    erector = {n.role: n.sources for n in works if n.label == "erector spinae"}
    assert set(erector) == {"synergist", "stabilizer"} and all(erector.values())
    assert {n.role for n in works} <= ROLES
    assert "cable machine" in {n.label for n in kick.related("usesEquipment")}
    muscle = kg.entity("gluteus maximus")
    assert GLUTE_KICKBACK in {n.iri for n in muscle.related("worksMuscle", "in")}


def test_unknown_entity_lists_the_closest_names(kg: KnowledgeGraph) -> None:
    with pytest.raises(NotFoundError) as info:
        kg.entity("donky kik")
    assert "donky kik" in info.value.message and "Closest:" in info.value.message
    assert "glute kickback" in info.value.message
    assert info.value.status == 404
    with pytest.raises(NotFoundError, match="no entity name given"):
        kg.entity("  ")


def test_ontology_classes_and_evidence_are_not_entities(kg: KnowledgeGraph) -> None:
    with pytest.raises(NotFoundError):
        kg.entity(str(KGO.Exercise))
    evidence = next(iter(kg.graph.subjects(RDF.type, KGO.Evidence)))
    with pytest.raises(NotFoundError):
        kg.entity(str(evidence))


# ---- search -----------------------------------------------------------------------------------
def test_search_ranks_exact_prefix_and_fuzzy_matches(kg: KnowledgeGraph) -> None:
    hits = kg.search("glute", type="muscle")
    assert hits[0]["label"] == "glutes" and hits[0]["score"] == 100
    assert {"gluteus maximus", "gluteus medius", "gluteus minimus"} <= {h["label"] for h in hits}
    assert all(h["type"] == "Muscle" and h["iri"].startswith(ID + "muscle/") for h in hits)
    typo = kg.search("hamstrng")
    assert typo[0]["iri"] == HAMSTRINGS and 0 < typo[0]["score"] < 80
    synonym = kg.search("donkey kick", limit=1)
    assert synonym == [{"iri": GLUTE_KICKBACK, "label": "glute kickback", "type": "Exercise",
                        "matched": "donkey kick", "score": 100.0}]


def test_search_by_type_lists_every_entity_of_it(kg: KnowledgeGraph) -> None:
    muscles = kg.search("", type="Muscle", limit=0)
    assert len(muscles) == len(set(kg.graph.subjects(RDF.type, KGO.Muscle)))
    exercises = {h["label"] for h in kg.search("", type="exercises", limit=0)}
    assert {"glute kickback", "cable kickback"} <= exercises  # variations are exercises too
    assert len(kg.search("", limit=3)) == 3
    with pytest.raises(QueryError, match="unknown entity type 'muscel'"):
        kg.search("glute", type="muscel")


# ---- SPARQL -----------------------------------------------------------------------------------
def test_sparql_select_gives_plain_python_values(kg: KnowledgeGraph) -> None:
    rows = kg.sparql("""
        SELECT ?label ?start WHERE {
          ?inv kgo:muscle muscle:gluteus-maximus ; kgo:role kgo:PrimaryMover ; kgo:evidence ?e .
          exercise:glute-kickback kgo:involves ?inv .
          muscle:gluteus-maximus rdfs:label ?label . ?e kgo:startChar ?start .
        } ORDER BY ?start""")
    assert rows and all(set(r) == {"label", "start"} for r in rows)
    assert {r["label"] for r in rows} == {"gluteus maximus"}
    assert all(type(r["start"]) is int for r in rows)
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)
    iris = kg.sparql("SELECT ?m WHERE { exercise:cable-kickback kgo:variationOf ?m }")
    assert iris == [{"m": GLUTE_KICKBACK}]
    unbound = kg.sparql("SELECT ?x ?y WHERE { BIND(1 AS ?x) }")
    assert unbound == [{"x": 1, "y": None}]


def test_sparql_ask_and_construct(kg: KnowledgeGraph) -> None:
    assert kg.sparql("ASK { exercise:cable-kickback kgo:variationOf exercise:glute-kickback }") == [{"boolean": True}]
    assert kg.sparql("ASK { exercise:glute-kickback kgo:variationOf exercise:cable-kickback }") == [{"boolean": False}]
    triples = kg.sparql("CONSTRUCT { ?m kgo:partOf muscle:hamstrings } WHERE { muscle:hamstrings kgo:hasPart ?m }")
    assert {t["subject"] for t in triples} == {BICEPS_FEMORIS, ID + "muscle/semitendinosus",
                                               ID + "muscle/semimembranosus"}


def test_sparql_refuses_updates_and_reports_bad_queries(graph_copy: Graph) -> None:
    kg = KnowledgeGraph(graph_copy)
    before = len(graph_copy)
    with pytest.raises(QueryError, match="updates .* are not allowed"):
        kg.sparql("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(QueryError, match="updates"):
        kg.sparql("PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }")
    assert len(graph_copy) == before
    with pytest.raises(QueryError, match="malformed SPARQL"):
        kg.sparql("SELEC ?x WHERE { ?x ?p ?o }")
    with pytest.raises(QueryError, match="empty"):
        kg.sparql("   ")


# ---- networkx -----------------------------------------------------------------------------------
def test_to_networkx_nodes_are_labelled_and_typed(kg: KnowledgeGraph) -> None:
    G = kg.to_networkx()
    assert isinstance(G, nx.MultiDiGraph)
    assert G.nodes[GLUTE_KICKBACK]["label"] == "glute kickback" and G.nodes[GLUTE_KICKBACK]["type"] == "Exercise"
    assert G.nodes[CABLE_KICKBACK]["type"] == "Variation"
    assert G.nodes[GLUTEUS_MAXIMUS]["type"] == "Muscle"
    assert "http://purl.obolibrary.org/obo/UBERON_0001370" in G.nodes[GLUTEUS_MAXIMUS]["links"]
    assert all({"label", "type", "synonyms", "links", "sources"} <= set(d) for _, d in G.nodes(data=True))
    # provenance and reification nodes are not entities: they become edge attributes
    internal = {*kg.graph.subjects(RDF.type, KGO.Evidence), *kg.graph.subjects(RDF.type, KGO.MuscleInvolvement),
                *kg.graph.subjects(RDF.type, RDF.Statement), *kg.graph.subjects(RDF.type, KGO.Document)}
    assert not {str(n) for n in internal} & set(G)
    assert set(G) == {str(s) for t in TYPES for s in kg.graph.subjects(RDF.type, KGO[t])}


def test_to_networkx_edges_carry_predicate_role_and_sources(kg: KnowledgeGraph) -> None:
    G = kg.to_networkx()
    primary = G.get_edge_data(GLUTE_KICKBACK, GLUTEUS_MAXIMUS)
    assert set(primary) == {"worksMuscle:primary"}
    edge = primary["worksMuscle:primary"]
    assert edge["predicate"] == "worksMuscle" and edge["role"] == "primary"
    assert "leg-kickbacks-guide" in edge["sources"] and edge["sources"] == sorted(set(edge["sources"]))
    variation = G.get_edge_data(CABLE_KICKBACK, GLUTE_KICKBACK)["variationOf"]
    assert variation["role"] is None and variation["sources"]
    part = G.get_edge_data(HAMSTRINGS, BICEPS_FEMORIS)["hasPart"]
    assert part["sources"] == []  # from the curated vocabulary, not an article
    assert "usesEquipment" in G.get_edge_data(CABLE_KICKBACK, ID + "equipment/cable-machine")
    works = [d for _, _, d in G.edges(data=True) if d["predicate"] == "worksMuscle"]
    assert works and len(works) == len(set(kg.graph.subjects(RDF.type, KGO.MuscleInvolvement)))
    assert all(d["role"] in ROLES and d["sources"] for d in works)
    others = [d for _, _, d in G.edges(data=True) if d["predicate"] != "worksMuscle"]
    assert others and all(d["role"] is None for d in others)


def test_to_networkx_returns_a_copy_and_the_view_is_cached(graph_copy: Graph) -> None:
    first = to_networkx(graph_copy)
    first.remove_node(GLUTE_KICKBACK)
    assert GLUTE_KICKBACK in to_networkx(graph_copy)
    assert entity_view(graph_copy) is entity_view(graph_copy)  # (how fast a cached search is: scripts/bench_qa.py)
    # a changed graph is seen at once
    graph_copy.add((URIRef(ID + "muscle/new-muscle"), RDF.type, KGO.Muscle))
    assert ID + "muscle/new-muscle" in to_networkx(graph_copy)


def test_the_path_from_cable_kickback_to_biceps_femoris(kg: KnowledgeGraph) -> None:
    G = kg.to_networkx()
    assert nx.shortest_path(G, CABLE_KICKBACK, BICEPS_FEMORIS)[1] == GLUTE_KICKBACK
    paths = {tuple(p) for p in nx.all_simple_paths(G, CABLE_KICKBACK, BICEPS_FEMORIS, cutoff=3)}
    assert (CABLE_KICKBACK, GLUTE_KICKBACK, HAMSTRINGS, BICEPS_FEMORIS) in paths


# ---- neighbourhood and drawing ------------------------------------------------------------------
def test_neighbourhood_is_the_entities_within_depth(kg: KnowledgeGraph) -> None:
    sub = kg.neighbourhood("biceps femoris")
    assert {BICEPS_FEMORIS, HAMSTRINGS, GLUTE_KICKBACK} <= set(sub)
    G = kg.to_networkx()
    assert set(sub) == {BICEPS_FEMORIS, *G.successors(BICEPS_FEMORIS), *G.predecessors(BICEPS_FEMORIS)}
    assert sub.graph["center"] == BICEPS_FEMORIS
    assert sub.get_edge_data(HAMSTRINGS, BICEPS_FEMORIS)["hasPart"]["predicate"] == "hasPart"
    assert set(kg.neighbourhood("biceps femoris", depth=0)) == {BICEPS_FEMORIS}
    wider = kg.neighbourhood("biceps femoris", depth=2)
    assert set(sub) < set(wider) and CABLE_KICKBACK in wider
    with pytest.raises(QueryError, match="depth"):
        kg.neighbourhood("biceps femoris", depth=-1)
    with pytest.raises(NotFoundError):
        kg.neighbourhood("squat")


def test_draw_is_interactive_offline_html(kg: KnowledgeGraph, tmp_path: Path) -> None:
    pytest.importorskip("pyvis")
    view = kg.draw("hamstrings")
    assert view.interactive and set(view.graph) == set(kg.neighbourhood("hamstrings"))
    page = view.to_html()
    assert "new vis.Network" in page and "biceps femoris" in page and "works muscle (synergist)" in page
    for attribute in ('src="http', "src='http", 'href="http', "href='http"):
        assert attribute not in page  # everything inline: no CDN
    shown = view._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and "&lt;script" in shown
    saved = view.save(tmp_path / "hamstrings.html")
    assert saved.read_text(encoding="utf-8") == page
    assert repr(view) == f"<GraphView hamstrings: {view.graph.number_of_nodes()} nodes, " \
                         f"{view.graph.number_of_edges()} edges>"


def test_draw_has_a_static_svg_and_falls_back_to_it_without_pyvis(
    kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = kg.draw("hamstrings")
    svg = view.static()._repr_svg_()
    root = ET.fromstring(svg)
    circles = root.findall("{http://www.w3.org/2000/svg}circle")
    legend = {n["type"] for n in view.graph.nodes.values()} & set(COLOURS)
    assert len(circles) == view.graph.number_of_nodes() + len(legend)
    assert "biceps femoris" in svg
    monkeypatch.setitem(sys.modules, "pyvis", None)  # import pyvis now raises ImportError
    assert not view.interactive
    assert view._repr_html_() == view.svg()
    assert "<svg" in view.to_html() and "vis.Network" not in view.to_html()


# ---- rich display ---------------------------------------------------------------------------------
def test_entity_reprs_show_names_links_and_neighbours(kg: KnowledgeGraph) -> None:
    muscle = kg.entity("hamstrings")
    page = muscle._repr_html_()
    assert "<b>hamstrings</b>" in page and "<i>Muscle</i>" in page
    assert "<a href='http://purl.obolibrary.org/obo/UBERON_0002463'>UBERON_0002463</a>" in page
    assert "<td>→ hasPart</td><td>biceps femoris</td>" in page
    assert "<td>← worksMuscle</td><td>glute kickback</td><td>synergist</td>" in page
    text = muscle._repr_markdown_()
    assert text.startswith("**hamstrings** *Muscle*")
    assert "[UBERON_0002463](<http://purl.obolibrary.org/obo/UBERON_0002463>)" in text
    assert "| ← worksMuscle | glute kickback | synergist |" in text


def test_entity_reprs_show_a_few_neighbours_per_relation_and_count_the_rest() -> None:
    """A muscle hundreds of dataset exercises work: SHOWN rows of a relation, then how many more."""
    many = [Neighbour("worksMuscle", "in", f"urn:x{i:03}", f"exercise {i:03}", "Exercise", "primary", ("d",))
            for i in range(SHOWN + 7)]
    muscle = Entity(iri="urn:m", label="hamstrings", type="Muscle", neighbours=many)
    page, text = muscle._repr_html_(), muscle._repr_markdown_()
    assert f"exercise {SHOWN - 1:03}" in page and f"exercise {SHOWN:03}" not in page
    assert "<i>and 7 more</i>" in page and "*and 7 more*" in text
    assert len(muscle.neighbours) == SHOWN + 7  # the entity keeps them all


def test_entity_reprs_escape_html() -> None:
    nasty = Entity(iri="urn:x", label="<script>alert(1)</script>", type="Muscle", synonyms=["a|b"],
                   links=["javascript:alert(1)"], descriptions=["<img src=x onerror=alert(1)>"],
                   neighbours=[Neighbour("hasPart", "out", "urn:y", "<b>y</b>", "Muscle", None, ("<doc>",))],
                   sources=["<doc>"], titles={"<doc>": "<i>title</i>"})
    for shown in (nasty._repr_html_(), nasty._repr_markdown_()):
        assert "<script>" not in shown and "<img" not in shown and "<b>y</b>" not in shown
        assert "<i>title</i>" not in shown and "javascript:" not in shown
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "a\\|b" in nasty._repr_markdown_()


def test_answer_reprs_show_items_roles_sources_and_quotes(kg: KnowledgeGraph) -> None:
    answer = kg.ask("what muscles do cable kickbacks work?")
    page = answer._repr_html_()
    maximus = next(i for i in answer.answers if i.label == "gluteus maximus")
    assert f"<tr><td>gluteus maximus</td><td>primary</td><td>{maximus.sources}</td></tr>" in page
    assert "<summary>sources</summary>" in page
    assert answer.evidence[0].title and answer.evidence[0].title in page
    text = answer._repr_markdown_()
    assert text.startswith("**what muscles do cable kickbacks work?**")
    assert f"| gluteus maximus | primary | {maximus.sources} |" in text
    assert f"> {answer.evidence[0].quote}" in text


def test_answer_reprs_escape_html() -> None:
    answer = Answer(question="<script>alert(1)</script>?", answered=True, intent="muscles", text="a <b>bold</b> claim",
                    answers=[Item(label="x|<i>y</i>", iri="urn:x", role="primary", sources=2)],
                    evidence=[Quote(document="d", quote="<img src=x onerror=alert(1)>", title="<t>")])
    for shown in (answer._repr_html_(), answer._repr_markdown_()):
        assert "<script>" not in shown and "<b>bold</b>" not in shown and "<img" not in shown
        assert "<i>y</i>" not in shown and "<t>" not in shown
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "| x\\|&lt;i&gt;y&lt;/i&gt; | primary | 2 |" in answer._repr_markdown_()


# ---- export ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "nt"])
def test_rdf_exports_round_trip(kg: KnowledgeGraph, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"g.{fmt}"
    assert export(kg.graph, fmt, out) == out
    back = Graph().parse(str(out), format=fmt)
    assert len(back) == len(kg.graph)
    assert set(back) == set(kg.graph)


def test_turtle_export_uses_kgqa_prefixes(kg: KnowledgeGraph, tmp_path: Path) -> None:
    text = export(kg.graph, "ttl", tmp_path / "g.ttl").read_text(encoding="utf-8")  # type: ignore[union-attr]
    assert "@prefix kgo: <https://w3id.org/kgqa/ontology#> ." in text
    assert "exercise:cable-kickback" in text


def test_graphml_export_loads_in_networkx(kg: KnowledgeGraph, tmp_path: Path) -> None:
    out = export(kg.graph, "graphml", tmp_path / "g.graphml")
    back = nx.read_graphml(out)
    G = kg.to_networkx()
    assert isinstance(back, nx.MultiDiGraph)
    assert back.number_of_nodes() == G.number_of_nodes() and back.number_of_edges() == G.number_of_edges()
    edge = back.get_edge_data(GLUTE_KICKBACK, GLUTEUS_MAXIMUS)["worksMuscle:primary"]
    assert edge["predicate"] == "worksMuscle" and edge["role"] == "primary"
    assert edge["sources"].split(LIST_SEPARATOR) == G.get_edge_data(GLUTE_KICKBACK, GLUTEUS_MAXIMUS)[
        "worksMuscle:primary"]["sources"]
    assert back.nodes[GLUTEUS_MAXIMUS]["label"] == "gluteus maximus"
    assert "http://purl.obolibrary.org/obo/UBERON_0001370" in back.nodes[GLUTEUS_MAXIMUS]["links"].split("|")
    assert "role" not in back.get_edge_data(HAMSTRINGS, BICEPS_FEMORIS)["hasPart"]  # None is left out
    flat = to_networkx(kg.graph, flat=True)
    assert all(isinstance(v, str | int) for _, d in flat.nodes(data=True) for v in d.values())


def test_unknown_export_format_names_the_choices(kg: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="unknown export format 'rdfa'; choose one of: turtle, json-ld, nt, graphml"):
        export(kg.graph, "rdfa", tmp_path / "g")
    assert not (tmp_path / "g").exists()


def test_cli_export_writes_each_format(graph_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    for fmt in ("turtle", "json-ld", "nt", "graphml"):
        out = tmp_path / f"out.{fmt}"
        assert main(["export", "--graph", str(graph_file), "--format", fmt, "--out", str(out)]) == 0
        assert f"wrote {out}" in capsys.readouterr().err
        assert out.stat().st_mode & 0o777 == 0o644  # regression: written through mkstemp, files were 0600
        if fmt == "graphml":
            assert nx.read_graphml(out).number_of_nodes() > 100
        else:
            assert len(Graph().parse(str(out), format=fmt)) == len(Graph().parse(str(graph_file), format="nt"))


def test_cli_export_to_stdout(graph_file: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["export", "--graph", str(graph_file), "--format", "nt"]) == 0
    captured = capsys.readouterr()
    assert len(Graph().parse(data=captured.out, format="nt")) == len(Graph().parse(str(graph_file), format="nt"))
    assert captured.err == ""


# ---- the notebook ---------------------------------------------------------------------------------
def test_committed_notebook_has_outputs_and_no_errors() -> None:
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code), "commit the notebook executed"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert len(NOTEBOOK.read_bytes()) < 200_000  # outputs kept small


def test_notebook_runs_top_to_bottom(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "shortest: cable kickback --variationOf" in text
    assert "hamstrings --hasPart [vocabulary]--> biceps femoris" in text
    assert any("image/svg+xml" in o.get("data", {}) for o in outputs)
    assert list(tmp_path.iterdir()) == []  # the tour leaves no files behind
