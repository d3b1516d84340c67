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
from functools import cached_property

from rdflib import Graph

from ..errors import QuestionError
from ..lexicon import lookup_lemmatizer, normalize
from .answer import Answer
from .compose import NOUN, ROLE_WORD, Composer
from .frame import ROLE_RULES, QuestionFrame, build_frame, masked_for_relations
from .index import GraphIndex
from .plan import Plan
from .relations import FILLER, Reading, RelationClassifier, read_exemplars
from .retrieve import RELEVANT, Match, PassageRetriever
from .retrieve import STOP as RETRIEVAL_STOP
from .retrieve import _fold as _fold_word
from .senses import SenseResolver
from .strategies import BETTER, OWN_FIRST, RANKED, REGISTRY, Turn, _verb, best_lead, fits
from .traverse import Hit, execute
from .understand import Link, ParsedQuestion, QuestionParser, follow_up

# relations whose facts recommend what they name: a yes/no question about them, matched, is a "yes"
ENDORSING = {"benefits", "population", "placement", "progression", "regression", "variations", "technique", "setup",
             "breathing", "programming", "pairing", "complements", "equipment", "equipment_kinds"}
# a yes/no question that asks for a judgement ("should I", "is it OK"): a mistake or a con that matches is a "no";
# a factual one ("do ankle weights keep the resistance constant?") is answered by what the sentence states
NORMATIVE = re.compile(r"\b(?:should|shall|ok|okay|fine|alright|good|bad|better|worse|worth|safe|recommended|"
                       r"advisable|wise|smart|idea|allowed|supposed|best|right|wrong)\b")
# a mistake named as something left undone: doing that thing is right
OMISSION = re.compile(r"^(?:not|no|lack|neglect|insufficient|incomplete|limited|partial|failing|forgetting)\b")
# relations answered with a list of names: the item the question points to is also given in full
LISTED = {"benefits", "mistakes", "population", "placement", "progression", "regression", "complements"}
SECOND_PART_PLACED = 0.5  # "..., and what changes if I want strength?" leans on the first part's relation
CONFIDENT = 0.6  # a reading this close to an exemplar is not second-guessed by the alternatives it offers
# nothing named: a sentence must match this closely (and share words) to answer
UNLINKED_RELEVANT = 0.55
PLACED = 0.3  # a relation reading below this is a guess: the question is answered from matching sentences
OUT_OF_SCOPE = 0.62  # an out-of-scope reading this close to an exemplar abstains even when names link
# relations that need no subject: without one they are answered for the corpus's main exercise, said so
MAIN_EXERCISE_OK = {"benefits", "mistakes", "fix", "technique", "setup", "progression", "regression", "population",
                    "programming", "breathing", "placement", "safety", "pairing", "consequence", "equipment"}
# "... , and how many reps?": a second question joined to the first
SECOND_PART = re.compile(r"(?:,\s*|\s+)(?:and|also|plus)\s+(?=(?:what|which|how|who|when|where|why|is|are|do|does|"
                         r"should|can|will)\b)|\?\s+(?=\w)")
# "which kickback targets ...", "which kickback is ...": the exercise is asked for (not "which kickback equipment")
ASKED_NEXT = re.compile(r"\W*(?:$|is|are|was|does|do|did|should|would|can|could|will|one|version|variation|for|with|"
                        r"works?|targets?|hits?|uses?|counts?|has|involves?|trains?|builds?|strengthens?|needs?)\b")
REFERENCE = re.compile(r"\b(?:help(?:s|ing)?|assist(?:s|ing)?|support(?:s|ing)?|besides|alongside|"
                       r"other than|apart from|except|work(?:s|ing)? with)\s+(?:the\s+|my\s+|your\s+)?$")
