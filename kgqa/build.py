"""corpus/ -> graph: read the articles, extract their facts, assemble and validate the graph; the default graph.

The one place the stages meet (corpus, extract, graph), so it stays thin: each step is a library call, and
the graph stage's own parts (assembling, SHACL, files and the cache) live in `kgqa.graph`.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph

from .corpus import Document
from .extract import Fact
from .extract.identity import across_sources
from .extract.parallel import merge
from .graph.builder import build_graph
from .graph.store import cache_path, parse_cache, read_cache, write_cache
from .graph.validate import validate as shacl_validate
from .lexicon import Lexicon, load_vocabulary
from .manifest import read_manifest
from .readers import find_sources, read_sources
from .resources import corpus_dir
from .terms import KGO

__all__ = ["BuildResult", "Progress", "build", "default_graph", "load_default_graph", "summarize"]

#: called after each article with (articles done, articles in all, file name)
Progress = Callable[[int, int, str], None]


@dataclass
class BuildResult:
    graph: Graph
    documents: list[Document]
    facts: list[Fact]
    seconds: float
    summary: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: seconds per step: "extract" (reading the articles), "assemble" (the graph), "validate" (SHACL)
    timings: dict[str, float] = field(default_factory=dict)


def build(
    corpus: Path | None = None,
    *,
    validate: bool = True,
    progress: Progress | None = None,
    lexicon: Lexicon | None = None,
    jobs: int = 1,
) -> BuildResult:
    """Build the graph of every article in `corpus` (default: the packaged corpus).

    `jobs` worker processes extract the articles (0: one per CPU); any number gives the same graph, byte for
    byte (kgqa.extract.parallel says why).
    """
    started = time.perf_counter()
    folder = Path(corpus) if corpus else corpus_dir()
    manifest = read_manifest(folder)
    sources = find_sources(folder)
    lexicon = lexicon or Lexicon(load_vocabulary())
    articles = read_sources(lexicon, sources, manifest, jobs=jobs, progress=progress)
    extracted = time.perf_counter()
    # no silent loss: say which article gave nothing
    warnings = [
        f"{a.document.path.name}: no exercise found, so none of its facts are in the graph "
        "(name the exercise in its title, a heading or a definition sentence)"
        for a in articles if not any(f.kind in EXERCISE_FACTS for f in a.facts)
    ] + [w for a in articles for w in a.warnings]
    merged = across_sources(merge(lexicon, articles), lexicon)
    graph = build_graph(merged.documents, merged.facts, lexicon, merged.exercises, merged.names)
    assembled = time.perf_counter()
    if validate:
        shacl_validate(graph)
    timings = {"extract": extracted - started, "assemble": assembled - extracted}
    if validate:
        timings["validate"] = time.perf_counter() - assembled
    result = BuildResult(graph, merged.documents, merged.facts, time.perf_counter() - started, warnings=warnings,
                         timings=timings)
    result.summary = summarize(graph, merged.facts)
    if warnings:
        result.summary["articles without an exercise"] = len(warnings)
    result.summary["minted"] = minted_names(graph)
    return result


# facts stated of an exercise: an article that yields none of them has given the graph nothing
EXERCISE_FACTS = {
    "muscle",
    "equipment",
    "mistake",
    "benefit",
    "variation",
    "progression",
    "regression",
    "population",
    "placement",
    "complement",
    "guideline",
    "safety",
    "technique",
    "definition",
}


def minted_names(graph: Graph) -> dict[str, list[str]]:
    """The names the articles gave that the vocabulary lacks, by kind: what `kgqa build` lists as minted."""
    out: dict[str, list[str]] = {}
    for node in graph.subjects(KGO.minted, None):
        kind = "exercise" if (node, RDF.type, KGO.Exercise) in graph else (
            "muscle" if (node, RDF.type, KGO.Muscle) in graph else "equipment")
        out.setdefault(kind, []).append(str(graph.value(node, RDFS.label)))
    return {kind: sorted(set(labels)) for kind, labels in sorted(out.items())}


def summarize(graph: Graph, facts: list[Fact] | None = None) -> dict[str, object]:
    """What `kgqa build` prints: how many of each kind of entity, evidence sentences and triples."""

    def count(cls: object) -> int:
        return len(set(graph.subjects(RDF.type, cls)))  # type: ignore[arg-type]

    summary: dict[str, object] = {
        "documents": count(KGO.Document),
        "exercises": count(KGO.Exercise),
        "muscles": count(KGO.Muscle),
        "equipment": len(set(graph.objects(None, KGO.usesEquipment))),
        "mistakes": count(KGO.Mistake),
        "benefits": count(KGO.Benefit),
        "involvements": count(KGO.MuscleInvolvement),
        "evidence sentences": count(KGO.Evidence),
        "triples": len(graph),
    }
    if facts is not None:
        summary["facts by kind"] = dict(sorted(Counter(f.kind for f in facts).items()))
    return summary


# ---- the default graph: the packaged corpus, built on first use and cached (kgqa.graph.store) -----------
def default_graph(progress: Progress | None = None) -> Path | None:
    """The default graph's cache file, built from the packaged corpus on first use and cached.

    A damaged cache file is rebuilt (with a warning naming it). None, with a warning, when the cache folder
    cannot be written: `load_default_graph` then answers from the graph built in memory.
    """
    path = cache_path(corpus_dir())
    if read_cache(path) is not None:
        return path
    return path if write_cache(build(progress=progress).graph, path) else None


def load_default_graph(progress: Progress | None = None) -> Graph:
    """The default graph: read from the cache, else built (and cached when the cache folder allows)."""
    path = cache_path(corpus_dir())
    body = read_cache(path)
    graph = parse_cache(path, body) if body is not None else None
    if graph is not None:
        return graph
    graph = build(progress=progress).graph
    write_cache(graph, path)
    return graph
