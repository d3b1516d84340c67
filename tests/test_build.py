"""`kgqa build`: the written graph, an article left out, determinism, the cache and its repair, atomic writes
(symbolic links written through, special files refused, no temporary file left on an error or a signal)."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ROOT, articles_corpus
from rdflib import OWL, PROV, RDF, Graph

import kgqa
import kgqa.build as kb
import kgqa.graph.store as store
from kgqa.build import BuildResult, build, default_graph
from kgqa.cli import main
from kgqa.errors import CorpusError, GraphError, Interrupted
from kgqa.files import write_atomic
from kgqa.graph.builder import VOCABULARY
from kgqa.graph.store import load_graph, save
from kgqa.graph.validate import validate
from kgqa.kg import KnowledgeGraph
from kgqa.lexicon import Lexicon
from kgqa.terms import KGO

REQUIRED_CLASSES = ("Exercise", "Muscle", "Equipment", "Mistake", "Benefit")


@pytest.fixture(scope="module")
def built(articles_built: BuildResult) -> BuildResult:
    """The packaged articles' graph (conftest), not the shipped one with free-exercise-db's records: the tests
    of building and caching need no records, and the mechanisms are the same at a 25th of the size."""
    return articles_built


def ntriples(graph: Graph) -> set[str]:
    return {line for line in graph.serialize(format="nt").splitlines() if line.strip()}


def check_written_graph(path: Path) -> Graph:
    """What issue 2 asks of a built file: parses, declares the classes, has provenance, conforms."""
    graph = Graph()
    graph.parse(str(path), format="turtle")
    for name in REQUIRED_CLASSES:
        assert (KGO[name], RDF.type, OWL.Class) in graph, name
    derived = list(graph.subject_objects(PROV.wasDerivedFrom))
    assert derived
    # a document, or the curated vocabulary for the facts only it states (derivation "vocabulary"), or the open
    # anatomy sources it credits: each a prov:Entity
    assert all((doc, RDF.type, KGO.Document) in graph or doc == VOCABULARY or (doc, RDF.type, PROV.Entity) in graph
               for _, doc in derived)
    assert any((doc, RDF.type, KGO.Document) in graph for _, doc in derived)
    assert set(graph.subjects(RDF.type, KGO.Exercise))
    validate(graph)
    return graph


def test_cli_build_writes_a_conforming_graph(
    tmp_path: Path, built: BuildResult, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "g.ttl"
    assert main(["build", "--corpus", str(articles_corpus()), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "built 5 documents" in printed and "SHACL: conforms" in printed
    assert "facts by kind" in printed and "muscle" in printed
    graph = check_written_graph(out)
    # The file is the same graph as the library builds: same input, same output.
    assert ntriples(graph) == ntriples(built.graph)


def test_console_script_runs_in_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    env = {**os.environ, "KGQA_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-m", "kgqa.cli", "build", "--corpus", str(articles_corpus()), "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    check_written_graph(out)


@pytest.mark.parametrize("fmt,suffix", [("json-ld", ".jsonld"), ("nt", ".nt")])
def test_other_formats_round_trip(
    built: BuildResult, tmp_path: Path, fmt: str, suffix: str
) -> None:
    path = save(built.graph, tmp_path / f"g{suffix}", fmt)
    assert ntriples(load_graph(path)) == ntriples(built.graph)


def test_two_builds_give_identical_graphs(built: BuildResult, lexicon: Lexicon) -> None:
    again = build(articles_corpus(), lexicon=lexicon, validate=False)
    first, second = built.graph.serialize(format="nt"), again.graph.serialize(format="nt")
    # Every node has an IRI minted from names and offsets (no blank nodes), so the N-Triples
    # documents are equal line for line once sorted.
    assert "_:" not in first
    assert sorted(first.splitlines()) == sorted(second.splitlines())


def test_without_the_kickbacks_article_there_is_no_tricep_kickback(
    corpus_copy: Path, lexicon: Lexicon
) -> None:
    (corpus_copy / "what-muscles-do-kickbacks-work.txt").unlink()
    result = build(corpus_copy, lexicon=lexicon)
    assert result.summary["documents"] == 4
    mentions = [line for line in ntriples(result.graph) if "tricep" in line.lower()]
    assert mentions == []
    assert not [f for f in result.facts if "tricep" in f.subject or "tricep" in f.obj]


def test_unknown_format_lists_the_options(built: BuildResult, tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="choose one of: .*json-ld.*turtle"):
        save(built.graph, tmp_path / "g.x", "yaml")


def test_failed_serialisation_leaves_the_previous_file(
    built: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "g.nt"
    target.write_text("previous\n", encoding="utf-8")

    def fail(*args: object, **kwargs: object) -> str:
        raise RuntimeError("serialiser crashed")

    monkeypatch.setattr(built.graph, "serialize", fail)
    with pytest.raises(RuntimeError):
        save(built.graph, target)
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.nt"]


def test_interrupted_write_leaves_the_previous_file_and_no_temp_file(
    built: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "g.nt"
    target.write_text("previous\n", encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(GraphError, match=r"cannot write .*g\.nt: disk full"):
        save(built.graph, target)
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.nt"]


def test_default_graph_is_cached_and_rebuilt_when_the_corpus_changes(
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KGQA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(kb, "corpus_dir", lambda: corpus_copy)
    first = default_graph()
    assert first.is_file() and first.parent == tmp_path / "cache"
    assert "tricep-kickback" in first.read_text(encoding="utf-8")

    calls: list[Path | None] = []
    real_build = kb.build

    def counting_build(corpus: Path | None = None, **kwargs: object) -> BuildResult:
        calls.append(corpus)
        return real_build(corpus, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kb, "build", counting_build)
    assert default_graph() == first and calls == []  # cached: no rebuild

    (corpus_copy / "what-muscles-do-kickbacks-work.txt").unlink()
    second = default_graph()
    assert second != first and len(calls) == 1
    assert "tricep-kickback" not in second.read_text(encoding="utf-8")
    assert first.is_file()  # the previous graph stays until the new one is complete


def test_failed_default_build_writes_nothing(
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("KGQA_CACHE_DIR", str(cache))
    monkeypatch.setattr(kb, "corpus_dir", lambda: corpus_copy)
    (corpus_copy / "broken.txt").write_bytes(b"\xff\xfe not text")
    with pytest.raises(CorpusError, match="broken.txt"):
        default_graph()
    assert not cache.exists() or list(cache.iterdir()) == []


# ---- misuse: names the file and the fix, exit 2, no traceback ------------------------------------
def test_save_refuses_a_name_with_no_known_suffix(built: BuildResult, tmp_path: Path) -> None:
    # regression: `kgqa build --out g.xyz` used to write turtle under any name without a word
    with pytest.raises(GraphError, match=r"g\.xyz: end it in \.ttl, \.jsonld or \.nt, or give --format"):
        save(built.graph, tmp_path / "g.xyz")
    assert not (tmp_path / "g.xyz").exists()
    assert save(built.graph, tmp_path / "g.xyz", "nt").read_text(encoding="utf-8").startswith("<")


def test_save_to_a_folder_or_an_unwritable_place_is_a_graph_error(built: BuildResult, tmp_path: Path) -> None:
    # regression: both were an IsADirectoryError / FileNotFoundError traceback
    with pytest.raises(GraphError, match=r"is a folder: give a file name, e\.g\. .*graph\.ttl"):
        write_atomic(tmp_path, "data")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(GraphError, match=r"cannot write .*file/g\.ttl"):
        save(built.graph, tmp_path / "file" / "g.ttl")


def test_load_graph_names_a_folder_and_a_non_rdf_file(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="is a folder, not a graph file"):
        load_graph(tmp_path)
    (tmp_path / "notes.txt").write_text("hello\n", encoding="utf-8")
    with pytest.raises(GraphError, match=r"notes\.txt: not a readable RDF graph \(.*Bad syntax") as caught:
        load_graph(tmp_path / "notes.txt")
    assert "\n" not in caught.value.message
    assert "read as turtle (the default: its suffix names no format)" in (caught.value.hint or "")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["build", "--corpus", "/nonexistent-kgqa-corpus"], "corpus folder /nonexistent-kgqa-corpus does not exist"),
        (["build", "--out", "g.xyz"], "cannot tell the graph format from the name g.xyz"),
        (["ask", "--graph", "/nonexistent-kgqa.ttl", "hi"], "no graph file at /nonexistent-kgqa.ttl: build one with"),
    ],
)
def test_cli_input_errors_exit_2_with_the_name(argv: list[str], expected: str, capsys: pytest.CaptureFixture) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def test_cli_build_corpus_errors(corpus_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["build", "--corpus", str(empty)]) == 2
    assert "no articles in" in capsys.readouterr().err
    (corpus_copy / "binary.txt").write_bytes(os.urandom(64) + b"\xff\xfe")
    assert main(["build", "--corpus", str(corpus_copy)]) == 2
    assert "binary.txt" in capsys.readouterr().err


def test_cli_ask_on_a_non_rdf_file_shows_the_hint(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "g.ttl").write_text("not rdf at all\n", encoding="utf-8")
    assert main(["ask", "--graph", str(tmp_path / "g.ttl"), "what muscles do back kicks work?"]) == 2
    err = capsys.readouterr().err
    assert "g.ttl: not a readable RDF graph" in err and "hint: it was read as turtle (from its suffix)" in err


def test_cli_build_with_stdout_closed_still_writes_the_graph(tmp_path: Path) -> None:
    # regression: `kgqa build --out g.ttl | head -3` printed a BrokenPipeError traceback and wrote no file
    out = tmp_path / "g.ttl"
    env = {**os.environ, "KGQA_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "kgqa.cli", "build", "--corpus", str(articles_corpus()),
                             "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141, err
    assert "Traceback" not in err and "BrokenPipeError" not in err
    assert out.is_file() and load_graph(out)


# ---- deterministic builds ----------------------------------------------------------------------
SERIALISE_FORMATS = """
import sys
from pathlib import Path
from kgqa.graph.store import load_graph, save
graph = load_graph(Path(sys.argv[1]))
for suffix in (".ttl", ".jsonld", ".rdf"):
    save(graph, Path(sys.argv[2] + suffix))
