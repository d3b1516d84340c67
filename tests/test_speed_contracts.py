"""The contracts behind issue 12's speed work: what was made faster still gives the same results.

- Questions are read without spaCy (kgqa.qa.tokens): the same tokens and lemmas as spaCy's blank English
  pipeline, from rules exported from it; `kgqa ask` imports neither spaCy nor networkx.
- `kgqa ask` answers from a snapshot of the answerer (kgqa.qa.snapshot), with the answers the graph gives.
- Copies of one sentence in several articles are one passage to rank (latency flat with corpus size).
- `answer.sparql` is the same text in every process and covers everything the answer lists.
- `Answer.to_dict` is `dataclasses.asdict`, written out (a quarter of an HTTP request went to asdict).
- A question's own work is looked up, not scanned: clipped names, what the asker cannot use, facts ranked.
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
def built(articles_built: BuildResult) -> BuildResult:
    """The packaged articles' graph (conftest), not the shipped one with free-exercise-db's records: the tests
    of speed contracts on the articles need no records, and the mechanisms are the same at a 25th of the size."""
    return articles_built


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


# ---- per-question work grows with the question, not with the graph (issue 12, at 1M triples) ----------------
def _clipped_by_scan(parser, text: str, links: list) -> list:  # type: ignore[no-untyped-def]
    """The clipped names as they were found before: every name of two or more words tried at every word."""
    from kgqa.qa.understand import _WORD, Link, clipped

    entries = sorted((e for es in parser.clippable.values() for e in es), key=lambda e: e[0])
    tokens = list(_WORD.finditer(text))
    for i, m in enumerate(tokens):
        for _, words, iri in entries:
            window = [t.group(0) for t in tokens[i:i + len(words)]]
            if len(window) < len(words) or window == words:
                continue
            singular = [*window[:-1], window[-1][:-1]] if window[-1].endswith("s") else window
            if not (clipped(window, words) or singular == words or clipped(singular, words)):
                continue
            start, end = m.start(), tokens[i + len(words) - 1].end()
            inside = [lk for lk in links if start <= lk.start and lk.start + len(lk.surface) <= end]
            if any(lk.start < end and start < lk.start + len(lk.surface) for lk in links if lk not in inside) \
                    or any(lk.type == "Exercise" or len(lk.surface) == end - start for lk in inside):
                continue
            links = sorted([*(lk for lk in links if lk not in inside),
                            Link(iri, parser.index.name(iri), "Exercise", text[start:end], start)],
                           key=lambda lk: lk.start)
    return links


def test_clipped_names_are_looked_up_as_every_name_was_tried(kg: KnowledgeGraph) -> None:
    # regression (issue 12): every name starting with the same five letters ("banded ...") was tried at every
    # word of every question: 4 ms a question at 1M triples
    parser = kg.qa.parser
    made = ["reverse hypers and banded kickbacks", "cable pull-throughs", "donkey kicks with a mini band",
            "kneeling cable kickbacks", "standing kicks", "glute kickbacks on the smith machine"]
    for question in [*QUESTIONS, *made]:
        text = " ".join(question.lower().split())
        assert parser._loose_names(text, []) == _clipped_by_scan(parser, text, []), question


def test_what_the_asker_cannot_use_is_found_as_by_a_scan(kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    # regression (issue 12): every exercise and modification was read for every question, lacking or not
    from kgqa.qa.lookup import FactLookup
    from kgqa.qa.traverse import Hit

    qa = kg.qa
    seen: list[tuple[object, list[str]]] = []
    found = FactLookup.unavailable

    def recorded(self, t):  # type: ignore[no-untyped-def]
        out = found(self, t)
        seen.append((t, out))
        return out

    monkeypatch.setattr(FactLookup, "unavailable", recorded)
    for question in [*QUESTIONS, "what equipment do I need for kickbacks at home?",
                     "kickbacks without equipment", "kickbacks if I only have a resistance band"]:
        kg.ask(question)
    assert any(out for _, out in seen)
    for t, out in seen:
        c = t.frame.constraints  # type: ignore[attr-defined]
        lacking = set(c.lack) | {e for e in c.exclude if qa.index.is_a(e, "Equipment")}
        equipment = [i for i, k in qa.parser.kind.items() if k == "Equipment"]
        if c.no_equipment:
            lacking |= set(equipment)
        if c.have:
            have = {n for e in c.have for n in qa.index.narrower(e)}
            lacking |= {i for i in equipment if i not in have}
        if c.at_home:
            lacking |= {e for e in equipment if qa._gym_only(e)}
        lacking = {n for e in lacking for n in qa.index.narrower(e)}
        scanned = set(lacking)
        scanned |= {i for i, k in qa.parser.kind.items() if k == "Exercise"
                    and {v for v, _ in qa.index.out(i, "variantEquipment")} & lacking}
        scanned |= {i for i in qa.index.by_type.get("Modification", ())
                    if any(qa.index.name(e).lower().rstrip("s") in (qa.detail(Hit(i)) + qa.index.name(i)).lower()
                           for e in lacking)}
        assert out == sorted(scanned), t.q.text  # type: ignore[attr-defined]


def test_best_of_and_rank_and_own_are_what_rank_gives(kg: KnowledgeGraph) -> None:
    # regression (issue 12): a Match was made for every sentence of facts many articles state, to keep one each
    r = kg.qa.retriever
    nodes = sorted({n for p in r.passages for n in p.nodes})
    rng = random.Random(12)
    for question in DEV[:40]:
        chosen = set(rng.sample(nodes, min(12, len(nodes))))
        expected: dict[str, float] = {}
        for m in r.rank(question, nodes=chosen, limit=len(r.passages)):
            for n in m.passage.nodes & chosen:
                expected.setdefault(n, m.score)
        assert r.best_of(question, chosen) == expected, question
        pool = r.subjects_for(rng.sample(sorted(r.of_subject), 2))
        by_support = {i for n in chosen for i in r.of_node.get(n, ())} & pool
        assert [m.passage.key for m in r.rank(question, pool, nodes=chosen, limit=50)] == \
            [m.passage.key for m in r.rank(question, by_support, limit=50)], question
        for facts in (chosen, {n for i in sorted(pool)[:3] for n in r.passages[i].nodes}):
            ranked, own = r.rank_and_own(question, pool, facts, limit=3)
            assert ranked == r.rank(question, pool, limit=3), question
            assert ([own] if own else []) == r.rank(question, pool, nodes=facts, limit=1), question
