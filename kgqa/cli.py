"""The `kgqa` command: a thin layer over the library.

Exit codes: 0 success; 1 the graph does not conform / answers below --min-pass; 2 usage or input error
(a bad file, argument or environment variable: one line naming it, no traceback); 130 interrupted (Ctrl-C),
143 on SIGTERM during a write (128 + the signal number); 141 when the reader of stdout goes away, as for any
command killed by SIGPIPE.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from .cli_args import check_bindable, jobs_arg, port_arg, rate_arg, store_arg, workers_arg
from .errors import KgqaError, QuestionError, ValidationError


def _progress(i: int, n: int, name: str) -> None:
    if n >= 10 or sys.stderr.isatty():
        print(f"\r[{i}/{n}] {name[:60]:<60}", end="" if i < n else "\n", file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build
    from .extract.parallel import worker_count
    from .files import writable_target
    from .graph import shards
    from .graph.store import guess_format, save

    out = Path(args.out) if args.out else None
    if out:
        guess_format(out, args.format, strict=True)  # a name with no known suffix fails now, not after the build
        writable_target(out)  # and so does a folder or a special file (/dev/null, a FIFO): refused, untouched
    if args.shards:
        shards.check_folder(Path(args.shards))
    result = build(Path(args.corpus) if args.corpus else None, validate=False, progress=_progress, jobs=args.jobs)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if result.warnings and args.strict:
        print(f"error: {len(result.warnings)} article(s) gave no exercise (--strict); nothing written",
              file=sys.stderr)
        return 2
    status, problem = 0, None
    if not args.no_validate:
        from .graph.validate import validate

        try:
            validate(result.graph)
        except ValidationError as exc:
            status, problem = 1, exc
    # the file is written before anything is printed, so a closed stdout (`| head`) cannot lose it
    if out:
        save(result.graph, out, args.format)
    written = shards.write_shards(result.graph, Path(args.shards), worker_count(args.jobs)) if args.shards else []
    summary = result.summary
    print(f"built {summary['documents']} documents in {result.seconds:.2f} s")
    for key, value in summary.items():
        if key == "facts by kind":
            print("  facts by kind:")
            for kind, n in value.items():  # type: ignore[attr-defined]
                print(f"    {kind:<12} {n}")
        elif key == "minted":  # names the articles gave that the vocabulary lacks
            print("  minted (named by the sources, not the vocabulary):" + ("" if value else " none"))
            for kind, labels in value.items():  # type: ignore[attr-defined]
                more = f", and {len(labels) - 30} more" if len(labels) > 30 else ""
                print(f"    {kind:<12} {len(labels)}: {', '.join(labels[:30])}{more}")
        elif key != "documents":
            print(f"  {key:<20} {value}")
    if problem is not None:
        print(f"SHACL: does not conform; violated shapes: {', '.join(problem.shapes)}", file=sys.stderr)
        print(problem.report, file=sys.stderr)
    elif not args.no_validate:
        print("SHACL: conforms")
    if out:
        print(f"wrote {out} ({args.format or 'from suffix'})")
    if written:
        print(f"wrote {len(written)} N-Triples shards to {args.shards} (docs/bulk-load.md: loading them)")
    return status


def _load(graph: str | None):  # noqa: ANN202
    from .kg import load

    return load(graph)


def _answerer(graph: str | None):  # noqa: ANN202
    """What answers `kgqa ask`: the default graph's snapshot (kgqa.qa.snapshot; no graph to parse), else the
    answerer of the graph file given, or of the graph at the SPARQL endpoint that is the store."""
    from .stores import resolve

    if graph is None and resolve().kind.files:  # a snapshot is of the local default graph, not an endpoint's
        from .qa.snapshot import default_answerer

        return default_answerer()
    return _load(graph).qa


UNDECODABLE = "\udc80", "\udcff"  # how Python keeps an undecodable byte of argv (PEP 383 surrogateescape)
ENCODING_HINT = "send the question as UTF-8 text (check the terminal's encoding, e.g. LANG=C.UTF-8, or convert " \
    "a file with iconv -t UTF-8)"


def _check_argv_question(question: str) -> str:
    """`question`, or QuestionError if the command line held bytes that are not UTF-8."""
    bad = next((i for i, ch in enumerate(question) if UNDECODABLE[0] <= ch <= UNDECODABLE[1]), None)
    if bad is not None:
        byte = ord(question[bad]) - 0xDC00
        raise QuestionError(f"the question is not UTF-8 text: byte 0x{byte:02x} at character {bad + 1} cannot be "
                            "decoded", hint=ENCODING_HINT)
    return question


def _stdin_questions() -> Iterator[tuple[str, QuestionError | None]]:
    """(question, None) per stdin line, or (the line with bad bytes replaced, the error) for a line that is
    not UTF-8, so one bad line does not stop the lines after it. Blank lines are skipped."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream with no bytes under it (an embedding program, tests)
        for line in sys.stdin:
            if line.strip():
                try:
                    yield _check_argv_question(line.strip()), None
                except QuestionError as exc:
                    yield line.strip().encode("utf-8", "surrogateescape").decode("utf-8", "replace"), exc
        return
    for number, raw in enumerate(buffer, 1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            text = raw.decode("utf-8", "replace").strip()
            yield text, QuestionError(f"line {number} of stdin is not UTF-8 text: byte 0x{raw[exc.start]:02x} at "
                                      f"byte {exc.start + 1} of the line cannot be decoded ({exc.reason})",
                                      hint=ENCODING_HINT)
            continue
        if line.strip():
            yield line.strip(), None


def cmd_ask(args: argparse.Namespace) -> int:
    from .render import render_text

    question = _check_argv_question(" ".join(args.question)) if args.question else None
    qa = _answerer(args.graph)
    if question is not None:
        answer = qa.ask(question)
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) if args.json else render_text(answer))
        return 0
    status = 0
    for text, problem in _stdin_questions():
        try:
            if problem is not None:
                raise problem
            print(json.dumps(qa.ask(text).to_dict(), ensure_ascii=False), flush=True)
        except KgqaError as exc:
            print(json.dumps({"question": text, **exc.to_dict()}, ensure_ascii=False), flush=True)
            status = 2
    return status


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report, read_questions

    rows = read_questions(Path(args.file))  # a bad file fails before the graph is loaded
    report = evaluate(_load(args.graph), rows)
    print(format_report(report))
    return 0 if report.pass_rate >= args.min_pass else 1


