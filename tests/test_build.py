"""`kgqa build`: the written graph, an article left out, determinism, the cache, atomic writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT
from rdflib import OWL, PROV, RDF, Graph

import kgqa.build as kb
from kgqa.build import BuildResult, build, default_graph, load_graph, save
from kgqa.cli import main
from kgqa.errors import CorpusError, GraphError
from kgqa.lexicon import Lexicon
from kgqa.terms import KGO
from kgqa.validate import validate

REQUIRED_CLASSES = ("Exercise", "Muscle", "Equipment", "Mistake", "Benefit")


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
    assert all((doc, RDF.type, KGO.Document) in graph for _, doc in derived)
    assert set(graph.subjects(RDF.type, KGO.Exercise))
    validate(graph)
    return graph


def test_cli_build_writes_a_conforming_graph(
    tmp_path: Path, built: BuildResult, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "g.ttl"
    assert main(["build", "--corpus", str(CORPUS), "--out", str(out)]) == 0
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
        [sys.executable, "-m", "kgqa.cli", "build", "--corpus", "corpus", "--out", str(out)],
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
    again = build(CORPUS, lexicon=lexicon, validate=False)
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

    monkeypatch.setattr(kb.os, "replace", fail)
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
        kb.write_atomic(tmp_path, "data")
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
    proc = subprocess.Popen([sys.executable, "-m", "kgqa.cli", "build", "--corpus", str(CORPUS), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141, err
    assert "Traceback" not in err and "BrokenPipeError" not in err
    assert out.is_file() and load_graph(out)
