"""Where a fact comes from, by kind of source: an article (prose, cited by its title) or a dataset's record
(kgo:Record, cited as "free-exercise-db record Barbell_Hip_Thrust"). Answers count their sources by kind:
"2 of 5 articles and 1 of 873 free-exercise-db records", never records as articles."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from weakref import WeakKeyDictionary

from .index import GraphIndex, local
from .linking import data_lines

__all__ = ["agreement", "asked_kind", "datasets", "of_kind", "said_by", "source_name", "stated_by_kind"]

# "in these articles", "in the dataset": the kind of source a question names (data: source_words.txt)
_KIND_WORDS = [line.split("\t", 1) for line in data_lines("source_words.txt")]
_KIND_SAID = {kind: re.compile(r"\b(?:" + "|".join(re.escape(w.strip()) for k, w in _KIND_WORDS if k == kind)
                               + r")s?\b", re.I) for kind in dict.fromkeys(k for k, _ in _KIND_WORDS)}

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


def asked_kind(text: str) -> str | None:
    """The kind of source the question names ("article" or "record"), when it names exactly one."""
    named = [kind for kind, said in _KIND_SAID.items() if said.search(text)]
    return named[0] if len(named) == 1 else None


def of_kind(index: GraphIndex, documents: Iterable[str], kind: str) -> bool:
    """Whether one of `documents` is a source of `kind` ("article" or "record")."""
    of = datasets(index)
    return any((d in of) == (kind == "record") for d in documents)


def stated_by_kind(index: GraphIndex, iri: str, kind: str) -> bool:
    """Whether a source of `kind` states a fact of the node itself (not only of what it varies: a variation of
    an exercise with a record is no record's exercise)."""
    return of_kind(index, (d for _, data in index.out_edges(iri) for d in data.get("documents", ())), kind)
