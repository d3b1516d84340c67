"""What a variation inherits: which exercise each fact of an answer is stated of, and saying so.

Plans about an exercise walk `variationOf*` first (plan.py): a variation is answered with what the
articles state of it and of every exercise it varies. An item or quote stated of one of those
ancestors, and not of the exercise asked about, is inherited: it carries `inherited_from` (the
ancestor's IRI and label), and the answer's text names the ancestor in plain words, once ("from
the glute kickback, which the cable kickback varies"). The exercise's own facts come first. An
answer that inherits nothing reads exactly as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .answer import Answer
from .index import Ev, GraphIndex
from .plan import Plan
from .retrieve import Passage
from .traverse import Hit

# facts stated of exercises (through a mistake, for its corrections): what an item inherits through its owners
OWNED = frozenset({"Mistake", "Correction", "Benefit", "TechniqueCue", "SafetyNote", "ProgrammingGuideline",
                   "RoutinePlacement", "Population", "Modification", "SetupStep"})
# the long form of the note; a later mention of the same ancestor keeps only "from the <ancestor>"
LONG_NOTE = re.compile(r"([Ff]rom the )([^,()]+?), which the [^,()]+? varies")
# a note's labels are listed only when they are short names, not sentences
LISTED_LABELS, LABEL_LENGTH = 6, 40
Owners = Callable[[str], Iterable[str]]  # a fact -> the exercises the articles state it of


def walks_lineage(plan: Plan) -> bool:
    """Whether the plan reaches its facts through `variationOf*` first: then the `via` of each item are the
    exercises whose edges reached it, the exercises its fact is stated of."""
    return plan.path[:1] == ["variationOf*"]


class Lineage:
    """The exercises an answer is about (`own`) and the exercises they vary, nearest first."""

    def __init__(self, index: GraphIndex, subjects: Iterable[str]) -> None:
        self.index = index
        self.own = [s for s in dict.fromkeys(subjects) if index.is_a(s, "Exercise")]
        self.varied_by: dict[str, str] = {}  # ancestor -> the exercise of the answer that varies it
        for s in self.own:
            for a in index.lineage(s)[1:]:
                if a not in self.own:
                    self.varied_by.setdefault(a, s)
        self._rank = {a: i for i, a in enumerate(self.varied_by)}

    def __bool__(self) -> bool:
        return bool(self.varied_by)

    def stated(self, subjects: Iterable[str]) -> str | None:
        """What a fact stated of `subjects` is stated of, for this answer: one of its own exercises, else the
        nearest exercise they vary, else None (another exercise's fact, or no exercise's)."""
        subjects = set(subjects)
        own = next((s for s in self.own if s in subjects), None)
        if own is not None:
            return own
        return min((a for a in subjects if a in self._rank), key=self._rank.__getitem__, default=None)

    def of_passage(self, passage: Passage) -> str | None:
        """What an evidence sentence is stated of (`stated`); a pro or con is stated of its equipment, not of the
        exercises that use it."""
        if all(self.index.is_a(n, "Consideration") for n in passage.nodes):
            return None
        return self.stated(passage.subjects)

    def ancestor_of(self, passage: Passage) -> str | None:
        """The ancestor an evidence sentence is inherited from; None when it is the answer's own, or no one's."""
        stated = self.of_passage(passage)
        return stated if stated in self._rank else None

    def ancestor(self, subjects: Iterable[str]) -> str | None:
        """The ancestor a fact stated of `subjects` is inherited from; None when it is the answer's own."""
        stated = self.stated(subjects)
        return stated if stated in self._rank else None

    def of_hit(self, hit: Hit, plan: Plan, owners: Owners) -> str | None:
        """The ancestor an item is inherited from: by the edges that reached it (a lineage walk), by the
        sentences behind it (an answer from evidence), or by the exercises its fact is stated of."""
        if hit.iri in self.own:
            return None
        if walks_lineage(plan):
            return self.ancestor(hit.via)
        if not plan.path and hit.origin:  # an answer from sentences: what they are stated of
            return self.ancestor(hit.origin.values())
        if self.index.types.get(hit.iri, set()) & OWNED:
            return self.ancestor(owners(hit.iri))
        return None

    def of_quote(self, hit: Hit, e: Ev, item: str | None) -> str | None:
        """The ancestor a quote is stated of: its own origin when known, else its item's."""
        origin = hit.origin.get(e)
        if origin is None:
            return item
        return origin if origin in self._rank else None

    def grouped(self, hits: list[Hit], plan: Plan, owners: Owners) -> list[tuple[str | None, list[Hit]]]:
        """The hits by the ancestor they are inherited from: the answer's own first, then nearest ancestor first."""
        groups: dict[str | None, list[Hit]] = {}
        for h in hits:
            groups.setdefault(self.of_hit(h, plan, owners), []).append(h)
        return [(a, groups[a]) for a in (None, *self.varied_by) if a in groups]

    # ---- words -----------------------------------------------------------------------------
    def phrase(self, ancestor: str, capital: bool = False) -> str:
        """'from the glute kickback, which the cable kickback varies'."""
        said = f"from the {self.index.name(ancestor)}, which the {self.index.name(self.varied_by[ancestor])} varies"
        return said[0].upper() + said[1:] if capital else said

    def tell(self, parts: list[tuple[str | None, str, str]]) -> str:
        """(ancestor, lead, body) per group, own first: 'lead: body', each inherited group named. The first
        group's lead stays ("Benefits of the banded kickback (from the glute kickback, ...): ..."); a later
        inherited group is led by its note ("... From the glute kickback, which the cable kickback varies: ...")."""
        out: list[str] = []
        for ancestor, lead, body in parts:
            if ancestor is None:
                out.append(f"{lead}: {body}" if lead else body)
            elif not out and lead:
                out.append(f"{lead} ({self.phrase(ancestor)}): {body}")
            else:
                out.append(f"{self.phrase(ancestor, capital=True)}: {body}")
        return " ".join(out)

    def quotes(self, quoted: list[tuple[str | None, str]], lead: str) -> str:
        """'lead: <sentences>', the sentences stated of ancestors grouped under their notes, own first."""
        groups: dict[str | None, list[str]] = {}
        for stated, quote in quoted:
            groups.setdefault(stated if stated in self._rank else None, []).append(quote)
        return self.tell([(a, lead, " ".join(dict.fromkeys(groups[a]))) for a in (None, *self.varied_by)
                          if a in groups])

    def note(self, text: str, inherited: dict[str, list[str]]) -> str:
        """`text`, with a note for each ancestor it inherits items from and does not name yet."""
        lowered = text.lower()
        for ancestor, labels in inherited.items():
            if self.phrase(ancestor).lower() in lowered:
                continue
            labels = list(dict.fromkeys(labels))
            if labels and len(labels) <= LISTED_LABELS and all(len(x) <= LABEL_LENGTH for x in labels):
                text += f" ({self.phrase(ancestor, capital=True)}: {', '.join(labels)}.)"
            else:
                text += f" (This comes {self.phrase(ancestor)}.)"
        return text

    def reference(self, ancestor: str | None) -> dict[str, str] | None:
        """How an item or quote names the exercise it is inherited from (None: it is not inherited)."""
        return {"iri": ancestor, "label": self.index.name(ancestor)} if ancestor else None


def once(text: str) -> str:
    """Each ancestor explained once: a repeated "from the X, which the Y varies" keeps "from the X"."""
    if "varies" not in text:
        return text
    seen: set[str] = set()

    def shorten(m: re.Match[str]) -> str:
        key = m.group(0).lower()
        if key in seen:
            return m.group(1) + m.group(2)
        seen.add(key)
        return m.group(0)

    return LONG_NOTE.sub(shorten, text)


def settle(answer: Answer) -> Answer:
    """The last word on an answer's inheritance: the ancestors its items and quotes are inherited from (in
    the order they appear), and each explained in the text once."""
    found: dict[str, dict[str, str]] = {}
    for ref in [i.inherited_from for i in answer.answers] + [q.inherited_from for q in answer.evidence]:
        if ref:
            found.setdefault(ref["iri"], ref)
    answer.inherited_from = list(found.values())
    answer.text = once(answer.text)
    return answer
