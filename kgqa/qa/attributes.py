"""An exercise's attributes: its mechanic (compound, isolation), force (push, pull, static), level (beginner,
intermediate, expert) and category (strength, stretching, plyometrics...), as records state them.

The values are the vocabulary's SKOS concepts (kgo:ExerciseAttribute), and a question names them by the names
the graph gives them (skos:prefLabel and altLabel: "single-joint", "pushing", "novice", "plyo"): the names are
data, read from the graph, never a regex per word. A value's kind is the property the graph states it with
(kgo:mechanic, kgo:force, kgo:level, kgo:category), so a graph without records has no attributes at all and
nothing here changes its answers.

The rule that decides a yes/no question ("is the deadlift a compound exercise?"): an article whose definition
states the attribute ("a foundational isolation exercise") decides; when the record's field states another
value of the same kind, the answer says both, cites each, and lists the disagreement. The record decides only
when no article says. A value counts as asked about the exercise only when the question names it as a kind of
exercise ("a compound lift", "for beginners", "is it isometric?"), not where a word merely spells it ("a chair
to hold").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from .answer import Answer
from .index import Ev, GraphIndex
from .linking import data_lines
from .plan import Plan
from .sources import source_name
from .traverse import execute
from .understand import ParsedQuestion

if TYPE_CHECKING:
    from .answerer import QuestionAnswerer
    from .frame import QuestionFrame
    from .strategies import Turn

KINDS = ("mechanic", "force", "level", "category")
# the words around a value's name that make it asked of the exercise: data (qa/data/attribute_context.txt)
_CONTEXT = {key.strip(): [w.strip() for w in words.split(",")]
            for key, words in (line.split("=", 1) for line in data_lines("attribute_context.txt"))}
# a value named as a kind of exercise: "a compound exercise", "for beginners", "as a pull", "plyometric moves"
MOVEMENT = "(?:" + "|".join(map(re.escape, _CONTEXT["movement"])) + ")"
# said of the exercise ("is it isometric?", "considered compound", "a push or a pull?"): not "a chair to hold"
AS_KIND_BEFORE = re.compile(r"\b(?:" + "|".join(map(re.escape, _CONTEXT["before"]))
                            + r"|(?:is|are)\s+(?:(?:the|a|an)\s+)?_+)\s+$")
AS_KIND_AFTER = re.compile(rf"^(?:\s+|-){MOVEMENT}\b")
# "my compound lifts": the asker's other exercises, not an attribute asked of the one named
OWNED_BEFORE = re.compile(r"\b(?:" + "|".join(map(re.escape, _CONTEXT["owned"])) + r")\s+$")


@dataclass(frozen=True)
class Mention:
    """An attribute value a question names: the concept, its kind, and where the name stands."""

    iri: str
    kind: str
    start: int
    end: int


class Attributes:
    """The attribute values of one graph: each value's kind and names, and one pattern finding them in text."""

    def __init__(self, index: GraphIndex) -> None:
        self.index = index
        self.kind: dict[str, str] = {}
        for kind in KINDS:
            for iri in index.by_type.get("ExerciseAttribute", ()):
                if index.into(iri, kind):
                    self.kind.setdefault(iri, kind)
        names = {n.lower(): iri for iri in sorted(self.kind) for n in index.names.get(iri, ())}
        self.by_name = names
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
        self.pattern = re.compile(rf"\b({alternatives})\b") if names else None

    def of_kind(self, kind: str) -> list[str]:
        return sorted(i for i, k in self.kind.items() if k == kind)

    def find(self, q: ParsedQuestion, typed: bool = False) -> list[Mention]:
        """The values the question names outside the names it links (an exercise "face pull" is no pull);
        `typed`: only those named as a kind of exercise ("a compound exercise", "for beginners")."""
        if self.pattern is None:
            return []
        text = q.normalized
        for e in q.entities:
            if e.start >= 0:
                text = text[:e.start] + "_" * len(e.surface) + text[e.start + len(e.surface):]
        found = []
        for m in self.pattern.finditer(text):
            if typed and (OWNED_BEFORE.search(text[:m.start()]) or not (
                    AS_KIND_BEFORE.search(text[:m.start()]) or AS_KIND_AFTER.match(text[m.end():]))):
                continue
            iri = self.by_name[m.group(1)]
            found.append(Mention(iri, self.kind[iri], m.start(), m.end()))
        return found

    def stated(self, exercise: str, kind: str) -> tuple[str | None, list[tuple[str, dict]]]:
        """The nearest exercise in `exercise`'s lineage whose record states the kind, and its values."""
        for node in self.index.lineage(exercise):
            edges = self.index.out(node, kind)
            if edges:
                return node, edges
        return None, []

    def in_family(self, exercise: str, kind: str) -> dict[str, list[str]]:
        """For an exercise no record states the kind of (the deadlift, the lunge: the records are of their
        variations), each value its variations' records state -> those variations."""
        found: dict[str, list[str]] = {}
        for node in self.index.descendants(exercise)[1:]:
            for value, _ in self.index.out(node, kind):
                found.setdefault(value, []).append(node)
        return found

    def states(self, exercise: str, kind: str) -> bool:
        """Whether the exercise's lineage, or else its variations, have a record stating the kind."""
        return bool(self.stated(exercise, kind)[1]) or bool(self.in_family(exercise, kind))

    def articles_say(self, exercise: str, kind: str) -> list[tuple[str, Ev]]:
        """The values of `kind` an article's definition of the exercise (or what it varies) calls it by, with
        the sentence: a value's name followed by a movement noun ("a foundational isolation exercise")."""
        found: list[tuple[str, Ev]] = []
        values = self.of_kind(kind)
        for node in self.index.lineage(exercise):
            for e in self.index.definition_ev.get(node, []):
                for value in values:
                    for name in sorted(self.index.names.get(value, ())):
                        if re.search(rf"\b{re.escape(name.lower())}(?:\s+|-){MOVEMENT}\b", e.lowered) \
                                and value not in {v for v, _ in found}:
                            found.append((value, e))
            if found:
                return found
        return found


