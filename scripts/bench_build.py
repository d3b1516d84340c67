"""Benchmark `build`: the packaged corpus (target <= 3 s), then the corpus replicated N times.

    python scripts/bench_build.py [--scales 10 50 100] [--no-validate]

Each replica is a copy of every article under a distinct file name (so a distinct document),
with the manifest replicated alongside. Prints seconds per scale, seconds per document, and how
far the growth is from linear (time(N) / (N x time(1))).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kgqa.build import build
from kgqa.corpus import article_paths
from kgqa.lexicon import Lexicon
from kgqa.manifest import MANIFEST_NAME
from kgqa.resources import corpus_dir


def replicate(corpus: Path, times: int, into: Path) -> Path:
    """`times` copies of every article of `corpus` in `into`, named `r003-<name>`."""
    into.mkdir(parents=True, exist_ok=True)
    manifest_path = corpus / MANIFEST_NAME
    manifest = (
        json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    )
    copies: dict[str, object] = {}
    for i in range(times):
        for path in article_paths(corpus):
            name = f"r{i:03d}-{path.name}"
            shutil.copyfile(path, into / name)
            if path.name in manifest:
                copies[name] = manifest[path.name]
    (into / MANIFEST_NAME).write_text(json.dumps(copies), encoding="utf-8")
    return into


def progress(i: int, n: int, name: str) -> None:
    if n < 10 or not (i % max(1, n // 10) == 0 or i == n):
        return
    tty = sys.stderr.isatty()
    print(
        f"{chr(13) if tty else ''}  extracted {i}/{n} articles ({name[:40]})",
        end="" if tty and i < n else "\n",
        file=sys.stderr,
        flush=True,
    )
    if i == n:
        print("  assembling the graph and validating ...", file=sys.stderr, flush=True)


def cli_seconds(corpus: Path) -> float:
    """Wall time of a whole `kgqa build` process: imports, extraction, SHACL, writing Turtle."""
    with tempfile.TemporaryDirectory(prefix="kgqa-bench-") as tmp:
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "kgqa.cli",
                "build",
                "--corpus",
                str(corpus),
                "--out",
                str(Path(tmp) / "g.ttl"),
            ],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def timed_build(folder: Path, lexicon: Lexicon, validate: bool) -> tuple[float, int, int]:
    started = time.perf_counter()
    result = build(folder, lexicon=lexicon, validate=validate, progress=progress)
    return time.perf_counter() - started, len(result.documents), len(result.graph)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus", type=Path, default=corpus_dir(), help="corpus to time (default: packaged)"
    )
    parser.add_argument(
        "--scales", type=int, nargs="*", default=[10, 50, 100], help="replication factors"
    )
    parser.add_argument(
        "--no-validate", action="store_true", help="leave SHACL validation out of the timing"
    )
    args = parser.parse_args()
    validate = not args.no_validate

    started = time.perf_counter()
    lexicon = Lexicon.default()
    _ = lexicon.nlp  # spaCy import and pipeline set-up: paid once per process
    setup = time.perf_counter() - started
    first, docs, triples = timed_build(args.corpus, lexicon, validate)
    warm, _, _ = timed_build(args.corpus, lexicon, validate)
    process = cli_seconds(args.corpus)
    print(f"set-up (spaCy, vocabulary): {setup:.2f} s")
    print(f"corpus ({docs} documents, {triples} triples): first build {first:.2f} s, "
          f"warm {warm:.2f} s")
    print(
        f"whole `kgqa build --out g.ttl` process: {process:.2f} s (target <= 3 s: "
        f"{'ok' if process <= 3 else 'MISSED'})"
    )

    rows = [(1, docs, triples, warm)]
    with tempfile.TemporaryDirectory(prefix="kgqa-bench-") as tmp:
        for n in args.scales:
            print(f"{n}x: copying ...", file=sys.stderr)
            folder = replicate(args.corpus, n, Path(tmp) / f"x{n}")
            seconds, n_docs, n_triples = timed_build(folder, lexicon, validate)
            rows.append((n, n_docs, n_triples, seconds))
            shutil.rmtree(folder)

    header = ("scale", "documents", "triples", "seconds", "s/doc", "vs linear")
    print("\n" + "".join(f"{h:>11}" for h in header))
    for n, n_docs, n_triples, seconds in rows:
        ratio = seconds / (n * warm)
        per_doc = seconds / n_docs
        cells = (f"{n}x", n_docs, n_triples, f"{seconds:.2f}", f"{per_doc:.3f}", f"{ratio:.2f}x")
        print("".join(f"{c:>11}" for c in cells))
    if len(rows) > 1:
        n, _, _, seconds = rows[-1]
        ratio = seconds / (n * warm)
        verdict = "linear" if ratio <= 1.5 else "worse than linear"
        print(f"\nscaling: ~{verdict}: time({n}x) / ({n} x time(1x)) = {ratio:.2f}; "
              f"{n}x took {seconds:.1f} s (target <= 120 s)")


if __name__ == "__main__":
    main()
