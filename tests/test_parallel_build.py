"""`kgqa build --jobs N`: worker processes give the graph one process gives; N-Triples shards; SHACL in place."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

import kgqa.extract.parallel as parallel
from kgqa.build import BuildResult, build
from kgqa.cli import main
from kgqa.corpus import article_paths, parse_document
from kgqa.errors import CorpusError
from kgqa.extract import Extractor
from kgqa.graph.builder import build_graph
from kgqa.graph.shards import ONTOLOGY_SHARD, shard_lines
from kgqa.graph.store import serialize
from kgqa.graph.validate import load_shapes, mutates, validate
from kgqa.lexicon import Lexicon
from kgqa.manifest import read_manifest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def built(articles_built: BuildResult) -> BuildResult:
    """The packaged articles' graph (conftest), not the shipped one with free-exercise-db's records: the tests
    of parallel builds need no records, and the mechanisms are the same at a 25th of the size."""
    return articles_built


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged corpus with the blind articles: 27 articles in many layouts, some minting names the
    vocabulary lacks, two naming one exercise clipped and in full ("reverse hyper"), which `unify` joins."""
    folder = tmp_path_factory.mktemp("mixed")
    manifest: dict[str, object] = {}
    for source in (ROOT / "corpus", DATA / "blind", DATA / "blind_qa", DATA / "new_article"):
        for path in article_paths(source):
            if path.name != "README.md":
                shutil.copyfile(path, folder / path.name)
        manifest.update(read_manifest(source))
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def one_extractor(folder: Path, lexicon: Lexicon) -> Graph:
    """The graph as the build made it before `--jobs`: one Extractor reads every article in order."""
    manifest = read_manifest(folder)
    extractor = Extractor(lexicon)
    docs = [parse_document(path, manifest.get(path.name, {})) for path in article_paths(folder)]
    facts = extractor.extract_all(docs)
    names = {iri: (m.kind, m.label) for iri, m in extractor.names.minted.items()}
    return build_graph(docs, facts, lexicon, extractor.minted, names)


class CountingPool(parallel.ProcessPoolExecutor):
    started: list[int] = []

    def __init__(self, workers: int, **kwargs: object) -> None:
        CountingPool.started.append(workers)
        super().__init__(workers, **kwargs)  # type: ignore[arg-type]


