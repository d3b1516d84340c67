"""The contracts behind issue 12's speed work: what was made faster still gives the same results.

- Questions are read without spaCy (kgqa.qa.tokens): the same tokens and lemmas as spaCy's blank English
  pipeline, from rules exported from it; `kgqa ask` imports neither spaCy nor networkx.
- `kgqa ask` answers from a snapshot of the answerer (kgqa.qa.snapshot), with the answers the graph gives.
- Copies of one sentence in several articles are one passage to rank (latency flat with corpus size).
- `answer.sparql` is the same text in every process and covers everything the answer lists.
- `Answer.to_dict` is `dataclasses.asdict`, written out (a quarter of an HTTP request went to asdict).
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ROOT

from kgqa.build import BuildResult, build
from kgqa.evaluate import read_questions
from kgqa.graph.store import save
from kgqa.kg import KnowledgeGraph
from kgqa.lexicon import make_nlp
from kgqa.qa import snapshot
from kgqa.qa.relations import read_exemplars
from kgqa.qa.tokens import RULES, English, export_rules, lemma_table

QUESTION_FILES = sorted([*DATA.glob("*.jsonl"), *(DATA / "frozen").glob("*.jsonl")])
QUESTIONS = [row["q"] for path in QUESTION_FILES for row in read_questions(path)]
DEV = [row["q"] for row in read_questions(DATA / "dev.jsonl")]
# questions whose answers once came out differently from process to process, or whose SPARQL left out part of
# what they answered: a NOT IN list printed in set order; "pros and cons" shown as the pros only; two parts
SPARQL_CASES = [
    "glute exercises other than kickbacks?",
    "how do I progress kickbacks without adding more weight",
    "what else can i do for my booty other than kickbacks",
    "what are the pros and cons of resistance bands?",
    "banded kickbacks pros and cons",
    "what muscles do ankle weight kickbacks hit, and how many reps should I do?",
    "Which muscles steady my spine, and which ones steady my pelvis, during kickbacks?",
    "What role do the hamstrings play in back kicks?",
    "what equipment do I need for kickbacks at home?",
]


@pytest.fixture(scope="module")
def kg(built: BuildResult) -> KnowledgeGraph:
    return KnowledgeGraph(built.graph)


# ---- questions are read as spaCy reads them, without spaCy -----------------------------------------------
def _tricky() -> list[str]:
    rng = random.Random(12)
    alphabet = "abc xyz019-'.,?!()\"/:;&%$+*…’‘“”—–_#@\t\n  "
    made = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    return made + ["10kg 5lbs 3x10 e.g. i.e. don't can't won't i'm you're it's 3-4 1/2 http://x.com foo@bar.com :) "
                   "<3 $5 100% 2pm 10a.m. u.s. 'cause gonna glute-ham l.a. (donkey kicks)"]


def test_questions_are_tokenised_and_lemmatised_as_spacy_does() -> None:
    nlp, english = make_nlp(), English()
    texts = [t for q in QUESTIONS for t in (q, " ".join(q.lower().replace("’", "'").split()))]
    texts += [e.text for e in read_exemplars()] + _tricky()
    texts += [f"x {s} y" for s in json.loads(RULES.read_text(encoding="utf-8"))["special_cases"]]
    for text in texts:
        theirs = [(t.text, t.idx, t.lemma_, t.whitespace_ == " ", t.is_punct, t.is_alpha, t.is_space)
                  for t in nlp(text)]
        ours = [(t.text, t.idx, t.lemma_, t.whitespace, t.is_punct, t.is_alpha, t.is_space) for t in english(text)]
        assert ours == theirs, text


def test_the_exported_tokenizer_rules_are_the_installed_spacys() -> None:
    stored = json.loads(RULES.read_text(encoding="utf-8"))
    assert stored == export_rules(), "spaCy's rules changed: run `python -m kgqa.qa.tokens` and commit the file"


def test_the_copied_stop_words_and_the_lemma_table_are_spacys() -> None:
    from spacy.lang.en.stop_words import STOP_WORDS

    from kgqa.qa.linking import STOP_WORDS as COPY

    assert COPY == STOP_WORDS
    table = make_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    ours = lemma_table()
    assert len(ours) == len(table) > 10000
    assert all(table.get(word) == lemma for word, lemma in ours.items())


def test_kgqa_ask_imports_neither_spacy_nor_networkx() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the session's cache folder (conftest)
    ask = [sys.executable, "-m", "kgqa.cli", "ask", "what muscles do cable kickbacks work?"]
    first = subprocess.run(ask, capture_output=True, text=True, env=env, timeout=300)  # the snapshot, if not yet
    assert first.returncode == 0, first.stderr
    assert list(Path(os.environ["KGQA_CACHE_DIR"]).glob("qa-*.pickle"))
    script = ("import sys, kgqa.cli\nkgqa.cli.main(sys.argv[1:])\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'networkx', 'pyshacl')))")
    warm = subprocess.run([sys.executable, "-c", script, *ask[3:]], capture_output=True, text=True, env=env,
                          timeout=300)
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout.splitlines()[-1] == "[]"
    assert warm.stdout.rsplit("\n", 2)[0] == first.stdout.rstrip("\n")  # the same answer


# ---- the answerer snapshot -----------------------------------------------------------------------------
def test_the_snapshot_answers_as_the_graph_does(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "qa.pickle"
    assert snapshot.write(kg.qa, path)
    restored = snapshot.read(path)
    assert restored is not None and restored.index.graph is None  # no rdflib graph needed to answer
    for question in [*DEV, *SPARQL_CASES]:
        assert restored.ask(question).to_dict() == kg.ask(question).to_dict(), question


def test_a_damaged_or_foreign_snapshot_is_not_read(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "qa.pickle"
    assert snapshot.write(kg.qa, path)
    whole = path.read_bytes()
    for damaged in (whole[: len(whole) // 2], whole[:40] + bytes([whole[40] ^ 1]) + whole[41:], b"", b"x" * 10):
        path.write_bytes(damaged)
        assert snapshot.read(path) is None
    assert snapshot.read(tmp_path / "missing.pickle") is None


def test_the_snapshot_key_changes_with_the_graph_and_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    assert snapshot.key("graph-a") == snapshot.key("graph-a") != snapshot.key("graph-b")
    before = snapshot.key("graph-a")
    monkeypatch.setattr(snapshot, "ALSO_BUILT_BY", (*snapshot.ALSO_BUILT_BY, ROOT / "README.md"))
    assert snapshot.key("graph-a") != before


# ---- latency flat with corpus size ---------------------------------------------------------------------
def test_a_corpus_repeated_three_times_gives_the_same_answers_with_three_times_the_sources(
        kg: KnowledgeGraph, tmp_path: Path) -> None:
    # regression (issue 12): every copy of a sentence was ranked, and every article's node of a fact listed, so a
    # question's cost grew with the corpus. Copies are now one passage, one fact and one cited sentence, and
    # still count: in BM25's statistics, and as sources.
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_build import replicate

    from kgqa.resources import corpus_dir

    tripled = KnowledgeGraph(build(replicate(corpus_dir(), 3, tmp_path / "corpus"), validate=False).graph)
    once, thrice = kg.qa.retriever, tripled.qa.retriever
    assert [p.ev.quote for p in thrice.passages] == [p.ev.quote for p in once.passages]
    assert thrice.copies == [3 * n for n in once.copies]
    for question in DEV:
        a, b = kg.ask(question), tripled.ask(question)
        assert [(i.label, 3 * i.sources, i.role) for i in a.answers] == \
            [(i.label, i.sources, i.role) for i in b.answers], question
        assert len(b.evidence) == len(a.evidence), question


# ---- answer.sparql: the same in every process, and covering the answer --------------------------------
def test_sparql_is_the_same_text_in_every_process(built: BuildResult, tmp_path: Path) -> None:
    graph = save(built.graph, tmp_path / "g.nt")
    script = ("import json, sys\nfrom kgqa.kg import load\nkg = load(sys.argv[1])\n"
              "print(json.dumps([kg.ask(q).to_dict() for q in json.loads(sys.argv[2])]))")
    questions = json.dumps([*SPARQL_CASES, *DEV])
    outputs = []
    for seed in ("1", "2"):  # another hash seed: sets iterate in another order
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-c", script, str(graph), questions], capture_output=True,
                              text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    answers = json.loads(outputs[0])
    assert "NOT IN" in answers[0]["sparql"]  # the case that was printed in set order


def test_the_sparql_shown_covers_everything_the_answer_lists(kg: KnowledgeGraph) -> None:
    checked = 0
    for question in [*SPARQL_CASES, *QUESTIONS]:
        answer = kg.ask(question)
        if not answer.answers:
            continue
        assert answer.sparql, question
        result = kg.graph.query(answer.sparql)
        if result.type == "ASK":
            assert answer.boolean is not None, question
            continue
        rows = {str(r[0]) for r in result}
        assert {a.iri for a in answer.answers} <= rows, question
        checked += 1
    assert checked > 300


def test_pros_and_cons_shows_both_in_one_query(kg: KnowledgeGraph) -> None:
    # regression (issue 12): the SPARQL of "pros and cons of E" asked for a property that does not exist
    answer = kg.ask("what are the pros and cons of resistance bands?")
    assert "Pros of" in answer.text and "Cons of" in answer.text
    assert "(kgo:hasPro|kgo:hasCon)" in answer.sparql
    assert {str(r[0]) for r in kg.graph.query(answer.sparql)} == {a.iri for a in answer.answers}


def test_an_answer_in_two_parts_shows_both_parts(kg: KnowledgeGraph) -> None:
    answer = kg.ask("what muscles do ankle weight kickbacks hit, and how many reps should I do?")
    assert "and" in answer.path and answer.sparql.count("UNION\n") >= 1
    rows = {str(r[0]) for r in kg.graph.query(answer.sparql)}
    assert {a.iri for a in answer.answers} <= rows


# ---- the answer as JSON --------------------------------------------------------------------------------
def test_to_dict_is_asdict_written_out(kg: KnowledgeGraph) -> None:
    for question in [*DEV, *SPARQL_CASES]:
        answer = kg.ask(question)
        assert answer.to_dict() == dataclasses.asdict(answer), question
        assert json.dumps(answer.to_dict()) == json.dumps(dataclasses.asdict(answer))
