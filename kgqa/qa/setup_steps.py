"""Setup questions: how to get into position before the first repetition, as the articles list it.

"How do I set up the cable kickback?", "where should the pulley be?", "where does the pad go on a reverse
hyper?": the exercise's `kgo:setupStep` nodes, in each article's order (`kgo:step`), each step's full text
told and its sentence quoted. A variation without steps of its own is set up as the nearest exercise it
varies is, marked as inherited (inherit.py); an exercise whose variations alone have steps is answered with
theirs (those the asker can do with what they have), each variation named. The steps are told whole even
when the question asks about one part of them (the pulley, the pad): how well a step's words match such a
question was measured, and does not single out the step asked about.

With no steps anywhere in its family, only the exercise's own sentences of the kinds that can say how to get
into position (SETUP_KINDS) may answer; when none matches, the graph does not know, and no other sentence
stands in for it (a "3 sets of 15" guideline matches "set up" by its words, not by what it says).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .answer import Answer
from .index import GraphIndex
from .plan import EXERCISE_PATHS, Plan
from .retrieve import best_lead
from .traverse import Hit, execute
from .understand import Link

if TYPE_CHECKING:
    from .answerer import QuestionAnswerer
    from .strategies import Turn

# the kinds of fact (retrieve.FACT_KINDS) whose sentences can say how to get into position when no steps do:
# a technique cue ("start on your hands and knees"), how a piece of kit is worn; and an exercise's description
SETUP_KINDS = frozenset({"setup", "technique", "equipment"})
# the steps told in one answer, whole lists at a time: as many as an answer quotes (compose.Composer._finish)
TOLD_STEPS = 12
Group = tuple[str, str, list[Hit]]  # one article's list of steps: (the exercise it sets up, the article's title, steps)


def steps_for(index: GraphIndex, exercise: str, unavailable: Iterable[str] = ()) -> tuple[Plan, list[Hit]]:
    """The plan and the setup steps that answer for `exercise`: its own; else the nearest exercise's it varies
    (the plan walks the lineage and leaves out farther ancestors' steps); else its variations' (not those of the
    `unavailable` ones, done with equipment the asker lacks)."""
    lineage = Plan("setup", [exercise], list(EXERCISE_PATHS["setup"]))
    hits = execute(lineage, index)
    if hits:
        nearest = next(a for a in index.lineage(exercise) if any(a in h.via for h in hits))
        if nearest == exercise:  # its own steps: nothing to inherit, no lineage to walk
            own = Plan("setup", [exercise], lineage.path[1:])
            return own, in_order(index, execute(own, index))
        lineage.exclude = sorted(h.iri for h in hits if nearest not in h.via)
        return lineage, in_order(index, [h for h in hits if nearest in h.via])
    family = Plan("setup", [exercise], ["variationOf*^", *lineage.path[1:]])
    hits = execute(family, index)
    family.exclude = sorted(h.iri for h in hits if set(h.via) <= set(unavailable))
    return family, in_order(index, [h for h in hits if h.iri not in family.exclude])


def in_order(index: GraphIndex, hits: list[Hit]) -> list[Hit]:
    """Steps by the exercise they are stated of, then by article, then in the article's order."""
    def key(h: Hit) -> tuple[str, str, int, int]:
        first = min(((e.document, e.start) for e in h.evidence), default=("", 0))
        return (h.via[0] if h.via else "", first[0], index.step(h.iri), first[1])
    return sorted(hits, key=key)


def lists(hits: list[Hit]) -> list[Group]:
    """The steps as the lists the articles give: (exercise, article title, steps), in order."""
    found: dict[tuple[str, str, str], list[Hit]] = {}  # by article, not title: two articles may share one
    for h in hits:
        e = h.evidence[0] if h.evidence else None
        found.setdefault((h.via[0] if h.via else "", e.document if e else "", e.title if e else ""), []).append(h)
    return [(owner, title, steps) for (owner, _, title), steps in found.items()]


def detail(index: GraphIndex, h: Hit) -> str:
    """The step's full text (kgo:description), else its label."""
    text = min(index.attrs[h.iri].get("description", ()), default="") or index.name(h.iri)
    return text if text.endswith((".", "!", "?")) else text + "."


def told(index: GraphIndex, groups: list[Group]) -> str:
    """'1. <step> 2. <step>'; the lists of several articles each under its title."""
    def listed(steps: list[Hit]) -> str:
        return " ".join(f"{index.step(h.iri) or i}. {detail(index, h)}" for i, h in enumerate(steps, 1))

    if len(groups) == 1:
        return listed(groups[0][2])
    return " ".join(f'In "{title}": {listed(steps)}' for _, title, steps in groups)


def setup(qa: QuestionAnswerer, t: Turn) -> Answer | None:
    """The "setup" strategy (registered in strategies.py): the steps, else sentences that say, else "I don't know"."""
    if not t.exercises and not _named_for_equipment(qa, t):
        return None  # "what height should the cable be?": the sentences that match say, for whichever exercise
    ex = t.exercises[0].iri
    name = qa.index.name(ex)
    plan, hits = steps_for(qa.index, ex, qa.unavailable(t))
    if not hits:
        return _from_sentences(qa, t) or qa.abstain(t, f"The graph has no setup steps for the {name}.", final=True)
    groups = lists(hits)
    kept, untold = _told_lists(groups)
    hits = [h for _, _, steps in kept for h in steps]
    plan.exclude += [h.iri for _, _, steps in untold for h in steps]  # the plan's query returns what is told
    owners = list(dict.fromkeys(owner for owner, _, _ in kept))
    if plan.path[:1] == ["variationOf*^"]:  # only its variations are set up in the articles: each named
        text = f"The articles give no setup for the {name} itself; they do for its variations. " + " ".join(
            f"{qa.index.name(v).capitalize()}: {told(qa.index, [g for g in kept if g[0] == v])}" for v in owners)
    else:
        lin = qa.lineage_of(plan)
        ancestor = owners[0] if owners[0] != ex else None
        text = lin.tell([(ancestor, f"To set up the {name}", told(qa.index, kept))]) if lin and ancestor \
            else f"To set up the {name}: {told(qa.index, kept)}"
    if untold:
        text += " More setups in the articles: " + "; ".join(
            f'the {qa.index.name(owner)} in "{title}"' for owner, title, _ in untold) + "."
    return qa._also(t, qa.finish(t, plan, hits, text))


def _told_lists(groups: list[Group]) -> tuple[list[Group], list[Group]]:
    """The lists told (whole, up to TOLD_STEPS steps: each exercise's first list before any second one) and
    those left to name; both in their order."""
    order = sorted(range(len(groups)), key=lambda i: (sum(g[0] == groups[i][0] for g in groups[:i]), i))
    kept: set[int] = set()
    for i in order:
        if not kept or sum(len(groups[k][2]) for k in kept) + len(groups[i][2]) <= TOLD_STEPS:
            kept.add(i)
    return [g for i, g in enumerate(groups) if i in kept], [g for i, g in enumerate(groups) if i not in kept]


def _from_sentences(qa: QuestionAnswerer, t: Turn) -> Answer | None:
    """No setup steps: the subject's sentences that say how to get into position and match the question."""
    passages = qa.retriever.passages
    pool = {i for i in qa.retriever.subjects_for([e.iri for e in t.exercises[:2]])
            if all(qa.retriever.kind(n) in SETUP_KINDS or passages[i].ev in qa.index.definition_ev.get(n, ())
                   for n in passages[i].nodes)}
    lead = best_lead(qa.retriever.rank(qa._question_words(t), pool)) if pool else []
    return qa._answer_from(t, lead, None) if lead else None


def _named_for_equipment(qa: QuestionAnswerer, t: Turn) -> bool:
    """"Where does the pad go on the kickback machine?": no exercise named, but of the exercises done with that
    equipment (or named for it) one alone has setup steps: the question is about it, and the answer says so.
    With several ("what height should the cable be?" in a corpus of cable exercises) the sentences decide."""
    for eq in t.equipment:
        kinds = qa.index.narrower(eq.iri)
        named = sorted({x for k in kinds for p in ("usesEquipment", "variantEquipment")
                        for x, _ in qa.index.into(k, p)})
        stepped = [x for x in named if qa.index.out(x, "setupStep")]
        if len(stepped) == 1:
            name = qa.index.name(stepped[0])
            t.notes.append(f"No exercise named; answering for the {name}, the exercise done with the {eq.label}.")
            t.exercises = [Link(stepped[0], name, "Exercise", name, -1)]
            return True
    return False