def test_two_workers_give_byte_identical_ntriples_to_one_process(
    mixed_corpus: Path, lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", CountingPool)
    CountingPool.started.clear()
    expected = serialize(one_extractor(mixed_corpus, lexicon), "nt")
    one = build(mixed_corpus, lexicon=lexicon, validate=False, jobs=1)
    two = build(mixed_corpus, lexicon=lexicon, validate=False, jobs=2)
    assert CountingPool.started == [2], "--jobs 1 runs in this process, --jobs 2 in two workers"
    assert serialize(one.graph, "nt") == expected
    assert serialize(two.graph, "nt") == expected
    assert two.summary == one.summary and two.warnings == one.warnings
    assert one.summary["minted"], "the corpus mints names, so the per-corpus state is exercised"
    clipped = URIRef("https://w3id.org/kgqa/id/exercise/reverse-hyper")
    assert (clipped, None, None) not in two.graph, "unify joined the clipped name to the full one"


def test_cli_jobs_2_writes_the_graph_of_jobs_1_and_shards_that_load_to_it(built: BuildResult, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture) -> None:
    out, shards = tmp_path / "g.nt", tmp_path / "shards"
    assert main(["build", "--jobs", "2", "--out", str(out), "--shards", str(shards)]) == 0, capsys.readouterr()
    text = out.read_text(encoding="utf-8")
    assert text == serialize(built.graph, "nt")  # built: the session's graph, one process
    files = sorted(p.name for p in shards.iterdir())
    assert files == [ONTOLOGY_SHARD, "part-01-of-02.nt", "part-02-of-02.nt"]
    lines = [line for name in files for line in (shards / name).read_text(encoding="utf-8").splitlines(True)]
    assert sorted(lines) == text.splitlines(True), "the shards hold exactly the graph's triples"
    ontology = (shards / ONTOLOGY_SHARD).read_text(encoding="utf-8")
    assert "<https://w3id.org/kgqa/ontology#Exercise> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" in ontology
    subjects = [{line.split(" ", 1)[0] for line in (shards / n).read_text().splitlines()} for n in files[1:]]
    assert not subjects[0] & subjects[1], "each subject's triples are in one shard"
    assert f"wrote 3 N-Triples shards to {shards}" in capsys.readouterr().out
    # again with one job: the parts of the earlier build go, so shards/*.nt is always one graph
    assert main(["build", "--shards", str(shards), "--no-validate"]) == 0
    assert sorted(p.name for p in shards.iterdir()) == [ONTOLOGY_SHARD, "part-01-of-01.nt"]


def test_shard_lines_keep_blank_nodes_with_the_ontology() -> None:
    nt = ('<https://w3id.org/kgqa/id/a> <p> _:b1 .\n_:b1 <p> "x" .\n<https://w3id.org/kgqa/id/a> <q> "_:no" .\n'
          '<https://w3id.org/kgqa/ontology> <p> <o> .\n')
    ontology, parts = shard_lines(nt, 3)
    assert len(ontology) == 3 and sum(map(len, parts)) == 1


def test_a_shard_folder_that_is_a_file_is_refused_before_the_build(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture) -> None:
    taken = tmp_path / "taken"
    taken.write_text("mine", encoding="utf-8")
    assert main(["build", "--shards", str(taken)]) == 2
    assert "not a folder" in capsys.readouterr().err and taken.read_text() == "mine"


def test_a_bad_article_read_by_a_worker_is_named(corpus_copy: Path, lexicon: Lexicon) -> None:
    (corpus_copy / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(CorpusError, match="empty.txt"):
        build(corpus_copy, lexicon=lexicon, validate=False, jobs=2)


def test_bad_jobs_are_usage_errors(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--jobs", "-1"])
    assert exit_.value.code == 2 and "0: one per CPU" in capsys.readouterr().err
    with pytest.raises(ValueError, match="0 \\(one per CPU\\)"):
        parallel.worker_count(-1)
    assert parallel.worker_count(0) >= 1


def test_validation_in_place_leaves_the_graph_byte_identical(graph_copy: Graph) -> None:
    assert not mutates(load_shapes()), "the shapes have no rules: pySHACL may validate without a copy"
    before = serialize(graph_copy, "nt"), serialize(graph_copy, "turtle")
    validate(graph_copy)
    assert (serialize(graph_copy, "nt"), serialize(graph_copy, "turtle")) == before


def test_shapes_with_rules_are_validated_on_a_copy() -> None:
    shapes = load_shapes()
    shapes.add((URIRef("https://example.org/shape"), SH.rule, URIRef("https://example.org/rule")))
    assert mutates(shapes)
    entailing = Graph()
    entailing.add((URIRef("https://example.org/shapes"), SH.entailment, Literal("rdfs")))
    assert mutates(entailing)


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged articles 40 times over: a build long enough to interrupt."""
    folder = tmp_path_factory.mktemp("big")
    for i in range(40):
        for path in article_paths(ROOT / "corpus"):
            shutil.copyfile(path, folder / f"r{i:02d}-{path.name}")
    return folder


def _start_build(corpus: Path) -> subprocess.Popen[str]:
    """`kgqa build --jobs 2` in a process group of its own, once its workers have read an article."""
    build = subprocess.Popen([sys.executable, "-m", "kgqa.cli", "build", "--corpus", str(corpus), "--jobs", "2"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert build.stderr is not None
    build.stderr.read(len("[1/200]"))  # the first progress line: the workers are running
    return build


def _left_in(group: int) -> list[str]:
    """The processes of the group still running (an exited one not yet reaped by init does not count)."""
    time.sleep(1.5)  # a worker checks for its parent every 0.5 s
    pids = subprocess.run(["pgrep", "-g", str(group)], capture_output=True, text=True).stdout.split()
    running = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue  # gone meanwhile
        if state != "Z":
            running.append(pid)
    return running


@pytest.mark.skipif(shutil.which("pgrep") is None or not Path("/proc").is_dir(), reason="needs pgrep and /proc")
def test_ctrl_c_stops_the_workers_with_one_line(big_corpus: Path) -> None:
    build = _start_build(big_corpus)
    os.killpg(build.pid, signal.SIGINT)  # as a terminal does: the whole group
    _, err = build.communicate(timeout=60)
    assert build.returncode == 130 and err.rstrip().endswith("interrupted") and "Traceback" not in err
    assert _left_in(build.pid) == []


@pytest.mark.skipif(shutil.which("pgrep") is None or not Path("/proc").is_dir(), reason="needs pgrep and /proc")
def test_workers_end_when_the_building_process_is_killed(big_corpus: Path) -> None:
    """Regression: forked workers waited for work forever once SIGTERM or SIGKILL ended the building process."""
    build = _start_build(big_corpus)
    build.kill()
    build.wait(timeout=30)
    assert _left_in(build.pid) == []
