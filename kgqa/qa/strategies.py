"""Answer strategies: a registry from the relation a question asks to the code that answers it.

Each strategy takes a `Turn` (the question frame, the subjects it resolved to, the notes so far)
and returns an Answer, or None when the graph has nothing of that shape for the question (the
answerer then ranks the subject's evidence, and abstains when nothing matches). Strategies are
registered with the relations they handle (`@strategy("benefits", "mistakes", ...)`), as pySHACL
maps constraint parameters to components; adding one does not touch the dispatcher.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .answer import Answer
from .attributes import KINDS as ATTRIBUTE_KINDS
from .attributes import answer_attribute
from .compose import NOUN, ROLE_WORD
from .difficulty import compare_difficulty
from .frame import QuestionFrame, masked_for_relations
from .guidelines import asked_aspect
from .listing import listed
from .plan import EXERCISE_PATHS, Plan
from .retrieve import best_lead
from .setup_steps import setup
from .sources import said_by, source_name
from .traverse import Hit, execute
from .understand import Link

if TYPE_CHECKING:
    from .answerer import QuestionAnswerer

Strategy = Callable[["QuestionAnswerer", "Turn"], Answer | None]
REGISTRY: dict[str, Strategy] = {}
# the frame shapes each relation answers: the types of the subject it can start from
SHAPES: dict[str, frozenset[str]] = {}

# relations whose facts are sentences: the question's own words pick among them
RANKED = {"programming", "breathing", "safety", "technique", "setup", "placement", "population", "fix",
          "consequence", "pros_cons", "benefits", "progression", "regression"}
OWN_FIRST = {"equipment", "programming", "breathing", "technique", "setup"}
# "do I need ankle weights?": whether the thing is required, not whether it can be used (a precise rule)
NEED = re.compile(r"\b(?:need|needs|require[sd]?|have to (?:have|use|buy)|must (?:have|use)|necessary|essential)\b")
CON_CUE = re.compile(r"\bcons?\b|disadvantage|downside|drawback|\bbad\b|wrong with|negative|\blimitation|\bworse\b")
PRO_CUE = re.compile(r"\bpros?\b|(?<!dis)advantage|upside|\bgood\b|positive|benefit|\bperks?\b|\bbetter\b")
SELF = re.compile(r"\b(?:(?:i'm|i am|im|i) (?:an? )?|as an? )((?:[a-z-]+ ?){1,3})")
# "is X the same (joint action) as Y?": an identity question, decided by whether X and Y are one node
SAME = re.compile(r"\bsame\b|\bidentical\b|\bdifferent names?\b")
# "what kinds of bands": the narrower concepts of a piece of equipment are asked for
KINDS = re.compile(r"\b(?:kinds?|types?|sorts?|varieties)\b")
# "which core muscles", "what muscles of the core": a group asked for its parts the exercise works
GROUP_ASKED = re.compile(r"\s(?:muscles|muscle group)$")
GROUP_OF = re.compile(r"\b(?:muscles|heads?|parts?|portions?) (?:of|in) (?:the |my |your |their )?$")
# "is A better than B for X?": decided by which side's best sentence on X endorses it more
BETTER = re.compile(r"\b(?:better|worse|more effective|easier|harder|safer|superior) (?:than|for)\b")


@dataclass
class Turn:
    frame: QuestionFrame
    exercises: list[Link]
    muscles: list[Link]
    equipment: list[Link]
    notes: list[str] = field(default_factory=list)
    alts: list[dict] = field(default_factory=list)
    family: set[str] = field(default_factory=set)  # "which curl ...?": the exercises the answer is kept to
    # "what equipment do I need for rows?": a head word alone, naming a family with no exercise of its own
    head_word: str | None = None

    @property
    def q(self):  # type: ignore[no-untyped-def]
        return self.frame.parsed


def strategy(*relations: str, subjects: tuple[str, ...] = ("Exercise",)) -> Callable[[Strategy], Strategy]:
    """Register a strategy for `relations`, answering from a subject of one of the `subjects` types."""
    def register(fn: Strategy) -> Strategy:
        for r in relations:
            REGISTRY[r] = fn
            SHAPES[r] = frozenset(subjects)
        fn.relations = (*getattr(fn, "relations", ()), *relations)  # type: ignore[attr-defined]
        return fn
    return register


def fits(relation: str, types: set[str]) -> bool:
    """Whether a relation can start from what the question names (nothing named: the main exercise)."""
    return not types or bool(SHAPES.get(relation, frozenset()) & types)


def _verb(subject: str) -> str:
    """'The hamstrings work', 'the gluteus maximus works': plural muscle-group names end in -s (not -us)."""
    return "work" if subject.endswith("s") and not subject.endswith(("us", "is", "ss")) else "works"


# ---- muscles ---------------------------------------------------------------------------------
@strategy("muscles", subjects=("Exercise", "Muscle"))
def muscles(qa: QuestionAnswerer, t: Turn) -> Answer | None:
    f, q = t.frame, t.q
    if t.exercises and t.muscles and f.form in ("yesno", "choice") and len(t.muscles) >= 2 and f.form == "choice":
        return qa.compare_muscles(t)
    if t.exercises and t.muscles and f.form == "yesno":
        return qa.muscle_yesno(t, t.exercises[0].iri, t.muscles[0].iri)
    if f.form == "yesno" and not t.muscles:
        return None  # "does it involve extending the elbow?": no muscle to decide by; the sentences may
    if t.muscles and not t.exercises:
        plan = Plan("exercises_for_muscle", [t.muscles[0].iri], ["partOf*^", "works^", "variationOf*^"],
                    role=f.constraints.roles[0] if len(f.constraints.roles) == 1 else None)
        plan.exclude = [x for e in f.constraints.exclude for x in qa.index.descendants(e)] + qa.unavailable(t)
        reached = execute(plan, qa.index)
        if not reached:  # "the long head": the exercises that work the muscle it is part of
            plan.path = ["partOf*", "works^", "variationOf*^"]
        return listed(qa, t, plan, f"Exercises that work the {qa.index.name(t.muscles[0].iri)}",
                      reached=reached or None)
    if not t.exercises:
        return None
    plan = Plan("muscles", [t.exercises[0].iri], list(EXERCISE_PATHS["muscles"]))
    roles = f.constraints.roles
    if len(roles) == 1:
        plan.role = roles[0]
    excluded = {p for m in t.muscles if m.iri in f.constraints.exclude or qa.is_reference(q, m)
                for p in qa.index.parts(m.iri)}
    plan.exclude = sorted(excluded)
    plan.qualifier = qa.qualifier(t, plan)
    group = next((m for m in t.muscles if not excluded and GROUP_ASKED.search(m.surface)
                  or GROUP_OF.search(q.normalized[:m.start])), None)  # "which core muscles ...": its parts listed
    inside = set(qa.index.parts(group.iri)) - {group.iri} if group else set()
    reached = execute(plan, qa.index) if group and f.form != "yesno" else []
    if any(h.iri in inside for h in reached):
        plan.exclude += [h.iri for h in reached if h.iri not in inside]
        return qa.respond(t, plan)
    if t.muscles and not excluded and f.form != "yesno":  # "what role do the hamstrings play?"
        return qa.muscle_yesno(t, t.exercises[0].iri, t.muscles[0].iri, as_question=False)
    return qa.respond(t, plan)


# ---- equipment -------------------------------------------------------------------------------
@strategy("equipment", subjects=("Exercise", "Equipment"))
def equipment(qa: QuestionAnswerer, t: Turn) -> Answer | None:
    f, q = t.frame, t.q
    if t.exercises and not t.equipment and f.form == "yesno" and NEED.search(q.normalized) and (
            kit := qa.needs_kit(t)):
        return kit  # "do I need any equipment / a gym to do kickbacks?": no, when a version needs none
    if t.exercises and t.equipment and f.form == "yesno":
        lacking = set(f.constraints.lack) | set(f.constraints.exclude)  # "no ankle weights, can I use a db?"
        ex, eq = t.exercises[0].iri, next((e.iri for e in t.equipment if e.iri not in lacking), t.equipment[0].iri)
        plan = Plan("equipment", [ex], ["variationOf*", "usesEquipment"], target=eq)
        options = execute(Plan("equipment", [ex], ["variationOf*", "usesEquipment"]), qa.index)
        hits = [h for h in execute(Plan("equipment", [ex], ["variationOf*", "variationOf*^", "usesEquipment"]),
                                   qa.index) if h.iri in qa.index.narrower(eq)]
        ex_name, eq_name = qa.index.name(ex), qa.index.name(eq)
        named_for = {e for e, _ in qa.index.out(ex, "variantEquipment")}  # the cable kickback: the cable machine
        if NEED.search(q.normalized) and not named_for & set(qa.index.narrower(eq)):
            others = [h for h in options if h.iri not in qa.index.narrower(eq)]
            if others:
                names = ", ".join(qa.index.name(h.iri) for h in others[:5])
                return qa.finish(t, Plan("equipment", [ex], ["variationOf*", "usesEquipment"]), others,
                                 f"No. The {ex_name} can also be done with {names}.", boolean=False, list_items=True)
        if hits:
            who = said_by(qa.index, (d for h in hits for d in h.documents))
            return qa.finish(t, plan, hits, f"Yes. {who.capitalize()} describe the {ex_name} done with {eq_name}.",
                             boolean=True)
        return qa.finish(t, Plan("equipment", plan.start, plan.path), options,
                         f"No article describes the {ex_name} with {eq_name}.", boolean=False, list_items=False)
    kinds = [e for e in t.equipment if len(qa.index.narrower(e.iri)) > 1]
    if kinds and f.form in ("wh", "phrase") and KINDS.search(q.normalized):
        # "what kinds of bands can I use": the narrower kinds of that equipment
        return qa.respond(t, Plan("equipment_kinds", [kinds[0].iri], ["narrower*"], exclude_start=True))
    if t.equipment and not t.exercises:
        if f.relation == "variations" and len(qa.index.narrower(t.equipment[0].iri)) > 1:
            # "what types of resistance bands": the narrower kinds of that equipment
            return qa.respond(t, Plan("equipment_kinds", [t.equipment[0].iri], ["narrower*"], exclude_start=True))
        plan = Plan("exercises_for_equipment", [t.equipment[0].iri], ["narrower*", "usesEquipment^"])
        if t.muscles:  # "what can I do with a dumbbell for my glutes": only the exercises that work them
            working = {h.iri for h in execute(Plan("x", [t.muscles[0].iri], ["partOf*^", "works^", "variationOf*^"]),
                                              qa.index)}
            plan.exclude = sorted(h.iri for h in execute(plan, qa.index) if h.iri not in working)
        return listed(qa, t, plan, f"Exercises done with {qa.index.name(t.equipment[0].iri)}")
    if not t.exercises:
        return None
    plan = Plan("equipment", [t.exercises[0].iri], list(EXERCISE_PATHS["equipment"]))
    plan.exclude = qa.unavailable(t)
    return qa.respond(t, plan)


# ---- pros and cons ---------------------------------------------------------------------------
@strategy("pros_cons", subjects=("Exercise", "Equipment"))
def pros_cons(qa: QuestionAnswerer, t: Turn) -> Answer | None:
    eq = t.equipment[:1]
    if not eq and t.exercises:
        own = qa.own_equipment(t.exercises[0].iri)
        eq = [own] if own else []
    if not eq:
        return None
    cons, pros = bool(CON_CUE.search(t.q.normalized)), bool(PRO_CUE.search(t.q.normalized))
    wanted = ["hasPro"] * (pros or not cons) + ["hasCon"] * (cons or not pros)
    hits: list[Hit] = []
    parts = []
    for w in wanted:
        found = execute(Plan("pros_cons", [eq[0].iri], [w]), qa.index)
        hits += found
        if found:
            parts.append(("Pros" if w == "hasPro" else "Cons") + f" of {qa.index.name(eq[0].iri)}: "
                         + " ".join(qa.detail(h) for h in found))
    if not hits:
        return None
    # one path over what was asked: both properties for "pros and cons" (hasPro|hasCon), as the answer has both
    return qa.finish(t, Plan("pros_cons", [eq[0].iri], ["|".join(wanted)]), hits, " ".join(parts))


# ---- facts listed or told about an exercise --------------------------------------------------
@strategy("benefits", "variations", "technique", subjects=("Exercise", "Equipment"))
@strategy("mistakes", "progression", "regression", "population", "placement", "pairing", "programming", "breathing",
          "safety")
def exercise_facts(qa: QuestionAnswerer, t: Turn) -> Answer | None:
    relation = t.frame.relation
    if relation == "benefits" and t.equipment and qa.has_pros_cons(t.equipment[0].iri) and not t.exercises:
        return pros_cons(qa, t)
    if relation == "variations" and t.equipment and (not t.exercises or KINDS.search(t.q.normalized)):
        return equipment(qa, t)
    if relation in ("variations", "progression", "regression") and t.muscles and not t.exercises:
        return muscles(qa, t)  # "glute exercises other than kickbacks": exercises for the muscle
    if not t.exercises:
        return None
    ex = t.exercises[0]
    if relation in ("benefits", "population") and (who := SELF.search(qa.masked(t.q))):
        for word in who.group(1).split():
            plan = Plan("population", [ex.iri], list(EXERCISE_PATHS["population"]), qualifier=word[:5])
            if len(word) > 3 and execute(plan, qa.index):
                return qa.respond(t, plan)
    # a record's numbered steps answer "how do I do X?"; a wh question naming a muscle asks one detail of the
    # technique ("which knee position gets my hamstrings more involved?"), which the sentences answer
    whole = t.frame.form in ("howto", "phrase") or (t.frame.form == "wh" and not t.muscles)
    if relation == "technique" and whole and (steps := numbered(qa, t, ex.iri)):
        return steps
    path_name = {"pairing": "complements"}.get(relation, relation)
    plan = Plan(path_name, [ex.iri], list(EXERCISE_PATHS[path_name]))
    if relation == "breathing":
        plan.aspect = "breathing"
    if relation == "programming":
        plan.aspect = asked_aspect(t.q.normalized)  # "how long should I rest": rest guidance, or none
    if relation == "mistakes":
        plan.exclude = qa.excluded_mistakes(t)
        if re.search(r"\bmost (?:common|frequent|typical)\b|\bbiggest\b|\bnumber one\b|\b#1\b", t.q.normalized):
            plan.emphasis = "most common"
    if relation in ("progression", "regression", "variations"):
        plan.exclude_start = True
        plan.exclude = qa.unavailable(t) + [e.iri for e in t.exercises[1:] if e.iri in t.frame.constraints.exclude]
        plan.exclude += qa.excluded_by_words(t, execute(plan, qa.index))
    return qa.respond(t, plan)


def numbered(qa: QuestionAnswerer, t: Turn, exercise: str) -> Answer | None:
    """"How do I do X?" for an exercise a record gives numbered instructions (kgo:step): its steps in order."""
    plan = Plan("technique", [exercise], ["techniqueCue"])
    hits = [h for h in execute(plan, qa.index) if qa.index.step(h.iri)]
    if not hits:
        return None
    hits.sort(key=lambda h: (min(e.document for e in h.evidence) if h.evidence else "", qa.index.step(h.iri)))
    where = ", ".join(dict.fromkeys(source_name(qa.index, e.document) for h in hits for e in h.evidence[:1]))
    steps = " ".join(f"{qa.index.step(h.iri)}. {qa.detail(h)}" for h in hits)
    return qa.finish(t, plan, hits, f"How to do the {qa.index.name(exercise)} ({where}): {steps}")


@strategy("fix")
def fix(qa: QuestionAnswerer, t: Turn) -> Answer | None:
    mistakes = qa.mistakes_in(t.q)
    if not mistakes:
        return None
    plan = Plan("fix", mistakes[:1], ["correction"])
    if not execute(plan, qa.index):
        cues = qa.related_cues(mistakes[0])
        if not cues:
            return None
        hits = execute(Plan("fix", cues, []), qa.index)
        name = qa.index.name(mistakes[0]).lower()
        return qa.finish(t, Plan("fix", cues, []), hits,
                         f"The articles give no direct correction for {name}; the cues that address it: "
                         + " ".join(qa.detail(h) for h in hits))
    return qa.respond(t, plan)


@strategy("consequence")
def consequence(qa: QuestionAnswerer, t: Turn) -> Answer | None:
    mistakes = qa.mistakes_in(t.q)
    if mistakes:
        return qa.respond(t, Plan("mistake_why", mistakes[:1], []))
    # what happens otherwise: what the subject's mistakes and warnings say, when one matches
    return qa.warned(t)


# ---- what something is -------------------------------------------------------------------------
@strategy("definition", "joint_action", subjects=("Exercise", "Muscle"))
def definition(qa: QuestionAnswerer, t: Turn) -> Answer | None:
    actions = [e for e in t.q.of_type("JointAction") if t.frame.parts.get(e.iri) != "excluded"]
    if t.frame.form == "yesno" and t.exercises and actions:  # "does a donkey kick involve extending the elbow?"
        ex, action = t.exercises[0], actions[0]
        plan = Plan("joint_action", [ex.iri], ["variationOf*", "jointAction"])
        hits = execute(plan, qa.index)
        if any(h.iri == action.iri for h in hits):
            return qa.finish(t, Plan("joint_action", [ex.iri], ["variationOf*", "jointAction"], target=action.iri),
                             [h for h in hits if h.iri == action.iri],
                             f"Yes. The {ex.label} is {action.label}.", boolean=True)
        if hits:
            names = ", ".join(qa.index.name(h.iri) for h in hits)
            asked = Plan("joint_action", [ex.iri], ["variationOf*", "jointAction"], target=action.iri)
            return qa.finish(t, asked, hits, f"No. The {ex.label} is {names}, not {action.label}.", boolean=False,
                             list_items=False)
    if t.muscles and t.exercises and t.frame.form != "yesno":  # "what job does the glute medius do in X?"
        return qa.muscle_yesno(t, t.exercises[0].iri, t.muscles[0].iri, as_question=False)
    if t.muscles and not t.exercises:
        return qa.respond(t, Plan("function", [t.muscles[0].iri], ["jointAction"]))
    if not t.exercises:
        return None
    if t.frame.relation == "definition" and (asked := qa.not_defined(t)):
        return qa.abstain(t, f'The articles say nothing about the "{asked}" of the {t.exercises[0].label}.')
    return qa.respond(t, Plan("definition", [t.exercises[0].iri], list(EXERCISE_PATHS["definition"])))


# ---- comparisons -------------------------------------------------------------------------------
@strategy("comparison", subjects=("Exercise", "Muscle", "Equipment"))
def comparison(qa: QuestionAnswerer, t: Turn) -> Answer | None:
    if len(t.exercises) >= 2 and (ordered := compare_difficulty(qa, t, t.exercises[:2])):
        return ordered  # which is harder: a progression or easier version the sources give, or the levels
    if t.frame.form == "yesno" and BETTER.search(t.q.normalized):
        things = next((pair for pair in (t.exercises[:2], t.equipment[:2], t.exercises[:1] + t.equipment[:1])
                       if len(pair) == 2), [])
        if things:
            return qa.better(t, things)
    if len(t.equipment) >= 2 and len(t.exercises) < 2:
        return qa.compare_equipment(t, t.equipment[:2])
    if len(t.muscles) >= 2 and t.exercises:
        return qa.compare_muscles(t)
    exercises = t.exercises
    if len(exercises) == 2 and exercises[0].iri == exercises[1].iri:
        t.notes.append(f'"{exercises[0].surface}" and "{exercises[1].surface}" are names of the same exercise, '
                       f"the {exercises[0].label}.")
        answer = qa.respond(t, Plan("definition", [exercises[0].iri], list(EXERCISE_PATHS["definition"])))
        if t.frame.form == "yesno" and SAME.search(t.q.normalized):
            answer.boolean = True
        return answer
    if len(exercises) >= 2:
        own = [qa.own_equipment(e.iri) for e in exercises[:2]]
        by_equipment = all(own) and own[0].iri != own[1].iri  # type: ignore[union-attr]
        asked = [w for w in qa.lemmas(masked_for_relations(t.q)) if w in qa.retriever.idf]
        if by_equipment and (not asked or PRO_CUE.search(t.q.normalized) or CON_CUE.search(t.q.normalized)):
            return qa.compare_equipment(t, own)  # type: ignore[arg-type]
        roots = {qa.root(e.iri) for e in exercises[:2]}
        if len(roots) == 2:
            answer = qa.respond(t, Plan("difference", [e.iri for e in exercises[:2]], EXERCISE_PATHS["difference"]))
            if t.frame.form == "yesno" and SAME.search(t.q.normalized):  # "is X the same as Y?": two exercises
                answer.boolean = False
                answer.text = "No. " + answer.text
            return answer
        side = qa.compare_side_by_side(t, [e.iri for e in exercises[:2]])
        if not side.answered and by_equipment:
            return qa.compare_equipment(t, own)  # type: ignore[arg-type]
        return side
    if len(exercises) < 2 and (unknown := qa.unknown_words(t) or qa.unmentioned_alternative(t)):
        # "a donkey kick and a fire hydrant": the other side is something the graph never mentions
        return qa.abstain(t, f'The articles say nothing about "{unknown[0]}".', final=True)
    if len(exercises) == 1 and exercises[0].ambiguous:  # "kickbacks vs ...?" with nothing else named
        others = qa.parser.namesakes(exercises[0].iri)
        if others and not t.frame.parsed.unknown_exercise and qa.alternatives_in(t) == []:
            return qa.respond(t, Plan("difference", [exercises[0].iri, others[0]], EXERCISE_PATHS["difference"]))
    return qa.compare_alternatives(t)


# ---- an exercise's attributes, as records state them (attributes.py) --------------------------------
@strategy(*ATTRIBUTE_KINDS, subjects=("Exercise", "Muscle", "Equipment"))
def attribute(qa: QuestionAnswerer, t: Turn) -> Answer | None:
    if not t.exercises:  # "isolation exercises for biceps": exercises for the muscle, narrowed by the value
        return muscles(qa, t) if t.muscles else equipment(qa, t) if t.equipment else None
    return answer_attribute(qa, t, t.frame.relation)


@strategy("out_of_scope", subjects=("Exercise", "Muscle", "Equipment", "JointAction"))
def out_of_scope(qa: QuestionAnswerer, t: Turn) -> Answer | None:
    return qa.abstain(t, "None of the articles says anything about that.")


# the setup strategy lives in a module of its own (setup_steps.py); registered here, with the others
strategy("setup", subjects=("Exercise", "Equipment"))(setup)


__all__ = ["REGISTRY", "RANKED", "OWN_FIRST", "NOUN", "ROLE_WORD", "Turn", "best_lead", "strategy", "_verb"]
