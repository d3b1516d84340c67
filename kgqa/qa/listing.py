"""Answers that list exercises ("which exercises work the hamstrings?", "what can I do with a kettlebell?"):
with a dataset in the graph they match dozens or hundreds, so the list is narrowed, ranked and cut.

- Narrowed by what the question asks for, read as data: the attribute values it names (a level, mechanic,
  force or category, by the vocabulary's names: kgqa.qa.attributes), the equipment it names to use ("with
  dumbbells", "cable"), and "no equipment" (an exercise with a record then needs to record none). A filter
  that leaves nothing is dropped, and the answer says so.
- An exercise an article calls by another value of a filtered attribute ("an isolation exercise") is left
  out, whatever its record says: an article that states an attribute decides (kgqa.qa.attributes).
- Ranked: primary movers before secondary muscles (the role most of an exercise's sources give it; a
  variation reached through what it varies ranks as that), then by the number of sources (documents) stating
  the fact, then those the articles discuss (a fact of the exercise or of what it varies, either way), then by
  category (training before stretches: data, list_order.txt), then the fewer muscles the
  exercise works (primary movers, then all: the more it is an exercise for that muscle), then by name.
- A question that names a kind of source ("in these articles") keeps the list to what that kind states
  (kgqa.qa.sources.asked_kind). Exercises of the family a question asks about ("which kickback...") come first.
- Cut to the first CAP, the total said with how to narrow it. The SPARQL is the plan's: it selects every match,
  so it covers what is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .answer import Answer
from .attributes import KINDS, attributes_of
from .families import asked_family
from .linking import data_lines
from .plan import Plan
from .sources import asked_kind, datasets, stated_by_kind
from .traverse import Hit, execute, holds

if TYPE_CHECKING:
    from .answerer import QuestionAnswerer
    from .strategies import Turn

CAP = 12
# categories in the order a list gives them (data: list_order.txt): training first, stretches last
CATEGORY_ORDER = {name: rank for rank, name in enumerate(data_lines("list_order.txt"))}
ROLE_RANK = {"primary": 0, "synergist": 1, "secondary": 1, "stabilizer": 2}
EQUIPMENT = "usesEquipment|variantEquipment"


def narrow(qa: QuestionAnswerer, t: Turn, plan: Plan) -> None:
    """Add to `plan` the filters the question asks for: attribute values named, equipment named to be used."""
    by_kind: dict[str, list[str]] = {}
    for m in attributes_of(qa.index).find(t.q):
        by_kind.setdefault(m.kind, []).append(m.iri)
    for kind, values in by_kind.items():
        plan.filters.append((kind, tuple(dict.fromkeys(values))))
    c = t.frame.constraints
    wanted = [e.iri for e in t.equipment if e.iri not in c.lack + c.exclude and e.iri not in plan.start]
    if wanted:
        plan.filters.append((EQUIPMENT, tuple(qa.index.narrower(wanted[0]))))


def rank(qa: QuestionAnswerer, t: Turn, plan: Plan, hits: list[Hit]) -> list[Hit]:
    """Primary movers first, then by sources, then by name; the asked-about family's exercises before all.
    A hit reached through what it varies takes the roles the nearest exercise of its lineage has (set on it)."""
    muscles = {p for s in plan.start for p in qa.index.parts(s)} if "works^" in plan.path else set()
    for h in hits:
        if muscles and not h.roles:
            for node in qa.index.lineage(h.iri):
                for m, data in qa.index.out(node, "works"):
                    if m in muscles:
                        h.roles[data["role"]] = h.roles.get(data["role"], frozenset()) | data["documents"]
                if h.roles:
                    break
    family = asked_family(qa, t)

    def key(h: Hit) -> tuple:
        role = 3
        if h.roles:  # the role most of its sources give it (the better one on a tie)
            best = max(sorted(h.roles, key=lambda r: ROLE_RANK.get(r, 3)), key=lambda r: len(h.roles[r]))
            role = ROLE_RANK.get(best, 3)
        return (h.iri not in family, role, -len(h.documents), *_standing(qa, h.iri))

    return sorted(hits, key=key)


def _standing(qa: QuestionAnswerer, iri: str) -> tuple:
    """What ranks an exercise among equals whatever the question: not discussed by the articles, category,
    spread, name. Remembered per exercise (the graph's, so the same for every question)."""
    memo = qa.__dict__.setdefault("_list_standing", {})
    found = memo.get(iri)
    if found is None:
        found = memo[iri] = (not _discussed(qa, iri), _category_rank(qa, iri), *_spread(qa, iri),
                             qa.index.name(iri).lower())
    return found


def _discussed(qa: QuestionAnswerer, iri: str) -> bool:
    """Whether an article states a fact of the exercise or of what it varies, in either direction ("pair
    kickbacks with hip thrusts": the Barbell Hip Thrust record varies the hip thrust the articles name)."""
    discussed = qa.articles_discuss
    return any(node in discussed for node in qa.index.lineage(iri))


def _category_rank(qa: QuestionAnswerer, iri: str) -> int:
    """Where the exercise's category stands in CATEGORY_ORDER (none stated: with the first)."""
    said = [qa.index.name(c).lower() for c, _ in qa.index.out(iri, "category")]
    return min((CATEGORY_ORDER.get(c, len(CATEGORY_ORDER)) for c in said), default=0)


def _spread(qa: QuestionAnswerer, iri: str) -> tuple[int, int]:
    """How many muscles the exercise (or the nearest of its lineage stating any) works as a primary mover, and in
    all: the fewer, the more it is an exercise for the muscle asked about ("Lying Leg Curls" before "Hang Clean")."""
    for node in qa.index.lineage(iri):
        worked = {m: data["role"] for m, data in qa.index.out(node, "works")}
        if worked:
            return sum(role == "primary" for role in worked.values()), len(worked)
    return 0, 0


def _recorded_with_equipment(qa: QuestionAnswerer, iri: str) -> bool:
    """An exercise whose record states its attributes and some equipment (not one for "no equipment")."""
    return any(qa.index.out(iri, k) for k in KINDS) and bool(qa.index.out(iri, "usesEquipment"))


def _articles_contradict(qa: QuestionAnswerer, iri: str, filters: list[tuple[str, tuple[str, ...]]]) -> bool:
    """An article calls the exercise by another value of a filtered kind ("an isolation exercise", where the
    record says compound): the article decides (kgqa.qa.attributes), so it is not listed as the record has it."""
    attrs = attributes_of(qa.index)
    for path, allowed in filters:
        kind = path.rsplit("/", 1)[-1]
        if kind in KINDS:
            said = {v for v, _ in attrs.articles_say(iri, kind)}
            if said and not said & set(allowed):
                return True
    return False


def listed(qa: QuestionAnswerer, t: Turn, plan: Plan, heading: str, reached: list[Hit] | None = None) -> Answer:
    """The exercises `plan` reaches (`reached`: already executed, unfiltered), narrowed, ranked and cut to CAP;
    `heading` opens the text."""
    narrow(qa, t, plan)
    if reached is not None:
        hits = [h for h in reached if all(holds(qa.index, h.iri, p, a) for p, a in plan.filters)]
    else:
        hits = execute(plan, qa.index)
    hits = [h for h in hits if not _articles_contradict(qa, h.iri, plan.filters)]
    if not hits and plan.filters:
        asked = ", ".join(qa.index.name(v) for _, values in plan.filters for v in values[:1])
        t.notes.append(f"No exercise listed matches all of that ({asked}); here are those without that filter.")
        plan.filters = []
        hits = execute(plan, qa.index)
    c = t.frame.constraints
    if (c.no_equipment or c.at_home or c.lack) and datasets(qa.index):
        # a record's exercise needing what the asker lacks (any equipment; gym-only kit at home) is left out
        lacking = set(qa.unavailable(t)) if c.at_home or c.lack else set()
        needing = {h.iri for h in hits if _recorded_with_equipment(qa, h.iri) and (
            c.no_equipment or {e for e, _ in qa.index.out(h.iri, "usesEquipment")} <= lacking)}
        if needing and len(needing) < len(hits):
            plan.exclude = sorted({*plan.exclude, *needing})
            hits = [h for h in hits if h.iri not in needing]
    kind = asked_kind(t.q.text) if datasets(qa.index) else None
    if kind and (kept := [h for h in hits if stated_by_kind(qa.index, h.iri, kind)]) and len(kept) < len(hits):
        hits = kept  # "any exercises in these articles for ...": what that kind of source states
        t.notes.append(f"Kept to what the {'articles' if kind == 'article' else 'dataset records'} state, as asked.")
    family = asked_family(qa, t)
    if family and (kept := [h for h in hits if h.iri in family]):  # "which kickback ...": only kickbacks
        hits = kept
    if not hits:
        return qa.abstain(t, f"The graph has no exercises for the {', '.join(map(qa.index.name, plan.start))}.")
    ranked = rank(qa, t, plan, hits)
    shown = ranked[:CAP]
    kinds = [qa.index.name(v) for path, values in plan.filters if path != EQUIPMENT for v in values]
    gear = [qa.index.name(v) for path, values in plan.filters if path == EQUIPMENT for v in values[:1]]
    said = heading[0].lower() + heading[1:]
    opening = f"{' '.join(kinds).capitalize()} {said}" if kinds else heading
    opening += f", with {' or '.join(gear)}" if gear else ""
    text = f"{opening}: {', '.join(qa.index.name(h.iri) for h in shown)}."
    if len(ranked) > CAP:
        by_role = "primary movers first, then " if any(h.roles for h in shown) else ""
        text += (f" These are {CAP} of {len(ranked)} exercises ({by_role}by the number of sources); "
                 "ask for a level, equipment or mechanic to narrow it.")
    return qa.finish(t, plan, shown, text)


__all__ = ["CAP", "listed", "narrow", "rank"]
