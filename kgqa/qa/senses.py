"""Which exercise an ambiguous head word ("kickback") means, from the whole question.

Each candidate exercise has a word profile built from the graph: the names of the muscles it works
(with their parts and lay names), its equipment and joint actions, and the sentences that state its
facts. The question's other words are scored against each profile (naive Bayes over lemma counts,
with add-one smoothing); a sense wins when its log-odds lead is clear. "Arm tucked in, pushing a
dumbbell back" reads as the tricep kickback because "arm" is frequent in its profile and rare in the
glute kickback's; nothing in this module names either exercise.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

from rdflib import DCTERMS

from .index import GraphIndex, local
from .understand import Link

CLEAR_LEAD = 1.5  # natural-log odds a sense must lead by (about 4.5:1)
STOP = set("the a an of in on for to do does is are what which who how i my me you your it its with and or by "
           "during when should can be any that this these those from at as into about if so just one kickback "
           "kickbacks exercise exercises muscle muscles work works".split())


class SenseResolver:
    def __init__(self, index: GraphIndex, lemmas: Callable[[str], list[str]], roots: list[str]) -> None:
        self.index = index
        self.lemmas = lemmas
        self.roots = roots
        # a text's words, once: the senses share muscles, equipment and (copied articles) sentences
        self._said: dict[str, list[str]] = {}
        self.records = {local(str(d)) for d, _ in index.graph.subject_objects(DCTERMS.isPartOf)}
        self.profile: dict[str, Counter[str]] = {r: Counter(self._words(self._texts(r))) for r in roots}
        # the words of the names of what each sense involves (muscles, joint actions, equipment)
        self.named: dict[str, set[str]] = {r: set(self._words(self._names(r))) for r in roots}
        self.vocab = set().union(*self.profile.values()) if self.profile else set()
        self._vocabs: dict[frozenset[str], set[str]] = {}
        # the exercises an article describes: an exercise described in a question ("upper arm still, straighten
        # the elbow") is one of them. A dataset's hundreds of records, each a few field lines, are no description:
        # as candidates they would only spread the odds until no sense leads (the records are named, not described)
        self.described = [r for r in roots if any(e.document not in self.records for ex in index.descendants(r)
                                                   for _, data in index.out_edges(ex) for e in data.get("all", ()))]
        del self._said

    def vocab_of(self, candidates: list[str]) -> set[str]:
        """The words of the candidates' profiles: what smoothing spreads over and the words that can decide. Not
        every root's: a dataset of hundreds of exercises, none of them a candidate, would flatten the odds of the
        sense said less of (the tricep kickback) and let words no candidate has count."""
        key = frozenset(candidates)
        found = self._vocabs.get(key)
        if found is None:
            if len(self._vocabs) > 256:
                self._vocabs.clear()
            found = self._vocabs[key] = set().union(*(self.profile.get(c, Counter()) for c in candidates))
        return found

    def _texts(self, root: str) -> list[str]:
        idx = self.index
        texts: list[str] = []
        quotes: dict[bool, list[str]] = {False: [], True: []}  # what the articles say, what only records say
        for ex in [*idx.descendants(root)]:
            texts += list(idx.names.get(ex, ()))
            for v, data in idx.out_edges(ex):
                said = data.get("all", ())
                told = quotes[bool(said) and all(e.document in self.records for e in said)]
                related = {v, *idx.parts(v), *idx.wholes(v)} if data["predicate"] == "works" else {v}
                for node in related:
                    told += list(idx.names.get(node, ()))
                    told += sorted(idx.attrs[node].get("description", ()))
                told += [e.quote for e in said]  # every copy: a sense's word counts
        # what the articles say of it; what only a record says, when no article says anything: a record's steps say
        # "at this point", "each arm" of every exercise, and would tell one sense from another by them
        return texts + (quotes[False] or quotes[True])

    def _names(self, root: str) -> list[str]:
        idx = self.index
        return [n for ex in idx.descendants(root) for v, d in idx.out_edges(ex)
                for node in ({v, *idx.parts(v)} if d["predicate"] == "works" else {v}) for n in idx.names.get(node, ())]

    def _words(self, texts: list[str]) -> list[str]:
        said = self._said
        for text in texts:
            if text not in said:
                said[text] = [t for t in self.lemmas(text.lower()) if t.isalpha() and t not in STOP and len(t) > 2]
        return [t for text in texts for t in said[text]]

    def resolve(self, candidates: list[str], words: list[str]) -> tuple[str | None, list[str]]:
        """The sense the words point to (or None when they do not decide), and the words that decided it."""
        vocab = self.vocab_of(candidates)
        words = [w for w in words if w in vocab and w not in STOP]
        if len(candidates) < 2 or not words:
            return None, []
        scores = {}
        grand = sum(sum(self.profile.get(c, Counter()).values()) for c in candidates) or 1
        for c in candidates:
            prof = self.profile.get(c, Counter())
            size = sum(prof.values())
            total = size + len(vocab)
            # the prior: a sense the articles say more about is the likelier reading of a bare name
            scores[c] = 0.5 * math.log((size + 1) / grand) + sum(math.log((prof[w] + 1) / total) for w in words)
        ranked = sorted(scores, key=lambda c: -scores[c])
        best = ranked[0]
        # a deciding word is far more frequent (relative to profile size) in the winner's profile
        sizes = {c: sum(self.profile.get(c, Counter()).values()) or 1 for c in candidates}
        cues = [w for w in dict.fromkeys(words) if self.profile[best][w] > 0
                and all(self.profile[o][w] / sizes[o] * 4 < self.profile[best][w] / sizes[best]
                        for o in candidates if o != best)]
        if scores[best] - scores[ranked[1]] < CLEAR_LEAD or not cues:
            return None, []
        return best, cues[:3]

    def cued(self, candidates: list[str], words: list[str], factor: float = 2.0) -> dict[str, list[str]]:
        """For each sense, the question's words clearly more frequent in its profile than in the others'."""
        vocab = self.vocab_of(candidates)
        words = [w for w in dict.fromkeys(words) if w in vocab and w not in STOP]
        sizes = {c: sum(self.profile.get(c, Counter()).values()) or 1 for c in candidates}
        out: dict[str, list[str]] = {}
        for c in candidates:
            cues = [w for w in words if self.profile[c][w] > 0 and all(
                self.profile[o][w] / sizes[o] * factor < self.profile[c][w] / sizes[c] for o in candidates if o != c)]
            if cues:
                out[c] = cues
        return out

    def apply(self, links: list[Link], words: list[str], text: str = "") -> list[str]:
        """Resolve each ambiguous exercise link in place; returns notes saying how.

        The words just before a name ("my arm kickback", "the booty kickback") decide first; then the
        whole question's words."""
        notes = []
        for link in links:
            if link.type != "Exercise" or not link.ambiguous:
                continue
            root = next(i for i in reversed(self.index.lineage(link.iri)) if not self.index.out(i, "variationOf"))
            own = set(self.lemmas(link.surface.lower()))
            candidates = [root, *link.ambiguous]
            rest = [w for w in words if w not in own]
            local = self.lemmas(" ".join(text[:link.start].split()[-2:])) if text and link.start > 0 else []
            sense, cues = self.resolve(candidates, local) if local else (None, [])
            if sense is None:
                sense, cues = self.resolve(candidates, rest)
            if sense is None:
                named = {w for other in links if other is not link for w in self.lemmas(other.surface.lower())}
                both = {c: [w for w in cues if w in self.named.get(c, ())]
                        for c, cues in self.cued(candidates, [w for w in rest if w not in named]).items()}
                both = {c: cues for c, cues in both.items() if cues}  # cued by what each involves: "hip", "elbow"
                if len(both) >= 2:  # "one kickback works the hip, one the elbow": the question is about both
                    link.both = sorted(both)
                continue
            if sense != root:
                link.iri, link.label = sense, self.index.name(sense)
            link.ambiguous = []
            why = f" (the question mentions {', '.join(cues)})" if cues else ""
            notes.append(f'I took "{link.surface}" to mean the {link.label}{why}.')
        return notes
