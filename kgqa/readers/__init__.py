"""Source readers: each kind of file in a corpus folder is read by the reader that claims it.

A reader turns one file into `Article`s (a document, its facts and the names it minted), the hand-off the
graph builder takes from article extraction; so a new kind of source never touches the core. Two come with
kgqa:

- `articles`: the folder's own plain-text and markdown files (`*.txt`, `*.md`), read by the extractor;
- `free-exercise-db`: a JSON array of exercise records shaped like free-exercise-db's `exercises.json`, in the
  folder or one level down (`corpus/free-exercise-db/exercises.json`), read field by field.

Others are found through the `kgqa.readers` entry-point group: an installed package that declares
`[project.entry-points."kgqa.readers"] name = "package.module:READER"` adds its reader, an object with a `name`,
`claims(path, folder) -> bool` and `read(lexicon, path, meta, progress) -> list[Article]`. Files no reader claims
(licences, READMEs, the manifest) are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol

from ..corpus import ARTICLE_SUFFIXES
from ..errors import CorpusError
from ..extract.parallel import Article, extract_articles
from ..lexicon import Lexicon
from .exercise_db import ExerciseDbReader

__all__ = ["Reader", "Source", "find_sources", "read_sources", "readers"]

#: called after each file or record with (done, in all, name)
Progress = Callable[[int, int, str], None]
ENTRY_POINT_GROUP = "kgqa.readers"


class Reader(Protocol):
    name: str

    def claims(self, path: Path, folder: Path) -> bool: ...

    def read(self, lexicon: Lexicon, path: Path, meta: dict[str, str],
             progress: Progress | None = None) -> list[Article]: ...


@dataclass(frozen=True)
class Source:
    """A file of the corpus and the reader that claimed it."""

    path: Path
    reader: str


def readers() -> dict[str, Reader]:
    """The readers by name: kgqa's own, then those installed packages declare (`kgqa.readers` entry points)."""
    found: dict[str, Reader] = {ExerciseDbReader.name: ExerciseDbReader()}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(point.name, point.load())
    return found


def find_sources(folder: Path) -> list[Source]:
    """Every file of `folder` a reader claims: the articles first (sorted by name), then the other sources."""
    if not folder.is_dir():
        raise CorpusError(f"corpus folder {folder} does not exist or is not a folder")
    articles = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in ARTICLE_SUFFIXES)
    sources = [Source(p, "articles") for p in articles]
    candidates = sorted(p for p in [*folder.iterdir(), *folder.glob("*/*")] if p.is_file() and p not in articles)
    registry = readers()
    for path in candidates:
        name = next((n for n, r in registry.items() if r.claims(path, folder)), None)
        if name:
            sources.append(Source(path, name))
    if not sources:
        raise CorpusError(f"no articles in {folder}: expected plain-text files ending in "
                          f"{', '.join(ARTICLE_SUFFIXES)}, or a file one of the readers takes "
                          f"({', '.join(sorted(registry))})")
    return sources


def read_sources(lexicon: Lexicon, sources: list[Source], manifest: dict[str, dict[str, str]], *, jobs: int = 1,
                 progress: Progress | None = None) -> list[Article]:
    """The articles of `sources`, in order: the text articles by the extractor (`jobs` worker processes), each
    other source by its reader."""
    paths = [s.path for s in sources if s.reader == "articles"]
    out = extract_articles(lexicon, paths, manifest, jobs=jobs, progress=progress) if paths else []
    registry = readers()
    for source in sources:
        if source.reader != "articles":
            out.extend(registry[source.reader].read(lexicon, source.path, manifest.get(source.path.name, {}),
                                                    progress))
    return out
