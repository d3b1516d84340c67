"""Source readers (kgqa.readers): exercise records read field by field next to the articles, each fact quoting
its record's field, and joined to the exercises the articles describe (kgqa.extract.identity.across_sources).

The records here are our own, written for these tests: none is from the packaged dataset."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, copy_articles
from rdflib import DCTERMS, RDF, RDFS, SKOS, Graph, Literal, URIRef

import kgqa.readers as readers
from kgqa.build import build
from kgqa.lexicon import Lexicon
from kgqa.terms import ID, KGO, VOCAB

EXERCISE = "https://w3id.org/kgqa/id/exercise/"
RECORDS = [
    {"id": "Test_Single_Leg_Cable_Kickback", "name": "Single-Leg Cable Kickback", "force": "push",
     "level": "beginner", "mechanic": "isolation", "equipment": "cable", "primaryMuscles": ["glutes"],
     "secondaryMuscles": ["hamstrings"], "category": "strength",
     "instructions": ["Clip the strap to your ankle and face the stack.", "Drive the heel back and squeeze."]},
    {"id": "Test_Barbell_Glute_Bridge", "name": "Barbell Glute Bridge", "force": "push", "level": "intermediate",
     "mechanic": "compound", "equipment": "barbell", "primaryMuscles": ["glutes"], "secondaryMuscles": [],
     "category": "powerlifting", "instructions": ["Roll the bar over your hips.", "Press the hips up."]},
    {"id": "Test_Towel_Neck_Hold", "name": "Towel Neck Hold", "force": "static", "level": "beginner",
     "mechanic": None, "equipment": "other", "primaryMuscles": ["neck"], "secondaryMuscles": ["wings"],
     "category": "stretching", "instructions": ["Hold the towel behind your head and resist."]},
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    copy_articles(CORPUS, folder)
    (folder / "records").mkdir()
    (folder / "records" / "exercises.json").write_text(json.dumps(RECORDS), encoding="utf-8")
    (folder / "records" / "LICENSE.md").write_text("Public domain.\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def result(corpus: Path, lexicon: Lexicon):  # type: ignore[no-untyped-def]
    return build(corpus, lexicon=lexicon)


def _involvements(graph: Graph, exercise: URIRef) -> set[tuple[str, URIRef]]:
    return {(str(graph.value(inv, KGO.muscle)).rsplit("/", 1)[-1], graph.value(inv, KGO.role))  # type: ignore[misc]
            for inv in graph.objects(exercise, KGO.involves)}


def test_the_records_file_is_claimed_and_the_licence_is_not(corpus: Path) -> None:
    sources = readers.find_sources(corpus)
    assert [s.reader for s in sources if s.path.name == "exercises.json"] == ["free-exercise-db"]
    assert not any(s.path.name == "LICENSE.md" for s in sources)
    assert sum(s.reader == "articles" for s in sources) == 5


def test_each_record_is_a_document_of_the_dataset_and_its_fields_are_quoted(result) -> None:  # type: ignore[no-untyped-def]
    g = result.graph
    record = ID["doc/free-exercise-db/Test_Barbell_Glute_Bridge"]
    assert (record, RDF.type, KGO.Record) in g
    dataset = g.value(record, DCTERMS.isPartOf)
    assert (dataset, DCTERMS.license, URIRef("https://unlicense.org")) in g
    bridge = URIRef(EXERCISE + "barbell-glute-bridge")
    quotes = {str(g.value(ev, KGO.quote))
              for inv in g.objects(bridge, KGO.involves) for ev in g.objects(inv, KGO.evidence)}
    assert quotes == {"primaryMuscles: glutes"}


def test_primary_muscles_lead_and_secondary_ones_are_not_called_stabilizers(result) -> None:  # type: ignore[no-untyped-def]
    g = result.graph
    bridge = URIRef(EXERCISE + "barbell-glute-bridge")
    assert _involvements(g, bridge) == {("glutes", KGO.PrimaryMover)}
    kickback = URIRef(EXERCISE + "cable-kickback")
    from_record = {(m, r) for m, r in _involvements(g, kickback) if r == KGO.SecondaryMuscle}
    assert from_record == {("hamstrings", KGO.SecondaryMuscle)}


def test_mechanic_force_level_and_category_are_facts_with_their_field_as_evidence(result) -> None:  # type: ignore[no-untyped-def]
    g = result.graph
    bridge = URIRef(EXERCISE + "barbell-glute-bridge")
    assert (bridge, KGO.mechanic, VOCAB["compound"]) in g and (bridge, KGO.level, VOCAB["intermediate"]) in g
    assert (bridge, KGO.force, VOCAB["push"]) in g and (bridge, KGO.category, VOCAB["powerlifting"]) in g
    statement = next(s for s in g.subjects(RDF.subject, bridge) if (s, RDF.predicate, KGO.level) in g)
    assert str(g.value(g.value(statement, KGO.evidence), KGO.quote)) == "level: intermediate"
    assert (VOCAB["intermediate"], RDF.type, KGO.ExerciseAttribute) in g


def test_instructions_become_numbered_technique_steps(result) -> None:  # type: ignore[no-untyped-def]
    g = result.graph
    bridge = URIRef(EXERCISE + "barbell-glute-bridge")
    steps = sorted((int(g.value(c, KGO.step)), str(g.value(c, KGO.description)))  # type: ignore[arg-type]
                   for c in g.objects(bridge, KGO.techniqueCue))
    assert steps == [(1, "Roll the bar over your hips."), (2, "Press the hips up.")]


def test_a_record_naming_an_article_exercise_with_a_side_word_is_that_exercise(result) -> None:  # type: ignore[no-untyped-def]
    """'Single-Leg Cable Kickback': the cable kickback's name plus a side word, glutes first, on a cable."""
    g = result.graph
    assert (URIRef(EXERCISE + "single-leg-cable-kickback"), None, None) not in g
    kickback = URIRef(EXERCISE + "cable-kickback")
    assert (kickback, SKOS.altLabel, Literal("Single-Leg Cable Kickback", lang="en")) in g
    assert (kickback, KGO.level, VOCAB["beginner"]) in g
    docs = {str(g.value(ev, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")))
            for inv in g.objects(kickback, KGO.involves) for ev in g.objects(inv, KGO.evidence)}
    assert any("free-exercise-db" in d for d in docs) and any("free-exercise-db" not in d for d in docs), docs


def test_a_record_with_other_equipment_varies_the_exercise(result) -> None:  # type: ignore[no-untyped-def]
    """'Barbell Glute Bridge': the glute bridge's name plus the record's own equipment, which no source gives the
    glute bridge: a variation of it, not the same exercise."""
    g = result.graph
    bridge = URIRef(EXERCISE + "barbell-glute-bridge")
    assert (bridge, KGO.variationOf, URIRef(EXERCISE + "glute-bridge")) in g
    assert str(g.value(bridge, RDFS.label)) == "Barbell Glute Bridge"


def test_a_value_the_mapping_lacks_is_a_warning_not_a_silent_loss(result) -> None:  # type: ignore[no-untyped-def]
    assert any("Test_Towel_Neck_Hold" in w and "'wings'" in w for w in result.warnings)
    hold = URIRef(EXERCISE + "towel-neck-hold")
    assert _involvements(result.graph, hold) == {("neck-muscles", KGO.PrimaryMover)}
    assert (hold, KGO.mechanic, None) not in result.graph  # null: no fact


def test_removing_the_records_removes_their_facts(corpus: Path, tmp_path: Path, lexicon: Lexicon) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(corpus, folder)
    shutil.rmtree(folder / "records")
    g = build(folder, lexicon=lexicon, validate=False).graph
    assert not set(g.subjects(RDF.type, KGO.Record))
    assert (URIRef(EXERCISE + "barbell-glute-bridge"), None, None) not in g
    assert not set(g.subjects(KGO.level, None))


def test_a_bad_records_file_is_named(corpus: Path, tmp_path: Path, lexicon: Lexicon) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(corpus, folder)
    (folder / "records" / "exercises.json").write_text('[{"primaryMuscles": ["glutes"]}]', encoding="utf-8")
    with pytest.raises(Exception, match=r"exercises.json: record 0 has no name"):
        build(folder, lexicon=lexicon, validate=False)


def test_installed_readers_are_found_by_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    class Point:
        name = "csv-cards"

        def load(self) -> object:
            return "a reader"

    monkeypatch.setattr(readers, "entry_points", lambda group: [Point()] if group == "kgqa.readers" else [])
    found = readers.readers()
    assert list(found) == ["free-exercise-db", "csv-cards"] and found["csv-cards"] == "a reader"


DATASET = Path(__file__).resolve().parent.parent / "corpus" / "free-exercise-db" / "exercises.json"


def test_the_shipped_dataset_maps_onto_the_vocabulary_without_loss(lexicon: Lexicon) -> None:
    """All 873 records of corpus/free-exercise-db read, every value in the mapping: no warning, no record without
    facts, and the three exercises the articles also describe joined to theirs."""
    from kgqa.extract.identity import across_sources
    from kgqa.extract.parallel import merge
    from kgqa.readers.exercise_db import ExerciseDbReader

    reader = ExerciseDbReader()
    assert reader.claims(DATASET, DATASET.parent)
    records = reader.read(lexicon, DATASET, {})
    assert len(records) == 873
    assert [w for a in records for w in a.warnings] == []
    assert all(any(f.kind == "muscle" for f in a.facts) for a in records)
    articles = readers.read_sources(lexicon, [s for s in readers.find_sources(CORPUS) if s.reader == "articles"], {})
    merged = across_sources(merge(lexicon, [*articles, *records]), lexicon)
    said = {f.obj_label: f.subject.rsplit("/", 1)[-1] for f in merged.facts if f.kind == "alias"
            and f.evidence.doc_id.startswith("free-exercise-db/")}
    assert said["One-Legged Cable Kickback"] == "cable-kickback"
    assert said["Tricep Dumbbell Kickback"] == "tricep-kickback"
    glute = {f.subject for f in merged.facts if f.evidence.doc_id == "free-exercise-db/Glute_Kickback"}
    assert glute == {EXERCISE + "glute-kickback"}
