"""Word cues the rules read: muscle roles, section kinds, imperatives, progression words.

These are about the *language* of fitness writing, not about any one article.
"""

from __future__ import annotations

import re

from ..words import IMPERATIVE_VERBS, is_imperative, nouns

__all__ = ["IMPERATIVE_VERBS", "is_imperative", "nouns"]  # the word classes rules read, re-exported

# ---- muscle roles -------------------------------------------------------------------------
ROLE_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("primary", re.compile(
        r"\bprim(?:e|ary) (?:mover|movers|muscle|muscles|engine|focus|target|driver)\b|\bmain target\b|"
        r"\b(?:primarily|mainly|mostly|chiefly|predominantly) (?:target|targets|targeting|work|works|working|engage|"
        r"engages|engaged|hit|hits|strengthen)\w*|"
        r"\bmost engaged\b|\bisolat(?:e|es|ing)\b|\btarget(?:s|ing|ed)?\b|\bdrives?\b|"
        r"\bmain (?:muscles?|workers?|movers?|drivers?)\b|"
        r"\bstar of the show\b|\b(?:most|bulk|majority) of the (?:work|lifting|effort)\b|\bheavy lifting\b|"
        r"\b(?:are|is) the stars?\b|\blead(?:ing)? role\b|"
        # "the frog stance biases the gluteus maximus" (but "emphasizes core engagement" is about form)
        r"\bbias(?:es|ed|ing)?\b")),
    ("synergist", re.compile(
        r"\bsynergis(?:t|ts|tic)\b|\bassist(?:s|ing|ance|ed)?\b|\bsecondary movers?\b|\bhelper muscles?\b|"
        r"\bsupporting (?:muscles?|cast|roles?|acts?|players?)\b|\b(?:chip|chips|pitch|pitches) in\b|"
        # "the quads help too" (but "helps stabilize the pelvis" is the stabilizer's cue)
        r"\bhelp(?:s|ing)?\b(?!\s+(?:to\s+)?(?:stabili|keep|hold|maintain|brace|prevent|control))")),
    ("stabilizer", re.compile(
        # "Piriformis (to a lesser extent)": a muscle marked as working less than the movers steadies the movement
        r"\bstabili[sz](?:e|es|ed|er|ers|ing|ation)\b|\bisometric(?:ally)?\b|\bmaintain balance\b|"
        r"\bto a (?:lesser|smaller|minor) (?:extent|degree)\b|"
        # "help hold the knees open", "your abs work to keep that tilt": holding a position is steadying it
        r"\bhelp(?:s|ing)? (?:to )?(?:hold|keep|maintain|control)\b|"
        r"\bwork(?:s|ing)? (?:hard )?to (?:keep|hold|maintain)\b|"
        r"\bbrac(?:e|es|ing)\b|\bstead(?:y|ies|ying)\b")),
]
# Muscle names that are also ordinary words, and the context in which they are the ordinary word: "the core of the
# movement" is its heart, not the trunk muscles.
NOT_A_MUSCLE = {"core": re.compile(r"^\s+of\b", re.I)}
# Words that say a muscle works without saying how: read as "primary" only when nothing better is said.
# ("the work", "more of the work": a noun, not the verb)
GENERIC_CUE = re.compile(r"(?<!the )\b(?:work|works|working|engage|engages|activate|activates|activated|"
                         r"strengthen|strengthens|recruit|recruits|hit|hits|train|trains|tension (?:on|in))\b")
# "X assists the gluteus maximus": the muscle after the cue is the one helped, not the helper.
ASSISTED_OBJECT = re.compile(r"\b(?:assist|help)(?:s|ing)?\s+(?:the\s+|your\s+)?$")
DIMINISHED = re.compile(r"\b(?:minimi[sz]e|minimi[sz]ed|reduc(?:e|es|ing)|less|without)\b")
CLAUSE_BREAK = re.compile(r",\s*(?:along with|with|while|whereas|but)\b|\s(?:while|whereas)\s|;|\s[–—-]\s")
# The next verb of a list of gerund phrases: a role cue does not reach past it to a later muscle
# ("maintaining a neutral spine, bracing the core, and focusing on a glute contraction": the
# bracing is the core's, not the glute's). Prepositions in -ing ("including", "during") are no verbs.
NEXT_GERUND = re.compile(r",\s*(?:and\s+|or\s+)?(?!(?:includ|dur|accord|regard|follow|concern)ing\b)[a-z]+ing\b")
PRONOUN_LEAD = re.compile(r"^(?:they|these|those|both|it)\s+(?!(?:is|are|was|were|includes?)\b)\w+", re.I)
INHERIT_ROLE = re.compile(r"^(?:this|these|they)(?:\s+\w+)?\s+(?:includes?|comprises?)\b", re.I)
NUMBER_BEFORE_GROUP = re.compile(r"\b(?:two|three|four|other|both)\b[\w\s]{0,20}$")
CONTEXT_ROLE: list[tuple[str, re.Pattern[str]]] = [
    ("primary", re.compile(r"\bprim(?:e|ary) movers?\b|\bprimary muscles?\b", re.I)),
    ("synergist", re.compile(r"\bsynergists?\b|\bassisting muscles\b|\bsecondary\b", re.I)),
    ("stabilizer", re.compile(r"\bstabili[sz]ers?\b|\btertiary\b", re.I)),
]


