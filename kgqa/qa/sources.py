"""Where a fact comes from, by kind of source: an article (prose, cited by its title) or a dataset's record
(kgo:Record, cited as "free-exercise-db record Barbell_Hip_Thrust"). Answers count their sources by kind:
"2 of 5 articles and 1 of 873 free-exercise-db records", never records as articles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from weakref import WeakKeyDictionary

from .index import GraphIndex, local

__all__ = ["agreement", "datasets", "said_by", "source_name"]

_CACHE: WeakKeyDictionary[GraphIndex, dict[str, str]] = WeakKeyDictionary()


def datasets(index: GraphIndex) -> dict[str, str]:
    """Each record's document (as evidence names it) -> the dataset it is part of (the folder of its IRI:
    .../doc/free-exercise-db/Barbell_Hip_Thrust). Articles are not in it."""
    found = _CACHE.get(index)
    if found is None:
        found = _CACHE[index] = {local(d): d.rstrip("/").rsplit("/", 2)[-2] for d in index.by_type.get("Record", ())}
    return found


def source_name(index: GraphIndex, document: str, title: str | None = None) -> str:
    """How a source is cited: a record as "<dataset> record <id>", an article by its title."""
    dataset = datasets(index).get(document)
    return f"{dataset} record {document}" if dataset else (title or document)


def said_by(index: GraphIndex, documents: Iterable[str], plural: bool = True) -> str:
    """Who says it, by kind of source: "the articles", "the free-exercise-db records", or "the sources" when both
    kinds do (`plural` False: "article", "free-exercise-db record", "source")."""
    of = datasets(index)
    if not of:  # a graph of articles only
        return "the articles" if plural else "article"
    kinds = {of.get(d, "") for d in documents} or {""}
    noun = "source" if len(kinds) > 1 else (f"{next(iter(kinds))} record" if "" not in kinds else "article")
    return f"the {noun}s" if plural else noun


def agreement(index: GraphIndex, documents: Iterable[str]) -> str | None:
    """"2 of 5 articles and 1 of 873 free-exercise-db records": the sources supporting an answer, by kind."""
    documents = set(documents)
    if not documents:
        return None
    of = datasets(index)
    if not of:  # a graph of articles only
        return f"{len(documents)} of {len(index.documents)} articles"
    totals = Counter(of.get(d, "") for d in index.documents)
    found = Counter(of.get(d, "") for d in documents)
    parts = []
    for kind in sorted(found, key=lambda k: (k != "", k)):
        noun = "article" if not kind else f"{kind} record"
        parts.append(f"{found[kind]} of {totals[kind]} {noun}{'s' if totals[kind] != 1 else ''}")
    return " and ".join(parts)
