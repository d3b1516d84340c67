"""Question -> ParsedQuestion: entities linked to the graph's own labels, an intent, filters.

Entity names come from the loaded graph (labels and synonyms), matched on lemmas with a spaCy
PhraseMatcher after typo correction against the graph's own words (rapidfuzz).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from ..errors import QuestionError
from ..lexicon import make_nlp, normalize
from .index import GraphIndex

MAX_LENGTH = 500
LINKED_TYPES = ("Exercise", "Muscle", "Equipment", "JointAction")
_WORD = re.compile(r"[a-z][a-z'-]*")
_REGION = re.compile(r"^([a-z]+ [a-z ]+) muscles?$")  # a region of two or more words + "muscle(s)"

# Intent cues, most specific first. Matched on the typo-corrected, lower-cased question.
INTENTS: list[tuple[str, re.Pattern[str]]] = [
    ("difference", re.compile(r"\bdifferen(?!t (?:types?|kinds?|variations?|versions?|ways|options)\b)|"
                              r"\bsame (?:as|thing|exercise)\b|\bvs\.?\b|\bversus\b|\bcompare|\bdistinguish|"
                              r"\bbetter than\b|"
                              r"\bwhich (?:one )?(?:is|are) (?:better|best)\b|"
                              r"\bwhich (?:should i|to) (?:use|choose|pick)\b")),
    ("fix", re.compile(r"\b(?:fix|correct|stop|prevent|avoid|quit|keep (?:my|from))\b.*\b(?:arch|momentum|swing|"
                       r"flar|rotat|hyperext|lock|weight|range|engag|activat)")),
    ("pros_cons", re.compile(r"\b(?:pros?|cons?|advantages?|disadvantages?|downsides?|drawbacks?|upsides?|"
                             r"limitations?)\b|\b(?:good|great|bad) (?:about|things? about)\b|"
                             r"\b(?:wrong|problems?) with\b")),
    ("safety", re.compile(r"\bsafe|\bpain|\bhurt|pregnan|\binjur|professional|\bdoctor|\bconsult|physio|therapist|"
                          r"\bback (?:problem|issue)|\badvice\b|\bcondition|\bwho (?:should|must) (?:not|avoid|skip)\b|"
                          r"\bshould(?:n't| not) (?:do|try)\b|\bcontraindicat|\bdanger|\brisky\b|"
                          r"\bsciatica|\bhernia|\barthritis|\bslipped disc|\bsurgery\b|\brecovering from\b")),
    ("regression", re.compile(r"\bbeginner[- ](?:version|variation|friendly|option|modification)s?\b|"
                              r"\b(?:version|variation|option)s?\b[^?]*\b(?:start|begin)\b|"
                              r"\b(?:version|variation|option|modification)s? for beginners\b")),
    ("population", re.compile(r"\bwho (?:should|can|is (?:it|this) for|benefits|needs)|\bsuitable\b|"
                              r"\bwho (?:is|are)\b[^?]*\bfor\b|"
                              r"\bwho\b[^?]*\b(?:good|best|suited|meant|made|recommended|ideal|intended|"
                              r"designed|aimed)\b|\b(?:recommended|ideal|intended) for\b|\bfor whom\b|"
                              r"\b(?:what|which) (?:kinds? of |types? of |sorts? of )?(?:people|persons?|"
                              r"individuals|populations?|groups of people)\b|"
                              r"\bbeginners?\b|\bappropriate for\b")),
    ("mistakes", re.compile(r"\bmistake|\berror|\bwrong|\bavoid|\bpitfall")),
    ("benefits", re.compile(r"\bbenefit|\badvantage|\bwhy (?:should|do|bother)|\bgood for\b|\bworth\b|"
                            r"\bpoint of\b|\bget out of\b|\b(?:fix|improve|help|better)\b[^?]*\bposture\b|"
                            r"\bgain from\b|\bdo for me\b|\bpayoff\b|\bperks?\b|"
                            r"\bwhy\b[^?]*\b(?:good|great|useful|effective|important|beneficial)\b")),
    ("breathing", re.compile(r"\bbreath|\binhale|\bexhale")),
    ("programming", re.compile(r"\bsets?\b|\breps?\b|\brepetition|\bhow many (?:times|sets|reps)\b|\btempo\b|"
                               r"\bhow often\b|\bhow long (?:should|do|to|must)\b|\bpause\b|\bhold\b[^?]*\btop\b|"
                               r"\bhow slow|\bhow fast|\bseconds\b|\bhow (?:heavy|much weight)\b|"
                               r"\b(?:what|which) weight\b")),
    # "too hard for me": an easier version, although "hard" alone would read as progression
    ("regression", re.compile(r"\beasier\b|\bregress|\bsimpler\b|less (?:difficult|challenging|intense)|"
                              r"\bscale (?:\w+ )?(?:down|back)\b|\btoo (?:hard|difficult|challenging|tough|heavy)\b|"
                              r"\b(?:can't|cannot|can not|unable to) (?:do|manage|finish|complete)\b")),
    ("progression", re.compile(r"\bharder\b|\bchalleng|\bprogress|\badvanced?\b|more difficult|\bintens|"
                               r"\bnext (?:level|step)|\bheavier|\badd (?:weight|resistance|load)|\btough(?:er)?\b|"
                               r"\blevel (?:\w+ )?up\b|\boverload|"
                               r"\bmore (?:demanding|resistance|load|weight)\b|\bscale (?:\w+ )?up\b")),
    ("regression", re.compile(r"\bmodif")),
    ("complements", re.compile(r"go(?:es)? well with|\bpair|\bcombine|complement|\bsuperset|along with")),
    ("placement", re.compile(r"\bwhen (?:should|do|to)\b|\bwhere (?:in|should|do)|warm.?up|\bfinisher|"
                             r"\bbefore or after|\bin my (?:routine|workout)|\broutine\b|\bworkout\b|"
                             r"\b(?:start|beginning|end|middle) of (?:\w+ ){0,2}(?:workout|session|day|training)\b|"
                             r"\b(?:start|beginning) or (?:the )?end\b|\bleg day\b|"
                             r"\b(?:first|early) or (?:last|late)\b|\bbest time\b|"
                             r"\b(?:first|last) (?:in|of) (?:my |the |a )?(?:\w+ )?(?:session|programme|program)\b")),
    ("equipment", re.compile(r"\bequipment\b|\bwhat (?:do i|you) need\b|\bgear\b|\bwhat can i use\b|"
                             r"\bwith what\b|\bmachine\b|\btools?\b")),
    ("variations", re.compile(r"\bvariation|\bversions?\b|\balternative|\btypes? of\b|\bkinds? of\b|\bvariants?\b|"
                              r"\bsimilar\b|\binstead of\b|\bsubstitut|\bswap\b|\breplace(?:ment)?\b")),
    ("technique", re.compile(r"\bhow (?:do|to|should) (?:i |you )?(?:do|perform|execute)\b|\bform\b|\btechnique|"
                             r"\bhow (?:do i |can i |to |should i )?keep\b|"
                             r"\btips?\b|\bcues?\b|\bproperly\b|\bhow (?:high|far|low)\b")),
    ("muscles", re.compile(r"\bmuscles?\b|\bwork(?:s|ed|ing)?\b|\btarget|\bhit(?:s)?\b|\bengag|\bactivat|"
                           r"\btrain(?:s)?\b|\bstrengthen|\bstabili[sz]|\bassist|\bsynergist|\bprimary mover|"
                           r"\bhelp(?:s)?\b|\bbuild")),
    ("function", re.compile(r"\bwhat (?:does|do) (?:the |your |my )?.+ do\b|\bfunction\b|\brole of\b|"
                            r"\bresponsible for\b")),
    ("definition", re.compile(r"^(?:what|who) (?:exactly |really |actually )?(?:is|are)\b|^whats\b|\bdefin|\bexplain\b|"
                              r"\bmeaning\b|\bwhat's\b")),
]
ROLE_FILTERS: list[tuple[str, re.Pattern[str]]] = [
    ("stabilizer", re.compile(r"\bstabili[sz]|\bstable\b|\bsteady\b|\bbalance\b")),
    ("synergist", re.compile(r"\bassist|\bsynergist|\bsecondary|\bhelp|\bsupporting")),
    ("primary", re.compile(r"\bprim(?:e|ary) mover|\bmain muscle|\bprimary muscle|\bmain target|"
                           r"\bmostly\b|\bmain(?:ly)? (?:work|target)")),
]
ASPECTS = {"breathing": "breathing", "programming": "sets-reps"}
_TEMPO = re.compile(r"\btempo\b|\bhow slow|\bhow fast|\bseconds\b|\bhow long\b|\bpause\b|\bhold\b")
SAFETY_ASPECT = [("pregnancy", re.compile(r"pregnan")), ("back", re.compile(r"\bback\b")),
                 ("professional", re.compile(r"professional|doctor|consult|physio|advice|therapist|sciatica|hernia|"
                                             r"arthritis|slipped disc|surgery|recovering from")),
                 ("pain", re.compile(r"\bpain|\bhurt"))]
# Relations no article states: asked about, they get "I don't know", not a near miss.
OUT_OF_SCOPE = re.compile(r"\bcalori|\bburn (?:fat|calories)|\blose weight|\bweight loss|\bprice|\bcost\b|"
                          r"\bbuy\b|\bpresident|\bweather|\bwho invented|\bhistory of\b|\bdiet\b|\bprotein\b")
# Exercise words: a question about an exercise the graph does not know must not fall back to another.
EXERCISE_WORDS = re.compile(r"\b(?:squats?|deadlifts?|lunges?|press(?:es)?|curls?|rows?|push-?ups?|pull-?ups?|"
                            r"planks?|crunch(?:es)?|burpees?|dips?|flyes?|flys?|raises?|thrusts?|bridges?|"
                            r"step-?ups?|clam ?shells?|sit-?ups?|swings?|snatch(?:es)?|cleans?|pulldowns?)\b")
NOT_FEELING = re.compile(r"\b(?:can't|cant|cannot|can not|don't|dont|do not|never|barely|hardly) (?:really )?"
                         r"(?:feel|feeling)\b")
YESNO = re.compile(r"^(?:does|do|is|are|can|will|should|would|could|did)\b")
STOP = set(
    (
        "the a an of in on for to do does is are what which who how i my me you your it its with "
        "and or by during when should can be any that this these those from at as into about"
    ).split()
)


@dataclass
class Link:
    iri: str
    label: str
    type: str
    surface: str
    start: int
    score: float = 100.0
    ambiguous: list[str] = field(default_factory=list)


@dataclass
class ParsedQuestion:
    text: str
    normalized: str
    intent: str
    entities: list[Link]
    yesno: bool = False
    role: str | None = None
    aspect: str | None = None
    most_common: bool = False
    out_of_scope: bool = False
    unknown_exercise: str | None = None
    qualifiers: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)

    def of_type(self, type_: str) -> list[Link]:
        return [e for e in self.entities if e.type == type_]

    def to_dict(self) -> dict[str, Any]:
        return {"intent": self.intent, "entities": [e.__dict__ for e in self.entities], "role": self.role,
                "aspect": self.aspect, "yesno": self.yesno, "corrections": self.corrections}


class QuestionParser:
    def __init__(self, index: GraphIndex) -> None:
        from spacy.matcher import PhraseMatcher

        self.index = index
        self.nlp = make_nlp()
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self.kind: dict[str, str] = {}
        words: set[str] = set()
        for iri, names in sorted(index.names.items()):
            type_ = next((t for t in LINKED_TYPES if index.is_a(iri, t)), None)
            if type_ is None and index.is_a(iri, "Variation"):
                type_ = "Exercise"
            if type_ is None:
                continue
            self.kind[iri] = type_
            names = set(names)
            if type_ == "Muscle":  # "lower back muscles" is also called "the lower back"
                names |= {m.group(1) for n in names if (m := _REGION.match(n.lower()))}
            # "the back of the thigh" is also "the back of your thigh" / "of my thighs"
            names |= {re.sub(r"\bthe\b", det, n.lower()) for n in names if " the " in f" {n.lower()} "
                      for det in ("my", "your")}
            patterns = [self.nlp(n.lower()) for n in sorted(names) if len(n) <= 60]
            self.matcher.add(iri, patterns)
            for n in names:
                words.update(_WORD.findall(n.lower()))
        for _, pattern in INTENTS:
            words.update(re.findall(r"[a-z]{4,}", re.sub(r"\\[a-zA-Z]", " ", pattern.pattern)))
        words.update(["muscles", "muscle", "exercises", "exercise", "mistakes", "benefits", "kickbacks", "kickback",
                      "equipment"])
        self.words = sorted(w for w in words if len(w) >= 4)
        # Every word of the cited sentences is a real word: never "correct" it into another one.
        quoted = {w for evs in index.node_evidence.values() for e in evs for w in _WORD.findall(e.quote.lower())}
        self._ws = set(self.words) | quoted
        # the head word of several exercises' names ("kickback") is ambiguous on its own
        self.heads: dict[str, set[str]] = {}
        for iri, type_ in self.kind.items():
            if type_ == "Exercise":
                for n in index.names[iri]:
                    self.heads.setdefault(normalize(n).split(" ")[-1], set()).add(self._root(iri))

    def namesakes(self, iri: str) -> list[str]:
        """The other root exercises whose names end in the same head word ("kickback")."""
        root = self._root(iri)
        heads = {normalize(n).split(" ")[-1] for n in self.index.names[root]}
        return sorted({r for h in heads for r in self.heads.get(h, ())} - {root})

    def _root(self, iri: str) -> str:
        return next(i for i in reversed(self.index.lineage(iri)) if not self.index.out(i, "variationOf"))

    def correct(self, text: str) -> tuple[str, dict[str, str]]:
        fixes: dict[str, str] = {}

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            if len(word) < 5 or word in STOP or word in self._wordset:
                return word
            singular = word[:-1] if word.endswith("s") else word
            if singular in self._wordset or word + "s" in self._wordset:
                return word
            best = process.extractOne(word, self.words, scorer=fuzz.ratio, score_cutoff=84)
            # a word that extends a known stem ("flare" of "flar", "stabilise" of "stabili") is no typo of it
            if best and best[0][0] == word[0] and not word.startswith(best[0]):
                fixes[word] = best[0]
                return str(best[0])
            return word

        return _WORD.sub(fix, text), fixes

    @property
    def _wordset(self) -> set[str]:
        if not hasattr(self, "_ws"):
            self._ws = set(self.words)
        return self._ws

    def parse(self, question: str) -> ParsedQuestion:
        if not isinstance(question, str) or not question.strip():
            raise QuestionError("the question is empty: ask e.g. 'what muscles do cable kickbacks work?'")
        if len(question) > MAX_LENGTH:
            raise QuestionError(f"the question is {len(question)} characters long; the limit is {MAX_LENGTH}")
        if not re.search(r"[A-Za-z]{2,}", question):
            raise QuestionError("the question has no words: ask e.g. 'what are the benefits of back kicks?'")
        lowered = " ".join(question.lower().replace("’", "'").split())
        corrected, fixes = self.correct(lowered)
        doc = self.nlp(corrected)
        links: list[Link] = []
        spans = []
        from spacy.util import filter_spans

        for match_id, start, end in self.matcher(doc):
            spans.append(doc[start:end].__class__(doc, start, end, label=match_id))
        for span in filter_spans(spans):
            iri = span.label_
            link = Link(iri, self.index.name(iri), self.kind[iri], span.text, span.start_char)
            head = normalize(span.text)
            roots = self.heads.get(head, set()) if " " not in head else set()
            if self.kind[iri] == "Exercise" and len(roots) > 1:
                link.ambiguous = sorted(r for r in roots if r != self._root(iri))
            links.append(link)
        for link in list(links):  # "standing and quadruped kickbacks": the head word serves both modifiers
            before = re.search(r"\b([a-z-]+) (?:and|or|vs\.?|versus) $", corrected[:link.start])
            if link.type == "Exercise" and before and " " in link.surface:
                name = f"{before.group(1)} {link.surface.split(' ')[-1]}"
                iri = next((i for i in sorted(self.index.by_name.get(normalize(name), ()))
                            if self.kind.get(i) == "Exercise"), None)
                if iri and not any(lk.start == before.start(1) and lk.type == "Exercise" for lk in links):
                    links = [lk for lk in links if lk.start != before.start(1)]  # "cable" is then no machine
                    links.insert(links.index(link), Link(iri, self.index.name(iri), "Exercise", before.group(1),
                                                         before.start(1)))
        # Cue words inside a linked name ("cable machine", "core stabilizers") do not set the intent.
        masked = corrected
        for lk in links:
            masked = masked[:lk.start] + " " * len(lk.surface) + masked[lk.start + len(lk.surface):]
        intent = next((name for name, pat in INTENTS if pat.search(masked)),
                      next((name for name, pat in INTENTS if pat.search(corrected)), "unknown"))
        if NOT_FEELING.search(masked) and intent in ("muscles", "unknown", "technique"):
            intent = "fix"  # "I can't feel my glutes working": the symptom of a mistake, asked to be fixed
        parsed = ParsedQuestion(question, corrected, intent, links, corrections=fixes)
        parsed.yesno = bool(YESNO.search(corrected)) and intent in ("muscles", "equipment", "unknown")
        parsed.role = next((r for r, pat in ROLE_FILTERS if pat.search(corrected)), None)
        parsed.most_common = bool(re.search(r"\bmost (?:common|frequent|typical)\b|\bbiggest\b", corrected))
        if intent in ASPECTS:
            parsed.aspect = "tempo" if intent == "programming" and _TEMPO.search(corrected) else ASPECTS[intent]
        elif intent == "safety":
            parsed.aspect = next((a for a, pat in SAFETY_ASPECT if pat.search(corrected)), None)
        parsed.out_of_scope = bool(OUT_OF_SCOPE.search(corrected))
        linked_spans = [(lk.start, lk.start + len(lk.surface)) for lk in links]
        for m in EXERCISE_WORDS.finditer(corrected):
            if not any(a <= m.start() < b for a, b in linked_spans) and m.group(0) != "swings":
                parsed.unknown_exercise = m.group(0)
                break
        taken = {t.i for s in filter_spans(spans) for t in s}
        parsed.qualifiers = [t.lemma_ for t in doc if t.i not in taken and t.is_alpha and len(t) > 3
                             and t.lower_ not in STOP and not any(p.search(t.lower_) for _, p in INTENTS)]
        return parsed


FOLLOW_UP = re.compile(r"^(?:and|also|what about|how about|same for|and what about)\b")
FOLLOWED_TYPES = ("Exercise", "Muscle", "Equipment")
PRONOUN = re.compile(r"\b(?:it|they|them|this|that|these|those|this exercise|that one)\b")


def follow_up(parsed: ParsedQuestion, previous: ParsedQuestion) -> list[str]:
    """Fill what a follow-up question leaves out from the previous turn; returns what was taken.

    "what mistakes should I avoid?" after a question about cable kickbacks takes the exercise;
    "and the tricep kickback?" after "what muscles do cable kickbacks work?" takes the intent.
    """
    taken: list[str] = []
    if parsed.out_of_scope or parsed.unknown_exercise:
        return taken
    named = [e for e in parsed.entities if e.type in FOLLOWED_TYPES]
    pronoun = bool(PRONOUN.search(parsed.normalized)) and not parsed.of_type("Exercise")
    if (not named or pronoun) and parsed.intent != "unknown":
        types = ("Exercise",) if named else FOLLOWED_TYPES
        carried = [e for e in previous.entities if e.type in types]
        if carried:
            parsed.entities = [*parsed.entities, *(Link(e.iri, e.label, e.type, e.surface, -1) for e in carried)]
            taken.append("entities")
    elif named and (parsed.intent == "unknown" or FOLLOW_UP.search(parsed.normalized)) \
            and previous.intent != "unknown" and parsed.intent in ("unknown", previous.intent):
        parsed.intent = previous.intent
        parsed.role = parsed.role or previous.role
        parsed.aspect = parsed.aspect or previous.aspect
        parsed.yesno = parsed.yesno or previous.yesno
        taken.append("intent")
        if parsed.yesno:  # "does it work the hamstrings?" / "and the gluteus medius?": keep the other side
            for type_ in ("Exercise", "Muscle"):
                if not parsed.of_type(type_):
                    parsed.entities += [e for e in previous.entities if e.type == type_]
    return taken