# A role word on its own, as a list label gives it: "Triceps brachii (primary)", "Hamstrings: secondary".
LABEL_ROLE: list[tuple[str, re.Pattern[str]]] = [
    ("primary", re.compile(r"\b(?:primary|prime|main)\b", re.I)),
    ("synergist", re.compile(r"\b(?:secondary|assists?|assisting|assistant|helpers?|synergists?)\b", re.I)),
    ("stabilizer", re.compile(r"\bstabili[sz](?:ers?|ing)\b", re.I)),
]


ROLE_PAREN = re.compile(r"^\s*\(([a-z ]{3,30})\)")


def label_role(text: str) -> str | None:
    for role, pattern in LABEL_ROLE:
        if pattern.search(text):
            return role
    return None


def role_in(text: str) -> str | None:
    """The role a heading or label names ("Synergists (Assisting Muscles)" -> synergist)."""
    for role, pattern in CONTEXT_ROLE:
        if pattern.search(text):
            return role
    return None


# ---- section kinds -------------------------------------------------------------------------
SECTION_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("faq", re.compile(r"frequently asked|\bfaqs?\b|key takeaways|summary|conclusion", re.I)),
    ("safety", re.compile(r"safety|precaution|consult|professional|contraindicat|when to see|caution|^stop if|"
                          r"when to stop", re.I)),
    ("mistakes", re.compile(r"mistake|error|pitfall|\bfaults?\b|what not to do|go(?:es)? wrong", re.I)),
    # "Who can benefit from ...?" asks about people: population is tried before benefits.
    ("population", re.compile(r"who (?:should|can|is)|suitable for|ideal for|who benefits|"
                              r"\bwho\b.*\bfor\b|(?:good|right|best) for\b|^who\b", re.I)),
    ("benefits", re.compile(r"benefit|advantage|why (?:do|should|you|train|use|bother|include|add)\b|"
                            r"real-world function|worth (?:it|doing|\w+ing)|\bhelpful\b|"
                            r"(?:what )?i(?:'ve|’ve| have) noticed|"
                            r"\bpay-?offs?\b|\bperks\b|why bother|what (?:it|they|you) (?:offers?|gets?|gains?)|"
                            r"\bwhy\b.*\bmatters\b", re.I)),
    ("variations", re.compile(r"variation|progression|regression|alternatives", re.I)),
    ("placement", re.compile(r"when to (?:incorporate|do|use)|routine|workout placement|programming|"
                             r"integrat|where (?:to|does)", re.I)),
    ("equipment", re.compile(r"equipment|\bkit\b|\bgear\b|what (?:do )?(?:i|you) need\b|what you(?:'ll| will)? need\b",
                             re.I)),
    ("muscles", re.compile(r"muscle|worked|targeted|engaged|activated|anatomy|(?:you'?ll|you will|you should) feel\b",
                           re.I)),
    # before technique: "Setup" and "Starting position" are how to get ready, not how to move
    ("setup", re.compile(r"\bset ?up\b|\bsetting up\b|starting position|get(?:ting)? into position|^position(?:ing)?$",
                         re.I)),
    ("technique", re.compile(r"key points|technique|cues?\b|tips|form\b|execution|how to|step", re.I)),
]
ITEM_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("correction", re.compile(r"^(?:correction|fix|how to fix|solution|instead)$", re.I)),
    ("issue", re.compile(r"^(?:issue|problem|why it matters|why)$", re.I)),
    ("pro", re.compile(r"^(?:pros?|advantages?|upsides?)$", re.I)),
    ("con", re.compile(r"^(?:cons?|disadvantages?|downsides?|drawbacks?)$", re.I)),
    ("progression", re.compile(r"^(?:progressions?|harder|make it harder|to progress)$", re.I)),
    ("regression", re.compile(r"^(?:regressions?|easier|make it easier)$", re.I)),
    ("guideline", re.compile(r"sets|reps|repetitions and|tempo|breathing|rest\b", re.I)),
    ("complement", re.compile(r"complementary|pair (?:it|them) with|goes well|pair with", re.I)),
    # "Notes:", "Coach's note:", "Tip:": running text about the entry, read as a paragraph
    ("note", re.compile(r"^(?:[\w'’]+\s+)?(?:notes?|tips?|remember|comments?)$", re.I)),
]
# "Fault: Using momentum.": a field that names a mistake by its value.
MISTAKE_FIELD = re.compile(r"^(?:(?:common|first|second|third|fourth|fifth|another|final|last|biggest|other|"
                           r"\d+(?:st|nd|rd|th)?|#\d+)\s+)?(?:fault|mistake|error|problem)s?$", re.I)


