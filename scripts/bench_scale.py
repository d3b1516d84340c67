"""Scale benchmark: synthetic graphs of kgqa's shape at 10k .. 5M triples; load time, memory, warm `ask`.

    python scripts/bench_scale.py                    # 10k and 100k triples (about a minute)
    python scripts/bench_scale.py --max 1M           # 10k, 100k and 1M (about 10 minutes)
    python scripts/bench_scale.py --max 5M           # and 5M (needs about 10 GB of memory)
    python scripts/bench_scale.py --sizes 30k 300k --no-server --no-write

The graphs come from scripts/scale_graph.py (exercise families with variations, muscles with roles,
equipment, mistakes with corrections, benefits, evidence sentences with their documents, through kgqa's own
graph builder) and are kept as N-Triples in --workdir for the next run (named for the size and a hash of
scale_graph.py and the vocabulary's muscles and equipment: a change to either makes new ones). Each size is
measured in processes of its own, so peak memory (ru_maxrss) is that size's alone:

- generate s: building the synthetic graph and writing it (not part of kgqa's start);
- load s: `kgqa.stores.load(file)` (the embedded store, $KGQA_STORE or the default), as `kgqa ask --graph`;
- first ask s: the first question, which builds the question-answering indexes;
- warm p50/p99 ms: every question asked again, --rounds times (each about a generated exercise, checked
  against what was generated: "answered" counts the answers that name it);
- server: the same questions with the store set to an Oxigraph server (`oxigraph serve`, the graph bulk-loaded
  with `oxigraph load`): load s is kgqa reading the graph from it. "n/a" when kgqa has no remote store or the
  `oxigraph` command is missing.

Writes docs/scale.md (the table, the machine and the run) and docs/scale.png (latency and memory against size).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scale_graph import Family, exercise_name, families_for, generate, pools  # noqa: E402

from kgqa.lexicon import Lexicon  # noqa: E402

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000, "5M": 5_000_000}
DEFAULT_SIZES = ("10k", "100k")
# (question, what the answer must name): one of each kind a generated exercise answers
QUESTIONS = (
    ("what muscles does the {name} work?", "muscles"),
    ("what are common mistakes in the {name}?", "mistakes"),
    ("what are the benefits of the {name}?", "benefits"),
    ("what equipment do I need for the {name}?", "equipment"),
    ("what variations of the {name} are there?", "variations"),
    ("what muscles does the banded {name} work?", "variation muscle"),
)


def size_of(text: str) -> int:
    """'10k', '1M', '250000' -> triples."""
    text = text.strip()
    if text in SIZES:
        return SIZES[text]
    scale = {"k": 1_000, "K": 1_000, "M": 1_000_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def label_of(triples: int) -> str:
    return f"{triples // 1_000_000}M" if triples >= 1_000_000 else f"{triples // 1_000}k"


def expected(fam: Family, kind: str, lexicon: Lexicon) -> list[str]:
    """The words an answer of `kind` about the family's exercise must contain (lower-case)."""
    if kind == "muscles":
        return [lexicon.label(m) for m, role in fam.muscles.items() if role == "primary"]
    if kind == "mistakes":
        return fam.mistakes
    if kind == "benefits":
        return fam.benefits
    if kind == "equipment":
        return [lexicon.label(e) for e in fam.equipment]
    if kind == "variations":
        return list(fam.variations.values())
    return [lexicon.label(next(m for m, role in fam.muscles.items() if role == "synergist"))]


def questions(families: int, per_size: int, lexicon: Lexicon) -> list[tuple[str, list[str]]]:
    """`per_size` exercises spread over the graph, each asked every kind of question."""
    picks = sorted({round(i * (families - 1) / max(per_size - 1, 1)) for i in range(per_size)})
    out = []
    for k in picks:
        fam = Family(k, lexicon, *pools(lexicon))
        out += [(q.format(name=exercise_name(k)), expected(fam, kind, lexicon)) for q, kind in QUESTIONS]
    return out


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# ---- the parts run in a process of their own -------------------------------------------------------------
def run_generate(triples: int, path: Path) -> dict[str, object]:
    started = time.perf_counter()
    lexicon = Lexicon.default()
    families = families_for(triples, lexicon)
    graph = generate(families, lexicon)
    tmp = path.with_suffix(".tmp")
    graph.serialize(destination=str(tmp), format="nt", encoding="utf-8")
    tmp.replace(path)
    return {"families": families, "triples": len(graph), "generate_s": time.perf_counter() - started,
            "generate_mib": peak_mib()}


