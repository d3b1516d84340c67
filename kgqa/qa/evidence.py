"""Answering from the graph's evidence sentences: the pool a question may draw on, ranking, yes/no
decided by the best-matching sentence, and the words a question uses that the graph does not know."""

from __future__ import annotations

import re
from functools import cached_property

from .answer import Answer
from .frame import masked_for_relations
from .index import Ev
from .inherit import Lineage
from .linking import STOP_WORDS, data_lines
from .parts import AnswererPart
from .phrases import whole_words
from .plan import Plan
from .relations import FILLER, PROPOSED_AGAINST
from .retrieve import RELEVANT, Match
from .retrieve import STOP as RETRIEVAL_STOP
from .retrieve import _fold as _fold_word
from .rules import ENDORSING, NORMATIVE, OMISSION, PLACED, UNLINKED_RELEVANT
from .sources import datasets, said_by
from .strategies import Turn, best_lead
from .traverse import Hit, execute

# "will kickbacks help my tennis elbow?": a verb claiming an effect, and what it is claimed on (data)
CLAIM = re.compile(whole_words(data_lines("claim_verbs.txt")).pattern
                   + r"\s+(?:my |your |the |a |an |some |those |these |this |that |their )?([a-z' -]{3,40}?)"
                   r"\s*(?:\?|$|\bfor\b|\bif\b|\bwhen\b|\bor\b|\band\b|,|\bat all\b|\bthough\b)")


