"""Which relation a question asks about, recognised from examples rather than from regex tables.

Each relation has an exemplar file beside this module (`<relation>.jsonl`, one `{"q": ...}` per
line, entity names written generically: "the exercise", "the muscle", "the equipment"). A question,
with the names it links masked the same way, is compared with every exemplar by two similarities:

- lexical: cosine of lemma-unigram and -bigram count vectors (exact wording shared with an example);
- semantic: cosine of WordLlama static embeddings (kgqa.qa.embed: the 256-dim model inside its pip
  wheel, loaded offline), so "go too heavy" is near "use too much weight" without sharing a word.

A relation's score is the best exemplar's weighted sum; the classifier returns every relation
ranked, with scores, so callers can tell a confident reading from a guess. Adding a wording is
adding a line to a file; no code changes.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..embed import embedder

HERE = Path(__file__).parent
# opposite values of one attribute (data: ../data/opposites.txt, lemmas): "harder" is not "easier", though
# their embeddings are near, so an exemplar stating the opposite of the question's word matches it less
OPPOSITES: dict[str, set[str]] = {}
# an action and the phrases proposing its opposite ("stop" / "push through"): for yes/no polarity (retrieve.py)
PROPOSED_AGAINST: dict[str, re.Pattern[str]] = {}
for _line in (HERE.parent / "data" / "opposites.txt").read_text(encoding="utf-8").splitlines():
    if "=" in _line and not _line.startswith("#"):
        _action, _phrases = _line.split("=", 1)
        PROPOSED_AGAINST[_action.strip()] = re.compile(
            r"\b(?:" + "|".join(re.escape(p.strip()) for p in _phrases.split(",")) + r")\b")
    elif _line.strip() and not _line.startswith("#"):
        _a, _b = _line.split()
        OPPOSITES.setdefault(_a, set()).add(_b)
        OPPOSITES.setdefault(_b, set()).add(_a)
OPPOSED = 0.5  # the factor on an exemplar that states the opposite of a word of the question (and not the word)
SEMANTIC_WEIGHT = 0.5  # measured: see scripts/bench_qa.py --relations (leave-one-out over the exemplars)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_PLACEHOLDER = re.compile(r"(?:\b(?:the|my|your|a|an|some|this|that)\s+)?\{(?:exercise|muscle|equipment)\}")
FILLER = {"the", "a", "an", "i", "my", "me", "you", "your", "it", "its", "to", "of", "do", "does", "is",
           "are", "be", "and", "in", "on", "for", "this", "that", "with", "can", "should", "what", "how",
           "which", "when", "there", "any", "some", "at", "so", "just", "really", "actually", "im", "i'm"}


@dataclass(frozen=True)
class Exemplar:
    relation: str
    text: str


@dataclass(frozen=True)
class Reading:
    """One relation a question may ask about, with the classifier's score (0..1) and its nearest example."""

    relation: str
    score: float
    example: str


def read_exemplars(folder: Path = HERE) -> list[Exemplar]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(Exemplar(path.stem, json.loads(line)["q"]))
    return rows


def _features(words: Sequence[str]) -> Counter[str]:
    content = [w for w in words if w not in FILLER]
    feats: Counter[str] = Counter(content)
    feats.update(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))  # bigrams keep "too heavy", "how often"
    return feats