def run_measure(path: Path, families: int, per_size: int, rounds: int, store: str | None) -> dict[str, object]:
    from kgqa.kg import KnowledgeGraph
    from kgqa.stores import describe, load

    lexicon = Lexicon.default()
    asked = questions(families, per_size, lexicon)
    started = time.perf_counter()
    graph = load(None if store and "://" in store else path, store)
    loaded = time.perf_counter()
    kg = KnowledgeGraph(graph, source=str(path))
    kg.ask(asked[0][0])
    first = time.perf_counter()
    answered, plans = 0, []
    for question, wanted in asked:  # first contact with each question; checks the answers
        answer = kg.ask(question)
        text = " ".join([answer.text, *answer.labels]).lower()
        answered += all(w.lower() in text for w in wanted)
        plans += [answer.sparql] if answer.sparql else []
    latencies, sparql = [], []
    for _ in range(rounds):
        for question, _ in asked:
            t = time.perf_counter()
            kg.ask(question)
            latencies.append((time.perf_counter() - t) * 1000)
    for query in plans:  # the answers' own SPARQL, where the store runs it (at the server for an endpoint)
        kg.sparql(query)
    for _ in range(rounds):
        for query in plans:
            t = time.perf_counter()
            kg.sparql(query)
            sparql.append((time.perf_counter() - t) * 1000)
    return {"store": describe(graph), "load_s": loaded - started, "first_ask_s": first - loaded,
            "p50_ms": pct(latencies, 0.5), "p99_ms": pct(latencies, 0.99), "mean_ms": statistics.fmean(latencies),
            "sparql_p50_ms": pct(sparql, 0.5) if sparql else None,
            "sparql_p99_ms": pct(sparql, 0.99) if sparql else None,
            "answered": f"{answered}/{len(asked)}", "peak_mib": peak_mib(), "triples": len(graph)}


def _child(args: list[str]) -> dict[str, object]:
    env = {**os.environ, "KGQA_ANSWER_CACHE": "0"}  # warm means answered again, not remembered
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], capture_output=True, text=True,
                          env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:2])} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---- the server path (kgqa.stores with an endpoint URL) --------------------------------------------------
def server_support() -> str | None:
    """Why the server path cannot run here, or None when it can."""
    try:
        from kgqa.stores import SCHEMES
    except ImportError:
        return "kgqa has no remote store (kgqa.stores)"
    if "http" not in SCHEMES:
        return "kgqa.stores has no SPARQL endpoint store"
    if shutil.which("oxigraph") is None:
        return "the oxigraph command is missing (pip install oxigraph)"
    return None


