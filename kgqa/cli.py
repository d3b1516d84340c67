"""The `kgqa` command: a thin layer over the library.

Exit codes: 0 success; 1 the graph does not conform / answers below --min-pass; 2 usage or input error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import KgqaError, ValidationError


def _progress(i: int, n: int, name: str) -> None:
    if n >= 10 or sys.stderr.isatty():
        print(f"\r[{i}/{n}] {name[:60]:<60}", end="" if i < n else "\n", file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build, save

    try:
        result = build(Path(args.corpus) if args.corpus else None, validate=False, progress=_progress)
    except KgqaError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else None
    summary = result.summary
    print(f"built {summary['documents']} documents in {result.seconds:.2f} s")
    for key, value in summary.items():
        if key == "facts by kind":
            print("  facts by kind:")
            for kind, n in value.items():  # type: ignore[attr-defined]
                print(f"    {kind:<12} {n}")
        elif key != "documents":
            print(f"  {key:<20} {value}")
    status = 0
    if not args.no_validate:
        from .validate import validate

        try:
            validate(result.graph)
            print("SHACL: conforms")
        except ValidationError as exc:
            print(f"SHACL: does not conform; violated shapes: {', '.join(exc.shapes)}", file=sys.stderr)
            print(exc.report, file=sys.stderr)
            status = 1
    if out:
        save(result.graph, out, args.format)
        print(f"wrote {out} ({args.format or 'from suffix'})")
    return status


def _load(graph: str | None):  # noqa: ANN202
    from .kg import load

    return load(graph)


def cmd_ask(args: argparse.Namespace) -> int:
    from .render import render_text

    kg = _load(args.graph)
    if args.question:
        answer = kg.ask(" ".join(args.question))
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) if args.json else render_text(answer))
        return 0
    status = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            print(json.dumps(kg.ask(line.strip()).to_dict(), ensure_ascii=False), flush=True)
        except KgqaError as exc:
            print(json.dumps({"question": line.strip(), **exc.to_dict()}), flush=True)
            status = 2
    return status


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_file, format_report

    kg = _load(args.graph)
    report = evaluate_file(kg, Path(args.file))
    print(format_report(report))
    return 0 if report.pass_rate >= args.min_pass else 1


def cmd_serve(args: argparse.Namespace) -> int:
    from .api import run

    return int(run(host=args.host, port=args.port, workers=args.workers, graph=args.graph) or 0)


def cmd_export(args: argparse.Namespace) -> int:
    from .explore import export

    kg = _load(args.graph)
    written = export(kg.graph, args.format, Path(args.out) if args.out else None)
    if written is not None:
        print(f"wrote {written}", file=sys.stderr)
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kgqa",
        description="Knowledge-graph question answering over fitness articles: build the graph from "
        "a folder of articles, ask it questions, serve it over HTTP.",
        epilog="Exit codes: 0 ok, 1 graph does not conform or eval below --min-pass, 2 usage or input error.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    b = sub.add_parser("build", help="build the knowledge graph from a folder of articles",
                       description="Read every .txt/.md article in CORPUS (manifest.json optional), extract "
                       "facts with their source sentences, write one self-contained graph and validate it "
                       "with SHACL.")
    b.add_argument("--corpus", metavar="DIR", help="folder of plain-text articles (default: the packaged corpus)")
    b.add_argument("--out", metavar="FILE", help="write the graph here (format from --format or the suffix)")
    b.add_argument("--format", choices=["turtle", "json-ld", "nt"], help="output format (default: from suffix)")
    b.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
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
    e.add_argument("--min-pass", type=float, default=0.0, metavar="RATE", help="fail below this rate (0-1)")
    e.add_argument("--graph", metavar="FILE", help="graph file (default: the packaged corpus's graph)")
    e.set_defaults(func=cmd_eval)

    s = sub.add_parser("serve", help="run the HTTP API, SPARQL endpoint and chat page",
                       description="Serve /ask, /entities, /sparql, /graph, /health and the chat page at /.",
                       epilog="Environment: KGQA_CORS_ORIGINS (comma-separated origins; default same origin only), "
                       "KGQA_SPARQL_TIMEOUT (s, default 5), KGQA_SPARQL_ROW_CAP (default 10000), KGQA_ANSWER_CACHE "
                       "(answers kept per worker, default 4096, 0 = off). Example: kgqa serve --port 8080 --workers 2")
    s.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    s.add_argument("--workers", type=int, default=1, help="worker processes (default: 1)")
    s.add_argument("--graph", metavar="FILE", help="graph file (default: the packaged corpus's graph)")
    s.set_defaults(func=cmd_serve)

    x = sub.add_parser("export", help="export the graph as turtle, json-ld, nt or graphml",
                       description="Write the graph in a standard format (stdout without --out).")
    x.add_argument("--format", choices=["turtle", "json-ld", "nt", "graphml"], default="turtle")
    x.add_argument("--out", metavar="FILE", help="output file (default: stdout)")
    x.add_argument("--graph", metavar="FILE", help="graph file (default: the packaged corpus's graph)")
    x.set_defaults(func=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except KgqaError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"hint: {exc.hint}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