"""


def dev_answers(kg: KnowledgeGraph) -> list[dict[str, object]]:
    rows = [json.loads(line) for line in (DATA / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line]
    assert rows
    return [kg.ask(row["q"]).to_dict() for row in rows]


def test_builds_in_separate_processes_are_byte_identical_and_answer_alike(tmp_path: Path, built: BuildResult) -> None:
    # regression: the N-Triples line order (and JSON-LD's node order) followed Python's per-process string
    # hashing, and cited evidence followed parse order, so two builds of one corpus could answer differently.
    # A different PYTHONHASHSEED per process makes the difference show every time if it comes back.
    files = []
    for run_id in ("a", "b"):
        out = tmp_path / f"{run_id}.nt"
        env = {**os.environ, "KGQA_CACHE_DIR": str(tmp_path / f"cache-{run_id}"),
               "PYTHONHASHSEED": "1" if run_id == "a" else "2"}
        proc = subprocess.run([sys.executable, "-m", "kgqa.cli", "build", "--no-validate", "--out", str(out)],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        proc = subprocess.run([sys.executable, "-c", SERIALISE_FORMATS, str(out), str(tmp_path / run_id)],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        files.append(out)
    first, second = (path.read_bytes() for path in files)
    assert first == second
    assert first.decode().splitlines() == sorted(first.decode().splitlines())
    for suffix in (".ttl", ".jsonld", ".rdf"):
        assert (tmp_path / f"a{suffix}").read_bytes() == (tmp_path / f"b{suffix}").read_bytes(), suffix

    # the same answers from each file, and from the graph built in memory and a file in shuffled order:
    # evidence is cited in (document, offset) order, not in the order the triples were read
    shuffled = tmp_path / "shuffled.nt"
    lines = first.decode().splitlines(keepends=True)
    random.Random(7).shuffle(lines)
    shuffled.write_text("".join(lines), encoding="utf-8")
    expected = dev_answers(kgqa.load(files[0]))
    assert dev_answers(kgqa.load(files[1])) == expected
    assert dev_answers(kgqa.load(shuffled)) == expected
    assert dev_answers(KnowledgeGraph(built.graph)) == expected


def test_evidence_is_ordered_by_document_and_offset(built: BuildResult) -> None:
    index = KnowledgeGraph(built.graph).qa.index
    lists = [evs for evs in index.node_evidence.values() if len(evs) > 1]
    lists += [d["evidence"] for node in index.types for _, d in index.out_edges(node) if len(d["evidence"]) > 1]
    assert lists
    assert all(evs == sorted(evs, key=lambda e: (e.document, e.start)) for evs in lists)


# ---- never destroy a file: links written through, special files refused, no temp file left --------
def test_save_writes_through_a_symbolic_link(built: BuildResult, tmp_path: Path) -> None:
    target = tmp_path / "data" / "graph.nt"
    target.parent.mkdir()
    target.write_text("previous\n", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "g.nt"
    link.symlink_to(Path("data") / "graph.nt")  # relative, as `ln -s` usually makes them
    save(built.graph, link)
    assert link.is_symlink() and os.readlink(link) == str(Path("data") / "graph.nt")
    assert target.read_text(encoding="utf-8").startswith("<")
    assert ntriples(load_graph(link)) == ntriples(built.graph)
    assert target.stat().st_mode & 0o777 == 0o640  # the mode of the file replaced is kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "g.nt"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.nt"]


def test_save_through_a_dangling_link_creates_its_target(built: BuildResult, tmp_path: Path) -> None:
    link = tmp_path / "g.nt"
    link.symlink_to(tmp_path / "new.nt")
    save(built.graph, link)
    assert link.is_symlink() and (tmp_path / "new.nt").is_file()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_or_a_link_to_one_is_refused_untouched(built: BuildResult, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # regression: the temporary file was renamed over whatever --out named, so as root `--out /dev/null`
    # replaced the device with a regular file; a FIFO stands in for /dev/null here
    fifo = tmp_path / "g.nt"
    os.mkfifo(fifo)
    link = tmp_path / "link.nt"
    link.symlink_to(fifo)
    with pytest.raises(GraphError, match=r"refusing to write .*g\.nt: it is a named pipe \(FIFO\), not a regular"):
        save(built.graph, fifo)
    with pytest.raises(GraphError, match=r"link\.nt \(a symbolic link to .*g\.nt\): it is a named pipe"):
        save(built.graph, link)
    with pytest.raises(GraphError, match="named pipe"):
        write_atomic(fifo, "data")

    def no_build(*args: object, **kwargs: object) -> BuildResult:
        raise AssertionError("the output is refused before the build")

    monkeypatch.setattr(kb, "build", no_build)
    for argv in (["build", "--out", str(fifo)], ["export", "--out", str(link)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "named pipe (FIFO), not a regular file" in err and "hint: give the name of a regular file" in err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.nt", "link.nt"]


def test_a_loop_of_links_is_a_graph_error(built: BuildResult, tmp_path: Path) -> None:
    (tmp_path / "a.nt").symlink_to(tmp_path / "b.nt")
    (tmp_path / "b.nt").symlink_to(tmp_path / "a.nt")
    with pytest.raises(GraphError, match=r"cannot write .*a\.nt: the symbolic link cannot be followed"):
        save(built.graph, tmp_path / "a.nt")


@pytest.mark.skipif(signal.getsignal(signal.SIGTERM) != signal.SIG_DFL, reason="SIGTERM is handled by the runner")
def test_sigterm_during_a_write_removes_the_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "g.nt"
    target.write_text("previous\n", encoding="utf-8")
    real_fsync = os.fsync

    def terminated(fd: int) -> None:  # the signal arrives while the temporary file is being written
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        os.kill(os.getpid(), signal.SIGTERM)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", terminated)
    with pytest.raises(Interrupted) as caught:
        write_atomic(target, "new\n" * 1000)
    assert caught.value.signum == signal.SIGTERM
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.nt"]
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the handler is there only during the write


SLOW_WRITE = """
import os, sys, time
def slow_fsync(fd):
    print("writing", file=sys.stderr, flush=True)
    time.sleep(60)
