"""Question answering: parse -> plan -> traverse -> Answer, abstaining when the graph does not know."""

from __future__ import annotations

import re

from rdflib import Graph

from ..errors import QuestionError
from .answer import Answer
from .compose import NOUN, ROLE_WORD, Composer
from .index import GraphIndex, local
from .plan import EXERCISE_PATHS, Plan
from .traverse import Hit, execute
from .understand import INTENTS, Link, ParsedQuestion, QuestionParser, follow_up

FIX_VERB = re.compile(r"\bhow (?:do i |can i |to |should i |would i )?(?:fix|correct|stop|prevent|avoid|quit)\b|"
                      r"\b(?:fix|correct) (?:my|the|this)\b")
# An answer's intent (a plan name) back to the question intent a follow-up inherits.
INTENT_NAMES = {name: name for name, _ in INTENTS} | {
    "exercises_for_muscle": "muscles", "exercises_for_equipment": "equipment", "mistake_why": "mistakes",
}
OWN_FIRST = {"equipment", "programming", "breathing", "technique"}
CON_CUE = re.compile(r"\bcons?\b|disadvantage|downside|drawback|\bbad\b|wrong with|negative|\blimitation")
PRO_CUE = re.compile(r"\bpros?\b|(?<!dis)advantage|upside|\bgood\b|positive|benefit|\bperks?\b")
DEFINITION_START = re.compile(r"^(?:what|who)(?:'?s\b| (?:exactly |really |actually )?(?:is|are)\b)")
# "I'm a runner", "as a complete beginner": who is asking, to look up among the people it suits
SELF = re.compile(r"\b(?:(?:i'm|i am|im) (?:an? )?|as an? )((?:[a-z-]+ ?){1,3})")
# "bands or ankle weights", "cable kickbacks or banded kickbacks": a choice between two named things
CHOICE = re.compile(r"^\W*(?:or|vs\.?|versus)\W+(?:(?:the|a|an|some|using)\W+)?$")
# "what muscles help the glutes": the named muscle is the reference point, not an answer
REFERENCE = re.compile(r"\b(?:help(?:s|ing)?|assist(?:s|ing)?|support(?:s|ing)?|besides|alongside|"
                       r"other than|apart from|except|work(?:s|ing)? with)\s+(?:the\s+|my\s+|your\s+)?$")
# what may stand between "what is" and the exercise it asks to define
DEFINITION_FILLER = {"what", "whats", "what's", "who", "is", "are", "a", "an", "the", "exactly", "really", "actually",
                     "so-called", "called", "define", "definition", "of", "explain", "meaning", "does", "mean", "by",
                     "me", "please", "can", "you", "tell", "about", "this", "exercise", "thing", "kind", "type",
                     "describe", "i", "do", "know", "to", "wats", "wat", "whta", "hows", "how", "s"}
TEXT_INTENTS = {"programming", "breathing", "safety", "technique", "pros_cons", "fix"}


def _verb(subject: str) -> str:
    """'The hamstrings work', 'the gluteus maximus works': plural muscle-group names end in -s (not -us)."""
    return "work" if subject.endswith("s") and not subject.endswith(("us", "is", "ss")) else "works"


