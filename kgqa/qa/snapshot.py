"""The default graph's question answerer, kept beside the graph's cache so `kgqa ask` starts fast.

Building a `QuestionAnswerer` reads the whole graph (its index, the names to link, the evidence sentences
and their embeddings): about half a second for the packaged corpus, more than parsing the graph itself.
Its state depends only on the graph and on the code and data that build it, so it is pickled once into
`$KGQA_CACHE_DIR/qa-<key>.pickle` and read back (about 10 ms) by the next process, which then needs no
rdflib graph at all. The key hashes the graph cache's key (corpus, ontology, build code), this package's
code and data, and the model files read while building; any change to them makes a new snapshot.

A snapshot is written whole (atomically) and starts with the SHA-256 of the rest, so a truncated or
altered file is rebuilt. It is a pickle: like the graph cache, the cache folder must be your own.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .answerer import QuestionAnswerer

_QA = Path(__file__).resolve().parent
#: the code and data a QuestionAnswerer's state is built by (besides the graph)
BUILT_BY = ("**/*.py", "**/*.txt", "**/*.json", "**/*.jsonl")
ALSO_BUILT_BY = (_QA.parent / "lexicon.py", _QA.parent / "terms.py")


def _model_files() -> list[Path]:
    """The files read into the state besides the graph: the lemma table and the embedding model."""
    import importlib.util

    from .embed import CONFIG, DIM

    found = []
    for package, names in (("spacy_lookups_data", ("data/en_lemma_lookup.json.gz",)),
                           ("wordllama", (f"weights/{CONFIG}_{DIM}.safetensors",
                                          f"tokenizers/{CONFIG}_tokenizer_config.json"))):
        spec = importlib.util.find_spec(package)
        folder = Path(next(iter(spec.submodule_search_locations))) if spec and spec.submodule_search_locations \
            else None
        found += [folder / name for name in names] if folder else []
    return found


def key(graph_key: str) -> str:
    """The snapshot's key for the graph whose cache key is `graph_key`."""
    digest = hashlib.sha256(f"{graph_key} {sys.version_info[:2]} {pickle.HIGHEST_PROTOCOL}".encode())
    for path in sorted({*(p for pattern in BUILT_BY for p in _QA.glob(pattern)), *ALSO_BUILT_BY}):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for path in _model_files():  # large: identified by size and time, not read
        stat = path.stat() if path.is_file() else None
        digest.update(f"{path} {stat.st_size if stat else -1} {stat.st_mtime_ns if stat else -1}".encode())
    return digest.hexdigest()[:20]


# what first questions compute is then in the snapshot: lists, what is said of each piece of equipment (at home),
# the words the graph knows (a comparison with something it does not)
WARM_UP = ("what muscles do cable kickbacks work?", "which exercises work the glutes?",
           "which kickback can I do at home?", "are donkey kicks better than zercher carries?")


def path_for(snapshot_key: str) -> Path:
    from ..resources import cache_dir

    return cache_dir() / f"qa-{snapshot_key}.pickle"


def read(path: Path) -> QuestionAnswerer | None:
    """The answerer in an intact snapshot; None when there is none, or it is damaged or unreadable."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest, body = data[:32], data[32:]
    if len(data) <= 32 or hashlib.sha256(body).digest() != digest:
        return None
    collecting = gc.isenabled()
    gc.disable()  # unpickling makes millions of objects, none of them garbage: collections only slow it (3x)
    try:
        qa = pickle.loads(body)  # noqa: S301 - written by write() below into the user's own cache folder
    except Exception:  # written by another version of a class: rebuilt, as a damaged file is
        return None
    finally:
        if collecting:
            gc.enable()
    # the answerer's objects live as long as the process and hold no garbage: out of the collector's sight, so
    # the first full collection does not walk them all (0.1 s, paid by the first question otherwise)
    gc.freeze()
    return qa


def write(qa: QuestionAnswerer, path: Path) -> bool:
    """Snapshot `qa` at `path`; False when the cache folder cannot be written (the graph cache warned)."""
    from ..errors import GraphError
    from ..files import write_atomic

    body = pickle.dumps(qa, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        write_atomic(path, hashlib.sha256(body).digest() + body)
    except (GraphError, OSError):
        return False
    return True


def default_answerer() -> QuestionAnswerer:
    """The default graph's answerer: from its snapshot, else built from the (cached) graph and snapshotted."""
    from ..graph.store import fingerprint
    from ..resources import corpus_dir

    path = path_for(key(fingerprint(corpus_dir())))
    qa = read(path)
    if qa is None:
        from ..kg import load

        qa = load().qa
        for question in WARM_UP:
            qa.ask(question)
        write(qa, path)
    return qa