_CACHE: WeakKeyDictionary[GraphIndex, Attributes] = WeakKeyDictionary()


def attributes_of(index: GraphIndex) -> Attributes:
    found = _CACHE.get(index)
    if found is None:
        found = _CACHE[index] = Attributes(index)
    return found


def attribute_relation(index: GraphIndex, frame: QuestionFrame, exercises: list[str], relation: str) -> str:
    """The frame-shape rules for attributes. A yes/no or either-or question that names a value as a kind of
    exercise ("is the deadlift a compound exercise?", "is it suitable for beginners?", "a push or a pull?")
    asks that attribute, when the exercise's record states one of that kind."""
    attrs = attributes_of(index)
    if frame.form in ("yesno", "choice") and exercises:
        for m in attrs.find(frame.parsed, typed=True):
            if attrs.states(exercises[0], m.kind):
                return m.kind
    return relation


def answerable(index: GraphIndex, frame: QuestionFrame, exercises: list[str]) -> list:
    """The frame's readings without the attributes the graph does not state (of the exercise; of any exercise,
    when none is named): a graph without records reads its questions as it did before attributes existed."""
    attrs = attributes_of(index)
    return [r for r in frame.readings if r.relation not in KINDS
            or (attrs.states(exercises[0], r.relation) if exercises else attrs.of_kind(r.relation))]


