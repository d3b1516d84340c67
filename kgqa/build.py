"""corpus/ -> graph: read, extract, assemble, validate; save atomically; the cached default graph."""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph

from . import __version__
from .corpus import Document, article_paths, parse_document, read_manifest
from .errors import GraphError
from .extract import Extractor, Fact
from .graph import build_graph
from .lexicon import Lexicon, load_vocabulary
from .resources import cache_dir, corpus_dir, ontology_dir
from .terms import KGO

FORMATS = {"turtle": "turtle", "ttl": "turtle", "json-ld": "json-ld", "jsonld": "json-ld",
           "nt": "nt", "ntriples": "nt", "xml": "xml"}
SUFFIX_FORMAT = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt", ".rdf": "xml",
                 ".owl": "xml"}

Progress = Callable[[int, int, str], None]


@dataclass
class BuildResult:
    graph: Graph
    documents: list[Document]
    facts: list[Fact]
    seconds: float
    summary: dict[str, object] = field(default_factory=dict)


def build(corpus: Path | None = None, *, validate: bool = True, progress: Progress | None = None,
          lexicon: Lexicon | None = None) -> BuildResult:
    """Build the graph of every article in `corpus` (default: the packaged corpus)."""
    started = time.perf_counter()
    folder = Path(corpus) if corpus else corpus_dir()
    manifest = read_manifest(folder)
    paths = article_paths(folder)
    lexicon = lexicon or Lexicon(load_vocabulary())
    extractor = Extractor(lexicon)
    documents: list[Document] = []
    facts: list[Fact] = []
    for i, path in enumerate(paths, 1):
        doc = parse_document(path, manifest.get(path.name, {}))
        documents.append(doc)
        facts.extend(extractor.extract(doc))
        if progress:
            progress(i, len(paths), path.name)
    graph = build_graph(documents, facts, lexicon, extractor.minted)
    if validate:
        from .validate import validate as shacl_validate

        shacl_validate(graph)
    result = BuildResult(graph, documents, facts, time.perf_counter() - started)
    result.summary = summarize(graph, facts)
    return result


def summarize(graph: Graph, facts: list[Fact] | None = None) -> dict[str, object]:
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


def guess_format(path: Path, fmt: str | None = None, *, strict: bool = False) -> str:
    """The rdflib format named by `fmt`, else by the suffix of `path`; else turtle, or with `strict` an error."""
    if fmt:
        if fmt.lower() not in FORMATS:
            raise GraphError(f"unknown graph format {fmt!r}; choose one of: {', '.join(sorted(set(FORMATS)))}")
        return FORMATS[fmt.lower()]
    if strict and path.suffix.lower() not in SUFFIX_FORMAT:
        raise GraphError(f"cannot tell the graph format from the name {path}: end it in .ttl, .jsonld or .nt, "
                         "or give --format turtle|json-ld|nt")
    return SUFFIX_FORMAT.get(path.suffix.lower(), "turtle")


def save(graph: Graph, path: Path, fmt: str | None = None) -> Path:
    """Write `graph` to `path` atomically: a failed write leaves any previous file intact."""
    path = Path(path)
    return write_atomic(path, graph.serialize(format=guess_format(path, fmt, strict=True)))


def write_atomic(path: Path, data: str) -> Path:
    """Write `data` to `path` through a temporary file, so readers never see a half-written file."""
    path = Path(path)
    if path.is_dir():
        raise GraphError(f"{path} is a folder: give a file name, e.g. {path / 'graph.ttl'}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise GraphError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        # mkstemp makes the file private (0600): keep the mode of the file replaced, else the usual 0644
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise GraphError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_graph(path: Path, fmt: str | None = None) -> Graph:
    path = Path(path)
    if path.is_dir():
        raise GraphError(f"{path} is a folder, not a graph file: give the file `kgqa build --out FILE` wrote")
    if not path.is_file():
        raise GraphError(f"no graph file at {path}: build one with `kgqa build --out {path}`")
    graph = Graph()
    rdf_format = guess_format(path, fmt)
    try:
        graph.parse(str(path), format=rdf_format)
    except Exception as exc:  # rdflib raises many parser-specific types; report them as one
        # rdflib's parser messages run over several lines and quote raw bytes: one line, cut short
        how = "as asked" if fmt else "from its suffix" if path.suffix.lower() in SUFFIX_FORMAT else \
            "the default: its suffix names no format"
        said = " ".join(str(exc).replace(" of <>", "").split())[:160] or type(exc).__name__
        raise GraphError(f"{path}: not a readable RDF graph ({said})",
                         hint=f"it was read as {rdf_format} ({how}); kgqa reads the .ttl, .jsonld and .nt files "
                         "`kgqa build --out FILE` writes") from exc
    return graph


def fingerprint(corpus: Path | None = None, ontology: Path | None = None) -> str:
    """A hash of the corpus, the ontology and the kgqa version: the default graph's cache key."""
    digest = hashlib.sha256(__version__.encode())
    for folder in (corpus or corpus_dir(), ontology or ontology_dir()):
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    package = Path(__file__).parent
    for path in sorted([*package.glob("extract/*.py"), package / "graph.py", package / "lexicon.py",
                        package / "corpus.py"]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def default_graph_path() -> Path:
    return cache_dir() / f"graph-{fingerprint()}.nt"


def default_graph(progress: Progress | None = None) -> Path:
    """The default graph file, built from the packaged corpus on first use and cached."""
    path = default_graph_path()
    if not path.exists():
        result = build(progress=progress)
        save(result.graph, path, "nt")
    return path
