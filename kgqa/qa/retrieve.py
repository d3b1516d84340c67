"""Rank the graph's own evidence against a question: the answer when no structured relation fits,
and the way a structured answer picks, among its facts, the ones the question is about.

A passage is one evidence sentence of the graph (a `kgo:Evidence` quote) with what it supports:
the fact node (mistake, correction, benefit, technique cue, guideline, safety note, placement,
population, modification, consideration, muscle involvement, joint action, definition) and the
exercises that fact is stated of. A question is scored against passages by BM25 over lemmas
(the words they share) and by the cosine of static word embeddings (the meaning, when the words
differ), each in 0..1, averaged. `RELEVANT` is the calibrated score below which a passage does not
answer a question (`python scripts/bench_qa.py --calibrate` prints the distributions behind it).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rdflib import DCTERMS

from ..terms import KGO
from .bm25 import ARTICLES, Bm25, collection_of, is_fields, set_aside
from .index import Ev, GraphIndex, local
from .relations import OPPOSITES, PROPOSED_AGAINST  # opposite values, actions: a sentence stating the other says no

# what a fact class answers, and the polarity a yes/no question takes from it
FACT_KINDS: dict[str, str] = {
    "Mistake": "mistakes", "Correction": "fix", "Benefit": "benefits", "TechniqueCue": "technique",
    "SafetyNote": "safety", "ProgrammingGuideline": "programming", "RoutinePlacement": "placement",
    "Population": "population", "Modification": "progression", "Consideration": "pros_cons",
    "JointAction": "joint_action", "Muscle": "muscles", "Exercise": "definition", "Variation": "definition",
    "Equipment": "equipment", "SetupStep": "setup",
}
# how a fact hangs off what it is stated of
FACT_EDGES = ("commonMistake", "hasBenefit", "techniqueCue", "safetyNote", "guideline", "placement",
              "recommendedFor", "hasProgression", "hasRegression", "correction", "hasPro", "hasCon",
              "usesEquipment", "jointAction", "complementedBy", "setupStep")
# a sentence that warns against what it names: a yes/no question about doing that thing gets "no"
WARNING_LEMMAS = {"avoid", "never", "not", "n't", "mistake", "refrain", "excessive", "excessively", "instead",
                  "overextend", "hyperextend", "too", "without"}
_KEPT: dict[str, str] = {}  # lemma -> what `_keep` makes of it ("" when dropped): the same words recur
RELEVANT = 0.42
STOP = set(
    "the a an of in on for to do does is are was what which who how i my me you your it its with and or by "
    "during when should can be any that this these those from at as into about if so just really get "
    "would will could there their them they we our up down out than too very much many some not no also "
    "don't doesn't i'm i've im ok okay kickback kickbacks exercise exercises".split()
)


def _fold(term: str) -> str:
    if len(term) > 6 and term.endswith("ally"):
        return term[:-2]
    if len(term) > 5 and term.endswith("ly") and not term.endswith("ply"):
        return term[:-2]
    return term


@dataclass
class Passage:
    key: tuple[str, int]
    ev: Ev
    nodes: set[str] = field(default_factory=set)  # the facts it supports
    subjects: set[str] = field(default_factory=set)  # the exercises those facts are stated of
    negative: set[str] = field(default_factory=set)  # facts it supports as a con (hasCon)


@dataclass(frozen=True)
class Match:
    passage: Passage
    score: float
    lexical: float
    semantic: float

    @property
    def node(self) -> str:
        return sorted(self.passage.nodes)[0]


class PassageRetriever:
    """BM25 + embedding similarity over the graph's evidence sentences."""

    def __init__(self, index: GraphIndex, lemmas: Callable[[str], list[str]], embedder: Any | None) -> None:
        self.index = index
        self.lemmas = lemmas
        self.model = embedder
        g = index.graph
        by_key: dict[tuple[str, int], Passage] = {}

        def passage(e: Ev) -> Passage:
            key = (e.document, e.start)
            if key not in by_key:
                by_key[key] = Passage(key, e)
            return by_key[key]

        involved_by = {str(inv): str(ex) for ex, inv in g.subject_objects(KGO.involves)}
        muscle_of = {str(inv): str(m) for inv, m in g.subject_objects(KGO.muscle)}
        statements = index.statements
        for node, evs in index.node_evidence.items():
            for e in evs:
                p = passage(e)
                if node in statements:
                    s, pred, o = statements[node]
                    p.nodes.add(o if not pred.endswith("definition") else s)
                    p.subjects.add(s)
                    if pred.endswith("hasCon"):
                        p.negative.add(o)
                elif node in involved_by:
                    p.subjects.add(involved_by[node])
                    p.nodes.add(muscle_of.get(node, node))
                else:
                    p.nodes.add(node)
                    p.subjects.update(self._owners(node))
        # One sentence stating the same facts in several articles (syndicated text; a replicated corpus) is one
        # passage, cited where it first occurs and supporting the facts of every copy (each article's own node
        # of a technique cue, say, named alike): ranking grows with the distinct sentences, not with their
        # copies. BM25's statistics count every copy, so each sentence scores as it does when its copies are apart.
        distinct: dict[tuple, Passage] = {}
        copies: Counter[tuple[str, int]] = Counter()
        context: dict[tuple[str, int], list[str]] = {}
        for p in sorted(by_key.values(), key=lambda p: p.key):
            first = distinct.setdefault(self._same(p), p)
            if first is p:
                context[p.key] = self._context(p)  # of its own facts: each copy's read the same
            else:
                first.nodes |= p.nodes
                first.negative |= p.negative
            copies[first.key] += 1
        self.passages = list(distinct.values())  # in the order of their first occurrence (document, offset)
        self.copies = [copies[p.key] for p in self.passages]
        self.tokens = [self.lemmas(p.ev.quote.lower()) for p in self.passages]  # for polarity, and terms
        said: dict[str, list[str]] = {}  # the terms of a piece of context, once: names and descriptions recur

        def terms_of(pieces: list[str]) -> list[str]:
            for piece in pieces:
                if piece not in said:
                    said[piece] = self._terms(piece)
            return [t for piece in pieces for t in said[piece]]

        self.terms = [Counter([*self._keep(tokens), *terms_of(context[p.key])])
                      for p, tokens in zip(self.passages, self.tokens, strict=True)]
        # each passage's statistics are its collection's (bm25.py): the articles', a dataset's prose, its fields
        dataset = {local(str(d)): str(s) for d, s in g.subject_objects(DCTERMS.isPartOf)}
        collections = [collection_of(dataset.get(p.ev.document), p.ev.quote) for p in self.passages]
        self.bm25 = Bm25(self.terms, self.copies, collections)
        self.idf, self.postings = self.bm25.idf, self.bm25.postings
        # what free-text ranking ranks: sentences, not a record's field lines (structured facts)
        self.prose = np.array([not is_fields(c) for c in collections], dtype=bool)
        self.from_dataset = np.array([c != ARTICLES for c in collections], dtype=bool)
        self._qvec: dict[str, Any] = {}
        self._similarity: dict[str, Any] = {}
        self._mentioning: dict[str, set[int]] = {}
        self._supporting: dict[str, Any] = {}  # node -> the passages supporting it, as an ascending array
        self.vectors = self.model.embed([p.ev.quote for p in self.passages], norm=True) \
            if self.model is not None and self.passages else None
        self._position = {p.key: i for i, p in enumerate(self.passages)}
        self.of_node: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(self.passages):
            for n in p.nodes:
                self.of_node[n].append(i)
        self.of_subject: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(self.passages):
            for s in p.subjects:
                self.of_subject[s].append(i)

    def _owners(self, node: str) -> set[str]:
        """The exercises a fact is stated of (through a mistake for its corrections)."""
        node = self.index.same_as.get(node, node)  # a fact stated alike elsewhere: its edges are the first one's
        if self.index.is_a(node, "Exercise"):
            return {node}
        owners: set[str] = set()
        frontier, seen = [node], {node}
        for _ in range(3):  # fact <- mistake <- exercise; con <- equipment <- exercise
            nxt = []
            for n in frontier:
                for pred in FACT_EDGES:
                    for src, _ in self.index.into(n, pred):
                        if self.index.is_a(src, "Exercise"):
                            owners.add(src)
                        elif src not in seen:
                            seen.add(src)
                            nxt.append(src)
            frontier = nxt
        return owners

    def _same(self, p: Passage) -> tuple:
        """What makes two passages one: the sentence, its section and subjects, and its facts by name and text."""
        facts = frozenset((self.index.name(n), tuple(sorted(self.index.attrs[n].get("description", ()))),
                           n in p.negative) for n in p.nodes)
        return p.ev.quote, p.ev.section, frozenset(p.subjects), facts

    def _context(self, p: Passage) -> list[str]:
        """What a sentence is about beyond its words: its section heading, and the names and descriptions of
        the facts it supports (a description may carry the fact's next sentence). In pieces, each read alone: no
        word spans two of them."""
        names = [self.index.name(n) for n in sorted(p.nodes) if not n.startswith("_")]
        described = [d for n in sorted(p.nodes) for d in sorted(self.index.attrs[n].get("description", ()))
                     if d not in p.ev.quote]
        return [p.ev.section.split(" > ")[-1] if p.ev.section else "", *names, *described]

    @staticmethod
    def _keep(lemmas: list[str]) -> list[str]:
        """Content lemmas, with adverbs folded onto their adjectives ("diagonally" ~ "diagonal")."""
        if len(_KEPT) > 100_000:  # questions bring new words: keep the memo bounded
            _KEPT.clear()
        kept = []
        for t in lemmas:
            k = _KEPT.get(t)
            if k is None:
                k = _KEPT[t] = _fold(t) if t not in STOP and t.isalnum() and len(t) > 1 else ""
            if k:
                kept.append(k)
        return kept

    def _terms(self, text: str) -> list[str]:
        return self._keep(self.lemmas(text.lower()))

    def _tokens(self, passage: Passage) -> list[str]:
        return self.tokens[self._position[passage.key]]

    def mentioning(self, iri: str) -> set[int]:
        """Passages that support a fact of the node or name it in their sentence."""
        found = self._mentioning.get(iri)
        if found is None:
            name = self.index.name(iri).lower()
            found = self._mentioning[iri] = {i for i, p in enumerate(self.passages)
                                             if iri in p.nodes or iri in p.subjects or name in p.ev.lowered}
        return found

    def kind(self, node: str) -> str:
        return next((FACT_KINDS[t] for t in sorted(self.index.types.get(node, ())) if t in FACT_KINDS), "other")

    def subjects_for(self, exercises: Iterable[str], family: bool = True) -> set[int]:
        """Passages stated of the exercises, what they vary (inherited), and (with `family`) their variations."""
        reach: set[str] = set()
        for ex in exercises:
            reach.update(self.index.lineage(ex))
            if family:
                reach.update(self.index.descendants(ex))
        return {i for s in reach for i in self.of_subject.get(s, ())}

    def rank(self, question: str, pool: Iterable[int] | None = None, nodes: Iterable[str] | None = None,
             limit: int = 5) -> list[Match]:
        """The passages best matching `question`, among `pool` (passage numbers) and/or supporting `nodes`.

        Scores are array operations (BM25 postings as arrays, one embedding product per question): with copies of
        a sentence one passage, a question costs little more on a corpus of a hundred times as many articles."""
        chosen = self._chosen(pool, nodes)
        scored = self._scored(question, chosen)
        if scored is None:
            return []
        return [self._match(scored, k) for k in _best(np.round(scored[1], 4), limit)]

    def rank_and_own(self, question: str, pool: Iterable[int], nodes: Iterable[str],
                     limit: int = 5) -> tuple[list[Match], Match | None]:
        """`rank(question, pool, limit=limit)`, and the first of `rank(question, pool, nodes=nodes)` (None when
        none), the pool scored once."""
        scored = self._scored(question, self._chosen(pool, None))
        if scored is None:
            return [], None
        rounded = np.round(scored[1], 4)
        own = np.flatnonzero(self._supports(scored[0], nodes))
        return ([self._match(scored, k) for k in _best(rounded, limit)],
                self._match(scored, own[_best(rounded[own], 1)[0]]) if len(own) else None)

    def _match(self, scored: tuple[Any, Any, Any, Any], k: int) -> Match:
        ids, scores, lexical, semantic = scored
        return Match(self.passages[ids[k]], round(float(scores[k]), 4), round(float(lexical[k]), 4),
                     round(float(semantic[k]), 4))

    def best_of(self, question: str, nodes: Iterable[str]) -> dict[str, float]:
        """Each node's score: that of the first passage supporting it in `rank(question, nodes=nodes)` (the best,
        the earliest of equals), without making a Match of every passage of facts that many articles state."""
        nodes = set(nodes)
        scored = self._scored(question, _ascending({i for n in nodes for i in self.of_node.get(n, ())}))
        if scored is None:
            return {}
        ids, scores = scored[0], scored[1]
        rounded = np.round(scores, 4)
        best = {}
        for n in nodes:
            if mine := self.of_node.get(n):
                at = np.searchsorted(ids, mine)  # ascending, as the passages are
                best[n] = round(float(scores[at[np.argmax(rounded[at])]]), 4)
        return best

    def _chosen(self, pool: Iterable[int] | None, nodes: Iterable[str] | None) -> Any:
        """The passages to rank, ascending: those of `pool` and/or those supporting `nodes`; None for all."""
        ids = None if pool is None else _ascending(pool)
        if nodes is None:  # free text: the sentences only
            if ids is None:
                return None if self.prose.all() else np.flatnonzero(self.prose)
            return ids[self.prose[ids]]
        if ids is None:
            return _ascending({i for n in set(nodes) for i in self.of_node.get(n, ())})
        return ids[self._supports(ids, nodes)]

    def _supports(self, ids: Any, nodes: Iterable[str]) -> Any:
        """Which of the passages `ids` (ascending) support one of `nodes`, looked up in each node's (ascending)
        passages: a fact that many articles state (a muscle, a piece of equipment) has many, an exercise few."""
        keep = np.zeros(len(ids), dtype=bool)
        for n in set(nodes):
            supporting = self._supporting.get(n)
            if supporting is None:
                supporting = self._supporting[n] = np.array(self.of_node.get(n, ()), dtype=np.intp)
            if len(supporting):
                at = np.minimum(np.searchsorted(supporting, ids), len(supporting) - 1)
                keep |= supporting[at] == ids
        return keep

    def _scored(self, question: str, chosen: Any) -> tuple[Any, Any, Any, Any] | None:
        """The passages `chosen` (ascending passage numbers; all when None), with their scores, lexical and
        semantic."""
        ids = np.arange(len(self.passages)) if chosen is None else chosen
        q_terms = self._terms(question)
        if not len(ids) or not q_terms:
            return None
        ideal = self.bm25.ideal(q_terms, ids)
        bm25 = np.zeros(len(ids))
        for t in q_terms:  # the chosen passages' weights, looked up in each term's postings (both ascending)
            found = self.postings.get(t)
            if found is not None:
                posted, weights = found
                if chosen is None:
                    bm25[posted] += weights
                    continue
                at = np.minimum(np.searchsorted(posted, ids), len(posted) - 1)
                hit = posted[at] == ids
                bm25[hit] += weights[at[hit]]
        lexical = np.minimum(bm25 / ideal, 1.0)
        semantic = self._similarities(question)[ids] if self.vectors is not None else np.zeros(len(ids))
        scores = 0.5 * lexical + 0.5 * np.maximum(semantic, 0.0)
        return ids, np.where(set_aside(scores, self.from_dataset[ids], RELEVANT), 0.0, scores), lexical, semantic

    def _similarities(self, question: str) -> Any:
        """The cosine of the question with every passage (one product per question, however often it is ranked)."""
        sims = self._similarity.get(question)
        if sims is None:
            qvec = self._qvec.get(question)
            if qvec is None:
                if len(self._qvec) > 4096:
                    self._qvec.clear()
                qvec = self._qvec[question] = self.model.embed([question], norm=True)[0]
            if len(self._similarity) > 64:  # a vector per passage: keep only the questions of the moment
                self._similarity.clear()
            sims = self._similarity[question] = self.vectors @ qvec
        return sims

    def polarity(self, match: Match, question: str, normative: bool = True) -> bool:
        """Whether the passage endorses what the question asks about (True) or warns against it (False):
        for a judgement, a mistake or a con says no; for any question, a warning word ("avoid", "don't",
        "not") shortly before a word the question shares says no."""
        if normative and (match.passage.negative or any(self.index.is_a(n, "Mistake") for n in match.passage.nodes)):
            return False
        asked = set(self._terms(question))
        tokens = [_fold(t) for t in self._tokens(match.passage)]
        said = set(tokens) | set(self._tokens(match.passage))
        if any(OPPOSITES.get(w, set()) & said and w not in said for w in asked):
            return False  # "set the pulley high?" - "set the pulley to the lowest position"
        if any(action in said and action not in asked and proposed.search(question)
               for action, proposed in PROPOSED_AGAINST.items()):
            return False  # "should I push through it?" - "Stop if you feel any sharp pain"
        warnings = [i for i, t in enumerate(tokens) if t in WARNING_LEMMAS]
        shared = [i for i, t in enumerate(tokens) if t in asked]
        return not any(w < i <= w + 6 for w in warnings for i in shared)


def _ascending(passages: Iterable[int]) -> Any:
    """Passage numbers as an ascending array, each once (as np.unique, at a third of its cost)."""
    found = np.fromiter(passages if isinstance(passages, set | frozenset) else set(passages), dtype=np.intp)
    found.sort()
    return found


def _best(scores: Any, limit: int) -> Any:
    """The places of the `limit` highest scores, best first; ties in passage order (ids ascend with the
    passages' (document, offset) keys). Only the scores that can be among them are sorted."""
    if 0 < limit < len(scores) and not np.isnan(scores).any():  # (a NaN sorts last, as argsort puts it)
        kth = np.partition(scores, len(scores) - limit)[len(scores) - limit]  # the limit-th highest
        near = np.flatnonzero(scores >= kth)  # ascending, with every tie of the last one kept
        return near[np.argsort(-scores[near], kind="stable")][:limit]
    return np.argsort(-scores, kind="stable")[:limit]


def best_lead(matches: list[Match], floor: float = RELEVANT) -> list[Match]:
    """The matches worth quoting: above the floor and close to the best one."""
    if not matches or matches[0].score < floor:
        return []
    return [m for m in matches if m.score >= max(floor, matches[0].score - 0.08)][:3]
