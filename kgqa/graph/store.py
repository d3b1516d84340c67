"""Graph files: the same text for the same triples, written atomically, read back with errors that say why.

Also the cache of the default graph: an N-Triples file named by a fingerprint of everything the graph is
built from, ended by a checksum line so a truncated or altered file is told from a whole one. Building the
graph when the cache misses is `kgqa.build`'s part; this module only reads and writes it. The file stays the
checked source of the cache; the on-disk Oxigraph store that is opened instead of parsing it is made from it,
beside it (`kgqa.stores.oxigraph`).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import GraphError
from ..files import writable_target, write_atomic
from ..resources import cache_dir, cache_dir_origin, corpus_dir, ontology_dir

FORMATS = {
    "turtle": "turtle",
    "ttl": "turtle",
    "json-ld": "json-ld",
    "jsonld": "json-ld",
    "nt": "nt",
    "ntriples": "nt",
    "xml": "xml",
}
if TYPE_CHECKING:  # rdflib is imported where a graph is made: the cache key (`fingerprint`) needs none of it
    from rdflib import Graph

SUFFIX_FORMAT = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt", ".rdf": "xml", ".owl": "xml"}


def guess_format(path: Path, fmt: str | None = None, *, strict: bool = False) -> str:
    """The rdflib format named by `fmt`, else by the suffix of `path`; else turtle, or with `strict` an error."""
    if fmt:
        if fmt.lower() not in FORMATS:
            raise GraphError(f"unknown graph format {fmt!r}; choose one of: {', '.join(sorted(set(FORMATS)))}")
        return FORMATS[fmt.lower()]
    if strict and path.suffix.lower() not in SUFFIX_FORMAT:
        raise GraphError(
            f"cannot tell the graph format from the name {path}: end it in .ttl, .jsonld or .nt, "
            "or give --format turtle|json-ld|nt"
        )
    return SUFFIX_FORMAT.get(path.suffix.lower(), "turtle")


def serialize(graph: Graph, fmt: str, **options: object) -> str:
    """`graph` as rdflib format `fmt`, the same text for the same triples whatever order they were added in.

    N-Triples lines are sorted; rdflib's Turtle writer sorts subjects, predicates and objects itself; other
    formats (JSON-LD, RDF/XML) are written from a copy of the graph that holds the triples in sorted order,
    and JSON-LD's nodes are then put in order of their @id.
    """
    if fmt == "nt":
        lines = graph.serialize(format="nt", **options).splitlines()  # type: ignore[arg-type]
        return "".join(sorted({f"{line}\n" for line in lines if line.strip()}))
    if fmt == "turtle":
        return graph.serialize(format="turtle", **options)  # type: ignore[arg-type]
    text = sorted_copy(graph).serialize(format=fmt, **options)  # type: ignore[arg-type]
    if fmt == "json-ld":  # rdflib walks the subjects as a set: put its nodes in order of @id
        data = json.loads(text)
        nodes = data.get("@graph") if isinstance(data, dict) else data
        if isinstance(nodes, list):
            nodes.sort(
                key=lambda node: (
                    str(node.get("@id", "")) if isinstance(node, dict) else "",
                    json.dumps(node, sort_keys=True),
                )
            )
        text = json.dumps(data, indent=2, separators=(",", ": "), sort_keys=True, ensure_ascii=False)
    elif fmt == "xml":
        text = _sort_xml_descriptions(text)
    return text


def _sort_xml_descriptions(text: str) -> str:
    """rdflib's RDF/XML writer walks the subjects in set order: put its `rdf:Description` blocks (one per
    subject, never nested, `<` escaped inside them) in sorted order."""
    lines = text.splitlines(keepends=True)
    head: list[str] = []
    blocks: list[str] = []
    tail: list[str] = []
    current: list[str] | None = None
    for line in lines:
        if current is None and line.startswith("  <rdf:Description"):
            if line.rstrip().endswith("/>"):
                blocks.append(line)
            else:
                current = [line]
        elif current is not None:
            current.append(line)
            if line.startswith("  </rdf:Description>"):
                blocks.append("".join(current))
                current = None
        else:
            (tail if blocks else head).append(line)
    if current is not None:  # not the shape expected: leave the text as rdflib wrote it
        return text
    return "".join(head) + "".join(sorted(blocks)) + "".join(tail)


def sorted_copy(graph: Graph) -> Graph:
    """A copy of `graph` (same prefixes) whose triples iterate in sorted order."""
    from rdflib import Graph

    copy = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    ordered = sorted(graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
    copy.addN((s, p, o, copy) for s, p, o in ordered)
    return copy


def save(graph: Graph, path: Path, fmt: str | None = None) -> Path:
    """Write `graph` to `path` atomically (see kgqa.files.write_atomic): a failed write leaves any previous
    file intact, a symbolic link is written through, a folder or special file is refused untouched."""
    path = Path(path)
    rdf_format = guess_format(path, fmt, strict=True)
    writable_target(path)  # refused before the graph is serialised, not after
    return write_atomic(path, serialize(graph, rdf_format))


def load_graph(path: Path, fmt: str | None = None) -> Graph:
    """The graph in the file at `path`; a GraphError that names the file and how it was read, never a
    parser's traceback."""
    path = Path(path)
    if path.is_dir():
        raise GraphError(f"{path} is a folder, not a graph file: give the file `kgqa build --out FILE` wrote")
    if not path.is_file():
        raise GraphError(f"no graph file at {path}: build one with `kgqa build --out {path}`")
    from rdflib import Graph

    graph = Graph()
    rdf_format = guess_format(path, fmt)
    try:
        graph.parse(str(path), format=rdf_format)
    except Exception as exc:  # rdflib raises many parser-specific types; report them as one
        # rdflib's parser messages run over several lines and quote raw bytes: one line, cut short
        how = (
            "as asked"
            if fmt
            else "from its suffix"
            if path.suffix.lower() in SUFFIX_FORMAT
            else "the default: its suffix names no format"
        )
        said = " ".join(str(exc).replace(" of <>", "").split())[:160] or type(exc).__name__
        raise GraphError(
            f"{path}: not a readable RDF graph ({said})",
            hint=f"it was read as {rdf_format} ({how}); kgqa reads the .ttl, .jsonld and .nt files "
            "`kgqa build --out FILE` writes",
        ) from exc
    return graph