def answer_attribute(qa: QuestionAnswerer, t: Turn, kind: str) -> Answer | None:
    """What the sources say of the exercise's `kind`; yes or no when a value is asked about. An article that
    states the attribute decides; the record's differing field is reported as a disagreement, both cited; the
    record decides only when no article says."""
    attrs = attributes_of(qa.index)
    ex = t.exercises[0]
    mentions = attrs.find(t.q)
    typed = attrs.find(t.q, typed=True)
    if typed and not any(m.kind == kind for m in mentions):  # "is it a beginner lift?" read as another kind
        kind = typed[0].kind
    owner, edges = attrs.stated(ex.iri, kind)
    if owner is None:
        return _across_variations(qa, t, kind, attrs.in_family(ex.iri, kind), [m for m in mentions if m.kind == kind])
    plan = Plan(kind, [ex.iri], ["variationOf*", kind])
    hits = execute(plan, qa.index)
    values = [h.iri for h in hits]
    said = " and ".join(qa.index.name(v) for v in values)
    record = ", ".join(sorted({source_name(qa.index, e.document) for h in hits for e in h.evidence}))
    whose = "" if owner == ex.iri else f" (as the {qa.index.name(owner)}, which it varies)"
    articles = attrs.articles_say(ex.iri, kind)
    decided = [v for v, _ in articles] or values  # the articles' values when they say, else the record's
    others = [v for v, _ in articles if v not in values]
    called = " and ".join(dict.fromkeys(qa.index.name(v) for v, _ in articles))
    asked = [m for m in mentions if m.kind == kind]
    boolean = None
    if articles:
        lead = f"The articles call the {ex.label} {'an' if called[0] in 'aeiou' else 'a'} {called} exercise."
        if others:
            lead += (f" {record} lists it{whose} as {said} ({kind}) instead; an article's statement decides "
                     f"the answer, and the sources disagree.")
        else:
            lead += f" {record} lists it{whose} as {said} ({kind}) too."
    elif t.frame.form == "yesno":
        lead = f"{record} lists the {ex.label}{whose} as {said} ({kind}); no article says."
    else:
        lead = f"The {ex.label} is {said} (its {kind}), as {record} lists it{whose}."
    if t.frame.form == "yesno" and asked:
        boolean = asked[0].iri in decided
        if not articles:
            plan = Plan(kind, [ex.iri], ["variationOf*", kind], target=asked[0].iri)
        lead = ("Yes. " if boolean else "No. ") + lead
    answer = qa.finish(t, plan, hits, lead, boolean=boolean, list_items=True)
    if articles:
        answer.evidence = [qa._quote(e, qa.index.name(v)) for v, e in articles[:2]] + answer.evidence
    if others:
        answer.disagreements.append(f"{kind}: {record} lists {said}; the articles call it {called}")
    return answer


def _across_variations(qa: QuestionAnswerer, t: Turn, kind: str, family: dict[str, list[str]],
                       asked: list[Mention]) -> Answer | None:
    """"Is the deadlift a push or a pull?" when the records are of its variations: each value with how many of
    them state it, most first; yes or no by what most of them state, the count said."""
    if not family:
        return None
    ex = t.exercises[0]
    members = {n for nodes in family.values() for n in nodes}
    order = sorted(family, key=lambda v: (-len(family[v]), qa.index.name(v)))
    said = ", ".join(f"{qa.index.name(v)} ({len(family[v])})" for v in order)
    plan = Plan(kind, [ex.iri], ["variationOf*^", kind])
    hits = [h for h in execute(plan, qa.index) if h.iri in family]
    hits.sort(key=lambda h: order.index(h.iri))
    text = (f"No record states the {ex.label}'s {kind} itself; its {len(members)} "
            f"variation{'s' if len(members) > 1 else ''} with a record: {said}.")
    boolean = None
    if t.frame.form == "yesno" and asked:
        stating = len(family.get(asked[0].iri, ()))
        boolean = stating * 2 > len(members)  # what most of them state
        lead = "Yes." if stating == len(members) else "No." if not stating else (
            f"Mostly {'yes' if boolean else 'no'}: {stating} of {len(members)} are {qa.index.name(asked[0].iri)}.")
        text = f"{lead} {text}"
    return qa.finish(t, plan, hits, text, boolean=boolean, list_items=True)


__all__ = ["KINDS", "Attributes", "Mention", "answer_attribute", "answerable", "attribute_relation", "attributes_of"]
