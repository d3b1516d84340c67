"""Shared fixtures: the packaged corpus built once per session, and a private graph cache."""

from __future__ import annotations

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
    """Keep the default-graph cache of a test session away from the user's ~/.cache."""
    folder = tmp_path_factory.mktemp("kgqa-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KGQA_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon.default()


@pytest.fixture(scope="session")
def built(lexicon: Lexicon) -> BuildResult:
    """The graph of the packaged corpus, built (and validated) once for the whole session."""
    return build(CORPUS, lexicon=lexicon)


@pytest.fixture
def graph_copy(built: BuildResult) -> Graph:
    """A private copy of the built graph, for tests that break it on purpose."""
    copy = Graph()
    for prefix, ns in built.graph.namespaces():
        copy.bind(prefix, ns)
    copy += built.graph
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
