"""The `kgqa` command's handling of misuse: exit 2, a message naming the file or option and the fix, no traceback.

(`kgqa build` and graph files: tests/test_build.py; export formats: tests/test_explore.py.)
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA

from kgqa.build import BuildResult
from kgqa.cli import main
from kgqa.graph.store import save


@pytest.fixture(scope="module")
def built(articles_built: BuildResult) -> BuildResult:
    """The packaged articles' graph (conftest), not the shipped one with free-exercise-db's records: the tests
    of the command line need no records, and the mechanisms are the same at a 25th of the size."""
    return articles_built


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_no_command_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([], capsys)
    assert code == 2 and out == ""
    assert "give a command: build, ask, eval, serve, export or push" in err


def test_empty_question_exits_2_with_an_example(capsys: pytest.CaptureFixture[str], built: BuildResult,
                                                tmp_path: Path) -> None:
    graph = save(built.graph, tmp_path / "g.nt")
    code, _, err = run(["ask", "--graph", str(graph), ""], capsys)
    assert code == 2 and "the question is empty: ask e.g." in err


def test_the_console_script_keeps_the_status_and_output_of_a_read_only_command(built: BuildResult,
                                                                               tmp_path: Path) -> None:
    """`kgqa.cli.run` ends `ask` and `eval` with os._exit (no freeing of the answerer at exit): the status and
    every line written must survive it."""
    graph = save(built.graph, tmp_path / "g.nt")
    command = [sys.executable, "-m", "kgqa.cli", "ask", "--graph", str(graph)]
    empty = subprocess.run([*command, ""], capture_output=True, text=True, timeout=120)
    assert empty.returncode == 2 and "the question is empty" in empty.stderr
    lines = subprocess.run(command, input="what is a donkey kick?\nwho is the president\n", capture_output=True,
                           text=True, timeout=120)
    assert lines.returncode == 0, lines.stderr
    assert [json.loads(x)["answered"] for x in lines.stdout.splitlines()] == [True, False]


# ---- kgqa eval ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no question file at {path}: expected one JSON object per line"),
        ("", "{path} has no questions"),
        ('{"q": "x"\n', "{path}, line 1: not JSON"),
        ('\n{"question": "x", "kind": "text"}\n', '{path}, line 2: expected an object with the question as "q"'),
        ('["x"]\n', '{path}, line 1: expected an object with the question as "q"'),
        ('{"q": "x", "kind": "maybe"}\n', "\"kind\" is 'maybe'; choose one of: entities, text, yesno, abstain"),
        ('{"q": "x", "kind": "yesno"}\n', 'a yesno question needs "yes": true or false'),
        ('{"q": "x", "kind": "text"}\n{"q": "what muscles?", "kind": "entities", "must": [["re:("]]}\n',
         "{path}, line 2: bad regular expression in \"must\": 're:(' (missing ), unterminated subpattern"),
        ('{"q": "x", "kind": "entities", "must_not": ["re:[a-"]}\n',
         "{path}, line 1: bad regular expression in \"must_not\": 're:[a-' (unterminated character set"),
        ('{"q": "x", "kind": "entities", "must": ["gluteus maximus"]}\n',
         '{path}, line 1: "must" must be a list of lists of strings, e.g. [["label", "other label"], ["label"]]'),
        ('{"q": "x", "kind": "entities", "may": "glutes"}\n', '{path}, line 1: "may" must be a list of strings'),
        ('{"q": " ", "kind": "text"}\n', '{path}, line 1: the question "q" is empty'),
    ],
    ids=["missing", "empty", "not-json", "no-q", "not-an-object", "unknown-kind", "yesno-without-yes", "bad-regex",
         "bad-regex-must-not", "must-not-grouped", "may-not-a-list", "empty-question"],
)
def test_eval_rejects_a_bad_question_file(content: str | None, expected: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    # regression: a missing file, a folder or a row without "q" was a traceback; an empty file passed (0/0, exit 0);
    # a label "re:(" was a re.error traceback after the graph was loaded
    path = tmp_path / "questions.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(["eval", str(path)], capsys)
    assert code == 2 and out == ""
    assert expected.format(path=path) in err


def test_eval_rejects_a_folder_and_binary_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["eval", str(tmp_path)], capsys)
    assert code == 2 and "is a folder: give a question file" in err
    (tmp_path / "q.jsonl").write_bytes(b"\xff\xfe\x00junk")
    code, _, err = run(["eval", str(tmp_path / "q.jsonl")], capsys)
    assert code == 2 and "q.jsonl: not UTF-8 text" in err


@pytest.mark.parametrize("rate", ["5", "-0.1", "ninety"])
def test_eval_min_pass_must_be_a_rate(rate: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["eval", str(DATA / "dev.jsonl"), "--min-pass", rate], capsys)
    assert code == 2 and f"--min-pass: expected a pass rate from 0 to 1 (e.g. 0.9 for 90 %), got '{rate}'" in err


def test_eval_exits_1_below_min_pass(built: BuildResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graph = save(built.graph, tmp_path / "g.nt")
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"q": "what muscles do back kicks work?", "kind": "abstain"}) + "\n",
                         encoding="utf-8")
    code, out, _ = run(["eval", str(questions), "--graph", str(graph), "--min-pass", "1"], capsys)
    assert code == 1 and "pass rate 0% (0/1)" in out


# ---- kgqa serve: refused before anything is loaded --------------------------------------------
@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--port", "99999"], "--port: expected a port number from 1 to 65535, got '99999'"),
        (["--port", "http"], "--port: expected a port number from 1 to 65535, got 'http'"),
        (["--workers", "0"], "--workers: expected at least 1 worker process, got '0'"),
        (["--host", "no-such-host.invalid", "--port", "8000"], "cannot serve on host 'no-such-host.invalid'"),
    ],
)
def test_serve_rejects_bad_options(argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["serve", *argv], capsys)
    assert code == 2 and expected in err


def test_serve_on_a_port_in_use_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    # regression: uvicorn printed "serving on" and then its own bind error, and exited 3
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, _, err = run(["serve", "--port", str(port)], capsys)
    assert code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in err and f"--port {port + 1}" in err
    assert "serving on" not in err


# ---- kgqa export --------------------------------------------------------------------------------
@pytest.mark.parametrize(("suffix", "start"), [(".nt", "<"), (".graphml", "<graphml"), (".ttl", "@prefix")])
def test_export_takes_the_format_from_the_suffix(suffix: str, start: str, built: BuildResult, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # regression: without --format, `--out g.nt` and `--out g.graphml` were written as turtle
    graph = save(built.graph, tmp_path / "graph.nt")
    out = tmp_path / f"export{suffix}"
    code, _, _ = run(["export", "--graph", str(graph), "--out", str(out)], capsys)
    assert code == 0 and out.read_text(encoding="utf-8").startswith(start)


def test_export_bogus_format_lists_the_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["export", "--format", "bogus"], capsys)
    assert code == 2 and "choose from 'turtle', 'json-ld', 'nt', 'graphml'" in err


# ---- kgqa ask: bytes that are not UTF-8 ---------------------------------------------------------
@pytest.fixture(scope="module")
def graph_file(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save(built.graph, tmp_path_factory.mktemp("graph") / "g.nt")


def test_stdin_line_that_is_not_utf8_gets_an_error_line_and_the_rest_are_answered(
    graph_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # regression: `printf 'ok?\\n\\xff\\nwhat is a donkey kick?\\n' | kgqa ask` stopped at the bad byte with a
    # UnicodeDecodeError traceback (or asked a question holding a lone surrogate)
    stdin = io.TextIOWrapper(io.BytesIO(b"ok?\n\xff\nwhat is a donkey kick?\n\ncaf\xe9 workout?\n"), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    code, out, err = run(["ask", "--graph", str(graph_file)], capsys)
    assert code == 2 and err == ""
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["question"] for line in lines] == ["ok?", "\ufffd", "what is a donkey kick?", "caf\ufffd workout?"]
    assert "answered" in lines[0] and lines[2]["answered"]
    for bad, number in ((lines[1], 2), (lines[3], 5)):
        assert bad["error"]["code"] == "bad_question"
        assert bad["error"]["message"].startswith(f"line {number} of stdin is not UTF-8 text: byte 0x")
        assert "UTF-8" in bad["error"]["hint"]


def test_question_argument_that_is_not_utf8_is_a_clear_error(graph_file: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    # regression: Python keeps an undecodable argv byte as a lone surrogate, and spaCy failed on it with a
    # UnicodeEncodeError traceback; `os.fsdecode(b"\\xff")` is what `kgqa ask $'\\xff'` receives
    question = "what is a " + os.fsdecode(b"\xff") + " donkey kick?"
    code, out, err = run(["ask", "--graph", str(graph_file), question], capsys)
    assert code == 2 and out == ""
    assert "error: the question is not UTF-8 text: byte 0xff at character 11 cannot be decoded" in err


# ---- environment variables --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("KGQA_SPARQL_TIMEOUT", "abc", "is not a number of seconds greater than 0"),
        ("KGQA_SPARQL_TIMEOUT", "0", "is not a number of seconds greater than 0"),
        ("KGQA_SPARQL_TIMEOUT", "nan", "is not a number of seconds greater than 0"),
        ("KGQA_SPARQL_ROW_CAP", "1.5", "is not a whole number of rows, 1 or more"),
        ("KGQA_ANSWER_CACHE", "-1", "is not a whole number of answers to keep, 0 (off) or more"),
        ("KGQA_ANSWER_CACHE", "", "is not a whole number of answers to keep"),
    ],
)
def test_serve_refuses_a_bad_environment_variable(name: str, value: str, expected: str,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    # regression: `KGQA_SPARQL_TIMEOUT=abc kgqa serve` printed "serving on" and then a ValueError traceback
    monkeypatch.setenv(name, value)
    code, out, err = run(["serve", "--port", "1"], capsys)  # refused before the port is even looked at
    assert code == 2 and out == ""
    [line] = err.splitlines()  # one line, naming the variable and its value
    assert line.startswith(f"error: {name}={value!r} {expected}") and "unset it for the default" in line


def test_other_commands_warn_about_a_bad_environment_variable_in_one_line(
    graph_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KGQA_SPARQL_TIMEOUT", "abc")
    code, out, err = run(["ask", "--graph", str(graph_file), "what is a donkey kick?"], capsys)
    assert code == 0 and "glute kickback" in out
    assert err.splitlines() == ["warning: KGQA_SPARQL_TIMEOUT='abc' is not a number of seconds greater than 0, "
                                "e.g. 5 or 2.5 (fix it, or unset it for the default, 5); only kgqa serve reads it, "
                                "and would refuse to start"]


def test_good_environment_values_pass_silently(monkeypatch: pytest.MonkeyPatch) -> None:
    from kgqa.env import check_environment

    good = {"KGQA_SPARQL_TIMEOUT": "2.5", "KGQA_SPARQL_ROW_CAP": "10", "KGQA_ANSWER_CACHE": "0"}
    assert check_environment("serve", good) == [] and check_environment("ask", good) == []
