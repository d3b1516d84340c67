"""BM25 over the graph's evidence sentences, with each source's statistics kept to itself.

The graph's sentences come from sources of different shapes: articles (prose of some twenty words a sentence)
and datasets (a record's fields one per line, "level: beginner", and its numbered instructions). BM25's
statistics (each term's document frequency, the average passage length) are those of the collection a passage
belongs to, so that adding a dataset of thousands of short lines neither makes an article's sentences look long
nor its words common: an article sentence scores against a question as it did before the dataset came, and the
calibrated thresholds (`retrieve.RELEVANT`) keep their meaning (federated search scores each collection so).

A record's field line names values ("primaryMuscles: glutes, hamstrings"): a structured fact, answered from the
graph's edges, not prose to match a question's words against. It is a collection of its own (its statistics
are nobody else's) that free-text ranking leaves out; ranking the passages of given facts still sees it.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

K1, B = 1.2, 0.75
ARTICLES = ""  # the collection of the sources that are no dataset's
# "field: value" or "field 3: value", the shape of a record's line
_FIELD = re.compile(r"^\s*[A-Za-z][\w ]*?(?:\s+\d+)?:\s*(.*)$", re.S)
PROSE_WORDS = 5  # a clause this long is a sentence, not a named value ("e-z curl bar", "lower back")


def is_field_line(quote: str) -> bool:
    """Whether a record's line names values rather than saying something: no sentence punctuation at its end
    and no clause of `PROSE_WORDS` words ("equipment: body only" yes; "instructions 2: Lift the bar ..." no)."""
    m = _FIELD.match(quote)
    if m is None:
        return False
    value = m.group(1).strip()
    if value[-1:] in ".!?":
        return False
    return all(len(item.split()) < PROSE_WORDS for item in value.split(","))


def collection_of(dataset: str | None, quote: str) -> str:
    """The collection a passage's statistics are kept in: the articles', a dataset's prose, a dataset's fields."""
    if not dataset:
        return ARTICLES
    return f"{dataset} fields" if is_field_line(quote) else dataset


def is_fields(collection: str) -> bool:
    return collection.endswith(" fields")


def set_aside(scores: Any, from_dataset: Any, floor: float) -> Any:
    """Which passages a question does not consider: a dataset's lines (a record's instruction steps, its field
    lines), when an article sentence among the same passages reaches `floor` (answers). A record's steps tell how
    to do its exercise, its fields what it works; a question the articles answer is answered from them (rules.py,
    SOURCES_IN_PRECEDENCE)."""
    if from_dataset.any() and (scores[~from_dataset] >= floor).any():
        return from_dataset
    return np.zeros(len(scores), dtype=bool)


class Bm25:
    """Postings (term -> passages, weights) of passages' term counts, each weighed with its collection's idf and
    average length; `ideal(terms)` is each passage's best possible score for those terms, in its collection."""

    def __init__(self, terms: Sequence[Counter[str]], copies: Sequence[int], collections: Sequence[str]) -> None:
        names = sorted(set(collections))
        self.collections = names
        self.of = np.array([names.index(c) for c in collections], dtype=np.intp)
        length = [sum(c.values()) for c in terms]
        n: Counter[str] = Counter()
        total: Counter[str] = Counter()
        df: dict[str, Counter[str]] = defaultdict(Counter)
        for c, tf, k, ln in zip(collections, terms, copies, length, strict=True):
            n[c] += k
            total[c] += ln * k
            for t in tf:
                df[c][t] += k
        self.avg = {c: total[c] / max(n[c], 1) for c in names}
        self.idfs = {c: {t: math.log(1 + (n[c] - d + 0.5) / (d + 0.5)) for t, d in df[c].items()} for c in names}
        # every term some collection uses, with its highest idf (what a question's word is worth somewhere)
        self.idf: dict[str, float] = {}
        for c in names:
            for t, w in self.idfs[c].items():
                self.idf[t] = max(w, self.idf.get(t, 0.0))
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, (c, tf) in enumerate(zip(collections, terms, strict=True)):
            idf = self.idfs[c]
            norm = K1 * (1 - B + B * length[i] / (self.avg[c] or 1))
            for t, f in tf.items():
                postings[t].append((i, idf[t] * f * (K1 + 1) / (f + norm)))
        self.postings = {t: (np.array([i for i, _ in ps], dtype=np.intp), np.array([w for _, w in ps]))
                         for t, ps in postings.items()}

    def ideal(self, q_terms: Sequence[str], ids: Any) -> Any:
        """For each passage of `ids`, the sum of the question's terms' idf in its collection (1 when none)."""
        per = np.array([sum(self.idfs[c].get(t, 0.0) for t in q_terms) or 1.0 for c in self.collections])
        return per[self.of[ids]]