def section_kind(context: tuple[str, ...]) -> str:
    """The kind of the innermost context (item label, sub-heading, heading) that has one."""
    for text in reversed(context):
        for kind, pattern in SECTION_KINDS:
            if pattern.search(text or ""):
                return kind
    return "general"


def item_kind(label: str | None) -> str | None:
    if not label:
        return None
    for kind, pattern in ITEM_KINDS:
        if pattern.search(label):
            return kind
    return None


# ---- guidelines ----------------------------------------------------------------------------
SETS_REPS = re.compile(r"(?P<sets>\d+(?:\s*[-–]\s*\d+|\s+to\s+\d+)?)\s+sets?\s+of\s+"
                       r"(?P<reps>\d+(?:\s*[-–]\s*\d+|\s+to\s+\d+)?)", re.I)
ASPECTS: list[tuple[str, re.Pattern[str]]] = [
    ("breathing", re.compile(r"\b(?:inhale|exhale|breath\w*)\b", re.I)),
    ("sets-reps", re.compile(r"\d+(?:\s*[-–]\s*\d+)?\s+(?:sets?|reps?|repetitions)\b", re.I)),
    ("tempo", re.compile(r"\btempo\b|seconds? (?:up|down|hold|to lower)|time under tension|\bpause\b", re.I)),
    # "rest between sets", "90 seconds between sets", "at least 48 hours between sessions"
    ("rest", re.compile(r"\brest (?:between|period|for)\b|"
                        r"\b\d+\s*(?:seconds?|secs?|minutes?|mins?|hours?|days?)\s+(?:of rest|rest|between)\b", re.I)),
    # "3 times a week, every other day", "twice a week", "3 x/week", "1–2× per week", "once a day during rehab"
    ("frequency", re.compile(r"\b(?:\d+(?:\s*[-–]\s*\d+)?|once|twice|one|two|three|four|five)\s*(?:times?|x|×)?\s*"
                             r"(?:a|per|/|each)\s*(?:week|day|wk)\b|\b(?:every other|alternate) days?\b|"
                             r"\b\d+\s*x/week\b|\bon a daily basis\b|\bevery day\b|"
                             # "do them daily.", not "daily activities": the adverb, not the adjective
                             r"\bdaily\b(?=\s*(?:[.,;:!)]|$|for\b|until\b|during\b))", re.I)),
]


def aspects_of(text: str) -> list[str]:
    return [aspect for aspect, pattern in ASPECTS if pattern.search(text)]


def aspect_of(text: str) -> str | None:
    for aspect, pattern in ASPECTS:
        if pattern.search(text):
            return aspect
    return None


SAFETY_ASPECTS: list[tuple[str, re.Pattern[str]]] = [
    ("pregnancy", re.compile(r"pregnan", re.I)),
    ("back", re.compile(r"back pain|lower back|low back|spine|lumbar", re.I)),
    ("pain", re.compile(r"\bpain\b|discomfort|sore", re.I)),
    ("professional", re.compile(r"professional|physical therapist|doctor|consult|trainer|healthcare", re.I)),
]


def safety_aspects(text: str) -> list[str]:
    return [a for a, p in SAFETY_ASPECTS if p.search(text)] or ["general"]


# ---- corrections: imperative sentences (kgqa/words.py tells an order from a statement) ------------
# "Fix: keep your chest up.", "**Correction:** ...": a remedy announced inside a mistake's description.
CORRECTION_LEAD = re.compile(r"^[*_]*(?:(?:the\s+)?(?:fix|correction|solution|cue|how to fix(?: it)?|instead|try this|"
                             r"fix it|do this instead)[*_]*\s*[:–—-]|instead,)\s*[*_]*\s*", re.I)