class QuestionAnswerer(Composer):
    def __init__(self, graph: Graph) -> None:
        self.index = GraphIndex(graph)
        self.parser = QuestionParser(self.index)
        self.main_exercise = max(
            (i for i in self.parser.kind if self.parser.kind[i] == "Exercise"),
            key=lambda i: (len(self.index.descendants(i)), self.index.fact_count(i), i), default=None,
        )
        # each mistake's names as content words, for spotting a mistake however a question words it
        self.mistake_words = [
            (iri, words) for iri in sorted(self.index.types) if self.index.is_a(iri, "Mistake")
            for name in sorted(self.index.names[iri])
            if (words := [w for w in name.lower().replace("(", " ").replace(")", " ").split() if len(w) > 3])
        ]

    # ---- entry point --------------------------------------------------------------------
    def ask(self, question: str, context: dict | str | None = None) -> Answer:
        """Answer `question`; `context` (the previous turn: its question, or its answer dict) fills
        in what a follow-up leaves out ("and the tricep kickback?", "what mistakes should I avoid?")."""
        parsed = self.parser.parse(question)
        taken = follow_up(parsed, self._previous(context)) if context else []
        answer = self._answer(parsed)
        answer.followed_up = taken
        answer.entities = [{"label": e.label, "iri": e.iri, "type": e.type, "surface": e.surface}
                           for e in parsed.entities]
        return answer

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
            known = [e for e in entities if isinstance(e, dict) and e.get("iri") in self.parser.kind]
            if known:
                previous.entities = [Link(e["iri"], self.index.name(e["iri"]), self.parser.kind[e["iri"]],
                                          str(e.get("surface") or ""), -1) for e in known]
        if isinstance(context.get("intent"), str) and context["intent"] in INTENT_NAMES:
            previous.intent = INTENT_NAMES[context["intent"]]
        return previous

    def _answer(self, q: ParsedQuestion) -> Answer:
        exercises = q.of_type("Exercise")
        muscles = q.of_type("Muscle")
        equipment = q.of_type("Equipment")
        notes: list[str] = []
        alternatives: list[dict] = []
        for ex in exercises:
            if ex.ambiguous:
                others = [self.index.name(i) for i in ex.ambiguous]
                notes.append(f'I took "{ex.surface}" to mean the {ex.label} (the articles\' main sense); '
                             f"the {', '.join(others)} is a different exercise.")
                alternatives += [{"label": self.index.name(i), "iri": i,
                                  "question": q.text.lower().replace(ex.surface, self.index.name(i))}
                                 for i in ex.ambiguous]
        intent = q.intent
        if intent != "fix" and FIX_VERB.search(q.normalized) and self._mistakes_in(q):
            intent = "fix"  # "how do I fix <a mistake the graph names>", however the articles word it
        if q.out_of_scope:
            return self._abstain(q, "None of the articles says anything about that.")
        if q.unknown_exercise and not exercises:
            return self._abstain(q, f'The graph has no facts about "{q.unknown_exercise}".')
        if (not exercises and not muscles and not equipment and self.main_exercise
                and intent in EXERCISE_PATHS and intent not in ("variations", "difference", "definition", "muscles")):
            # "What mistakes should I avoid?" with no exercise named: the corpus's main exercise, said so.
            name = self.index.name(self.main_exercise)
            notes.append(f"No exercise named; answering for the {name}, the exercise the articles are about.")
            exercises = [Link(self.main_exercise, name, "Exercise", name, 0)]
        if re.search(r"\bwhy\b|\bbad\b|\bharm|\bdangerous|\bproblem with\b", q.normalized) and intent in (
                "unknown", "muscles", "benefits", "mistakes", "safety") and self._mistakes_in(q):
            # "Why is arching my back bad?": what the articles say the mistake does.
            return self._respond(q, Plan("mistake_why", self._mistakes_in(q)[:1], []), notes, alternatives)
        if exercises and muscles and (q.yesno or intent in ("definition", "function", "unknown")):
            return self._yesno(q, exercises[0].iri, muscles[0].iri, notes, alternatives)
        if q.yesno and exercises and equipment and intent in ("muscles", "equipment", "unknown"):
            plan = Plan("equipment", [exercises[0].iri], ["variationOf*", "usesEquipment"], target=equipment[0].iri)
            hits = [h for h in execute(plan, self.index) if h.iri == equipment[0].iri]
            ex_name, eq_name = self.index.name(exercises[0].iri), self.index.name(equipment[0].iri)
            if hits:
                return self._finish(q, plan, hits, f"Yes. The articles describe the {ex_name} done with "
                                    f"{eq_name}.", notes, alternatives, boolean=True)
            return self._finish(q, plan, execute(Plan("equipment", plan.start, plan.path), self.index),
                                f"No article describes the {ex_name} with {eq_name}.", notes, alternatives,
                                boolean=False, list_items=False)
        if intent == "fix" or (intent == "mistakes" and not exercises and self._mistakes_in(q)):
            mistakes = self._mistakes_in(q)
            if mistakes:
                plan = Plan("fix", mistakes[:1], ["correction"])
                if not execute(plan, self.index) and self._related_cues(mistakes[0]):
                    return self._related_fix(q, mistakes[0], notes, alternatives)
                return self._respond(q, plan, notes, alternatives)
            intent = "mistakes"
        for pair in (equipment, exercises):
            if intent not in ("fix", "pros_cons", "difference") and len(pair) >= 2 and pair[0].start >= 0 \
                    and CHOICE.search(q.normalized[pair[0].start + len(pair[0].surface):pair[1].start]):
                intent = "difference"  # "bands or ankle weights?", "cable or banded kickbacks?"
        if intent in ("pros_cons", "difference") and not equipment and exercises:
            # "banded kickbacks pros and cons", "cable or banded kickbacks?": the equipment that sets them apart
            own = [self._own_equipment(e.iri) for e in exercises[:2]]
            if intent == "pros_cons" and own[0]:
                equipment = [own[0]]
            elif len(own) == 2 and all(own) and own[0].iri != own[1].iri:  # type: ignore[union-attr]
                return self._compare_equipment(q, own, notes, alternatives)  # type: ignore[arg-type]
        if intent == "benefits" and equipment and self._has_pros_cons(equipment[0].iri):
            intent = "pros_cons"  # "benefits of resistance bands": what the articles weigh for that equipment
        if intent == "pros_cons" and not equipment:
            # no equipment to weigh: what else the question asks ("what am I doing wrong with kickbacks?")
            intent = next((n for n, pat in INTENTS
                           if n not in ("pros_cons", "definition") and pat.search(q.normalized)), "benefits")
        if intent == "pros_cons" and equipment:
            cons, pros = bool(CON_CUE.search(q.normalized)), bool(PRO_CUE.search(q.normalized))
            wanted = ["hasPro"] * (pros or not cons) + ["hasCon"] * (cons or not pros)
            answers = [self._respond(q, Plan("pros_cons", [equipment[0].iri], [w]), notes if i == 0 else [],
                                     alternatives) for i, w in enumerate(wanted)]
            answer = answers[0]
            for more in answers[1:]:
                if not more.answered:
                    continue
                if not answer.answered:
                    answer = more
                    continue
                answer.answers += more.answers
                answer.evidence += more.evidence
                answer.text += " " + more.text
            return answer
        if intent == "function" and muscles and not exercises:
            return self._respond(q, Plan("function", [muscles[0].iri], ["jointAction"]), notes, alternatives)
        if muscles and not exercises and intent in ("muscles", "unknown", "technique", "definition"):
            plan = Plan("exercises_for_muscle", [muscles[0].iri], ["partOf*^", "works^", "variationOf*^"],
                        role=q.role)
            if intent == "definition":
                return self._respond(q, Plan("function", [muscles[0].iri], ["jointAction"]), notes, alternatives)
            return self._respond(q, plan, notes, alternatives)
        if equipment and not exercises and intent in ("muscles", "unknown", "equipment", "variations"):
            # No inheritance down to variations here: a bodyweight kickback does not use a cable machine.
            plan = Plan("exercises_for_equipment", [equipment[0].iri], ["narrower*", "usesEquipment^"])
            return self._respond(q, plan, notes, alternatives)
        if intent == "difference" and len(exercises) < 2 and len(equipment) >= 2 \
                and all(self._has_pros_cons(e.iri) for e in equipment[:2]):
            return self._compare_equipment(q, equipment[:2], notes, alternatives)
        if intent == "difference" and len(exercises) == 1:
            # "glute vs tricep kickbacks": the exercise is compared with those sharing its head word
            exercises = exercises + [Link(i, self.index.name(i), "Exercise", self.index.name(i), -1)
                                     for i in self.parser.namesakes(exercises[0].iri)]
        if intent == "difference" and len(exercises) >= 2 and exercises[0].iri == exercises[1].iri:
            # "glute kickback vs donkey kick": two names of one exercise
            notes.append(f'"{exercises[0].surface}" and "{exercises[1].surface}" are names of the same exercise, '
                         f"the {exercises[0].label}.")
            exercises, intent = exercises[:1], "definition"
        if intent == "difference" and len(exercises) >= 2:
            plan = Plan("difference", [exercises[0].iri, exercises[1].iri], EXERCISE_PATHS["difference"])
            return self._respond(q, plan, notes, alternatives)
        if not exercises:
            return self._abstain(q, "I couldn't find an exercise, muscle or piece of equipment from the "
                                    "articles in that question.")
        if intent in ("unknown", "function"):
            intent = "definition" if DEFINITION_START.search(q.normalized) else "muscles"
        if intent == "definition" and (asked := self._not_defined(q, exercises[0])):
            # "what is the world record for donkey kicks?": something about the exercise, not the exercise
            return self._abstain(q, f'The articles say nothing about the "{asked}" of the {exercises[0].label}.')
        if intent in ("benefits", "population", "unknown") and (who := SELF.search(self._masked(q))):
            for word in who.group(1).split():
                plan = Plan("population", [exercises[0].iri], list(EXERCISE_PATHS["population"]), qualifier=word[:5])
                if len(word) > 3 and word not in DEFINITION_FILLER and execute(plan, self.index):
                    return self._respond(q, plan, notes, alternatives)
        if intent not in EXERCISE_PATHS:
            return self._abstain(q, f"I can't answer that kind of question about the {exercises[0].label}.")
        plan = Plan(intent, [exercises[0].iri], list(EXERCISE_PATHS[intent]))
        if intent == "muscles":
            plan.role = q.role
            plan.exclude = [p for m in muscles if REFERENCE.search(q.normalized[:max(m.start, 0)])
                            for p in self.index.parts(m.iri)]
            if q.role:
                plan.qualifier = self._qualifier(q, plan)
        if intent in ("programming", "breathing", "safety"):
            plan.aspect = q.aspect
        if intent == "mistakes" and q.most_common:
            plan.emphasis = "most common"
        if intent in ("progression", "regression"):
            plan.exclude_start = True
        return self._respond(q, plan, notes, alternatives)

    # ---- helpers ----------------------------------------------------------------------
    def _qualifier(self, q: ParsedQuestion, plan: Plan) -> str | None:
        for word in q.qualifiers:
            trial = Plan(plan.intent, plan.start, plan.path, role=plan.role, qualifier=word)
            if execute(trial, self.index):
                return word
        return None

    def _related_cues(self, mistake: str) -> list[str]:
        """Technique cues and corrections whose wording shares a stem with the mistake's names."""
        stems = {w[:5] for n in self.index.names[mistake] for w in re.findall(r"[a-z]{4,}", n.lower())}
        found = []
        for iri in self.index.types:
            if self.index.is_a(iri, "TechniqueCue") or self.index.is_a(iri, "Correction"):
                words = {w[:5] for d in self.index.attrs[iri].get("description", ()) for w in re.findall(r"[a-z]{4,}",
                                                                                                     d.lower())}
                if stems & words and self.index.node_evidence.get(iri):
                    found.append(iri)
        return sorted(found)

    def _related_fix(self, q: ParsedQuestion, mistake: str, notes: list[str], alts: list[dict]) -> Answer:
        cues = self._related_cues(mistake)
        plan = Plan("fix", cues, [])
        hits = execute(plan, self.index)
        name = self.index.name(mistake).lower()
        text = (f"The articles give no direct correction for {name}; the cues that address it: "
                + " ".join(self._detail(h) for h in hits))
        return self._finish(q, plan, hits, text, notes, alts)

    def _compare_equipment(self, q: ParsedQuestion, equipment: list[Link], notes: list[str],
                           alts: list[dict]) -> Answer:
        """"Cable machine vs ankle weights": what the articles weigh for each, side by side."""
        hits: list[Hit] = []
        parts = []
        for e in equipment:
            pros = execute(Plan("pros_cons", [e.iri], ["hasPro"]), self.index)
            cons = execute(Plan("pros_cons", [e.iri], ["hasCon"]), self.index)
            hits += pros + cons
            parts.append(f"{self.index.name(e.iri)}: pros - {' '.join(self._detail(h) for h in pros) or 'none stated.'}"
                         f" Cons - {' '.join(self._detail(h) for h in cons) or 'none stated.'}")
        plan = Plan("pros_cons", [e.iri for e in equipment], ["hasPro"])
        return self._finish(q, plan, hits, "The difference: " + " ".join(parts), notes, alts)

    def _masked(self, q: ParsedQuestion) -> str:
        """The question with the names it links blanked out."""
        text = q.normalized
        for e in q.entities:
            if e.start >= 0:
                text = text[:e.start] + " " * len(e.surface) + text[e.start + len(e.surface):]
        return text

    def _own_equipment(self, exercise: str) -> Link | None:
        """The equipment a variation is named for, when the articles weigh its pros and cons."""
        eq = next((e for e, _ in self.index.out(exercise, "variantEquipment") if self._has_pros_cons(e)), None)
        return Link(eq, self.index.name(eq), "Equipment", self.index.name(eq), -1) if eq else None

    def _not_defined(self, q: ParsedQuestion, exercise: Link) -> str:
        """The words a "what is ..." question puts before the exercise, when they name something else."""
        if exercise.start < 0 or not DEFINITION_START.search(q.normalized):
            return ""
        before = re.findall(r"[a-z][a-z'-]*", q.normalized[:exercise.start])
        rest = [w for w in before if w not in DEFINITION_FILLER and w not in ("for", "in", "on", "with")]
        return " ".join(rest)

    def _has_pros_cons(self, iri: str) -> bool:
        return bool(self.index.out(iri, "hasPro") or self.index.out(iri, "hasCon"))

    def _mistakes_in(self, q: ParsedQuestion) -> list[str]:
        text = q.normalized
        for e in q.of_type("Exercise"):  # the words naming the exercise say nothing about a mistake
            if e.start >= 0:
                text = text[:e.start] + " " * len(e.surface) + text[e.start + len(e.surface):]
        words = {w for w in text.replace("-", " ").split() if len(w) > 3}
        stems = {w[:5] for w in words}
        best: list[tuple[float, str]] = []
        for iri, content in self.mistake_words:
            hits = sum(1 for w in content if w[:5] in stems)
            if hits and (content[0][:5] in stems or 2 * hits >= len(content)):
                best.append((hits / len(content) + hits, iri))
        best.sort(key=lambda t: (-t[0], t[1]))
        return list(dict.fromkeys(i for _, i in best))

    def _yesno(self, q: ParsedQuestion, exercise: str, muscle: str, notes: list[str], alts: list[dict]) -> Answer:
        plan = Plan("muscles", [exercise], ["variationOf*", "works"], target=muscle)
        hits = execute(plan, self.index)
        parts, wholes = set(self.index.parts(muscle)), set(self.index.wholes(muscle))
        matching = [h for h in hits if h.iri in parts or h.iri in wholes]
        ex_name, m_name = self.index.name(exercise), self.index.name(muscle)
        if matching and q.yesno and q.role == "primary" and not any("primary" in h.roles for h in matching):
            # "Are the hamstrings the primary mover?": they work, but not in the role asked about
            roles = ", ".join(ROLE_WORD[r] for r in sorted({r for h in matching for r in h.roles}))
            primary = [h for h in hits if "primary" in h.roles]
            text = (f"No. The {m_name} {_verb(m_name)} in the {ex_name} as {roles}, not as the primary mover"
                    + (f"; that is the {', '.join(self.index.name(h.iri) for h in primary)}." if primary else "."))
            return self._finish(q, plan, matching + primary, text, notes, alts, boolean=False, list_items=False)
        if matching:
            direct = [h for h in matching if h.iri == muscle]
            chosen = direct or matching
            roles = sorted({r for h in chosen for r in h.roles})
            how = ", ".join(ROLE_WORD[r] for r in roles)
            via = "" if direct else f" (via {', '.join(self.index.name(h.iri) for h in chosen)}, of which it is part)"
            if not direct and chosen[0].iri in parts:
                via = f" (its part {', '.join(self.index.name(h.iri) for h in chosen)} is)"
            text = f"Yes. The {m_name} {_verb(m_name)} in the {ex_name}{via}, as {how}."
            if not q.yesno:
                text = f"In the {ex_name} the {m_name}{via} works as {how}."
            return self._finish(q, plan, chosen, text, notes, alts, boolean=True if q.yesno else None)
        if not hits:
            return self._abstain(q, f"The graph has no muscle facts for the {ex_name}.")
        worked = ", ".join(self.index.name(h.iri) for h in hits[:6])
        text = f"No. None of the articles says the {ex_name} works the {m_name}; it works the {worked}."
        return self._finish(q, plan, hits, text, notes, alts, boolean=False, list_items=False)

    def _respond(self, q: ParsedQuestion, plan: Plan, notes: list[str], alts: list[dict]) -> Answer:
        hits: list[Hit] = []
        if plan.intent in OWN_FIRST and plan.path[:1] == ["variationOf*"]:
            # What is said of this very variation beats what is said of the exercise it varies.
            own = Plan(**{**plan.__dict__, "path": plan.path[1:]})
            hits = execute(own, self.index)
            if hits:
                plan = own
        if not hits:
            hits = execute(plan, self.index)
        if not hits and plan.path[:1] == ["variationOf*"] and plan.intent != "definition":
            # Nothing stated for the exercise itself: what the articles state for its variations.
            wider = Plan(**{**plan.__dict__, "path": ["variationOf*^", *plan.path[1:]]})
            hits = execute(wider, self.index)
            if hits:
                plan = wider
                notes = [*notes, f"The articles state this for variations of the {self.index.name(plan.start[0])}."]
        if not hits and plan.path[:1] == ["variationOf*"] and plan.intent in OWN_FIRST:
            family = Plan(**{**plan.__dict__, "path": ["variationOf*", "variationOf*^", *plan.path[1:]]})
            hits = execute(family, self.index)
            if hits:
                plan = family
                notes = [*notes, "The articles state this for related variations."]
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
            return self._definition(q, plan, hits, notes, alts)
        if not hits:
            what = NOUN.get(plan.intent, plan.intent.replace("_", " "))
            return self._abstain(q, f"The graph has no {what} for {start}.")
        text = self._text(plan, hits, start)
        return self._finish(q, plan, hits, text, notes, alts)


__all__ = ["QuestionAnswerer", "local"]
