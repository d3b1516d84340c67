"""Traversal results -> Answer: the chat text, the items with roles and source counts, the quotes.

`Composer` is the answer-writing half of `QuestionAnswerer` (kgqa/qa.py decides what to traverse;
this module says what was found), kept apart so each stays small.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .answer import Answer, Item, Quote
from .guidelines import ASPECT_NOUN
from .index import GraphIndex
from .inherit import Lineage, walks_lineage
from .plan import Plan, to_sparql
from .sources import agreement as sources_agreeing
from .sources import said_by, source_name
from .traverse import Hit
from .understand import ParsedQuestion

if TYPE_CHECKING:
    from .retrieve import PassageRetriever

SUGGESTIONS = [
    "What muscles do cable kickbacks work?",
    "How do I stop arching my back during kickbacks?",
    "Which exercises work the gluteus medius?",
]
NOUN = {
    "muscles": "muscles", "benefits": "benefits", "mistakes": "common mistakes", "equipment": "equipment",
    "progression": "ways to progress", "regression": "easier versions", "variations": "variations",
    "population": "people it suits", "placement": "places in a workout", "complements": "exercises to pair it with",
    "programming": "programming guidance", "breathing": "breathing guidance", "safety": "safety notes",
    "technique": "technique cues", "definition": "description", "difference": "joint actions",
    "equipment_kinds": "kinds", "exercises_for_muscle": "exercises", "exercises_for_equipment": "exercises",
}
ROLE_WORD = {"primary": "primary mover", "synergist": "synergist", "stabilizer": "stabilizer",
             "secondary": "secondary muscle"}
_ROLE_RANK = {role: rank for rank, role in enumerate(ROLE_WORD)}  # roles sort in ROLE_WORD's order
# relations whose facts are told in full, sentence by sentence: the first TOLD of them
TOLD_IN_FULL, TOLD = ("programming", "breathing", "safety", "technique", "pros_cons", "placement"), 8


class Composer:
    """Writes answers from hits; needs `self.index` (and `self.retriever`, for what facts are stated of)."""

    index: GraphIndex
    retriever: PassageRetriever

    def owners(self, node: str) -> set[str]:
        """The exercises the articles state a fact of (through a mistake, for its corrections)."""
        return {s for i in self.retriever.of_node.get(node, ()) for s in self.retriever.passages[i].subjects}

    def lineage_of(self, plan: Plan, subjects: Iterable[str] | None = None) -> Lineage | None:
        """What the answer's exercises vary (None when nothing): a lineage walk's start, else `subjects`."""
        found = Lineage(self.index, plan.start if walks_lineage(plan) else subjects or ())
        return found if found else None

    def _told(self, plan: Plan, hits: list[Hit], start: str) -> tuple[list[Hit], str]:
        """The hits, own first, and the text: each ancestor's facts under a note naming it (inherit.py)."""
        lin = self.lineage_of(plan) if plan.intent != "difference" else None  # each side says its own lineage
        groups = lin.grouped(hits, plan, self.owners) if lin else []
        if lin is None or not any(a for a, _ in groups):
            return hits, self._text(plan, hits, start)
        ordered = [h for _, group in groups for h in group]
        told = {h.iri for h in ordered[:TOLD]} if plan.intent in TOLD_IN_FULL else None  # as many as before
        parts = []
        for ancestor, group in groups:
            group = [h for h in group if told is None or h.iri in told]
            if group:
                lead, sep, body = self._text(plan, group, start).partition(": ")
                parts.append((ancestor, lead, body) if sep else (ancestor, "", lead))
        return ordered, lin.tell(parts)

    def _text(self, plan: Plan, hits: list[Hit], start: str) -> str:
        names = [self._item_label(h) for h in hits]
        intent = plan.intent
        if intent == "muscles":
            # Each muscle under the role most articles give it; disagreements are reported after.
            groups: dict[str, list[str]] = {r: [] for r in ROLE_WORD}
            for h in hits:
                role = max(sorted(h.roles, key=_ROLE_RANK.__getitem__), key=lambda r: len(h.roles[r]))
                groups[role].append(self.index.name(h.iri))
            parts = [f"{ROLE_WORD[r]}{'s' if len(v) > 1 else ''}: {', '.join(v)}" for r, v in groups.items() if v]
            return f"The {start} works: {'; '.join(parts)}."
        if intent == "exercises_for_muscle":
            return f"Exercises that work the {start}: {', '.join(names)}."
        if intent == "population" and plan.qualifier:
            return f"The {start} suits: " + " ".join(f"{self._item_label(h)}: {self._detail(h)}" for h in hits)
        if intent == "exercises_for_equipment":
            return f"Exercises done with {start}: {', '.join(names)}."
        if intent == "function":
            return f"The {start} is responsible for {', '.join(names)}."
        if intent == "muscle_roles":
            roles = [f"{self.index.name(h.iri)} ({', '.join(ROLE_WORD[r] for r in sorted(h.roles))})" for h in hits]
            return f"The {start} works in: {'; '.join(roles)}."
        if intent == "variations" and plan.path[:1] == ["variationOf"]:
            return f"Alternatives to the {start} (other variations of the same exercise): {', '.join(names)}."
        if intent == "mistake_why":
            return f"Why {start.lower()} is a mistake: " + " ".join(self._detail(h) for h in hits)
        if intent == "fix":
            return f"To fix {start.lower()}: " + " ".join(self._detail(h) for h in hits)
        if intent in TOLD_IN_FULL:
            body = " ".join(f"{self._detail(h)}" for h in hits[:TOLD])
            noun = ASPECT_NOUN.get(plan.aspect or "") or NOUN.get(intent, "Notes")  # "Rest guidance: ..."
            return f"{noun.capitalize() if intent != 'pros_cons' else start.capitalize()}: {body}"
        if intent == "mistakes" and plan.emphasis:
            return (f"The most common mistake in the {start} is {names[0].lower()}: "
                    f"{self._detail(hits[0])}")
        if intent == "difference":
            return self._difference(plan, hits)
        if intent == "complements":  # "superset" where the article says to do them back to back
            said = [f"{n} (as a superset)" if any(self.index.pairing(v, h.iri) == "superset" for v in h.via) else n
                    for n, h in zip(names, hits, strict=True)]
            return f"Exercises to pair with the {start}: {', '.join(said)}."
        return f"{NOUN.get(intent, intent).capitalize()} of the {start}: {', '.join(names)}."

    def _difference(self, plan: Plan, hits: list[Hit]) -> str:
        parts = []
        for s in plan.start:
            lineage = self.index.lineage(s)
            actions = [self.index.name(h.iri) for h in hits if any(v in lineage for v in h.via)]
            # the primary movers the nearest exercise of its lineage names, widest first as before
            mus = next((found for node in reversed(self.index.lineage(s)) if (found := list(dict.fromkeys(
                self.index.name(m) for m, d in self.index.out(node, "works") if d["role"] == "primary"))[:4])), [])
            parts.append(f"the {self.index.name(s)} is {' and '.join(actions) or 'a different movement'}"
                         + (f" ({', '.join(mus)})" if mus else ""))
        return "The difference: " + "; ".join(parts) + "."

    def _definition(self, q: ParsedQuestion, plan: Plan, hits: list[Hit], notes: list[str], alts: list[dict]) -> Answer:
        ex = plan.start[0]
        lineage = self.index.lineage(ex)
        first = next(((e, d, node) for node in lineage for d in sorted(self.index.attrs[node].get("definition", ()))
                      for e in self.index.definition_ev.get(node, []) if e.quote == d), None)  # the first only
        defs = [first] if first else []
        name = self.index.name(ex)
        surface = next((e.surface for e in q.entities if e.iri == ex), name)
        text = ""
        if surface.lower().rstrip("s") != name.lower():
            text = f'"{surface}" is another name for the {name}. '
        lin = self.lineage_of(plan)
        inherited = lin.ancestor([defs[0][2]]) if defs and lin else None
        if defs:  # a variation the articles do not define: what it varies, said so
            text += (f"{lin.phrase(inherited, capital=True)}: " if lin and inherited else "") + defs[0][1] + " "
        if hits:
            text += f"Joint action: {', '.join(self.index.name(h.iri) for h in hits)}."
        if not defs and not hits:
            return self._abstain(q, f"The graph has no description of the {name}.")
        answer = self._finish(q, plan, hits, text.strip(), notes, alts)
        if defs:
            answer.evidence.insert(0, self._quote(defs[0][0], name, lin.reference(inherited) if lin else None))
        answer.answered = True
        return answer

    def _sorted_documents(self, documents: frozenset[str]) -> list[str]:
        """`sorted(documents)`, remembered: a hit's documents are often the very set of the edge that reached it,
        shared by every question about that fact (a frozenset's hash is kept, so a lookup costs nothing)."""
        memo = self.__dict__.setdefault("_documents_sorted", {})
        found = memo.get(documents)
        if found is None:
            if len(memo) >= 1024:
                memo.clear()
            found = memo[documents] = sorted(documents)
        return list(found)

    def _item_label(self, h: Hit) -> str:
        return self.index.name(h.iri)

    def _detail(self, h: Hit) -> str:
        desc = self.index.attrs[h.iri].get("description")
        text = min(desc) if desc else self.index.name(h.iri)  # the first in sorted order
        return text if text.endswith((".", "!", "?")) else text + "."

    def _quote(self, e, supports: str, inherited: dict[str, str] | None = None) -> Quote:  # type: ignore[no-untyped-def]
        return Quote(document=e.document, quote=e.quote, title=source_name(self.index, e.document, e.title),
                     section=e.section,
                     start=e.start, end=e.end, supports=supports, inherited_from=inherited)

    def _finish(self, q: ParsedQuestion, plan: Plan, hits: list[Hit], text: str, notes: list[str],
                alts: list[dict], boolean: bool | None = None, list_items: bool = True,
                subjects: Iterable[str] | None = None) -> Answer:
        """The answer from `hits`; items and quotes stated of an exercise that `subjects` (or the plan's
        lineage walk) vary are marked as inherited, and the text names each such exercise."""
        items, evidence, seen = [], [], set()
        disagreements = []
        lin = self.lineage_of(plan, subjects)
        heirs = {h.iri: lin.of_hit(h, plan, self.owners) for h in hits} if lin else {}
        inherited: dict[str, list[str]] = {}
        for h in hits:
            if ancestor := heirs.get(h.iri):
                inherited.setdefault(ancestor, []).append(self._item_label(h))
        for h in hits if list_items else []:
            roles = sorted(h.roles, key=_ROLE_RANK.__getitem__)
            items.append(Item(label=self._item_label(h), iri=h.iri, role=", ".join(roles) or None,
                              sources=len(h.documents), kind=min(self.index.types[h.iri], default=None),
                              detail=None if plan.intent == "muscles" else self._detail(h),
                              documents=self._sorted_documents(h.documents),
                              inherited_from=lin.reference(heirs[h.iri]) if lin else None))
            if len(roles) > 1:
                disagreements.append(
                    f"{self.index.name(h.iri)} (" + ", ".join(
                        f"{ROLE_WORD[r]} in {len(h.roles[r])}" for r in roles) + ")")
        for h in hits:
            for e in h.evidence[:2]:
                if (e.document, e.start) not in seen and len(evidence) < 12:
                    seen.add((e.document, e.start))
                    stated = lin.reference(lin.of_quote(h, e, heirs[h.iri])) if lin else None
                    evidence.append(self._quote(e, self.index.name(h.iri), stated))
        if not evidence:
            return self._abstain(q, "The graph has facts here but no sentence to cite for them.")
        docs = frozenset().union(*(h.documents for h in hits))
        agreement = sources_agreeing(self.index, docs)
        if lin and inherited:
            text = lin.note(text, inherited)
        full = " ".join([*notes, text])
        if disagreements:
            full += f" {said_by(self.index, docs).capitalize()} differ on roles: " + "; ".join(disagreements) + "."
        answer = Answer(question=q.text, answered=True, intent=plan.intent, text=full, boolean=boolean,
                        answers=items, evidence=evidence, path=plan.describe(), alternatives=alts,
                        agreement=agreement, disagreements=disagreements)
        return with_plans(answer, [plan])

    def _abstain(self, q: ParsedQuestion, reason: str) -> Answer:
        text = f"I don't know. {reason} I can answer questions like: " + " ".join(SUGGESTIONS)
        return Answer(question=q.text, answered=False, intent=q.intent if q.intent != "unknown" else "unknown",
                      text=text, suggestions=list(SUGGESTIONS))



def with_plans(answer: Answer, plans: list[Plan]) -> Answer:
    """`answer` with the plans behind it, and its SPARQL: all of them as one query (a yes/no answer's single
    plan as ASK). A plan without a start (an answer from sentences, not from facts) has no query."""
    plans = [p for p in plans if p.start]
    answer._plans = plans  # type: ignore[attr-defined]  # not part of the contract: how parts are merged
    answer.sparql = to_sparql(*plans, ask=answer.boolean is not None) if plans else None
    return answer


def plans_of(answer: Answer) -> list[Plan]:
    return list(getattr(answer, "_plans", []))