def measure_server(path: Path, families: int, per_size: int, rounds: int) -> dict[str, object]:
    """Bulk-load the graph into an Oxigraph server started here, then measure with the store set to it."""
    with tempfile.TemporaryDirectory(prefix="kgqa-scale-ox-") as tmp:
        location = Path(tmp) / "store"
        started = time.perf_counter()
        subprocess.run(["oxigraph", "load", "--location", str(location), "--file", str(path)], check=True,
                       capture_output=True)
        bulk = time.perf_counter() - started
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(["oxigraph", "serve-read-only", "--location", str(location), "--bind",
                                   f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for(port)
            row = _child(["--measure", str(path), "--families", str(families), "--per-size", str(per_size),
                          "--rounds", str(rounds), "--store", f"http://127.0.0.1:{port}/query"])
        finally:
            server.terminate()
            server.wait(timeout=30)
    row["bulk_load_s"] = bulk
    return row


def _wait_for(port: int, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"the Oxigraph server on port {port} did not start in {seconds:.0f} s")


# ---- the report --------------------------------------------------------------------------------------------
def table(rows: list[dict[str, object]], server_note: str | None) -> str:
    """Two markdown tables: the embedded store, and the same questions through an Oxigraph server."""

    def ms(row: dict[str, object], key: str) -> str:
        return "n/a" if row.get(key) is None else f"{row[key]:.2f}"

    def measured(r: dict[str, object]) -> str:
        return (f"{r['first_ask_s']:.1f} | {r['peak_mib']:.0f} | {ms(r, 'p50_ms')} | {ms(r, 'p99_ms')} "
                f"| {ms(r, 'sparql_p50_ms')} | {ms(r, 'sparql_p99_ms')} | {r['answered']}")

    tail = "first ask s | peak MiB | ask p50 ms | ask p99 ms | SPARQL p50 ms | SPARQL p99 ms | answered |"
    head = f"| size | triples | families | generate s | load s | {tail}"
    lines = ["Embedded:", "", head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        lines.append(f"| {r['size']} | {r['triples']:,} | {r['families']:,} | {r['generate_s']:.1f} "
                     f"| {r['load_s']:.2f} | {measured(r)} |")
    head = f"| size | bulk load s | load s | {tail}"
    lines += ["", "Through an Oxigraph server:", "", head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        s = r.get("server")
        if isinstance(s, dict):
            lines.append(f"| {r['size']} | {s['bulk_load_s']:.1f} | {s['load_s']:.2f} | {measured(s)} |")
        else:
            lines.append(f"| {r['size']} |" + " n/a |" * (head.count("|") - 2))
    if server_note:
        lines += ["", f"Server columns n/a: {server_note}."]
    return "\n".join(lines)


def plot(rows: list[dict[str, object]], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = [r["triples"] for r in rows]
    fig, (lat, mem) = plt.subplots(1, 2, figsize=(11, 4.2))
    lat.plot(x, [r["p50_ms"] for r in rows], "o-", color="tab:blue", label="embedded p50")
    lat.plot(x, [r["p99_ms"] for r in rows], "o--", color="tab:blue", label="embedded p99")
    served = [r for r in rows if isinstance(r.get("server"), dict)]
    if served:
        sx = [r["triples"] for r in served]
        lat.plot(sx, [r["server"]["p50_ms"] for r in served], "s-", color="tab:orange", label="server p50")
        lat.plot(sx, [r["server"]["p99_ms"] for r in served], "s--", color="tab:orange", label="server p99")
    lat.set(xscale="log", yscale="log", xlabel="triples", ylabel="warm ask latency (ms)", title="latency")
    mem.plot(x, [r["peak_mib"] for r in rows], "o-", color="tab:red", label="peak RSS (MiB)")
    mem.set(xscale="log", yscale="log", xlabel="triples", ylabel="MiB", title="memory and load time")
    load = mem.twinx()
    load.plot(x, [r["load_s"] for r in rows], "^:", color="tab:green", label="load s")
    load.plot(x, [r["first_ask_s"] for r in rows], "v:", color="tab:purple", label="first ask s")
    load.set(yscale="log", ylabel="seconds")
    for ax in (lat, mem):
        ax.grid(True, which="both", alpha=0.3)
    handles = mem.get_legend_handles_labels()[0] + load.get_legend_handles_labels()[0]
    mem.legend(handles, [h.get_label() for h in handles], loc="upper left", fontsize=8)
    lat.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


LEGEND = """\
- generate s: building the synthetic graph with kgqa's graph builder and writing it (not part of kgqa's start);
- load s: `kgqa.stores.load(file)` for the embedded store; through the server, kgqa reading the whole graph
  from the endpoint (the questions then run on that copy, as kgqa.stores.endpoint does; SPARQL runs at the
  server); bulk load s: `oxigraph load` of the file into the server's store;
- first ask s: the first question, which builds the question-answering indexes;
- ask p50/p99: warm `kg.ask` over every question, asked again after a first pass;
- SPARQL p50/p99: the answers' own SPARQL (`answer.sparql`) through `kg.sparql`, where the store runs it;
- peak MiB: the measuring process's maximum resident set size (one process per size and store);
- answered: answers that name what was generated for the exercise asked about."""


def report(rows: list[dict[str, object]], server_note: str | None, args: argparse.Namespace, seconds: float) -> str:
    first, last = rows[0], rows[-1]
    ratio = float(last["p50_ms"]) / float(first["p50_ms"])  # type: ignore[arg-type]
    loads = ", ".join(f"{r['size']} {r['load_avg']:.2f}" for r in rows)
    return "\n".join([
        "# Scale benchmark", "",
        f"`python scripts/bench_scale.py {' '.join(sys.argv[1:])}`".replace("  ", " "), "",
        f"Synthetic graphs from `scripts/scale_graph.py` (the shape `kgqa build` gives), measured on "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, embedded store `{first['store']}`; "
        f"{args.per_size} exercises x {len(QUESTIONS)} questions, asked {args.rounds} times each after a first "
        f"pass; the whole run took {seconds / 60:.1f} min. Load average (1 min) as each size started: {loads} "
        "(above about 0.5 another process shared the CPUs: read the ratios, not the absolute times).", "",
        table(rows, server_note), "",
        LEGEND, "",
        f"Embedded warm p50 at {last['size']} is {ratio:.2f}x the p50 at {first['size']} "
        f"(target: within 2x at 1M).", "",
        "![latency and memory against size](scale.png)", "",
    ])


def graph_version() -> str:
    """What the kept graphs depend on: scale_graph.py and the vocabulary's muscles and equipment it draws from
    (a changed vocabulary makes other families, which the questions' expected answers would not match)."""
    muscles, equipment = pools(Lexicon.default())
    text = (HERE / "scale_graph.py").read_bytes() + "\n".join(muscles + equipment).encode()
    return hashlib.sha256(text).hexdigest()[:10]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", help=f"sizes in triples (default: {' '.join(DEFAULT_SIZES)})")
    parser.add_argument("--max", help="run the standard sizes up to this one: 1M, or 5M")
    parser.add_argument("--rounds", type=int, default=10, help="times each question is asked warm (default 10)")
    parser.add_argument("--per-size", type=int, default=10, help="exercises asked about (default 10)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "kgqa-scale",
                        help="where the generated graphs are kept between runs")
    parser.add_argument("--docs", type=Path, default=HERE.parent / "docs", help="where scale.md/.png go")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument("--no-server", action="store_true", help="skip the Oxigraph server path")
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--graph", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--families", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        print(json.dumps(run_generate(args.generate, args.graph)))
        return
    if args.measure:
        print(json.dumps(run_measure(args.measure, args.families, args.per_size, args.rounds, args.store)))
        return

    names = args.sizes or (list(SIZES)[: list(SIZES).index(args.max) + 1] if args.max else DEFAULT_SIZES)
    server_note = "skipped (--no-server)" if args.no_server else server_support()
    version = graph_version()
    args.workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rows: list[dict[str, object]] = []
    for name in names:
        triples = size_of(name)
        path = args.workdir / f"synthetic-{triples}-{version}.nt"
        meta_path = path.with_suffix(".json")
        if path.exists() and meta_path.exists():
            meta = json.loads(meta_path.read_text())
        else:
            print(f"{name}: generating ...", file=sys.stderr, flush=True)
            meta = _child(["--generate", str(triples), "--graph", str(path)])
            meta_path.write_text(json.dumps(meta))
        print(f"{name}: measuring ({meta['triples']:,} triples) ...", file=sys.stderr, flush=True)
        row = {"size": label_of(triples), "load_avg": os.getloadavg()[0], **meta, **_child([
            "--measure", str(path), "--families", str(meta["families"]), "--per-size", str(args.per_size),
            "--rounds", str(args.rounds)])}
        if server_note is None:
            print(f"{name}: through an Oxigraph server ...", file=sys.stderr, flush=True)
            row["server"] = measure_server(path, int(meta["families"]), args.per_size, args.rounds)
        rows.append(row)
        print(table([row], None), file=sys.stderr, flush=True)
    text = report(rows, server_note, args, time.perf_counter() - started)
    print(text)
    if not args.no_write:
        args.docs.mkdir(parents=True, exist_ok=True)
        (args.docs / "scale.md").write_text(text, encoding="utf-8")
        plot(rows, args.docs / "scale.png")
        print(f"wrote {args.docs / 'scale.md'} and {args.docs / 'scale.png'}", file=sys.stderr)


if __name__ == "__main__":
    main()
