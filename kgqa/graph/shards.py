"""A built graph as N-Triples shards for bulk loaders (`kgqa build --shards DIR`).

    ontology.nt           the OWL schema (every triple about a `kgo:` term or the ontology itself)
    part-01-of-04.nt ...  the rest, one shard per worker, split by subject

Every triple of a subject is in one shard (a subject's triples land together, whichever shard a loader
reads first) and a blank node never spans two files (loaders scope blank-node labels to a file). The
shards of one graph are the same files in every build: lines sorted, subjects placed by a CRC-32 of their
IRI. Together they hold exactly the graph's triples, so loading them all, in any order or in parallel
(`oxigraph load --file DIR/*.nt` loads several files at once), gives the graph. docs/bulk-load.md shows
how for Oxigraph, Jena (Fuseki), Virtuoso, QLever and GraphDB.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from rdflib import Graph

from ..errors import GraphError
from ..files import write_atomic
from ..terms import KGO
from .store import serialize

__all__ = ["ONTOLOGY_SHARD", "check_folder", "shard_lines", "write_shards"]

ONTOLOGY_SHARD = "ontology.nt"
_PART = re.compile(r"^part-\d+-of-\d+\.nt$")
_ONTOLOGY_SUBJECT = "<" + str(KGO).rstrip("#")  # kgo: terms and <https://w3id.org/kgqa/ontology> itself


def shard_lines(nt: str, parts: int) -> tuple[list[str], list[list[str]]]:
    """The lines of sorted N-Triples `nt` as (ontology lines, `parts` lists of the other lines)."""
    if parts < 1:
        raise ValueError(f"expected at least 1 shard, got {parts}")
    ontology: list[str] = []
    out: list[list[str]] = [[] for _ in range(parts)]
    for line in nt.splitlines(keepends=True):
        subject, _, rest = line.partition(" ")
        obj = rest.partition(" ")[2]  # IRIs and blank-node labels hold no spaces in N-Triples
        if subject.startswith((_ONTOLOGY_SUBJECT, "_:")) or obj.startswith("_:"):
            ontology.append(line)
        else:
            out[zlib.crc32(subject.encode("utf-8")) % parts].append(line)
    return ontology, out


def check_folder(folder: Path) -> Path:
    """`folder`, or GraphError when it exists and is not a folder (checked before a build, not after)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise GraphError(f"cannot write shards into {folder}: it is not a folder",
                         hint="give --shards a folder (it is created if missing)")
    return folder


def write_shards(graph: Graph, folder: Path, parts: int, nt: str | None = None) -> list[Path]:
    """Write `graph` to `folder` as ontology.nt and `parts` part-NN-of-MM.nt shards; the files written.

    Shards of an earlier build with another number of parts are removed, so `folder/*.nt` is always one
    graph. `nt` is the graph's sorted N-Triples, if the caller has them already.
    """
    folder = check_folder(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GraphError(f"cannot create the shard folder {folder}: {exc.strerror or exc}") from exc
    ontology, rest = shard_lines(nt if nt is not None else serialize(graph, "nt"), parts)
    width = max(2, len(str(parts)))
    names = [f"part-{i:0{width}d}-of-{parts:0{width}d}.nt" for i in range(1, parts + 1)]
    written = [write_atomic(folder / ONTOLOGY_SHARD, "".join(ontology))]
    written += [write_atomic(folder / name, "".join(lines)) for name, lines in zip(names, rest, strict=True)]
    for stale in folder.iterdir():
        if _PART.match(stale.name) and stale.name not in names and stale.is_file():
            stale.unlink()
    return written
