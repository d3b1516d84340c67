"""Comparing two things of one type: muscles by role, equipment by pros and cons, variations side
by side, "is A better than B for X", and alternatives offered in words ("warm-up or finisher")."""

from __future__ import annotations

import re

from ..lexicon import normalize
from .answer import Answer
from .compose import ROLE_WORD
from .frame import masked_for_relations
from .inherit import Lineage
from .parts import AnswererPart
from .plan import Plan
from .relations import FILLER
from .retrieve import RELEVANT, Match
from .retrieve import _fold as _fold_word
from .strategies import Turn
from .traverse import Hit, execute
from .understand import Link


class Comparisons(AnswererPart):
    """A part of QuestionAnswerer (kgqa/qa/answerer.py)."""

    def alternatives_in(self, t: Turn) -> list[str]:
        """Two offered alternatives that are not linked names ("straight or bent knee")."""
        text = self.masked(t.q)
        m = re.search(r"([a-z0-9][a-z0-9' -]{2,40}?)\s+(?:or|vs\.?|versus)\s+([a-z0-9][a-z0-9' -]{2,40})", text)
        if not m:
            return []
        left = [w for w in m.group(1).split() if len(w) > 2][-2:]
        right = [w for w in m.group(2).split() if len(w) > 2][:2]
        return [" ".join(left), " ".join(right)] if left and right else []

    def _addresses(self, answer: Answer, alternatives: list[str], notes: list[str]) -> bool:
        """Whether the answer speaks of each alternative: a word only that alternative has, as a word
        (in what it says, not in the notes on how the question was read)."""
        words = [set(a.split()) for a in alternatives]
        text = answer.text
        for note in notes:
            text = text.replace(note, " ")
        said = " ".join([text, *(a.detail or "" for a in answer.answers)]).lower()
        for own, other in ((words[0], words[1]), (words[1], words[0])):
            distinct = [w for w in own - other if len(w) > 3 and w not in self.cue_words and w not in self.name_words]
            if distinct and not any(re.search(rf"\b{re.escape(w[:6])}", said) for w in distinct):
                return False
        return True

    def _fits_better(self, t: Turn, compared: Answer, answer: Answer | None) -> bool:
        """Whether the sentences found for the alternatives match the question better than the relation's facts."""
        if answer is None or not answer.answered or not answer.answers:
            return True
        words = self._question_words(t)
        pool = self._pool(t)
        own = self.retriever.rank(words, pool, nodes=[a.iri for a in answer.answers], limit=1) if pool else []
        found = self.retriever.rank(words, pool, nodes=[a.iri for a in compared.answers], limit=1) if pool else []
        return bool(found) and (not own or found[0].score > own[0].score + 0.05)

    def compare_muscles(self, t: Turn) -> Answer:
        """"Is the gluteus medius or the gluteus maximus the main mover?": each muscle's role, side by side."""
        ex = t.exercises[0].iri
        plan = Plan("muscles", [ex], ["variationOf*", "works"])
        hits = execute(plan, self.index)
        chosen, parts = [], []
        for m in t.muscles[:2]:
            related = set(self.index.parts(m.iri)) | set(self.index.wholes(m.iri))
            found = [h for h in hits if h.iri in related]
            direct = [h for h in found if h.iri == m.iri] or found
            chosen += direct
            roles = sorted({r for h in direct for r in h.roles}, key=list(ROLE_WORD).index)
            main = max(roles, key=lambda r: sum(len(h.roles.get(r, ())) for h in direct)) if roles else None
            parts.append(f"the {m.label}: {ROLE_WORD[main] if main else 'not named by the articles'}")
        primary = [m.label for m, h in zip(t.muscles[:2], parts, strict=False) if "primary mover" in h]
        lead = f"The {primary[0]} is the primary mover. " if len(primary) == 1 else ""
        plan.target = None
        return self.finish(t, Plan("muscles", [ex], ["variationOf*", "works"]), chosen,
                           f"{lead}In the {self.index.name(ex)}, " + "; ".join(parts) + ".")

    def compare_equipment(self, t: Turn, equipment: list[Link]) -> Answer:
        hits: list[Hit] = []
        parts = []
        for e in equipment:
            pros = execute(Plan("pros_cons", [e.iri], ["hasPro"]), self.index)
            cons = execute(Plan("pros_cons", [e.iri], ["hasCon"]), self.index)
            hits += pros + cons
            parts.append(f"{self.index.name(e.iri)}: pros - {' '.join(self.detail(h) for h in pros) or 'none stated.'}"
                         f" Cons - {' '.join(self.detail(h) for h in cons) or 'none stated.'}")
        if not hits:
            return self.compare_side_by_side(t, [e.iri for e in equipment])
        plan = Plan("pros_cons", [e.iri for e in equipment], ["hasPro|hasCon"])
        return self.finish(t, plan, hits, "The difference: " + " ".join(parts))

    def compare_side_by_side(self, t: Turn, things: list[str]) -> Answer:
        """Two things of one type: for each, the sentences about it that best match the question."""
        words = masked_for_relations(t.q)
        lead: list[Match] = []
        parts = []
        for thing in things:
            pool = self.retriever.subjects_for([thing], family=False) if self.index.is_a(thing, "Exercise") else {
                i for i, p in enumerate(self.retriever.passages) if thing in p.nodes
                or self.index.name(thing).lower() in p.ev.quote.lower()}
            if self.index.is_a(thing, "Exercise"):  # what is stated of this variation itself comes first
                own = {i for i in pool if thing in self.retriever.passages[i].subjects}
                pool = own or pool
            # the question's words, and the thing's own name: the sentences that describe this side
            best = self.retriever.rank(f"{words} {self.index.name(thing)}".strip(), pool, limit=2)
            best = [m for m in best if m.score >= RELEVANT - 0.12][:2] or best[:1]
            lead += best
            side = Lineage(self.index, [thing])
            if side and best:  # a side that is a variation said with what it varies: named (inherit.py)
                parts.append(side.quotes([(side.of_passage(m.passage), m.passage.ev.quote) for m in best],
                                         self.index.name(thing)))
                continue
            said = " ".join(m.passage.ev.quote for m in best) or "the articles say nothing specific."
            parts.append(f"{self.index.name(thing)}: {said}")
        if not lead:
            return self.abstain(t, "The articles say nothing that compares them.")
        answer = self._answer_from(t, lead, None)
        answer.text = " ".join(t.notes + ["Side by side —"] + parts)
        answer.intent = "comparison"
        return answer

    def better(self, t: Turn, things: list[Link]) -> Answer:
        """"Is A better than B for X?": each side's sentences on X, endorsing (+) or warning (-); yes if A leads."""
        words = masked_for_relations(t.q)
        best: list[tuple[float, Match | None]] = []
        for thing in things:
            pool = self._things_pool(thing.iri)
            ranked = self.retriever.rank(words, pool, limit=1)
            if not ranked:
                best.append((0.0, None))
                continue
            sign = 1 if self.retriever.polarity(ranked[0], words) else -1
            best.append((sign * ranked[0].score, ranked[0]))
        lead = [m for _, m in best if m is not None]
        if not lead:
            return self.abstain(t, "The articles say nothing that compares them on that.")
        first_wins = best[0][0] > best[1][0]
        answer = self._answer_from(t, lead, first_wins)
        names = [x.label for x in things]
        answer.text = (f"{'Yes' if first_wins else 'No'}: on this the articles favour the "
                       f"{names[0] if first_wins else names[1]}. " + self._said(t, lead, intro=""))
        answer.intent = "comparison"
        return answer

    def _things_pool(self, iri: str) -> set[int]:
        if self.index.is_a(iri, "Exercise"):
            own = self.retriever.subjects_for([iri], family=False)
            mine = {i for i in own if iri in self.retriever.passages[i].subjects}
            eq = self.own_equipment(iri)
            return mine | (self._things_pool(eq.iri) if eq else set()) or own
        weighed = {n for pred in ("hasPro", "hasCon") for n, _ in self.index.out(iri, pred)}
        others = {n for i in self.parser.kind if i != iri for pred in ("hasPro", "hasCon")
                  for n, _ in self.index.out(i, pred)} - weighed  # what is weighed of other equipment is theirs
        return {i for i, p in enumerate(self.retriever.passages) if not p.nodes & others and (
                iri in p.nodes or iri in p.subjects or p.nodes & weighed or self.index.name(iri).lower() in
                p.ev.quote.lower())}

    def compare_alternatives(self, t: Turn) -> Answer | None:
        """"Straight or bent knee?", "high reps or low reps?": the subject's sentences on each alternative."""
        alternatives = self.alternatives_in(t)
        pool = self._pool(t)
        if not alternatives or not pool:
            return None
        for alt in alternatives:  # "a donkey kick vs a fire hydrant": a side the graph never mentions
            distinct = [w for w in re.findall(r"[a-z]+", alt) if len(w) > 3 and w not in self.cue_words
                        and w not in self.name_words]
            if distinct and not any(w in self.known_words or _fold_word(w) in self.known_words
                                    or w.rstrip("s") in self.known_words for w in distinct):
                return self.abstain(t, f'The articles say nothing about "{alt}".')
        named = self._facts_named(alternatives, pool)
        if named:  # "as a warm-up vs as a finisher": two facts of the subject, by name - side by side
            hits = [Hit(n, evidence=list(self.index.node_evidence.get(n, []))) for n in named]
            text = "Side by side — " + " ".join(f"{self._item_label(h)}: {self.detail(h)}" for h in hits)
            answer = self.finish(t, Plan("comparison", named, []), hits, text)
            answer.intent = "comparison"
            answer._named = True  # type: ignore[attr-defined]  # the alternatives are facts by name: decisive
            return answer
        lead: list[Match] = []
        for alt in alternatives:
            ranked = self.retriever.rank(f"{self.masked(t.q)} {alt} {alt}", pool, limit=3)
            lead += [m for m in ranked[:2] if m.score >= RELEVANT - 0.1 and m not in lead]
        if not lead:
            return None
        answer = self._answer_from(t, lead, None)
        answer.intent = "comparison"
        return answer

    def _facts_named(self, alternatives: list[str], pool: set[int]) -> list[str]:
        """The subject's facts whose names are the alternatives offered, one each (or none)."""
        facts = {n for i in pool for n in self.retriever.passages[i].nodes if not self.index.is_a(n, "Muscle")}
        found = []
        for alt in alternatives:
            words = [w for w in re.findall(r"[a-z]+", alt) if len(w) > 2 and w not in FILLER]
            matches = [n for n in sorted(facts) if words and all(
                re.search(rf"\b{re.escape(w[:5])}", self.index.name(n).lower()) for w in words)]
            if len(matches) > 1:  # several: the one named exactly so
                matches = [n for n in matches if normalize(self.index.name(n)) == normalize(alt)]
            if len(matches) != 1:
                return []
            found.append(matches[0])
        return found if len(set(found)) == len(found) else []