class RelationClassifier:
    """Nearest exemplars by lexical and semantic similarity; `lemmas` maps a text to its lemmas."""

    def __init__(self, lemmas: Callable[[str], list[str]], exemplars: list[Exemplar] | None = None,
                 semantic_weight: float = SEMANTIC_WEIGHT) -> None:
        self.lemmas = lemmas
        self.exemplars = sorted(exemplars if exemplars is not None else read_exemplars(), key=lambda e: e.relation)
        self.relations = sorted({e.relation for e in self.exemplars})
        texts = [" ".join(_PLACEHOLDER.sub(" ", e.text.lower()).split()) for e in self.exemplars]
        typed = [_PLACEHOLDER.sub(lambda m: " x" + m.group(0).rsplit("{", 1)[1].rstrip("}") + " ", e.text.lower())
                 for e in self.exemplars]
        self.features = [_features(lemmas(" ".join(t.split()))) for t in typed]
        seen: dict[str, list[str]] = {}
        for ex, f in zip(self.exemplars, self.features, strict=True):
            for w in f:
                seen.setdefault(w, []).append(ex.relation)
        # words that cue relations ("work", "muscle", "how"), in many exemplars or across relations:
        # not a qualifier of what is asked
        self.generic = {w for w, rels in seen.items() if "_" not in w and len(set(rels)) >= 3}
        # an inverted index over the lexical features: a question touches only the exemplars sharing one
        postings: dict[str, list[tuple[int, int]]] = {}
        for i, f in enumerate(self.features):
            for w, n in f.items():
                postings.setdefault(w, []).append((i, n))
        # as arrays: a question's word adds to its exemplars in one vector operation (each exemplar once per word)
        self.postings = {w: (np.array([i for i, _ in ps], dtype=np.intp), np.array([n for _, n in ps], dtype=float))
                         for w, ps in postings.items()}
        self.norms = np.array([math.sqrt(sum(v * v for v in f.values())) or 1.0 for f in self.features])
        self.groups = [rel for i, rel in enumerate(e.relation for e in self.exemplars)
                       if i == 0 or self.exemplars[i - 1].relation != rel]
        self.starts = np.array([i for i, e in enumerate(self.exemplars)
                                if i == 0 or self.exemplars[i - 1].relation != e.relation])
        self.model = embedder() if semantic_weight > 0 else None
        self.weight = semantic_weight if self.model is not None else 0.0
        self.vectors = self.model.embed(texts, norm=True) if self.model else None
        self.bounds = [*self.starts.tolist(), len(self.exemplars)]  # each relation's exemplars: bounds[g]:bounds[g + 1]
        self._similar: dict[str, Any] = {}

    def classify(self, text: str, typed: str | None = None) -> list[Reading]:
        """Every relation, best first, scored by its nearest exemplar.

        `text` has the linked names removed (for the embedding); `typed` has them replaced by their
        type ("xexercise", "xmuscle", "xequipment") for the lexical match, as the exemplars' placeholders are.
        """
        feats = _features(self.lemmas(typed if typed is not None else text))
        if not text.strip(" ?!.,") or not feats:  # nothing but names: no relation is asked
            return [Reading(rel, 0.0, "") for rel in self.relations]
        # each exemplar's sum of the question's words' counts, in the words' order (as adding word by word)
        posted, counts = [], []
        for w, n in feats.items():
            found = self.postings.get(w)
            if found is not None:
                posted.append(found[0])
                counts.append(found[1] if n == 1 else n * found[1])
        size = len(self.exemplars)
        lexical = np.bincount(np.concatenate(posted), np.concatenate(counts), size) if posted else np.zeros(size)
        q_norm = math.sqrt(sum(v * v for v in feats.values())) or 1.0
        lexical /= q_norm * self.norms
        score = (1 - self.weight) * lexical
        if self.model is not None and self.vectors is not None:
            score += self._semantic(text)
        for w in feats:
            for opposite in OPPOSITES.get(w, ()):
                if (found := self.postings.get(opposite)) is not None:
                    against = np.setdiff1d(found[0], self.postings[w][0] if w in self.postings else ())
                    score[against] *= OPPOSED
        best = np.maximum.reduceat(score, self.starts)  # exemplars are grouped by relation
        order = np.argsort(-best, kind="stable").tolist()  # ties: the groups' (alphabetical) order
        scores, starts, groups = best.tolist(), self.bounds, self.groups
        readings = []
        for g in order[:3]:  # the nearest example, for the three best readings only
            lo, hi = starts[g], starts[g + 1]
            example = self.exemplars[lo + int(score[lo:hi].argmax())].text
            readings.append(_reading(groups[g], round(scores[g], 4), example))
        readings += [_reading(groups[g], round(scores[g], 4), "") for g in order[3:]]
        return readings

    def _semantic(self, text: str) -> Any:
        """The weighted cosine of `text` with every exemplar (not below 0): one product per question wording."""
        found = self._similar.get(text)
        if found is None:
            if len(self._similar) > 1024:
                self._similar.clear()
            found = self._similar[text] = self.weight * np.maximum(
                self.vectors @ self.model.embed([text], norm=True)[0], 0.0)  # type: ignore[union-attr,operator]
        return found


def _reading(relation: str, score: float, example: str, _new: Callable = object.__new__) -> Reading:
    """Reading(relation, score, example) without the frozen dataclass's checked assignments."""
    reading = _new(Reading)
    reading.__dict__.update(relation=relation, score=score, example=example)
    return reading