class EvidenceAnswers(AnswererPart):
    """A part of QuestionAnswerer (kgqa/qa/answerer.py)."""

    @cached_property
    def name_words(self) -> set[str]:
        """The words of the exercises' names ("kick", "kickback"): they tell no alternative apart."""
        return {w for i, k in self.parser.kind.items() if k == "Exercise" for n in self.index.names[i]
                for w in re.findall(r"[a-z]+", n.lower())}

    @cached_property
    def cue_words(self) -> set[str]:
        """Relation cues and the names of the graph's classes ("muscle"): they say what is asked, not which."""
        return self.classifier.generic | FILLER | {c.lower() for ts in self.index.types.values() for c in ts}

    @cached_property
    def known_words(self) -> set[str]:
        """Every word the graph's sentences, names and exemplars use."""
        words = set(self.retriever.idf) | self.senses.vocab | {w for f in self.classifier.features for w in f}
        words |= {w for names in self.index.names.values() for n in names for w in self.lemmas(n.lower())}
        return words | FILLER | RETRIEVAL_STOP | {"which", "what", "where", "when", "while", "whose", "there"}

    def unknown_words(self, t: Turn) -> list[str]:
        """Words of the question (names aside) that no sentence, name or exemplar of the graph uses."""
        return [w for w in self.lemmas(self.masked(t.q)) if w.isalpha() and len(w) > 3
                and w not in self.known_words and _fold_word(w) not in self.known_words]

    @cached_property
    def graph_texts(self) -> list[str]:
        """Every evidence sentence and name of the graph, lower-cased (read once, not per question)."""
        texts = [p.ev.quote.lower() for p in self.retriever.passages]
        return texts + [n.lower() for names in self.index.names.values() for n in names]

    def unmentioned_alternative(self, t: Turn) -> list[str]:
        """An offered alternative ("cable pull-through") whose words no single sentence or name has together."""
        found = []
        for alt in self.alternatives_in(t):
            words = [w for w in re.findall(r"[a-z]+", alt) if len(w) > 3 and w not in FILLER
                     and w not in RETRIEVAL_STOP and w not in self.name_words]
            if len(words) < 2:
                continue
            if not any(all(re.search(rf"\b{re.escape(w[:5])}", x) for w in words) for x in self.graph_texts):
                found.append(alt)
        return found

    def records_only(self, hits: list[Hit]) -> bool:
        """Whether every sentence the facts are stated in is a dataset record's (sources.py): a record's
        instruction steps, say, which the articles' own facts take precedence over (rules.py)."""
        records = datasets(self.index)
        return bool(records) and all(e.document in records for h in hits for e in h.evidence)

    def _pool(self, t: Turn) -> set[int] | None:
        if t.exercises:
            return self.retriever.subjects_for([e.iri for e in t.exercises[:2]])
        nodes = [e.iri for e in t.muscles + t.equipment]
        if nodes:
            return {i for n in nodes for i in self.retriever.mentioning(n)}
        return None

    def _asked_words(self, t: Turn) -> str:
        """The question without its subject's name (what the sentences are about); what it asks of the
        subject stays ("does the glute max also do external rotation?" keeps "external rotation")."""
        subject = "Exercise" if t.exercises else "Muscle" if t.muscles else "Equipment"
        text = t.q.normalized
        for e in sorted((e for e in t.q.entities if e.start >= 0 and e.type == subject), key=lambda e: -e.start):
            text = text[:e.start] + " " + text[e.start + len(e.surface):]
        return " ".join(text.split()) or t.q.normalized

    def _question_words(self, t: Turn) -> str:
        """What the question asks: without the exercise's name (its sentences are the pool); the muscles and
        equipment it names stay, as what the sentences must mention ("set up the cable machine")."""
        return self._asked_words(t) if t.exercises else t.q.normalized

    def _from_evidence(self, t: Turn) -> Answer | None:
        """The subject's sentences that best match the question, when one clearly does; with nothing named,
        any sentence of the graph that matches it closely ("should I push through a sharp pain?")."""
        pool = self._pool(t)
        if pool is None:
            words = masked_for_relations(t.q) or t.q.normalized
            specific = {w for w in self.retriever._terms(words) if w not in self.cue_words}
            if any(len(w) > 5 and w not in self.known_words for w in specific):
                return None  # a word the graph never uses ("patellofemoral"): not a question it can answer
            lead = [m for m in best_lead(self.retriever.rank(words), floor=UNLINKED_RELEVANT)
                    if len(specific & set(self.retriever._tokens(m.passage))) >= 2]  # two words it is about
            if not lead:
                return None
            boolean = self.retriever.polarity(lead[0], words, NORMATIVE.search(t.q.normalized) is not None) \
                if t.frame.form == "yesno" else None
            return self._answer_from(t, lead, boolean)
        if not pool:
            return None
        if t.frame.confidence < PLACED and any(len(w) > 5 for w in self.unknown_words(t)) and not any(
                p.search(t.q.normalized) for p in PROPOSED_AGAINST.values()):
            return None  # no relation placed and a word the graph never uses ("cellulite"): not one it answers
        ranked = self.retriever.rank(self._question_words(t), pool)
        lead = best_lead(ranked)
        if not lead and t.frame.form == "yesno":  # a yes/no question: a sentence sharing its words decides it
            lead = best_lead([m for m in ranked if m.lexical > 0], floor=RELEVANT - 0.1)
        lead = self._against(t, self._question_words(t), pool, lead)
        if lead and t.frame.form == "yesno" and self._not_said(t, lead, pool) is not None:
            return None
        if not lead and not t.exercises and self.main_exercise and (t.muscles or t.equipment):
            # a muscle or piece of equipment named, no exercise: what the main exercise's sentences say of it
            main = self.retriever.subjects_for([self.main_exercise])
            lead = best_lead(self.retriever.rank(self._question_words(t), main))
        if not lead:
            return None
        boolean = self.retriever.polarity(lead[0], self._question_words(t), NORMATIVE.search(
            t.q.normalized) is not None) if t.frame.form == "yesno" else None
        return self._answer_from(t, lead, boolean)

    def _claimed(self, t: Turn) -> list[str]:
        """The content words of what a yes/no question claims an effect on ("help my tennis elbow": tennis,
        elbow), by the verbs of claim_verbs.txt; none when it claims none."""
        m = CLAIM.search(self.masked(t.q)) if t.frame.form == "yesno" else None
        if not m:
            return []
        return [w for w in self.retriever._terms(m.group(1)) if len(w) > 2 and w not in self.cue_words
                and w not in STOP_WORDS]  # "help her": a pronoun is no thing claimed

    def _not_said(self, t: Turn, lead: list[Match], pool: set[int] | None) -> Answer | None:
        """"I don't know" when the question claims an effect on something no sentence of the pool (or the lead)
        names with all its words ("tennis elbow"); None when one does, or nothing is claimed."""
        claimed = self._claimed(t)
        if not claimed:
            return None
        passages = self.retriever.passages
        ids = pool if pool is not None else range(len(passages))
        if any(set(claimed) <= set(self.retriever._tokens(m.passage)) for m in lead) or any(
                set(claimed) <= set(self.retriever._tokens(passages[i])) for i in ids):
            return None
        m = CLAIM.search(self.masked(t.q))
        said = t.q.normalized[m.start(1):m.end(1)].strip() if m else " ".join(claimed)  # the words as asked
        return self.abstain(t, f'The articles say nothing about "{said}".', final=True)

    def _against(self, t: Turn, words: str, pool: set[int] | None, lead: list[Match]) -> list[Match]:
        """"Should I keep going?": a sentence of the pool that says the opposite action ("Stop if you feel any
        sharp pain") leads, as it decides the question (opposites.txt); else the lead as it was."""
        against = {a for a, p in PROPOSED_AGAINST.items() if p.search(t.q.normalized)} if pool else set()
        if not against or t.frame.form != "yesno":
            return lead
        passages = self.retriever.passages
        stating = {i for i in pool if against & set(self.retriever._tokens(passages[i]))}  # type: ignore[union-attr]
        saying = next((m for m in self.retriever.rank(words, stating) if m.lexical > 0), None) if stating else None
        return [saying, *[m for m in lead if m is not saying][:2]] if saying else lead

    def _said(self, t: Turn, lead: list[Match], intro: str | None = None) -> str:
        """'The articles say: <sentences>' (or the records, or the sources: who is quoted); sentences stated of
        what the subject varies come after its own, under a note naming it (inherit.py)."""
        if intro is None:
            intro = f"{said_by(self.index, (m.passage.ev.document for m in lead)).capitalize()} say"
        lin = Lineage(self.index, [e.iri for e in t.exercises[:2]])
        if not lin:
            said = " ".join(dict.fromkeys(m.passage.ev.quote for m in lead))
            return f"{intro}: {said}" if intro else said
        return lin.quotes([(lin.of_passage(m.passage), m.passage.ev.quote) for m in lead], intro)

    def _origins(self, t: Turn, lead: list[Match]) -> dict[Ev, str]:
        """Each sentence -> the exercise it is stated of, when that is the subject or what the subject varies."""
        lin = Lineage(self.index, [e.iri for e in t.exercises[:2]])
        if not lin:
            return {}
        stated = {m.passage.ev: lin.of_passage(m.passage) for m in lead}
        return {e: s for e, s in stated.items() if s}

    def _answer_from(self, t: Turn, lead: list[Match], boolean: bool | None) -> Answer:
        nodes = list(dict.fromkeys(n for m in lead for n in sorted(m.passage.nodes)))
        origins = self._origins(t, lead)
        hits = [Hit(n, evidence=(evs := [m.passage.ev for m in lead if n in m.passage.nodes]),
                    origin={e: origins[e] for e in evs if e in origins}) for n in nodes]
        # the sentences are the answer; the muscles they mention are items only when muscles are asked
        items = [n for n in nodes if t.frame.relation == "muscles" or not self.index.is_a(n, "Muscle")]
        plan = Plan("evidence", items, [])
        yes = {True: "Yes. ", False: "No. ", None: ""}[boolean]
        text = f"{yes}{self._said(t, lead)}"
        answer = self.finish(t, plan, hits, text, boolean=boolean)
        answer.answers = [a for a in answer.answers if a.iri in items]
        answer.intent = t.frame.relation if t.frame.confidence >= PLACED else "evidence"
        return answer

    def _yesno_from_evidence(self, t: Turn, answer: Answer) -> Answer | None:
        """A yes/no question answered with facts: decide it by the fact that best matches, quoting it.

        First among the facts the relation gave, then among all the subject's sentences; when no sentence
        matches well, a relation whose facts recommend (benefits, people it suits, progressions...) says
        yes with those facts, and one whose facts warn (mistakes) says no. Otherwise None: undecided.
        """
        pool = self._pool(t)
        words = self._asked_words(t)
        named = self.mistakes_in(t.q, strict=True)
        if named and NORMATIVE.search(t.q.normalized):  # "is it OK to arch my back a little?": a named mistake
            hits = execute(Plan("mistakes", named[:1], []), self.index)
            if hits:
                name = self.index.name(named[0]).lower()
                # "not engaging the glutes" is the mistake: "should I engage them?" is a yes
                omission = OMISSION.match(name) is not None
                said = f"{'Yes' if omission else 'No'}: the articles call {name} a mistake. "
                decided = self.finish(t, Plan("mistakes", named[:1], []), hits, said + self.detail(hits[0]),
                                      boolean=omission)
                decided.intent = answer.intent
                return decided
        nodes = [a.iri for a in answer.answers] or None
        if pool and t.exercises:  # a sentence about another exercise (a progression's) does not decide this one's
            named = t.exercises + t.q.of_type("Exercise")  # the exercises the question names stay
            family = {x for e in named for x in self.index.lineage(e.iri) + self.index.descendants(e.iri)}
            pool = {i for i in pool if not any(self.index.is_a(n, "Exercise") and n not in family
                                               for n in self.retriever.passages[i].nodes)}
        # a sentence decides only if it shares a word with the question: meaning alone is too loose for yes/no
        lead = best_lead([m for m in self.retriever.rank(words, pool, nodes=nodes) if m.lexical > 0],
                         floor=RELEVANT - 0.2) if pool else []  # the relation's own facts: a lower bar
        # what a thing is ("is the kickback a compound movement?") is decided by its own definition
        wider = best_lead([m for m in self.retriever.rank(words, pool) if m.lexical > 0]) \
            if pool and answer.intent != "definition" else []
        if wider and (not lead or wider[0].score > lead[0].score + 0.1):
            lead = wider  # a sentence outside the relation's facts matches the question clearly better
        lead = self._against(t, words, pool, lead)
        if (unsaid := self._not_said(t, lead, pool)) is not None:
            return unsaid  # "will kickbacks help my tennis elbow?": nothing says a word of tennis elbow
        relation = answer.intent
        if lead:
            decided = self._answer_from(t, lead, self.retriever.polarity(lead[0], words, NORMATIVE.search(
                t.q.normalized) is not None))
            if not answer.answers:
                return decided
            # keep what the relation answered; lead with the deciding sentence
            yes = "Yes." if decided.boolean else "No."
            answer.boolean = decided.boolean
            answer.text = f"{yes} {self._said(t, lead)} {answer.text}"
            seen = {(q.document, q.start) for q in answer.evidence}
            answer.evidence = [q for q in decided.evidence if (q.document, q.start) not in seen] + answer.evidence
            return answer
        if relation in ENDORSING and answer.answers:
            answer.boolean = True
            answer.text = "Yes. " + answer.text
            return answer
        if relation == "safety" and answer.answers:
            answer.boolean = False
            answer.text = "Not without care: " + answer.text
            return answer
        if relation == "mistakes" and answer.answers:
            answer.boolean = False
            answer.text = "No: the articles list it among the mistakes. " + answer.text
            return answer
        return None

    def _also(self, t: Turn, answer: Answer) -> Answer:
        """A structured answer, plus the subject's sentence that matches the question better than its facts do."""
        pool = self._pool(t)
        if not answer.answered or not pool:
            return answer
        words = self._question_words(t)
        ranked, own = self.retriever.rank_and_own(words, pool, [a.iri for a in answer.answers], limit=3)
        cited = {(q.document, q.start) for q in answer.evidence}
        floor = max(RELEVANT, (own.score if own else 0.0) + 0.05)
        extra = [m for m in ranked if m.score >= floor and m.passage.key not in cited][:2]
        if extra:
            lin = Lineage(self.index, [e.iri for e in t.exercises[:2]])
            answer.text += " " + (lin.quotes([(lin.of_passage(m.passage), m.passage.ev.quote) for m in extra],
                                             "The articles also say") if lin else
                                  "The articles also say: " + " ".join(m.passage.ev.quote for m in extra))
            answer.evidence += [self._quote(m.passage.ev, self.index.name(sorted(m.passage.nodes)[0]),
                                            lin.reference(lin.ancestor_of(m.passage)))
                                for m in extra]
        return answer

    def _rank_hits(self, t: Turn, hits: list[Hit]) -> tuple[list[Hit], float]:
        """The facts the question's own words point to first (a stable sort, by best-matching sentence)."""
        nodes = {h.iri for h in hits}
        best = self.retriever.best_of(self._question_words(t), nodes)
        hits = sorted(hits, key=lambda h: -best.get(h.iri, 0.0))
        return hits, best.get(hits[0].iri, 0.0)

    def warned(self, t: Turn) -> Answer | None:
        """"What if I rush my reps?": the subject's mistakes, safety notes and cues that match, quoted."""
        pool = self._pool(t)
        if not pool:
            return None
        warnings = [i for i in pool if any(self.index.is_a(n, k) for n in self.retriever.passages[i].nodes
                                           for k in ("Mistake", "SafetyNote", "Correction"))]
        lead = best_lead(self.retriever.rank(self._question_words(t), warnings), floor=RELEVANT - 0.1)
        return self._answer_from(t, lead, None) if lead else None