# ---- the cached default graph ------------------------------------------------------------------------
_PACKAGE = Path(__file__).resolve().parent.parent
#: the code the built graph depends on: a change to any of it makes a new cache key
BUILT_BY = (
    "extract/*.py",
    "extract/data/*.txt",
    "readers/*.py",  # the source readers (structured data next to the articles)
    "graph/builder.py",
    "graph/documents.py",
    "graph/store.py",
    "build.py",
    "lexicon.py",
    "corpus.py",
    "layout.py",  # corpus.py's helpers: how articles are read
    "sentences.py",
    "words.py",  # the word classes the reader and the rules read
    "manifest.py",
)
#: the last line of a cache file: a comment (N-Triples allows them) with the SHA-256 of everything before it,
#: so a truncated or altered file is told from a whole one
CACHE_END = b"# kgqa cache end, sha256 "
_WARNED: set[str] = set()


def fingerprint(corpus: Path | None = None, ontology: Path | None = None) -> str:
    """A hash of the corpus, the ontology, the code that builds the graph and the kgqa version: the default
    graph's cache key."""
    digest = hashlib.sha256(__version__.encode())
    for folder in (corpus or corpus_dir(), ontology or ontology_dir()):
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    for path in sorted(p for pattern in BUILT_BY for p in _PACKAGE.glob(pattern)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def warn(message: str) -> None:
    """One line on stderr, once per process for each message."""
    if message not in _WARNED:
        _WARNED.add(message)
        print(f"warning: {message}", file=sys.stderr, flush=True)


def cache_path(corpus: Path | None = None) -> Path:
    """Where the graph of `corpus` (default: the packaged corpus) is cached."""
    return cache_dir() / f"graph-{fingerprint(corpus)}.nt"


def read_cache(path: Path) -> bytes | None:
    """The N-Triples of an intact cache file; None when there is none, or (with a warning) it is damaged."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # not built yet; or the cache "folder" is a file (see write_cache)
        return None
    except OSError as exc:  # a folder in its place, no permission...
        warn(f"cannot read the cached default graph {path} ({exc.strerror or exc}): rebuilding it")
        return None
    body, end, digest = data.rpartition(CACHE_END)
    if not end or digest.strip() != hashlib.sha256(body).hexdigest().encode() or not digest.endswith(b"\n"):
        warn(f"the cached default graph {path} is damaged (truncated or altered): rebuilding it")
        return None
    return body


def parse_cache(path: Path, body: bytes) -> Graph | None:
    """The graph in an intact cache file's N-Triples; None, with a warning, when something else wrote it."""
    from rdflib import Graph

    graph = Graph()
    try:
        graph.parse(data=body.decode("utf-8"), format="nt")
    except Exception as exc:  # intact but unreadable: written by something else; rdflib raises many types
        warn(f"the cached default graph {path} is not readable N-Triples ({type(exc).__name__}): rebuilding it")
        return None
    return graph


def write_cache(graph: Graph, path: Path) -> bool:
    """Cache `graph` at `path`; False, with a warning (once), when the cache folder cannot be written."""
    body = serialize(graph, "nt").encode("utf-8")
    try:
        write_atomic(path, body + CACHE_END + hashlib.sha256(body).hexdigest().encode() + b"\n")
    except GraphError as exc:
        warn(
            f"cannot cache the default graph in {path.parent} ({cache_dir_origin()}): {exc.message}; answering "
            "from the graph built in memory (built again on every run until $KGQA_CACHE_DIR names a writable folder)"
        )
        return False
    return True
