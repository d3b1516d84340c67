"""Articles -> their facts, one article at a time, in this process or in worker processes (`kgqa build --jobs N`).

Extracting one article needs nothing from the others: the state an `Extractor` keeps across a corpus is only
what each article minted (exercises, and the muscles and equipment the vocabulary lacks), recorded first-come
and read after the last article (`Extractor.unify`, the graph's minted nodes). So each article is read by a
fresh `Extractor` and hands back what it minted; `merge` then folds the articles in corpus order, the first
article to mint a name giving its label, exactly as one `Extractor` reading them in that order does. The same
corpus gives the same facts, and so the same graph, with any number of workers.

Workers are forked from the building process, so they share its vocabulary and spaCy pipeline (set up once,
before the fork) instead of each paying about a second to set them up again. Where fork is unavailable they
are spawned and set up the default vocabulary themselves (a lexicon of your own needs `jobs=1` there).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import Document, parse_document
from ..errors import CorpusError
from ..lexicon import Lexicon
from .facts import Fact
from .pipeline import Extractor

__all__ = ["Article", "Merged", "extract_article", "extract_articles", "merge", "worker_count"]

#: called after each article with (articles done, articles in all, file name)
Progress = Callable[[int, int, str], None]


@dataclass
class Article:
    """One article read: its document, its facts, and the names it minted (the per-corpus state it adds)."""

    document: Document
    facts: list[Fact]
    #: exercises the article named and the vocabulary lacks: IRI -> (label, parent IRI)
    exercises: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    #: muscles and equipment the article named and the vocabulary lacks: IRI -> (kind, label)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: what the reader could not hold (a value its mapping lacks): one line each, shown by `kgqa build`
    warnings: list[str] = field(default_factory=list)


@dataclass
class Merged:
    """A corpus's articles folded in order: what `build_graph` takes."""

    documents: list[Document]
    facts: list[Fact]
    exercises: dict[str, tuple[str, str | None]]
    names: dict[str, tuple[str, str]]


def extract_article(lexicon: Lexicon, path: Path, meta: dict[str, str] | None = None) -> Article:
    """Read and extract one article with an Extractor of its own."""
    extractor = Extractor(lexicon)
    doc = parse_document(path, meta)
    facts = _extract(extractor, doc)
    names = {iri: (m.kind, m.label) for iri, m in extractor.names.minted.items()}
    return Article(doc, facts, dict(extractor.minted), names)


def merge(lexicon: Lexicon, articles: Sequence[Article]) -> Merged:
    """The articles' facts and minted names, folded in corpus order and unified (`Extractor.unify`)."""
    merged = Extractor(lexicon)
    names: dict[str, tuple[str, str]] = {}
    facts: list[Fact] = []
    for article in articles:
        facts.extend(article.facts)
        for iri, exercise in article.exercises.items():
            merged.minted.setdefault(iri, exercise)
        for iri, name in article.names.items():
            names.setdefault(iri, name)
    facts = merged.unify(facts)
    return Merged([a.document for a in articles], facts, merged.minted, names)


def worker_count(jobs: int) -> int:
    """`jobs`, or with 0 one worker per CPU this process may run on."""
    if jobs < 0:
        raise ValueError(f"expected 0 (one per CPU) or more worker processes, got {jobs}")
    if jobs:
        return jobs
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def extract_articles(
    lexicon: Lexicon,
    paths: Sequence[Path],
    manifest: dict[str, dict[str, str]],
    *,
    jobs: int = 1,
    progress: Progress | None = None,
) -> list[Article]:
    """Every article of `paths`, in that order, read by `jobs` worker processes (1: in this process)."""
    jobs = min(worker_count(jobs), len(paths))
    items = [(path, manifest.get(path.name, {})) for path in paths]
    if jobs <= 1:
        results: Iterator[Article] = (extract_article(lexicon, path, meta) for path, meta in items)
        return _collect(results, paths, progress)
    fork = "fork" in multiprocessing.get_all_start_methods()
    if fork:
        lexicon.find(lexicon.parse("warm up"))  # the spaCy pipeline and matcher, built once and inherited
    context = multiprocessing.get_context("fork" if fork else "spawn")
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                               initargs=(lexicon if fork else None,))
    try:
        return _collect(pool.map(_work, items), paths, progress)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # Ctrl-C or a bad article: stop handing out articles
        raise
    finally:
        pool.shutdown()


def _collect(results: Iterator[Article], paths: Sequence[Path], progress: Progress | None) -> list[Article]:
    articles = []
    for i, article in enumerate(results, 1):
        articles.append(article)
        if progress:
            progress(i, len(paths), article.document.path.name)
    return articles


_LEXICON: Lexicon | None = None  # the worker's, set once when it starts


def _start_worker(lexicon: Lexicon | None) -> None:
    global _LEXICON
    # Ctrl-C reaches the whole process group: the building process alone answers it (one line, exit 130)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(os.getppid(),), daemon=True).start()
    _LEXICON = lexicon if lexicon is not None else Lexicon.default()


def _exit_with(parent: int) -> None:
    """End this worker when the building process is gone (killed: SIGTERM, SIGKILL, the OOM killer). A forked
    worker holds its own copy of the task pipe's writing end, so it would wait for work forever otherwise."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _work(item: tuple[Path, dict[str, str]]) -> Article:
    assert _LEXICON is not None, "a worker runs only after _start_worker"
    return extract_article(_LEXICON, *item)


def _extract(extractor: Extractor, doc: Document) -> list[Fact]:
    """The document's facts; spaCy's refusal of an over-long text (E088) as a CorpusError naming the file.

    parse_document already refuses an over-long sentence with its line; this catches what is left (a title
    from the manifest), so no article can make the build end in a traceback.
    """
    try:
        return extractor.extract(doc)
    except ValueError as exc:
        said = re.search(r"\[E088\] Text of length (\d+) exceeds maximum of (\d+)", str(exc))
        if not said:
            raise
        length, limit = int(said.group(1)), int(said.group(2))
        raise CorpusError(
            f"{doc.path}: a text of {length:,} characters (a sentence or the title) is over the "
            f"{limit:,} that can be parsed at once (spaCy's limit, error E088)",
            hint="break it into sentences or paragraphs; shorten a title given in manifest.json",
        ) from exc