os.fsync = slow_fsync
from kgqa.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(("signum", "code", "said"), [(signal.SIGINT, 130, "interrupted"),
                                                      (signal.SIGTERM, 143, "interrupted by SIGTERM")],
                         ids=["ctrl-c", "sigterm"])
def test_cli_killed_during_a_write_says_so_and_leaves_no_temp_file(tmp_path: Path, signum: int, code: int,
                                                                   said: str) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "g.nt"
    out.write_text("previous\n", encoding="utf-8")
    env = {**os.environ, "KGQA_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, "build", "--no-validate", "--corpus",
                             str(articles_corpus()), "--out", str(out)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        assert proc.stderr.readline().strip() == "writing"
        assert [p.name for p in out_dir.iterdir() if p.name.endswith(".tmp")]  # the write is under way
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == code, err
    assert err.strip() == said and "Traceback" not in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["g.nt"]
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_ctrl_c_outside_a_write_is_one_line_and_exit_130(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(*args: object, **kwargs: object) -> BuildResult:
        raise KeyboardInterrupt

    monkeypatch.setattr(kb, "build", interrupted)
    assert main(["build"]) == 130
    assert capsys.readouterr().err == "interrupted\n"


# ---- the cache repairs itself ------------------------------------------------------------------
@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built: BuildResult) -> list[object]:
    """An empty cache folder for the default graph, no warning given yet in this process, and `build` standing
    in with the session's graph (it is what is done with the result that is tested). Returns the build calls."""
    monkeypatch.setenv("KGQA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(store, "_WARNED", set())
    calls: list[object] = []

    def session_build(*args: object, **kwargs: object) -> BuildResult:
        calls.append(args)
        return built

    monkeypatch.setattr(kb, "build", session_build)
    return calls


@pytest.mark.parametrize("damage", ["truncate-mid-line", "truncate-at-a-line", "flip-a-byte", "no-end-marker",
                                    "garbage"])
def test_a_damaged_cache_file_is_rebuilt_with_a_warning(fresh_cache: list[object], damage: str, built: BuildResult,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = default_graph()
    assert path is not None and len(fresh_cache) == 1
    whole = path.read_bytes()
    lines = whole.splitlines(keepends=True)
    damaged = {
        "truncate-mid-line": whole[: len(whole) // 2],
        "truncate-at-a-line": b"".join(lines[: len(lines) // 2]),  # still valid N-Triples: only the hash tells
        "flip-a-byte": whole.replace(b"gluteus", b"glutaeus", 1),
        "no-end-marker": b"".join(lines[:-1]),
        "garbage": b"\x00\xff not a graph",
    }[damage]
    path.write_bytes(damaged)
    capsys.readouterr()
    kgqa.load()
    err = capsys.readouterr().err
    assert err == f"warning: the cached default graph {path} is damaged (truncated or altered): rebuilding it\n"
    assert len(fresh_cache) == 2 and path.read_bytes() == whole  # rebuilt and repaired
    assert ntriples(kgqa.load().graph) == ntriples(built.graph)  # read from the repaired file
    assert capsys.readouterr().err == "" and len(fresh_cache) == 2  # intact again: no warning, no rebuild


def test_a_cache_folder_that_cannot_be_written_still_answers(fresh_cache: list[object], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    # chmod cannot make a folder read-only for root: the write fails as it does on a read-only file system
    def read_only(path: Path, data: object) -> Path:
        raise GraphError(f"cannot write {path}: Read-only file system")

    monkeypatch.setattr(store, "write_atomic", read_only)
    first = kgqa.load()
    second = kgqa.load()
    assert default_graph() is None
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1, err  # warned once
    cache = tmp_path / "cache"
    assert err[0].startswith(f"warning: cannot cache the default graph in {cache} (from $KGQA_CACHE_DIR): "
                             f"cannot write {cache}/graph-")
    assert "Read-only file system; answering from the graph built in memory" in err[0]
    assert len(first.graph) == len(second.graph) > 0


def test_cli_ask_answers_when_the_cache_folder_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")  # fails even as root
    monkeypatch.setenv("KGQA_CACHE_DIR", str(tmp_path / "not-a-folder"))
    monkeypatch.setattr(store, "_WARNED", set())
    assert main(["ask", "--json", "what muscles do cable kickbacks work?"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["answered"]
    assert err.count("\n") == 1 and "cannot cache the default graph in" in err and "Not a directory" in err


def test_an_article_with_no_exercise_is_a_warning_not_a_silent_loss(tmp_path: Path, capsys) -> None:
    """Issue 11: an article that yielded no exercise was skipped silently (exit 0, no warning)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("back-kicks-guide.txt", "manifest.json"):
        (corpus / name).write_text((ROOT / "corpus" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "musings.txt").write_text("Some thoughts\n\nI like the gym on Mondays. The weather was nice.\n",
                                        encoding="utf-8")
    result = build(corpus, validate=False)
    assert len(result.warnings) == 1 and result.warnings[0].startswith("musings.txt: no exercise")
    assert result.summary["articles without an exercise"] == 1
    assert main(["build", "--corpus", str(corpus), "--no-validate"]) == 0
    assert "warning: musings.txt: no exercise" in capsys.readouterr().err
    out = tmp_path / "g.nt"
    assert main(["build", "--corpus", str(corpus), "--strict", "--out", str(out)]) == 2
    assert "--strict" in capsys.readouterr().err and not out.exists()
    assert not build(ROOT / "corpus", validate=False).warnings  # the packaged articles all name theirs


def test_minted_nodes_say_so_with_their_sources_and_the_summary_lists_them(tmp_path: Path) -> None:
    """Names the vocabulary lacks become nodes marked kgo:minted, derived from the article that names them."""
    from rdflib import Literal as Lit
    from rdflib import URIRef as Ref

    from kgqa.terms import ID as KGID
    from kgqa.terms import KGO as O

    (tmp_path / "wall-sit.txt").write_text(
        "Wall Sit\n\nEquipment: Foam wedge\n\nSet up\n\n1. Find a smooth wall.\n2. Slide down until your knees bend.\n",
        encoding="utf-8",
    )
    result = build(tmp_path)
    g = result.graph
    wedge, sit = Ref(KGID + "equipment/foam-wedge"), Ref(KGID + "exercise/wall-sit")
    for node in (wedge, sit):
        assert (node, O.minted, Lit(True)) in g
        assert (node, PROV.wasDerivedFrom, KGID["doc/wall-sit"]) in g
        assert g.value(node, O.evidence) is not None
    assert (sit, O.setupStep, None) in g
    assert result.summary["minted"] == {"equipment": ["foam wedge"], "exercise": ["wall sit"]}


def test_a_superset_is_a_complement_fact_that_says_how(tmp_path: Path) -> None:
    from rdflib import RDF as R
    from rdflib import Literal as Lit

    from kgqa.terms import KGO as O

    (tmp_path / "wall-sit.txt").write_text(
        "Wall Sit\n\nProgramming\n\nHold it for 30 seconds and superset it with glute bridges.\n", encoding="utf-8")
    g = build(tmp_path).graph
    [st] = [s for s in g.subjects(R.predicate, O.complementedBy)]
    assert (st, O.pairing, Lit("superset")) in g