DEFINITION_START = re.compile(r"^(?:what|who)(?:'?s\b| (?:exactly |really |actually )?(?:is|are)\b)")
DEFINITION_FILLER = {"what", "whats", "what's", "who", "is", "are", "a", "an", "the", "exactly", "really", "actually",
                     "so-called", "called", "define", "definition", "of", "explain", "meaning", "does", "mean", "by",
                     "me", "please", "can", "you", "tell", "about", "this", "exercise", "thing", "kind", "type",
                     "describe", "i", "do", "know", "to", "wats", "wat", "whta", "hows", "how", "s", "for", "in",
                     "on", "with", "word", "even", "term", "gym"}


class QuestionAnswerer(Composer):
    def __init__(self, graph: Graph) -> None:
        self.index = GraphIndex(graph)
        exemplars = read_exemplars()
        self.parser = QuestionParser(self.index, extra_words=[e.text for e in exemplars])
        lookup = lookup_lemmatizer(self.parser.nlp)
        lemma_cache: dict[str, list[str]] = {}

        def lemmas(text: str) -> list[str]:  # memoised: one question's words are lemmatised several times
            found = lemma_cache.get(text)
            if found is None:
                if len(lemma_cache) > 8192:
                    lemma_cache.clear()
                found = lemma_cache[text] = lookup(text)
            return list(found)

        self.lemmas = lemmas
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
            return self._ask_one(question, context)
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
        return self._merge(question, answers)

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
        if q.unknown_exercise and (not turn.exercises or f.form == "choice" or f.relation == "comparison"):
            f.decided = "out_of_scope"
            return self.abstain(turn, f'The graph has no facts about "{q.unknown_exercise}".')
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
        answer = None
        if placed and relation in REGISTRY:
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

    def _fits_better(self, t: Turn, compared: Answer, answer: Answer | None) -> bool:
        """Whether the sentences found for the alternatives match the question better than the relation's facts."""
        if answer is None or not answer.answered or not answer.answers:
            return True
        words = self._question_words(t)
        pool = self._pool(t)
        own = self.retriever.rank(words, pool, nodes=[a.iri for a in answer.answers], limit=1) if pool else []
        found = self.retriever.rank(words, pool, nodes=[a.iri for a in compared.answers], limit=1) if pool else []
        return bool(found) and (not own or found[0].score > own[0].score + 0.05)

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
        relation = f.relation
        top = f.confidence
        if f.form == "choice" and relation not in ("breathing",) and (
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
        if f.form == "yesno" and (two or turn.exercises and turn.equipment) and BETTER.search(q.normalized):
            relation = "comparison"  # "is a single-leg RDL easier than the kickback?"
        if relation in ("definition", "joint_action") and len({self.root(e.iri) for e in turn.exercises}) >= 2:
            relation = "comparison"  # "how is the joint action different between X and Y"
        if f.form == "yesno" and turn.exercises and q.of_type("JointAction") and not turn.muscles:
            relation = "joint_action"  # "does a donkey kick involve extending the elbow?"
        if f.form == "yesno" and turn.exercises and turn.muscles and relation != "muscles" \
                and f.score("muscles") >= f.confidence - 0.15:
            relation = "muscles"  # an exercise and a muscle, asked yes or no: the one relation between them
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

    def _unexcluded(self, q: ParsedQuestion) -> ParsedQuestion:
        """The question without its "apart from ..." clause (what it names is not asked about)."""
        text = re.sub(r"\b(?:other than|apart from|besides|except(?: for)?|aside from|excluding|not counting)\b[^,?;]*",
                      " ", q.normalized)
        return ParsedQuestion(text, text, [e for e in q.entities if e.start < 0 or e.start < len(text)])

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

    def _described(self, turn: Turn, relation: str) -> None:
        """No exercise named, but described ("upper arm still, straighten my elbow"): the one it describes."""
        if turn.exercises or turn.muscles or (turn.equipment and relation in ("equipment", "pros_cons", "comparison")):
            return
        sense, cues = self.senses.resolve(self.senses.roots, self._descriptive(turn.q.lemmas))
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
        hit = Hit(ex.iri, evidence=list(evidence))
        said = " ".join(e.quote for e in evidence[:2])
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
                t.notes.append(f'I took "{ex.surface}" to mean the {ex.label} (the articles\' main sense); '
                               f"the {', '.join(others)} is a different exercise.")
                t.alts += [{"label": self.index.name(i), "iri": i,
                            "question": t.q.text.lower().replace(ex.surface, self.index.name(i))}
                           for i in ex.ambiguous]

    # ---- answering from evidence sentences --------------------------------------------------
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
        ranked = self.retriever.rank(self._question_words(t), pool)
        lead = best_lead(ranked)
        if not lead and t.frame.form == "yesno":  # a yes/no question: a sentence sharing its words decides it
            lead = best_lead([m for m in ranked if m.lexical > 0], floor=RELEVANT - 0.1)
        if not lead and not t.exercises and self.main_exercise and (t.muscles or t.equipment):
            # a muscle or piece of equipment named, no exercise: what the main exercise's sentences say of it
            main = self.retriever.subjects_for([self.main_exercise])
            lead = best_lead(self.retriever.rank(self._question_words(t), main))
        if not lead:
            return None
        boolean = self.retriever.polarity(lead[0], self._question_words(t), NORMATIVE.search(
            t.q.normalized) is not None) if t.frame.form == "yesno" else None
        return self._answer_from(t, lead, boolean)

    def _answer_from(self, t: Turn, lead: list[Match], boolean: bool | None) -> Answer:
        nodes = list(dict.fromkeys(n for m in lead for n in sorted(m.passage.nodes)))
        hits = [Hit(n, evidence=[m.passage.ev for m in lead if n in m.passage.nodes]) for n in nodes]
        # the sentences are the answer; the muscles they mention are items only when muscles are asked
        items = [n for n in nodes if t.frame.relation == "muscles" or not self.index.is_a(n, "Muscle")]
        plan = Plan("evidence", items, [])
        said = " ".join(dict.fromkeys(m.passage.ev.quote for m in lead))
        yes = {True: "Yes. ", False: "No. ", None: ""}[boolean]
        text = f"{yes}The articles say: {said}"
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
        relation = answer.intent
        if lead:
            decided = self._answer_from(t, lead, self.retriever.polarity(lead[0], words, NORMATIVE.search(
                t.q.normalized) is not None))
            if not answer.answers:
                return decided
            # keep what the relation answered; lead with the deciding sentence
            yes = "Yes." if decided.boolean else "No."
            answer.boolean = decided.boolean
            said = " ".join(dict.fromkeys(m.passage.ev.quote for m in lead))
            answer.text = f"{yes} The articles say: {said} {answer.text}"
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

    # ---- helpers used by strategies -------------------------------------------------------
    def root(self, iri: str) -> str:
        return next(i for i in reversed(self.index.lineage(iri)) if not self.index.out(i, "variationOf"))

    def finish(self, t: Turn, plan: Plan, hits: list[Hit], text: str, boolean: bool | None = None,
               list_items: bool = True) -> Answer:
        return self._finish(t.q, plan, hits, text, t.notes, t.alts, boolean=boolean, list_items=list_items)

    def abstain(self, t: Turn, reason: str, final: bool = False) -> Answer:
        """"I don't know"; `final` when nothing else should be tried (the graph never mentions what is asked)."""
        answer = self._abstain(t.q, reason)
        answer._final = final  # type: ignore[attr-defined]
        return answer

    def detail(self, h: Hit) -> str:
        return self._detail(h)

    def masked(self, q: ParsedQuestion) -> str:
        text = q.normalized
        for e in q.entities:
            if e.start >= 0:
                text = text[:e.start] + " " * len(e.surface) + text[e.start + len(e.surface):]
        return text

    def is_reference(self, q: ParsedQuestion, m: Link) -> bool:
        """"what muscles help the glutes": the named muscle is the reference point, not an answer."""
        return m.start >= 0 and bool(REFERENCE.search(q.normalized[:m.start]))

    def qualifier(self, t: Turn, plan: Plan) -> str | None:
        """A word of the question that the quotes behind some (not all) answers contain ("supporting leg")."""
        vocab = self.cue_words
        full = execute(plan, self.index)
        for word in t.q.qualifiers:
            if word in vocab or len(word) < 5 or any(p.search(word) for _, p in ROLE_RULES):
                continue
            trial = Plan(plan.intent, plan.start, plan.path, role=plan.role, qualifier=word[:6])
            found = execute(trial, self.index)
            if found and len(found) < len(full):
                return word[:6]
        return None

    def unavailable(self, t: Turn) -> list[str]:
        """Items the asker cannot use: equipment they lack or exclude, gym-only kit at home, what they name to avoid."""
        c = t.frame.constraints
        lacking = set(c.lack) | {e for e in c.exclude if self.index.is_a(e, "Equipment")}
        if c.no_equipment:
            lacking |= {i for i, k in self.parser.kind.items() if k == "Equipment"}
        if c.have:
            have = {n for e in c.have for n in self.index.narrower(e)}
            lacking |= {i for i, k in self.parser.kind.items() if k == "Equipment" and i not in have}
        if c.at_home:  # equipment the articles place in a gym (its cons or the sentences naming it), never at home
            lacking |= {e for e, k in self.parser.kind.items() if k == "Equipment" and self._gym_only(e)}
        lacking = {n for e in lacking for n in self.index.narrower(e)}
        out = set(lacking)
        for iri, kind in self.parser.kind.items():
            if kind == "Exercise" and {v for v, _ in self.index.out(iri, "variantEquipment")} & lacking:
                out.add(iri)
        for iri in self.index.types:  # modifications that name what is lacking
            if self.index.is_a(iri, "Modification") and any(
                    self.index.name(e).lower().rstrip("s") in (self.detail(Hit(iri)) + self.index.name(iri)).lower()
                    for e in lacking):
                out.add(iri)
        return sorted(out)

    def _gym_only(self, equipment: str) -> bool:
        texts = [self.detail(Hit(con)) for con, _ in self.index.out(equipment, "hasCon")]
        texts += [self.detail(Hit(pro)) for pro, _ in self.index.out(equipment, "hasPro")]
        texts += [e.quote for e in self.index.mentions(equipment)]
        texts += [self.retriever.passages[i].ev.quote for i in self.retriever.mentioning(equipment)]
        lowered = " ".join(texts).lower()
        return "gym" in lowered and not re.search(r"\bhome\b|\banywhere\b", lowered)

    def excluded_mistakes(self, t: Turn) -> list[str]:
        m = re.search(r"\b(?:other than|apart from|besides|except(?: for)?|aside from|excluding|not counting)\b"
                      r"([^,?;]*)", t.q.normalized)
        if not m:
            return []
        fake = ParsedQuestion(m.group(1), m.group(1), [])
        return self.mistakes_in(fake)[:1]

    def unknown_words(self, t: Turn) -> list[str]:
        """Words of the question (names aside) that no sentence, name or exemplar of the graph uses."""
        return [w for w in self.lemmas(self.masked(t.q)) if w.isalpha() and len(w) > 3
                and w not in self.known_words and _fold_word(w) not in self.known_words]

    def unmentioned_alternative(self, t: Turn) -> list[str]:
        """An offered alternative ("cable pull-through") whose words no single sentence or name has together."""
        found = []
        for alt in self.alternatives_in(t):
            words = [w for w in re.findall(r"[a-z]+", alt) if len(w) > 3 and w not in FILLER
                     and w not in RETRIEVAL_STOP and w not in self.name_words]
            if len(words) < 2:
                continue
            texts = [p.ev.quote.lower() for p in self.retriever.passages]
            texts += [n.lower() for names in self.index.names.values() for n in names]
            if not any(all(re.search(rf"\b{re.escape(w[:5])}", x) for w in words) for x in texts):
                found.append(alt)
        return found

    def excluded_by_words(self, t: Turn, hits: list[Hit]) -> list[str]:
        """"How do I progress without adding more weight?": the items whose names say what is ruled out."""
        m = re.search(r"\b(?:without|other than|apart from|besides|except(?: for)?|aside from|excluding|but not)\b"
                      r"([^,?;]*)", t.q.normalized)
        if not m:
            return []
        named = {w for e in t.q.entities for w in re.findall(r"[a-z]+", e.surface)}
        words = [w for w in self.lemmas(m.group(1)) if w.isalpha() and len(w) > 3 and w not in FILLER
                 and w not in RETRIEVAL_STOP and w not in named and w not in ("more", "less", "much", "add", "using")]
        return [h.iri for h in hits if any(re.search(rf"\b{re.escape(w[:5])}", self.index.name(h.iri).lower())
                                           for w in words)]

    def own_equipment(self, exercise: str) -> Link | None:
        """The equipment a variation is named for, when the articles weigh its pros and cons."""
        eq = next((e for e, _ in self.index.out(exercise, "variantEquipment") if self.has_pros_cons(e)), None)
        return Link(eq, self.index.name(eq), "Equipment", self.index.name(eq), -1) if eq else None

    def has_pros_cons(self, iri: str) -> bool:
        return bool(self.index.out(iri, "hasPro") or self.index.out(iri, "hasCon"))

    def not_defined(self, t: Turn) -> str:
        """The words a "what is ..." question puts before the exercise, when they name something else."""
        exercise = t.exercises[0]
        if exercise.start < 0 or not DEFINITION_START.search(t.q.normalized):
            return ""
        before = re.findall(r"[a-z][a-z'-]*", t.q.normalized[:exercise.start])
        return " ".join(w for w in before if w not in DEFINITION_FILLER)

    def alternatives_in(self, t: Turn) -> list[str]:
        """Two offered alternatives that are not linked names ("straight or bent knee")."""
        text = self.masked(t.q)
        m = re.search(r"([a-z0-9][a-z0-9' -]{2,40}?)\s+(?:or|vs\.?|versus)\s+([a-z0-9][a-z0-9' -]{2,40})", text)
        if not m:
            return []
        left = [w for w in m.group(1).split() if len(w) > 2][-2:]
        right = [w for w in m.group(2).split() if len(w) > 2][:2]
        return [" ".join(left), " ".join(right)] if left and right else []

    def mistakes_in(self, q: ParsedQuestion, strict: bool = False) -> list[str]:
        """The mistakes whose names the question uses (`strict`: their head word, "arching", "swinging")."""
        text = q.normalized
        for e in q.of_type("Exercise"):  # the words naming the exercise say nothing about a mistake
            if e.start >= 0:
                text = text[:e.start] + " " * len(e.surface) + text[e.start + len(e.surface):]
        words = {w for w in text.replace("-", " ").split() if len(w) > 3}
        stems = {w[:5] for w in words}
        best: list[tuple[float, str]] = []
        for iri, content in self.mistake_words:
            hits = sum(1 for w in content if w[:5] in stems)
            if strict:  # the head word and every other word of one of its names ("arching ... back")
                if content[0][:5] in stems and hits >= min(len(content), 2):
                    best.append((hits / len(content) + hits, iri))
                continue
            if hits and (content[0][:5] in stems or 2 * hits >= len(content)):
                best.append((hits / len(content) + hits, iri))
        best.sort(key=lambda t: (-t[0], t[1]))
        return list(dict.fromkeys(i for _, i in best))

    def related_cues(self, mistake: str) -> list[str]:
        """Technique cues and corrections whose wording shares a stem with the mistake's names."""
        stems = {w[:5] for n in self.index.names[mistake] for w in re.findall(r"[a-z]{4,}", n.lower())}
        found = []
        for iri in self.index.types:
            if self.index.is_a(iri, "TechniqueCue") or self.index.is_a(iri, "Correction"):
                words = {w[:5] for d in self.index.attrs[iri].get("description", ())
                         for w in re.findall(r"[a-z]{4,}", d.lower())}
                if stems & words and self.index.node_evidence.get(iri):
                    found.append(iri)
        return sorted(found)

    # ---- yes/no and comparisons -----------------------------------------------------------
    def muscle_yesno(self, t: Turn, exercise: str, muscle: str, as_question: bool = True) -> Answer:
        plan = Plan("muscles", [exercise], ["variationOf*", "works"], target=muscle)
        hits = execute(plan, self.index)
        parts, wholes = set(self.index.parts(muscle)), set(self.index.wholes(muscle))
        matching = [h for h in hits if h.iri in parts or h.iri in wholes]
        ex_name, m_name = self.index.name(exercise), self.index.name(muscle)
        roles_asked = t.frame.constraints.roles
        if matching and as_question and roles_asked == ["primary"] and not any("primary" in h.roles for h in matching):
            roles = ", ".join(ROLE_WORD[r] for r in sorted({r for h in matching for r in h.roles}))
            primary = [h for h in hits if "primary" in h.roles]
            text = (f"No. The {m_name} {_verb(m_name)} in the {ex_name} as {roles}, not as the primary mover"
                    + (f"; that is the {', '.join(self.index.name(h.iri) for h in primary)}." if primary else "."))
            return self.finish(t, plan, matching + primary, text, boolean=False, list_items=False)
        if matching:
            direct = [h for h in matching if h.iri == muscle]
            chosen = direct or matching
            how = ", ".join(ROLE_WORD[r] for r in sorted({r for h in chosen for r in h.roles}))
            via = "" if direct else f" (via {', '.join(self.index.name(h.iri) for h in chosen)}, of which it is part)"
            if not direct and chosen[0].iri in parts:
                via = f" (its part {', '.join(self.index.name(h.iri) for h in chosen)} is)"
            text = f"Yes. The {m_name} {_verb(m_name)} in the {ex_name}{via}, as {how}."
            if not as_question:
                ranked = self.retriever.rank(self._question_words(t) + " " + m_name, nodes=[h.iri for h in chosen],
                                             pool=self.retriever.subjects_for([exercise]), limit=2)
                said = " ".join(dict.fromkeys([m.passage.ev.quote for m in ranked]
                                              or [e.quote for h in chosen for e in h.evidence[:1]]))
                text = f"In the {ex_name} the {m_name}{via} works as {how}. The articles say: {said}"
            return self.finish(t, plan, chosen, text, boolean=True if as_question else None)
        if not hits:
            return self.abstain(t, f"The graph has no muscle facts for the {ex_name}.")
        worked = ", ".join(self.index.name(h.iri) for h in hits[:6])
        text = f"No. None of the articles says the {ex_name} works the {m_name}; it works the {worked}."
        return self.finish(t, plan, hits, text, boolean=False, list_items=False)

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
                       f"{names[0] if first_wins else names[1]}. " + answer.text.split(": ", 1)[-1])
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

    def warned(self, t: Turn) -> Answer | None:
        """"What if I rush my reps?": the subject's mistakes, safety notes and cues that match, quoted."""
        pool = self._pool(t)
        if not pool:
            return None
        warnings = [i for i in pool if any(self.index.is_a(n, k) for n in self.retriever.passages[i].nodes
                                           for k in ("Mistake", "SafetyNote", "Correction"))]
        lead = best_lead(self.retriever.rank(self._question_words(t), warnings), floor=RELEVANT - 0.1)
        return self._answer_from(t, lead, None) if lead else None

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

    # ---- structured answers ---------------------------------------------------------------
    def respond(self, t: Turn, plan: Plan) -> Answer:
        notes = t.notes
        hits: list[Hit] = []
        if plan.intent in OWN_FIRST and plan.path[:1] == ["variationOf*"]:
            own = Plan(**{**plan.__dict__, "path": plan.path[1:]})  # what is said of this very variation first
            hits = execute(own, self.index)
            if hits:
                plan = own
        if not hits:
            hits = execute(plan, self.index)
        if not hits and plan.path[:1] == ["variationOf*"] and plan.intent != "definition":
            wider = Plan(**{**plan.__dict__, "path": ["variationOf*^", *plan.path[1:]]})
            hits = execute(wider, self.index)
            if hits:
                plan = wider
                notes.append(f"The articles state this for variations of the {self.index.name(plan.start[0])}.")
        if not hits and plan.path[:1] == ["variationOf*"] and plan.intent in OWN_FIRST:
            family = Plan(**{**plan.__dict__, "path": ["variationOf*", "variationOf*^", *plan.path[1:]]})
            hits = execute(family, self.index)
            if hits:
                plan = family
                notes.append("The articles state this for related variations.")
        if not hits and plan.intent == "variations":
            siblings = Plan(**{**plan.__dict__, "path": ["variationOf", "variationOf^"], "exclude_start": True})
            hits = execute(siblings, self.index)
            if hits:
                plan = siblings
        if not hits and (plan.aspect or plan.qualifier or plan.emphasis):
            plan.aspect = plan.qualifier = plan.emphasis = None
            hits = execute(plan, self.index)
        if not hits and plan.intent == "function":
            plan = Plan("muscle_roles", plan.start, ["works^"])
            hits = execute(plan, self.index)
        start = ", ".join(self.index.name(s) for s in plan.start)
        if plan.intent == "definition":
            return self._also(t, self._definition(t.q, plan, hits, notes, t.alts))
        if not hits:
            what = NOUN.get(plan.intent, plan.intent.replace("_", " "))
            return self.abstain(t, f"The graph has no {what} for {start}.")
        text = None
        if t.frame.relation in RANKED and len(hits) > 1:
            hits, top = self._rank_hits(t, hits)
            listed = plan.intent in LISTED
            if listed and top >= RELEVANT - 0.05:  # lead with what the question's words point to, in full
                text = (f"{self._text(plan, hits, start)} Closest to what you asked: {self._item_label(hits[0])}"
                        f" - {self.detail(hits[0])}")
        answer = self.finish(t, plan, hits, text or self._text(plan, hits, start))
        return self._also(t, answer) if plan.intent not in ("muscles", "exercises_for_muscle") else answer

    def _also(self, t: Turn, answer: Answer) -> Answer:
        """A structured answer, plus the subject's sentence that matches the question better than its facts do."""
        pool = self._pool(t)
        if not answer.answered or not pool:
            return answer
        words = self._question_words(t)
        ranked = self.retriever.rank(words, pool, limit=3)
        cited = {(q.document, q.start) for q in answer.evidence}
        own = self.retriever.rank(words, pool, nodes=[a.iri for a in answer.answers], limit=1)
        floor = max(RELEVANT, (own[0].score if own else 0.0) + 0.05)
        extra = [m for m in ranked if m.score >= floor and m.passage.key not in cited][:2]
        if extra:
            answer.text += " The articles also say: " + " ".join(m.passage.ev.quote for m in extra)
            answer.evidence += [self._quote(m.passage.ev, self.index.name(sorted(m.passage.nodes)[0]))
                                for m in extra]
        return answer

    def _rank_hits(self, t: Turn, hits: list[Hit]) -> tuple[list[Hit], float]:
        """The facts the question's own words point to first (a stable sort, by best-matching sentence)."""
        nodes = {h.iri for h in hits}
        ranked = self.retriever.rank(self._question_words(t), nodes=nodes, limit=len(self.retriever.passages))
        best: dict[str, float] = {}
        for m in ranked:
            for n in m.passage.nodes & nodes:
                best.setdefault(n, m.score)
        hits = sorted(hits, key=lambda h: -best.get(h.iri, 0.0))
        return hits, best.get(hits[0].iri, 0.0)
