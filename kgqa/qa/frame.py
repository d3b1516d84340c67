"""ParsedQuestion -> QuestionFrame: the form of the question, the relations it may ask, the part each
linked entity plays, and the constraints that narrow the answer.

The form and constraint rules below are the few precise, documented rules the question layer keeps;
which relation is asked is recognised from exemplars (kgqa/qa/relations/), not from these rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .relations import Reading
from .understand import Link, ParsedQuestion

# A question whose last questioning clause opens with an auxiliary verb expects yes or no.
AUX = r"(?:do|does|did|is|are|was|were|am|can|could|should|shall|would|will|may|might|must|have|has|need)"
WHY = re.compile(r"\bwhy\b")
WHAT_IF = re.compile(r"\bwhat (?:if|happens|will happen|would happen|could happen)\b|\bwhat'?s the (?:risk|harm)\b")
HOW = re.compile(r"^(?:so |ok |okay |and |but )?how\b|[,;]\s*how\b")
WH = re.compile(r"\b(?:what|which|who|whom|when|where|whats|what's)\b")
# a statement with a tag asks whether it holds: "they're basically the same exercise, right?"
TAG_QUESTION = re.compile(r"(?:,\s*|\s)(?:right|correct|true|yeah|yes|no|isn'?t (?:it|that)|aren'?t (?:they|those)|"
                          r"don'?t (?:they|i|you)|doesn'?t it|am i right|is that right|is that true)\s*\?+\s*$")
# constraints
# what a question rules out: "other than X", "apart from X and Y" (the cue words, declared once)
EXCLUSION_CUES = ("other than", "apart from", "besides", "except for", "except", "aside from", "excluding",
                  "not counting")
_EXCLUSION = "|".join(EXCLUSION_CUES)
EXCLUSION_CLAUSE = re.compile(rf"\b(?:{_EXCLUSION})\b([^,?;]*)")  # the cue and what it rules out
RULED_OUT_CLAUSE = re.compile(rf"\b(?:{_EXCLUSION}|without|but not)\b([^,?;]*)")  # ... or says it does without
EXCLUDE_BEFORE = re.compile(rf"\b(?:{_EXCLUSION}|rather than|instead of|without|but not|no)\s+"
                            r"(?:the\s+|a\s+|an\s+|my\s+|doing\s+|using\s+)?$|"
                            # "besides my actual bum", "apart from training the glutes": one word more after a cue
                            rf"\b(?:{_EXCLUSION})\s+(?:the\s+|a\s+|an\s+|my\s+|your\s+)?[a-z']+\s+"
                            r"(?:the\s+|my\s+|your\s+)?$")
HAVE_BEFORE = re.compile(r"\b(?:only (?:have|got|own)|i (?:have|got|own)|i've got|using|with (?:only|just)|"
                         r"just (?:have|a|an|some)|my only equipment is)"
                         r"\s+(?:a\s+|an\s+|some\s+|the\s+|my\s+|one\s+|pair of\s+)?$")
LACK_BEFORE = re.compile(r"\b(?:no|without|don't have|dont have|do not have|can't use|haven't got|lack)\s+"
                         r"(?:a\s+|an\s+|any\s+|the\s+)?$")
NO_EQUIPMENT = re.compile(r"\b(?:without (?:any )?(?:equipment|gear|weights)|no (?:equipment|gear|weights)|"
                          r"zero equipment|bodyweight only|nothing but my body(?:weight)?)\b")
AT_HOME = re.compile(r"\b(?:at[ -]home|home workouts?|no gym|without (?:a|the|going to a) gym|"
                     r"in my (?:room|apartment|living room))\b")
NEGATION = re.compile(r"\b(?:not|never|shouldn't|should not|don't|dont|do not|avoid|can't|cannot|isn't|aren't|"
                      r"without)\b")
ROLE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("stabilizer", re.compile(r"\bstabili[sz]|\bstable\b|\bsteady\b|\bbalance\b")),
    ("synergist", re.compile(r"\bassist|\bsynergist|\bsecondary|\bhelp(?:s|ers?|ing)?\b|"
                             r"\bsupporting (?:role|muscles?|cast)\b")),
    ("primary", re.compile(r"\bprim(?:e|ary)(?: mover)?\b|\bmain(?:ly)?\b|\bmostly\b|\bbiggest\b|\bmost\b")),
]
FORMS = ("yesno", "choice", "why", "whatif", "howto", "wh", "phrase")


@dataclass
class Constraints:
    negated: bool = False
    exclude: list[str] = field(default_factory=list)  # IRIs named as "other than X"
    have: list[str] = field(default_factory=list)  # equipment the asker has ("I only have a band")
    lack: list[str] = field(default_factory=list)  # equipment the asker does not have
    at_home: bool = False
    no_equipment: bool = False
    roles: list[str] = field(default_factory=list)


@dataclass
class QuestionFrame:
    """What a question asks, beyond its words: form, relations (ranked), entities with parts, constraints."""

    parsed: ParsedQuestion
    form: str
    readings: list[Reading]
    parts: dict[str, str] = field(default_factory=dict)  # entity IRI -> subject | object | compared | excluded
    constraints: Constraints = field(default_factory=Constraints)
    decided: str | None = None  # the relation the answerer settled on (a frame shape can override the reading)

    @property
    def relation(self) -> str:
        return self.readings[0].relation if self.readings else "unknown"

    @property
    def confidence(self) -> float:
        return self.readings[0].score if self.readings else 0.0

    def score(self, relation: str) -> float:
        return next((r.score for r in self.readings if r.relation == relation), 0.0)

    def entities(self, type_: str, part: str | None = None) -> list[Link]:
        return [e for e in self.parsed.entities if e.type == type_
                and (part is None or self.parts.get(e.iri) == part)]

    def to_dict(self) -> dict:
        c = self.constraints
        constraints = {k: v for k, v in c.__dict__.items() if v}
        return {"form": self.form, "relation": self.decided or self.relation, "confidence": round(self.confidence, 3),
                "readings": [{"relation": r.relation, "score": round(r.score, 3), "example": r.example}
                             for r in self.readings[:3]],
                "parts": dict(self.parts), "constraints": constraints}


def detect_form(text: str, parsed: ParsedQuestion) -> str:
    """The form of the question: yes/no, a choice between alternatives, why, what-if, how, wh, or a phrase."""
    if _choice(text, parsed):
        return "choice"
    if WHAT_IF.search(text):
        return "whatif"
    if _last_clause_opener(text) == "aux" or TAG_QUESTION.search(text) and not WH.search(text):
        return "yesno"
    if WHY.search(text):
        return "why"
    if HOW.search(text):
        return "howto"
    if WH.search(text):
        return "wh"
    return "phrase"


CLAUSE_OPENER = re.compile(rf"^(?:(?:so|and|but|ok|okay|also|then|well|hey|like|honestly)\s+)*(?:({AUX})(?:n't|nt)?\s+"
                           r"(?!you know\b)[a-z]|(what|which|who|whom|whose|when|where|why|how|whats|what's)\b)")


# "on cable kickbacks should i ...", "during donkey kicks is it ok ...": a phrase of where, then the question
LEAD_IN = re.compile(r"^(?:on|for|during|with|in|when doing|while doing)\s+"
                     r"(?:(?!(?:what|which|who|how|why|when|where)\b)[a-z'-]+\s+){1,4}?"
                     rf"(?={AUX}\s+(?:i|you|we|they|it|my|the|a)\b)")


def _last_clause_opener(text: str) -> str | None:
    """What opens the last clause that opens with a question word: "aux" (does, is, should...) or "wh"."""
    for clause in reversed(re.split(r"[,;:.!?—–]|\s-\s", text)):
        clause = clause.strip()
        m = CLAUSE_OPENER.match(LEAD_IN.sub("", clause, count=1))
        if m:
            return "aux" if m.group(1) else "wh"
    return None


def _choice(text: str, parsed: ParsedQuestion) -> bool:
    """Two alternatives joined by or/vs: two linked names of one type, or two short phrases in a question."""
    linked = [e for e in parsed.entities if e.start >= 0]
    for a, b in zip(linked, linked[1:], strict=False):
        between = text[a.start + len(a.surface):b.start]
        if a.type == b.type and re.fullmatch(r"\W*(?:or|vs\.?|versus)\W+(?:(?:the|a|an|some|using|with)\W+)?", between):
            return True
    if re.search(r"\b(?:vs\.?|versus)\b", text):
        return True
    m = re.search(r"\b(?:or|vs\.?|versus)\b", text)
    if not m or re.search(r"\bor (?:not|something|anything|so|two|three)\b|\beither\b", text):
        return False
    # "should I do high reps or low reps", "is it an isolation move or a compound lift?": alternatives offered
    # in a question that would otherwise be answered yes or no, or that asks which
    return bool(re.search(r"\b(?:which|better|prefer|rather)\b", text)) or _last_clause_opener(text) == "aux"


def constraints(parsed: ParsedQuestion) -> Constraints:
    text = parsed.normalized
    c = Constraints()
    masked = _masked(parsed)  # the names blanked out: once, for the negation and the roles
    c.negated = bool(NEGATION.search(masked))
    c.at_home = bool(AT_HOME.search(text))
    c.no_equipment = bool(NO_EQUIPMENT.search(text))
    previous: str | None = None
    previous_end = 0
    for e in sorted((e for e in parsed.entities if e.start >= 0), key=lambda e: e.start):
        before = text[:e.start]
        if EXCLUDE_BEFORE.search(before) and not re.search(r"\binstead of\s+(?:the\s+|a\s+|doing\s+)?$", before):
            c.exclude.append(e.iri)
        elif previous in c.exclude and re.search(r"^\W*(?:and|or|nor|,)\s+(?:the\s+|my\s+|a\s+)?$",
                                                 text[previous_end:e.start]):
            c.exclude.append(e.iri)  # "apart from the glutes and the hamstrings": the list is excluded
        previous, previous_end = e.iri, e.start + len(e.surface)
        if e.type == "Equipment":
            if LACK_BEFORE.search(before):
                c.lack.append(e.iri)
            elif HAVE_BEFORE.search(before):
                c.have.append(e.iri)
    c.roles = [r for r, pat in ROLE_RULES if pat.search(masked)]
    return c


def _masked(parsed: ParsedQuestion) -> str:
    text = parsed.normalized
    for e in parsed.entities:
        if e.start >= 0:
            text = text[:e.start] + " " * len(e.surface) + text[e.start + len(e.surface):]
    return text


TYPE_TOKEN = {"Exercise": "xexercise", "Muscle": "xmuscle", "Equipment": "xequipment", "JointAction": "hip extension"}


def masked_for_relations(parsed: ParsedQuestion, typed: bool = False) -> str:
    """The question with linked names (and their determiners) removed, as exemplars are written;
    with `typed`, each name is replaced by its type's token instead ("xexercise", "xmuscle")."""
    text = parsed.normalized
    for e in sorted((e for e in parsed.entities if e.start >= 0), key=lambda e: -e.start):
        start = e.start
        det = re.search(r"\b(?:the|my|your|a|an|some|those|these|this|that)\s+$", text[:start])
        if det:
            start = det.start()
        token = f" {TYPE_TOKEN.get(e.type, '')} " if typed else " "
        text = text[:start] + token + text[e.start + len(e.surface):]
    return " ".join(text.split())


def build_frame(parsed: ParsedQuestion, readings: list[Reading]) -> QuestionFrame:
    text = parsed.normalized
    frame = QuestionFrame(parsed, detect_form(text, parsed), readings, constraints=constraints(parsed))
    for e in parsed.entities:
        frame.parts[e.iri] = "excluded" if e.iri in frame.constraints.exclude else "subject"
    if frame.form == "choice":
        for e in parsed.entities:
            if frame.parts[e.iri] == "subject" and sum(o.type == e.type for o in parsed.entities) >= 2:
                frame.parts[e.iri] = "compared"
    return frame
