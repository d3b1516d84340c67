"""Question answering: question -> QuestionFrame -> strategy -> Answer, abstaining when the graph does not know.

The flow for one question:
1. `QuestionParser` links names to the graph (exercises, muscles, equipment, joint actions).
2. `SenseResolver` settles an ambiguous head word ("kickback") from the rest of the question.
3. `RelationClassifier` ranks the relations the question may ask (nearest exemplars).
4. `build_frame` adds the form (yes/no, choice, why, what-if, how, wh, phrase), each entity's part
   and the constraints (exclusions, equipment had or lacked, roles, negation).
5. The strategy registered for the relation answers from the graph; when the relation is not
   recognised with confidence, or its strategy finds nothing, the subject's evidence sentences are
   ranked against the question (`PassageRetriever`) and the best are the answer; when none matches,
   "I don't know". There is no default relation.
"""

from __future__ import annotations

import re

from rdflib import Graph

from ..errors import QuestionError
from .answer import Answer
from .attributes import answerable, attribute_relation
from .compare import Comparisons
from .compose import Composer, plans_of, with_plans
from .difficulty import asked_direction
from .evidence import EvidenceAnswers
from .families import across_family, closest_family
from .frame import QuestionFrame, build_frame, masked_for_relations
from .index import GraphIndex
from .inherit import settle
from .lookup import FactLookup
from .plan import Plan
from .relations import Reading, RelationClassifier, read_exemplars
from .retrieve import RELEVANT, PassageRetriever
from .rules import ASKED_NEXT, CONFIDENT, MAIN_EXERCISE_OK, OUT_OF_SCOPE, PLACED, SECOND_PART, SECOND_PART_PLACED
from .senses import SenseResolver
from .strategies import BETTER, REGISTRY, SAME, Turn, best_lead, fits
from .superlatives import superlative_yesno
from .tokens import Lemmas
from .traverse import Hit
from .understand import Link, ParsedQuestion, QuestionParser, follow_up

AMBIGUOUS_SHOWN = 4  # the other senses an ambiguity note names ("and 13 more" after them)