# "Don't overextend at the top!", "Never let your knees cave in.", "Avoid rounding your back.": a warning
# that names a mistake by the action to leave out.
WARNING = re.compile(r"^(?:don'?t|don’t|do not|never|avoid|stop)\s+(?P<rest>[a-z].*?)[.!]*$", re.I)
# "You're Arching Your Back", "You Are Not Bracing": a listicle names the mistake in the second person.
SECOND_PERSON = re.compile(r"^(?:you'?re|you’re|you are|your are)\s+", re.I)




# ---- variations ------------------------------------------------------------------------------
REGRESSION_CUE = re.compile(r"\bbeginners?\b|\beasier\b|\bregress|\bwithout any added\b|\bless challenging\b|"
                            r"\bmodif(?:y|ied) (?:for|to make)\b", re.I)
PROGRESSION_CUE = re.compile(r"\bincreas\w*|\bchalleng\w*|\badd(?:s|ed|ing)?\b|\badvanced\b|\bprogress\w*|"
                             r"\bresistance\b|\bheavier\b|\bharder\b|\bintensity\b|\bload\b", re.I)
MISTAKE_CUE = re.compile(r"\b(?:common |biggest |frequent |typical )?(?:mistakes?|errors?|compensations?)\b",
                         re.I)
MOST_COMMON = re.compile(r"\bmost (?:common|frequent|typical)\b", re.I)
# "X is a(n) ... exercise", or names the family it belongs to ("... is a single-leg squat done with ...").
DEFINITION = re.compile(r"\b(?:is|are)\s+(?:a|an)\s+(?:[\w()-]+\s+){0,6}?(?:exercise|movement|move|lift|drill|"
                        r"squat|lunge|bridge|press|raise|row|curl|thrust|deadlift|hinge|kickback|stretch)s?\b", re.I)
# "Superset it with cable curls", "pairs well with push-ups", "paired with clamshells": another exercise done with it
PAIRING_CUE = re.compile(r"\b(?:superset(?:s|ted)?|pair(?:s|ed)?(?:\s+(?:it|them|well|nicely|up))*\s+"
                         r"(?:with|alongside)|goes well with|combine[sd]? (?:it |them )?with)\b", re.I)
# "Banded Lateral Walk (also called "crab walk" or side-stepping)", "the overhead tricep extension (often just "OHE")",
# "The SLDL (some people call it the single-leg RDL)", "single-leg deadlift (SLDL)": another name for an exercise.
def pairing_kind(text: str, cue: str, end: int) -> str:
    """"superset" when the cue says so or a parenthesis right after the exercise does ("Goblet squat (superset)"),
    else "pair"."""
    after = re.match(r"\s*\(([^)]*)\)", text[end:])
    return "superset" if "superset" in cue.lower() or (after and "superset" in after.group(1).lower()) else "pair"


ALIAS_PAREN = re.compile(r"\((?:(?:also|often|sometimes|commonly|usually)\s+)?(?:just\s+)?"
                         r"(?P<cue>called|known as|aka|a\.k\.a\.?|referred to as|some people call (?:it|them)(?: the)?|"
                         r"nicknamed)?\s*(?P<names>[^()]{2,80})\)")
ABBREVIATION = re.compile(r"^[A-Z][A-Z0-9]{1,5}s?$")
FUNCTION_CUE = re.compile(r"responsible for|main (?:role|function)|function is|primary (?:function|role)|"
                          r"(?:engine|driver) for", re.I)


# ---- entry names -----------------------------------------------------------------------------
def entry_name(text: str) -> str:
    """'You're Arching Your Back' -> 'Arching your back'; "Don't overextend at the top!" -> 'Overextending at
    the top'."""
    name = text.strip().rstrip(".!?").strip()
    name = SECOND_PERSON.sub("", name)
    warning = WARNING.match(name)
    if warning:
        first, _, rest = warning.group("rest").partition(" ")
        name = f"{_gerund(first.lower())} {rest}".strip() if not first.lower().endswith("ing") else warning.group(
            "rest")
    words = name.split()
    if len(words) > 1 and sum(w[:1].isupper() for w in words) >= len(words) - 1:  # Title Case
        name = " ".join([words[0], *(w.lower() for w in words[1:])])
    return name[:1].upper() + name[1:]


def _gerund(verb: str) -> str:
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
        return verb[:-1] + "ing"
    # let -> letting, drop -> dropping, squat -> squatting (the u of "qu" is no vowel)
    if re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", verb.replace("qu", "qw")):
        return verb + verb[-1] + "ing"
    return verb + "ing"