def cmd_serve(args: argparse.Namespace) -> int:
    from .api import run

    check_bindable(args.host, args.port)
    return int(run(host=args.host, port=args.port, workers=args.workers, graph=args.graph) or 0)


def cmd_export(args: argparse.Namespace) -> int:
    from .explore import export
    from .files import writable_target

    out = Path(args.out) if args.out else None
    fmt = args.format or (EXPORT_SUFFIX.get(out.suffix.lower(), "turtle") if out else "turtle")
    if out:
        writable_target(out)  # a folder or a special file is refused before the graph is loaded
    kg = _load(args.graph)
    written = export(kg.graph, fmt, out)
    if written is not None:
        print(f"wrote {written}", file=sys.stderr)
    return 0


EXPORT_SUFFIX = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt", ".graphml": "graphml"}


def cmd_push(args: argparse.Namespace) -> int:
    from .errors import ConfigurationError
    from .kg import load
    from .stores import ENV, resolve
    from .stores.endpoint import push

    store = resolve(args.store)  # --store, else $KGQA_STORE
    if store.kind.files:
        raise ConfigurationError(f"kgqa push puts the graph at a SPARQL endpoint, and the store is {store.setting!r}",
                                 hint=f"give the endpoint: --store http://127.0.0.1:7878/query (or set {ENV})")
    graph = load(args.graph, store="oxigraph").graph  # the default graph, or the file given
    print(push(graph, store.setting, gsp=args.gsp, append=args.append))
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kgqa",
        description="Knowledge-graph question answering over fitness articles: build the graph from "
        "a folder of articles, ask it questions, serve it over HTTP.",
        epilog="Exit codes: 0 ok, 1 graph does not conform or eval below --min-pass, 2 usage or input error "
        "(bad file, argument or environment variable), 130 interrupted (Ctrl-C).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    b = sub.add_parser("build", help="build the knowledge graph from a folder of articles",
                       description="Read every .txt/.md article in CORPUS (manifest.json optional), extract "
                       "facts with their source sentences, write one self-contained graph and validate it "
                       "with SHACL.")
    b.add_argument("--corpus", metavar="DIR", help="folder of articles and structured sources (default: $KGQA_CORPUS, "
                   "else the packaged corpus)")
    b.add_argument("--out", metavar="FILE", help="write the graph here (format from --format or the suffix)")
    b.add_argument("--format", choices=["turtle", "json-ld", "nt"], help="output format (default: from suffix)")
    b.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
    b.add_argument("--strict", action="store_true",
                   help="fail (exit 2, nothing written) when an article yields no exercise, instead of warning")
    b.add_argument("--jobs", type=jobs_arg, default=1, metavar="N",
                   help="extract articles in N worker processes (0: one per CPU; default 1); the graph is the same")
    b.add_argument("--shards", metavar="DIR",
                   help="also write the graph as N-Triples shards for bulk loading: ontology.nt and one part per job")
    b.set_defaults(func=cmd_build)

    a = sub.add_parser("ask", help="answer a question (or one per stdin line, as JSON lines)",
                       description="Answer a question by traversing the graph, citing the sentences that "
                       "support the answer. With no question, read one per line from stdin and write JSON lines.")
    a.add_argument("question", nargs="*", help='the question, e.g. "what muscles do cable kickbacks work?"')
    a.add_argument("--json", action="store_true", help="print the JSON answer contract")
    a.add_argument("--graph", metavar="FILE", help="graph file (default: the packaged corpus's graph)")
    a.set_defaults(func=cmd_ask)

    e = sub.add_parser("eval", help="score a question file (JSON lines) and print pass rates",
                       description="Score questions in the format of tests/data/dev.jsonl: pass rate per kind "
                       "and every failure. Exits 1 below --min-pass.")
    e.add_argument("file", help="questions, one JSON object per line")
    e.add_argument("--min-pass", type=rate_arg, default=0.0, metavar="RATE", help="fail below this rate (0-1)")
    e.add_argument("--graph", metavar="FILE", help="graph file (default: the packaged corpus's graph)")
    e.set_defaults(func=cmd_eval)

    s = sub.add_parser("serve", help="run the HTTP API, SPARQL endpoint and chat page",
                       description="Serve /ask, /entities, /sparql, /graph, /health and the chat page at /.",
                       epilog="Environment: KGQA_CORS_ORIGINS (comma-separated origins; default same origin only), "
                       "KGQA_SPARQL_TIMEOUT (s, parsing included, default 5), KGQA_SPARQL_ROW_CAP (default 10000), "
                       "KGQA_SPARQL_WORKERS (processes evaluating SPARQL, default 2), KGQA_SPARQL_MAX_QUERY_BYTES "
                       "(default 65536), KGQA_ANSWER_CACHE (answers kept per worker, default 4096, 0 = off), "
                       "KGQA_ANSWER_CACHE_BYTES (default 64 MiB), KGQA_STORE (oxigraph, memory or a SPARQL endpoint's "
                       "URL; --store). A bad value stops serve with one line (exit 2). "
                       "Example: kgqa serve --port 8080 --workers 2")
    s.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    s.add_argument("--port", type=port_arg, default=8000, help="port (default: 8000)")
    s.add_argument("--workers", type=workers_arg, default=1, help="worker processes (default: 1)")
    s.add_argument("--graph", metavar="FILE", help="graph file (default: the packaged corpus's graph)")
    s.set_defaults(func=cmd_serve)

    x = sub.add_parser("export", help="export the graph as turtle, json-ld, nt or graphml",
                       description="Write the graph in a standard format (stdout without --out).")
    x.add_argument("--format", choices=["turtle", "json-ld", "nt", "graphml"],
                   help="output format (default: from the suffix of --out: .ttl, .jsonld, .nt, .graphml; else turtle)")
    x.add_argument("--out", metavar="FILE", help="output file (default: stdout)")
    x.add_argument("--graph", metavar="FILE", help="graph file (default: the packaged corpus's graph)")
    x.set_defaults(func=cmd_export)

    p = sub.add_parser("push", help="put the graph at a SPARQL endpoint (Graph Store Protocol)",
                       description="Put the default graph (or --graph FILE) at the SPARQL 1.1 endpoint --store URL "
                       "with the Graph Store HTTP Protocol: an N-Triples PUT replacing its default graph (POST with "
                       "--append), then count its triples. Then `kgqa ask --store URL` answers from it.",
                       epilog="Example: oxigraph serve --location data & kgqa push --store http://127.0.0.1:7878/query")
    p.add_argument("--graph", metavar="FILE", help="graph file (default: the packaged corpus's graph)")
    p.add_argument("--gsp", metavar="URL", help="the endpoint's Graph Store Protocol URL (default: known for "
                   "Oxigraph /query -> /store, Fuseki /DATASET/query -> /DATASET/data, GraphDB /repositories/R)")
    p.add_argument("--append", action="store_true", help="add to the endpoint's default graph instead of replacing it")
    p.set_defaults(func=cmd_push)
    for command in (a, e, s, x, p):
        command.add_argument("--store", type=store_arg, metavar="STORE",
                             help="where the graph lives: oxigraph (embedded, default), memory (rdflib), or a SPARQL "
                             "1.1 endpoint's URL, e.g. http://127.0.0.1:7878/query (default: $KGQA_STORE)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt as exc:  # Ctrl-C anywhere, or SIGTERM/SIGHUP while a file is written
        signum = getattr(exc, "signum", signal.SIGINT)
        name = getattr(exc, "name", "SIGINT")
        print("interrupted" if signum == signal.SIGINT else f"interrupted by {name}", file=sys.stderr, flush=True)
        return 128 + int(signum)


def _main(argv: Sequence[str] | None) -> int:
    from .env import check_environment

    _tolerant_stdout()
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        print("\nerror: give a command: build, ask, eval, serve, export or push (e.g. kgqa ask \"what muscles do "
              "cable kickbacks work?\")", file=sys.stderr)
        return 2
    try:
        if getattr(args, "store", None):  # --store: for this process and the server workers it starts
            os.environ["KGQA_STORE"] = args.store
        for warning in check_environment(args.command):
            print(f"warning: {warning}", file=sys.stderr)
        status = int(args.func(args))
        sys.stdout.flush()  # here, not at exit, so a closed pipe is caught below
        return status
    except KgqaError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"hint: {exc.hint}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (`kgqa export | head`): stop quietly, as cat does, without a traceback at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _tolerant_stdout() -> None:
    """Print a file name holding a byte that is not UTF-8 (kept by Python as a lone surrogate) with that
    byte as it is on disk, as `ls` does, instead of failing with UnicodeEncodeError after the work is done."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(AttributeError, OSError, ValueError):  # a stream that cannot be: leave it
            reconfigure(errors="surrogateescape")


# commands that only read and print: nothing is left to write or clean up once their output is flushed
_READ_ONLY = ("ask", "eval")


def run() -> None:
    """The console script: `main`, then, after a command that only reads, an exit that does not free the
    answerer's millions of objects one by one (0.4 s of a whole `kgqa ask` with the dataset in the graph)."""
    status = main()
    argv = sys.argv[1:]
    if argv and argv[0] in _READ_ONLY:
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


if __name__ == "__main__":
    run()