class QuestionAnswerer(FactLookup, Comparisons, EvidenceAnswers, Composer):
    def __init__(self, graph: Graph) -> None:
        self.index = GraphIndex(graph)
        exemplars = read_exemplars()
        self.parser = QuestionParser(self.index, extra_words=[e.text for e in exemplars])
        self.lemmas = Lemmas()
        self.classifier = RelationClassifier(self.lemmas, exemplars)
        self.retriever = PassageRetriever(self.index, self.lemmas, self.classifier.model)
        roots = sorted({self.root(i) for i, k in self.parser.kind.items() if k == "Exercise"})
        self.senses = SenseResolver(self.index, self.lemmas, roots)
        self.main_exercise = max(
            (i for i in self.parser.kind if self.parser.kind[i] == "Exercise"),
            key=lambda i: (len(self.index.descendants(i)), self.index.fact_count(i), i), default=None,
        )
        self.mistake_words = [
            (iri, words) for iri in sorted(self.index.types) if self.index.is_a(iri, "Mistake")
            for name in sorted(self.index.names[iri])
            if (words := [w for w in name.lower().replace("(", " ").replace(")", " ").split() if len(w) > 3])
        ]

    # ---- entry point --------------------------------------------------------------------
    def ask(self, question: str, context: dict | str | None = None) -> Answer:
        """Answer `question`; `context` (the previous turn: its question, or its answer dict) fills
        in what a follow-up leaves out ("and the tricep kickback?", "what mistakes should I avoid?")."""
        if not isinstance(question, str):
            raise QuestionError("the question must be text: ask e.g. 'what muscles do cable kickbacks work?'")
        pieces = [p for p in SECOND_PART.split(question) if p and p.strip(" ?,.")] if len(question) < 500 else []
        if len(pieces) < 2 or any(not re.search(r"[A-Za-z]{2,}", p) for p in pieces):
            return settle(self._ask_one(question, context))
        # the parts share what the whole question names: "which muscles steady my spine, and which ones
        # steady my pelvis, during kickbacks?" asks both parts about kickbacks
        named = [{"iri": e.iri, "surface": e.surface} for e in self.parser.parse(question).entities
                 if e.type == "Exercise"]
        first_parsed = self.parser.parse(pieces[0])
        if named and not first_parsed.of_type("Exercise"):
            first = self._ask_one(pieces[0], {"question": question, "entities": named}, part=True)
        else:
            first = self._ask_one(pieces[0], context)
        answers = [first]
        for piece in pieces[1:]:
            answers.append(self._ask_one(piece, {"question": pieces[0], "intent": first.intent,
                                                 "entities": first.entities or named}, part=True))
        return settle(self._merge(question, answers))  # what is inherited, each ancestor named once

    def _ask_one(self, question: str, context: dict | str | None, part: bool = False) -> Answer:
        parsed = self.parser.parse(question)
        readings = self.classifier.classify(masked_for_relations(parsed), masked_for_relations(parsed, typed=True))
        taken: list[str] = []
        if context and part:
            # the second part of a question: the first part's subject, and its relation unless it says its own
            previous = self._previous(context)
            if not parsed.of_type("Exercise") and not parsed.of_type("Muscle") and not parsed.of_type("Equipment"):
                parsed.entities += [Link(e.iri, e.label, e.type, e.surface, -1) for e in previous.entities]
                taken.append("entities")
            if readings[0].score < SECOND_PART_PLACED:
                readings = [Reading(previous.intent, 1.0, "the first part"), *readings]
                taken.append("intent")
        elif context:
            # the second part of a question keeps its own relation only when it says it clearly
            taken = follow_up(parsed, self._previous(context), readings[0].score >= (SECOND_PART_PLACED if part
                                                                                    else PLACED))
            if "intent" in taken:
                readings = [Reading(parsed.intent, 1.0, "the previous question"), *readings]
        asked = [e.iri for e in parsed.entities if e.type == "Exercise" and e.ambiguous and e.start >= 0
                 and re.search(r"\b(?:which|what)\s+$", parsed.normalized[:e.start])
                 and ASKED_NEXT.match(parsed.normalized[e.start + len(e.surface):])]
        notes = self.senses.apply(parsed.entities, parsed.lemmas, parsed.normalized)
        frame = build_frame(parsed, readings)
        if asked:  # "which kickback targets the long head?": the exercise is what is asked
            frame.parts.update({e.iri: "asked" for e in parsed.entities if e.type == "Exercise"})
        answer = self._dispatch(frame, notes)
        answer.frame = frame.to_dict()
        parsed.intent = frame.decided or answer.intent
        answer.followed_up = taken
        answer.entities = [{"label": e.label, "iri": e.iri, "type": e.type, "surface": e.surface}
                           for e in parsed.entities]
        return answer

    def _merge(self, question: str, answers: list[Answer]) -> Answer:
        main = answers[0]
        for more in answers[1:]:
            if not more.answered:
                continue
            if not main.answered:
                main = more
                continue
            if {a.iri for a in more.answers} <= {a.iri for a in main.answers} and more.answers:
                continue  # the second part found nothing the first did not say
            main.text += " " + more.text
            main.answers += [a for a in more.answers if a.iri not in {x.iri for x in main.answers}]
            main.evidence += more.evidence
            main.path += ["and", *more.path]
            with_plans(main, plans_of(main) + plans_of(more))  # the SPARQL shows both parts
        main.question = question
        return main

    def _previous(self, context: dict | str) -> ParsedQuestion:
        """The previous turn, parsed; the entities and intent it was answered with take precedence."""
        if isinstance(context, str):
            context = {"question": context}
        if not isinstance(context, dict) or not isinstance(context.get("question"), str):
            raise QuestionError("context must be the previous turn: "
                                '{"question": ..., "intent": ..., "entities": [...]}')
        previous = self.parser.parse(context["question"])
        entities = context.get("entities")
        if isinstance(entities, list):
            known = [e for e in entities if isinstance(e, dict) and isinstance(e.get("iri"), str)
                     and e["iri"] in self.parser.kind]
            if known:
                previous.entities = [Link(e["iri"], self.index.name(e["iri"]), self.parser.kind[e["iri"]],
                                          str(e.get("surface") or ""), -1) for e in known]
        intent = context.get("intent")
        relation = {"exercises_for_muscle": "muscles", "exercises_for_equipment": "equipment",
                    "difference": "comparison", "complements": "pairing", "function": "joint_action",
                    "mistake_why": "consequence", "muscle_roles": "joint_action"}.get(intent, intent) \
            if isinstance(intent, str) else None
        previous.intent = relation if relation in REGISTRY else self.classifier.classify(
            masked_for_relations(previous), masked_for_relations(previous, typed=True))[0].relation
        return previous

    # ---- dispatch -----------------------------------------------------------------------
    def _dispatch(self, f: QuestionFrame, notes: list[str]) -> Answer:
        q = f.parsed
        turn = self._turn(f, notes)
        if q.unknown_exercise and not turn.exercises and ((named := closest_family(self, turn)) or turn.family):
            turn.exercises, q.unknown_exercise = [named] if named else [], None  # "bench presses", "which curl"
        if q.unknown_exercise and (not turn.exercises or f.form == "choice" or f.relation == "comparison"):
            f.decided = "out_of_scope"
            return self.abstain(turn, self.parser.unknown_reason(q))
        if any(p == "asked" for p in f.parts.values()):
            answer = self._which(turn)
            if answer is not None:
                return answer
        relation = self._settle(f, turn)
        if relation == "out_of_scope" and (f.confidence >= OUT_OF_SCOPE or f.confidence >= PLACED and not (
                turn.exercises or turn.muscles or turn.equipment)):
            f.decided = "out_of_scope"
            return self.abstain(turn, "None of the articles says anything about that.")
        self._described(turn, relation)
        if f.form == "yesno" and turn.muscles and (ranked := superlative_yesno(self, turn)):
            return ranked  # "is the gluteus medius the biggest glute?": the sentences calling one the largest
        if relation not in ("equipment", "pros_cons", "comparison"):
            self._specialise(turn)
        compared = f.form == "choice" or len(turn.exercises) + len(turn.equipment) + len(turn.muscles) >= 2
        placed = f.confidence >= PLACED or (relation == "comparison" and compared)
        f.decided = relation if placed else "evidence"
        if not turn.exercises and relation in MAIN_EXERCISE_OK and not turn.muscles and not turn.equipment \
                and self.main_exercise and placed:
            name = self.index.name(self.main_exercise)
            turn.notes.append(f"No exercise named; answering for the {name}, the exercise the articles are about.")
            turn.exercises = [Link(self.main_exercise, name, "Exercise", name, -1)]
        if placed and relation == "out_of_scope":
            return self.abstain(turn, "None of the articles says anything about that.")
        answer = across_family(self, turn, relation) if placed else None  # "what equipment do I need for rows?"
        if answer is None and placed and relation in REGISTRY:
            answer = REGISTRY[relation](self, turn)
        if answer is not None and getattr(answer, "_final", False):
            return answer
        if answer is not None and answer.answered and f.form == "yesno" and answer.boolean is None:
            answer = self._yesno_from_evidence(turn, answer) or answer
        # a choice the relation's facts may not speak to; a relation read with confidence is trusted
        alternatives = self.alternatives_in(turn) if f.form == "choice" and relation != "comparison" \
            and f.confidence < CONFIDENT else []
        if alternatives and not (answer is not None and answer.answered
                                 and self._addresses(answer, alternatives, turn.notes)):
            compared = self.compare_alternatives(turn)  # "warm-up vs finisher": the answer must address both
            if compared is not None and (getattr(compared, "_named", False)
                                         or self._fits_better(turn, compared, answer)):
                return compared
        if answer is None or not answer.answered:
            fallback = self._from_evidence(turn)
            if fallback is not None:
                return fallback
        if answer is not None and answer.answered and f.form == "yesno" and answer.boolean is None:
            # a yes/no question is answered yes or no, or not at all
            return self.abstain(turn, "The articles do not decide that question either way.")
        if answer is None:
            if not (turn.exercises or turn.muscles or turn.equipment):
                return self.abstain(turn, "I couldn't find an exercise, muscle or piece of equipment from the "
                                          "articles in that question.")
            what = ", ".join(e.label for e in (turn.exercises or turn.muscles or turn.equipment)[:2])
            return self.abstain(turn, f"The articles say nothing that answers this about the {what}.")
        return answer


    def _turn(self, f: QuestionFrame, notes: list[str]) -> Turn:
        """The subjects the question names (excluded names aside), with the senses of ambiguous ones settled."""
        q = f.parsed
        subject = [e for e in q.entities if f.parts.get(e.iri) != "excluded"]
        others = [e for e in subject if e.type in ("Muscle", "Equipment")]
        turn = Turn(f, [e for e in subject if e.type == "Exercise"] or ([] if others else q.of_type("Exercise")),
                    [e for e in q.entities if e.type == "Muscle"], [e for e in q.entities if e.type == "Equipment"],
                    notes=list(notes))
        both = next((e.both for e in turn.exercises if e.both), None)
        if both:
            turn.exercises = [Link(i, self.index.name(i), "Exercise", self.index.name(i), -1) for i in both]
            turn.notes.append(f"The question speaks of both the {' and the '.join(self.index.name(i) for i in both)}.")
            f.readings = [Reading("comparison", 1.0, "both senses"), *f.readings]
        else:
            self._ambiguity(turn)
        return turn

    def _settle(self, f: QuestionFrame, turn: Turn) -> str:
        """The relation to answer: the best reading, unless the frame's shape says otherwise.

        The documented frame-shape rules: two things of one type offered as a choice are compared; a
        relation that cannot start from what is named yields to the next close reading that can; two
        different exercises asked to be defined are compared; an exercise and a muscle asked yes or no
        are asked about the one relation between them; a named mistake near a "fix" reading is fixed.
        """
        q = f.parsed
        f.readings = answerable(self.index, f, [e.iri for e in turn.exercises]) or f.readings
        relation = f.relation
        top = f.confidence
        if f.form == "choice" and relation not in ("breathing", "placement") and (
                len(turn.exercises) >= 2 or len(turn.equipment) >= 2 or len(turn.muscles) >= 2):
            relation = "comparison"
        named = {e.type for e in turn.exercises + turn.muscles + turn.equipment}
        if relation == "out_of_scope" and named and f.confidence < OUT_OF_SCOPE and len(f.readings) > 1 \
                and f.readings[1].score >= f.confidence - 0.03:
            relation = f.readings[1].relation  # names link and an in-scope reading is as close: not out of scope
        if not fits(relation, named):  # "exercises with a pair of ankle weights" is not pairing
            relation = next((r.relation for r in f.readings[1:4] if r.score >= f.confidence - 0.1
                             and fits(r.relation, named)), relation)
        two = max((sum(e.type == t for e in q.entities) for t in ("Exercise", "Muscle", "Equipment")), default=0) >= 2
        if relation == "comparison" and not (two or self.alternatives_in(turn) or any(
                e.ambiguous or e.both for e in turn.exercises)):
            # nothing to compare: the next close reading ("who came up with the donkey kick?")
            relation = next((r.relation for r in f.readings[1:4] if r.score >= f.confidence - 0.1
                             and fits(r.relation, named)), relation)
        if f.form == "yesno" and len({e.iri for e in turn.exercises}) >= 2 and SAME.search(q.normalized):
            relation = "comparison"  # "X and Y are basically the same exercise, right?"
        if f.form == "yesno" and (two or turn.exercises and turn.equipment) and BETTER.search(q.normalized):
            relation = "comparison"  # "is a single-leg RDL easier than the kickback?"
        if relation in ("definition", "joint_action") and len({self.root(e.iri) for e in turn.exercises}) >= 2:
            relation = "comparison"  # "how is the joint action different between X and Y"
        if f.form == "yesno" and turn.exercises and q.of_type("JointAction") and not turn.muscles:
            relation = "joint_action"  # "does a donkey kick involve extending the elbow?"
        if f.form == "yesno" and turn.exercises and turn.muscles and relation not in ("muscles", "safety") \
                and f.score("muscles") >= f.confidence - 0.15:  # (a muscle in a safety question is where it hurts)
            relation = "muscles"  # an exercise and a muscle, asked yes or no: the one relation between them
        # "is the deadlift a compound exercise?": the attribute its record states, if any (attributes.py)
        relation = attribute_relation(self.index, f, [e.iri for e in turn.exercises], relation)
        if len({e.iri for e in turn.exercises}) >= 2 and asked_direction(q.normalized) is not None:
            relation = "comparison"  # "is a single-leg RDL an easier exercise than the kickback?" (difficulty.py)
        if relation == "equipment" and f.constraints.no_equipment:
            relation = "variations"  # "which can I do without equipment": the versions that need none
        if relation in ("technique", "mistakes", "consequence", "setup") and f.form in ("howto", "wh", "phrase") \
                and f.score("fix") >= f.confidence - 0.1 and self.mistakes_in(self._unexcluded(q)):
            relation = "fix"  # "how do I fix <a mistake the graph names>": its corrections
        f.readings = [r for r in f.readings if r.relation == relation] + \
            [r for r in f.readings if r.relation != relation]
        if f.readings[0].relation != relation:
            f.readings.insert(0, Reading(relation, top, "frame shape"))
        elif f.readings[0].score < top:  # a frame-shape rule keeps the confidence the question was read with
            f.readings[0] = Reading(relation, top, f.readings[0].example)
        return relation


    def _described(self, turn: Turn, relation: str) -> None:
        """No exercise named, but described ("upper arm still, straighten my elbow"): the one it describes."""
        if turn.exercises or turn.muscles or (turn.equipment and relation in ("equipment", "pros_cons", "comparison")):
            return
        sense, cues = self.senses.resolve(self.senses.described, self._descriptive(turn.q.lemmas))
        if sense is not None and len(cues) >= 2:
            name = self.index.name(sense)
            turn.notes.append(f"From the description ({', '.join(cues)}), I took this to be the {name}.")
            turn.exercises = [Link(sense, name, "Exercise", name, -1)]

    def _descriptive(self, lemmas: list[str]) -> list[str]:
        """The words that describe rather than ask: not the words that cue relations ("have", "role")."""
        return [w for w in lemmas if w not in self.classifier.generic]

    def _which(self, t: Turn) -> Answer | None:
        """"Which kickback ...?": the exercise (sense) the rest of the question points to, or its variations."""
        ex = t.exercises[0] if t.exercises else None
        family = set(self.index.descendants(ex.iri)) if ex and not ex.ambiguous else None
        if t.muscles or t.equipment:
            t.exercises = []
            relation = "muscles" if t.muscles else "equipment"
            answer = REGISTRY[relation](self, t)
            if answer is not None and family is not None:
                keep = [a for a in answer.answers if a.iri in family]
                if keep:
                    answer.answers = keep
            return answer
        if ex is None or ex.ambiguous or t.frame.relation in ("variations", "equipment", "progression", "regression"):
            return None  # "which kickback can I do at home": the family's variations, narrowed
        pool = self.retriever.subjects_for([ex.iri], family=False)
        lead = best_lead(self.retriever.rank(self._question_words(t), pool), floor=RELEVANT - 0.1)
        evidence = [m.passage.ev for m in lead] or self.index.definition_ev.get(ex.iri, [])[:1]
        hit = Hit(ex.iri, evidence=list(evidence), origin=self._origins(t, lead))
        said = self._said(t, lead[:2], intro="") if lead else " ".join(e.quote for e in evidence[:2])
        return self.finish(t, Plan("which", [ex.iri], []), [hit], f"The {ex.label}. {said}".strip())

    def _specialise(self, t: Turn) -> None:
        """"Kickbacks with ankle weights": the variation of the exercise named for that equipment."""
        c = t.frame.constraints
        named = [e for e in t.equipment if e.iri not in c.have + c.lack + c.exclude]
        if not t.exercises or not named:
            return
        ex, eq = t.exercises[0], named[0]
        kinds = set(self.index.narrower(eq.iri))
        for variation in self.index.descendants(ex.iri)[1:]:
            if {v for v, _ in self.index.out(variation, "variantEquipment")} & kinds:
                name = self.index.name(variation)
                t.exercises[0] = Link(variation, name, "Exercise", ex.surface, ex.start)
                t.equipment = [e for e in t.equipment if e is not eq]
                return

    def _ambiguity(self, t: Turn) -> None:
        for ex in t.exercises:
            if ex.ambiguous:
                others = [self.index.name(i) for i in ex.ambiguous]
                named = ", ".join(others[:AMBIGUOUS_SHOWN]) + (
                    f" and {len(others) - AMBIGUOUS_SHOWN} more" if len(others) > AMBIGUOUS_SHOWN else "")
                said = "is a different exercise" if len(others) == 1 else "are different exercises"
                t.notes.append(f'I took "{ex.surface}" to mean the {ex.label} (the main sense); the {named} {said}.')
                t.alts += [{"label": self.index.name(i), "iri": i,
                            "question": t.q.text.lower().replace(ex.surface, self.index.name(i))}
                           for i in ex.ambiguous]

    # ---- answering from evidence sentences --------------------------------------------------


    # ---- helpers used by strategies -------------------------------------------------------


    # ---- yes/no and comparisons -----------------------------------------------------------


    # ---- structured answers ---------------------------------------------------------------


