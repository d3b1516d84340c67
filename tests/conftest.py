"""Shared fixtures: the packaged corpus built once per session, and a private graph cache."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from kgqa.build import BuildResult, build
from kgqa.lexicon import Lexicon

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ONTOLOGY = ROOT / "ontology"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the default-graph cache of a test session away from the user's ~/.cache, and make the default
    graph, for the tests of commands and mechanisms (caches, exports, servers, SPARQL), that of the packaged
    articles alone ($KGQA_CORPUS): the packaged corpus with free-exercise-db's 873 records has 25 times the
    triples. The tests of what the packaged corpus answers build it as shipped (`built`, `full_default`)."""
    folder = tmp_path_factory.mktemp("kgqa-cache")
    articles = copy_articles(CORPUS, tmp_path_factory.mktemp("articles-corpus"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KGQA_CACHE_DIR", str(folder))
        mp.setenv("KGQA_CORPUS", str(articles))
        yield folder


def articles_corpus() -> Path:
    """The packaged articles alone, copied: the default corpus of a test session (set by _private_cache)."""
    return Path(os.environ["KGQA_CORPUS"])


@pytest.fixture
def full_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default graph as shipped: the packaged corpus with its dataset (no $KGQA_CORPUS)."""
    monkeypatch.delenv("KGQA_CORPUS")


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon.default()


@pytest.fixture(scope="session")
def built(lexicon: Lexicon) -> BuildResult:
    """The graph of the packaged corpus, built (and validated) once for the whole session."""
    return build(CORPUS, lexicon=lexicon)


@pytest.fixture(scope="session")
def articles_built(lexicon: Lexicon, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The graph of the packaged corpus's articles alone (no dataset records), built once: for the tests of
    mechanisms that any graph shows (formats, stores, validation, exploring) and of what the articles say. The
    default graph (`built`) also holds free-exercise-db's 873 records: 25 times the triples."""
    return build(copy_articles(CORPUS, tmp_path_factory.mktemp("articles")), lexicon=lexicon)


@pytest.fixture
def graph_copy(articles_built: BuildResult) -> Graph:
    """A private copy of the articles' graph, for tests that break it on purpose."""
    copy = Graph()
    for prefix, ns in articles_built.graph.namespaces():
        copy.bind(prefix, ns)
    copy += articles_built.graph
    return copy


def copy_articles(source: Path, folder: Path) -> Path:
    """A writable copy of a corpus folder's own files (its articles and manifest), without its structured
    sources (corpus/free-exercise-db/): the tests that rebuild a corpus are about the articles."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if path.is_file():
            shutil.copyfile(path, folder / path.name)
            (folder / path.name).chmod(0o644)
    return folder


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of corpus/'s articles and manifest."""
    return copy_articles(CORPUS, tmp_path / "corpus")
