"""Which exercise a statement is about: document -> heading -> list item -> sentence -> mention."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..corpus import Document
from ..lexicon import Lexicon, Mention, slugify
from ..terms import entity_iri
from .cues import PAIRING_CUE

_TITLE_NOISE = re.compile(
    r"^(?:how to (?:do|perform|master)\s+(?:an?|the)?|what muscles do(?:es)?|mastering|the|an?|"
    r"understanding|\d{1,2}|three|four|five|six|seven|eight|nine|ten)\s+|\s+(?:exercise|guide|work|works|explained|"
    r"101|form)\s*\??$|"
    # a listicle's count and kind: "5 Fire Hydrant Mistakes to Stop Making"
    r"\s+(?:common\s+)?(?:mistakes|errors|tips|benefits|reasons|fixes)\b.*$",
    re.I,
)
# Words of a title that praise or frame an exercise rather than name a kind of it ("The Best Squats").
_NOT_A_KIND = set("best top ultimate perfect proper complete easy simple better great your my how why what to do and "
                  "or with for of guide beginner beginners advanced essential".split())
# "... way less than in a deadlift", "right after squats", "carries over to sprinting": an exercise named
# for comparison or order is another one, not what the sentence is about.
_OTHER_LEAD = re.compile(r"\b(?:than|after|before|like|unlike|instead of|such as|alongside|versus|vs\.?|over to|"
                         r"compared (?:with|to)|paired with|pair (?:it|them) with)\s+(?:(?:in|on|with|doing|a|an|the|"
                         r"your|my|heavy)\s+){0,3}$", re.I)
_LISTED = re.compile(r"\s*(?:,|and|or|&|,\s*and|,\s*or)\s*")
_CONTRAST = re.compile(r"\b(?:between|vs\.?|versus|differen\w*|distinguish\w*|compared?)\b", re.I)


@dataclass
class Exercise:
    """An exercise known to the extraction of one document (from the vocabulary or minted)."""

    iri: str
    label: str
    parent: str | None = None
    minted: bool = False
    aliases: list[str] = field(default_factory=list)


_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_LEADING_COUNT = re.compile(r"^\W*(?:\d{1,3}|three|four|five|six|seven|eight|nine|ten|twelve)\s+")


# "6 weeks of reverse hypers": how long or how often, before the name.
_DURATION = re.compile(r"^\W*(?:\d+|a|one|two|three|four|five|six|eight|ten|twelve)\s+(?:weeks?|days?|months?|years?|"
                       r"sessions?)\s+(?:of|doing|with)\s+", re.I)
# A part of a title that is a clause about the writer or reader, not a name ("my back has never felt better").
_CLAUSE = re.compile(r"^(?:my|your|our|i|we|you|it|this|why|how|when)\b|\b(?:is|are|was|were|has|have|had|will|"
                     r"can)\b", re.I)
# "... every day?", "... twice a week": how often, after the name.
_FREQUENCY = re.compile(r"\s+(?:every|each|per|once|twice|daily|a day|a week)\b.*$", re.I)
# A title part that names a part of the body is the page's topic, not an exercise ("... – Left Knee").
_BODY_PARTS = frozenset("knee knees hip hips back shoulder shoulders elbow elbows ankle ankles neck wrist wrists spine "
                        "pelvis patellofemoral".split())
_TITLE_PARTS = re.compile(r"\s[–—|-]\s|:|\(")


def mint_from_title(title: str) -> Exercise | None:
    """An exercise named by a title that no vocabulary term matches ("Fire Hydrants: A Guide", "6 weeks of
    reverse hypers – my back has never felt better"): the first part of the title that is a short name."""
    for part in _TITLE_PARTS.split(title):
        part = _FREQUENCY.sub("", _DURATION.sub("", part.strip()))
        if _DOCUMENT.search(part):  # "Thread: ...", "Home Exercise Programme – Banded Lateral Walk": the kind of page
            continue
        minted = _mint_name(part)
        if minted is not None and not _CLAUSE.search(minted.label) and minted.label.split()[-1] not in _BODY_PARTS:
            return minted
    return None


def title_lead(title: str) -> str:
    """The title without its count and the kind of page it names first ("7 Fire Hydrant Mistakes",
    "Home Exercise Programme – Banded Lateral Walk" -> "fire hydrant mistakes", "banded lateral walk")."""
    parts = [p.strip() for p in _TITLE_PARTS.split(title) if p.strip()]
    while len(parts) > 1 and _DOCUMENT.search(_FREQUENCY.sub("", _DURATION.sub("", parts[0]))):
        parts = parts[1:]
    lead = " ".join(parts).lower()
    return _LEADING_ARTICLE.sub("", _LEADING_COUNT.sub("", lead))


def mentioned(label: str, text: str) -> int:
    """How often `text` names the exercise `label` ("reverse hyper" in "a reverse hyper machine", "reverse hypers")."""
    words = [re.escape(w) for w in label.lower().split()]
    return len(re.findall(r"\b" + r"[\s-]+".join(words) + r"(?:e?s)?\b", text.lower())) if words else 0


# A title naming the kind of document, not an exercise ("Home Exercise Programme", "Training Log").
_DOCUMENT = re.compile(r"\b(?:programme|program|plan|routine|workout|guide|leaflet|notes?|log|handout|sheet|card|"
                       r"library|session|post|thread|review|faq|questions?|answers?)$", re.I)


def _mint_name(name: str) -> Exercise | None:
    if _DOCUMENT.search(name.strip()):
        return None
    # "The Seated Hip Abduction Machine": the exercise is what is done on it (and the machine's name another name)
    machine = re.search(r"\s+machine$", name.rstrip("?!. "), flags=re.I)
    name = name.rstrip("?!. ")[: machine.start()] if machine else name.rstrip("?!. ")
    for _ in range(3):
        name = _TITLE_NOISE.sub("", name).strip()
    words = name.split()
    if not words or len(words) > 5:
        return None
    last = words[-1]
    if last.lower().endswith("s") and not last.lower().endswith(("ss", "us")):
        words[-1] = last[:-1]
    label = " ".join(words).lower()
    aliases = [label, f"{label} machine"] if machine else [label]
    return Exercise(entity_iri("exercise", slugify(label)), label, minted=True, aliases=aliases)


class SubjectResolver:
    """Keeps track of the exercise in focus while a document is read block by block."""

    def __init__(self, lexicon: Lexicon, doc: Document, title_mentions: list[Mention],
                 all_mentions: list[Mention]) -> None:
        self.lexicon = lexicon
        self.minted: dict[str, Exercise] = {}
        #: the title's exercise name when the article is about a namesake of it ("Cable Kickback" about triceps)
        self.renamed: dict[str, str] = {}
        exercises = [m for m in title_mentions if m.kind == "exercise"]
        if exercises:
            self.document = self.named_by_title(doc.title, exercises[0]) or exercises[0].iri
            self.document = self.namesake(self.document, doc.text)
        else:
            counts: dict[str, int] = {}
            for m in all_mentions:
                if m.kind == "exercise":
                    counts[m.iri] = counts.get(m.iri, 0) + 1
            minted = mint_from_title(doc.title)
            # the title leads with the name it mints, once a listicle's count is set aside ("7 Fire Hydrant
            # Mistakes ..."): then the article is about that exercise, not the known one it mentions most
            lead = title_lead(doc.title)
            if minted is not None and (not counts or lead.startswith(minted.label[:4])
                                       or mentioned(minted.label, doc.text) >= 2):
                self.minted[minted.iri] = minted
                self.document = minted.iri
            elif counts:
                self.document = max(sorted(counts), key=lambda k: counts[k])
            else:
                raise LookupError(doc.doc_id)
        self.section = self.document

    def namesake(self, iri: str, text: str) -> str:
        """Identity is more than the name: a "Cable Kickback" article about the triceps is the tricep kickback.

        The root exercises that share the title exercise's head word ("kickback") are told apart by the words
        that only their names have ("glute" / "tricep"); the article's text says which it is about when one
        set of words is clearly more frequent (at least twice, and three times the other's count)."""
        root = self.lexicon.root(iri)
        if iri in self.minted or root not in self.lexicon.terms:
            return iri
        head = self.lexicon.label(root).lower().split()[-1]
        roots = sorted({self.lexicon.root(t.iri) for t in self.lexicon.terms.values() if t.kind == "exercise"
                        and any(label.lower().split()[-1:] == [head] for label in t.labels)})
        if len(roots) < 2:
            return iri
        words = {r: {w for label in self.lexicon.terms[r].labels for w in re.findall(r"[a-z]+", label.lower())
                     if w != head and len(w) > 3} for r in roots}
        lowered = text.lower()
        counts = {r: sum(len(re.findall(rf"\b{re.escape(w[:5])}", lowered)) for w in words[r] - set().union(
            *(words[o] for o in roots if o != r))) for r in roots}
        best = max(roots, key=lambda r: counts[r])
        others = max(counts[r] for r in roots if r != best)
        if best != root and counts[best] >= 2 and counts[best] >= 3 * max(others, 1):
            self.renamed[iri] = best  # the article's "cable kickback" is this one throughout
            return best
        return iri

    def named_by_title(self, title: str, mention: Mention) -> str | None:
        """The title names a kind of the exercise it mentions ("Bulgarian Split Squats" and "squat",
        "Standing Cable Kickbacks" and "cable kickback"): that kind, named in the vocabulary, done
        with a piece of equipment, else minted as a variation of the exercise mentioned."""
        minted, named = mint_from_title(title), mint_from_title(mention.text)
        if minted is None or named is None or not minted.label.endswith(" " + named.label):
            return None
        known = self.lexicon.resolve(minted.label, "exercise")
        if known:
            return known
        extra = minted.label[: -len(named.label)].split()
        if any(not re.fullmatch(r"[a-z][a-z-]*", w) or w in _NOT_A_KIND for w in extra):
            return None
        equipment = self.lexicon.resolve(" ".join(extra), "equipment")
        if equipment:
            return self.variant(mention.iri, equipment)
        minted.parent = mention.iri
        self.minted[minted.iri] = minted
        return minted.iri

    def label(self, iri: str) -> str:
        if iri in self.minted:
            return self.minted[iri].label
        return self.lexicon.label(iri)

    def family(self, iri: str) -> set[str]:
        """The exercise and every exercise it is a variation of."""
        out, seen = {iri}, iri
        while (parent := self.parent_of(seen)) and parent not in out:
            out.add(parent)
            seen = parent
        return out

    def refine(self, current: str, mentioned: str) -> str:
        """A generic mention ("the kickback") does not move the focus off a variation of it."""
        mentioned = self.renamed.get(mentioned, mentioned)
        return current if mentioned in self.family(current) else mentioned

    def in_focus(self, text: str, exercises: list[Mention], current: str) -> list[Mention]:
        """The exercise mentions of a sentence that can move its focus: not one named for comparison or
        order, and not the bare head word of the exercise in focus ("the kickback" in an article about
        triceps kickbacks names that exercise, not the glute kickback the word alone resolves to)."""
        head = self.label(current).split()[-1:] if current else []
        out = []
        skipped_end = -1
        for m in exercises:
            # named for comparison, or as the exercise to pair it with ("superset it with glute bridges"), or listed
            # with one that is ("before squats and lunges")
            listed = skipped_end >= 0 and _LISTED.fullmatch(text[skipped_end : m.start])
            if _OTHER_LEAD.search(text[: m.start]) or PAIRING_CUE.search(text[: m.start]) or listed:
                skipped_end = m.end
                continue
            words = [w for w in m.text.lower().split() if w not in ("the", "a", "an", "this", "your")]
            if len(words) == 1 and head and words[0].rstrip("s") == head[0].rstrip("s") and m.iri not in (
                    self.family(current)):
                continue
            out.append(m)
        return out

    def heading(self, text: str, mentions: list[Mention]) -> str:
        exercises = [m for m in mentions if m.kind == "exercise"]
        if not exercises or _CONTRAST.search(text):
            self.section = self.document
            return self.section
        equipment = [m for m in mentions if m.kind == "equipment"]
        chosen = self.refine(self.document, exercises[0].iri)
        if equipment and chosen in self.lexicon.terms and not self.lexicon.terms[chosen].parent:
            chosen = self.variant(chosen, equipment[0].iri) or chosen
        self.section = chosen
        return chosen

    def entry(self, text: str, mentions: list[Mention]) -> str | None:
        """A numbered entry heading outside any mistakes/benefits list names the exercise its lines are about
        ("1) GLUTE BRIDGE", "2) STANDING HIP ABDUCTION" in a programme): known, else minted. None if it names none
        (it is a step or a sentence, not a short name)."""
        exercises = [m for m in mentions if m.kind == "exercise"]
        if exercises and len(exercises[0].text.split()) >= len(text.split()) - 1:
            self.section = self.refine(self.document, exercises[0].iri)
            return self.section
        minted = _mint_name(text) if len(text.split()) <= 4 and not exercises else None
        # a heading that is all one muscle or piece of equipment ("GLUTEUS MEDIUS") names no exercise
        whole = any(m.kind != "exercise" for m in mentions if m.end - m.start >= len(text) - 2)
        if minted is None or _CLAUSE.search(minted.label) or whole:
            return None
        self.minted.setdefault(minted.iri, minted)
        self.section = minted.iri
        return self.section

    def variant(self, parent: str, equipment: str) -> str | None:
        """The variation of `parent` done with `equipment`: named in the vocabulary, else minted."""
        root = self.lexicon.root(parent)
        named = self.lexicon.variant(root, equipment)
        if named:
            return named
        eq_label = self.lexicon.label(equipment)
        label = f"{eq_label} {self.label(root)}"
        iri = entity_iri("exercise", slugify(label))
        self.minted.setdefault(iri, Exercise(iri, label, parent=root, minted=True))
        return iri

    def parent_of(self, iri: str) -> str | None:
        if iri in self.minted:
            return self.minted[iri].parent
        term = self.lexicon.terms.get(iri)
        return term.parent if term else None
