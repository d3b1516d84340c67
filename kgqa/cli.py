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
