"""Benchmark the stores: opening the default graph's cache and running SPARQL, rdflib's memory store vs Oxigraph.

    python scripts/bench_stores.py [--times 1 100] [--repeat 5]

For each scale the packaged corpus is replicated (scripts/bench_build.py's `replicate`), built without
validation and written as the default graph's cache would be. Then, per store:
- open: rdflib parses the cache file (what `KGQA_STORE=memory` does on every start); Oxigraph's first open
  bulk-loads its on-disk store once, every later open is read-only (`kgqa.stores.oxigraph.open_cached`);
- scan: every triple through rdflib's Graph API (what building the question index reads);
- SPARQL: the plans of the dev questions (`answer.sparql`) as `kg.sparql` runs them, and as `/sparql` runs
  them (`kgqa.sparql.execute`: checks, evaluation, JSON), p50 and p99 in ms; for Oxigraph also a query sent
  again (its checks are remembered per query text, so only Oxigraph's evaluation is left).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_build import replicate

from kgqa.build import build
from kgqa.evaluate import read_questions
from kgqa.graph.store import parse_cache, read_cache, write_cache
from kgqa.kg import KnowledgeGraph
from kgqa.resources import corpus_dir
from kgqa.sparql import checked_form, execute
from kgqa.stores.oxigraph import open_cached, store_dir

DEV = Path(__file__).resolve().parent.parent / "tests" / "data" / "dev.jsonl"


def timed(work: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The median seconds of `repeat` runs of `work`, and its last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered) * 1000:.2f} / {p99 * 1000:.2f}"


def measure(times: int, plans: list[str], repeat: int) -> list[str]:
    """The table rows of one scale."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        corpus = replicate(corpus_dir(), times, Path(folder) / "corpus")
        cache = Path(folder) / "graph-bench.nt"
        write_cache(build(corpus, validate=False).graph, cache)
        slow = 1 if times >= 10 else repeat
        parse, memory = timed(lambda: parse_cache(cache, read_cache(cache) or b""), slow)
        first, _ = timed(lambda: open_cached(cache), 1)  # makes the store
        opened, oxigraph = timed(lambda: open_cached(cache), repeat)
        print(f"{times}x: {len(memory):,} triples; rdflib parse {parse:.3f} s; Oxigraph first open (bulk load) "
              f"{first:.3f} s, read-only open {opened:.4f} s ({store_dir(cache)})", file=sys.stderr)
        for name, graph, open_time in (("memory (rdflib)", memory, f"{parse:.3f}"),
                                       ("oxigraph", oxigraph, f"{opened:.4f} (first: {first:.2f})")):
            scan, _ = timed(lambda g=graph: sum(1 for _ in g), slow)
            kg = KnowledgeGraph(graph)
            library, endpoint, again = [], [], []
            for plan in plans:
                library.append(timed(lambda q=plan, k=kg: k.sparql(q), repeat)[0])
                endpoint.append(timed(lambda q=plan, g=graph: (checked_form.cache_clear(),
                                                               execute(g, q, None, "json", 10_000)), repeat)[0])
                again.append(timed(lambda q=plan, g=graph: execute(g, q, None, "json", 10_000), repeat)[0])
            repeated = percentiles(again) if name == "oxigraph" else "(the same)"
            rows.append(f"| {times}x | {len(graph):,} | {name} | {open_time} | {scan:.3f} | "
                        f"{percentiles(library)} | {percentiles(endpoint)} | {repeated} |")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=int, nargs="+", default=[1, 100], help="corpus replicas (default: 1 100)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (parsing at 10x and more: 1)")
    args = parser.parse_args()
    plans = sorted({a.sparql for a in (KnowledgeGraph(build(validate=False).graph).ask(row["q"])
                                       for row in read_questions(DEV)) if a.sparql})
    rows = ["| scale | triples | store | open (s) | scan (s) | kg.sparql p50 / p99 (ms) | /sparql p50 / p99 (ms) "
            "| /sparql, a query sent again |", "|---|---|---|---|---|---|---|---|"]
    for times in args.times:
        rows += measure(times, plans, args.repeat)
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
