"""Benefits argued in prose, named by what the sentence says they do.

Labelled lists name their benefits; prose argues them: "Step-ups ... make climbing stairs easier",
"they help with getting up from a low chair", "They improve balance", "they are kind to the lower
back", "abductor strength is linked to better balance", "You use them every time you get up from a
chair, climb stairs or get in and out of a car". Each pattern below is one way English states what
an exercise does for you; the phrase it captures, without describing words, names the benefit
("climbing stairs", "getting up from a chair", "balance", "kind to the lower back"). Read only in
benefit sections and in paragraphs that open on benefits, where these verbs argue benefits.
"""

from __future__ import annotations

import re

from .cues import entry_name
from .minting import DESCRIPTIVE

_END = r"(?=\s+(?:without|when|while|because|since|so|which|as|by|during|if)\b|[,.;:!?)]|\s+and\s+(?:they|it|you)\b|$)"
# (pattern, how the phrase names the benefit)
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bmak(?:e|es|ing) (?P<x>[a-z][\w' -]{2,40}?) (?:easier|safer|smoother|more comfortable)\b", re.I),
     "{x}"),
    (re.compile(rf"\bhelps? (?:you )?with (?P<x>[a-z]+ing\b[\w' -]{{0,40}}?){_END}", re.I), "{x}"),
    (re.compile(rf"\bimprov(?:e|es|ing) (?:your |their )?(?P<x>[a-z][\w -]{{2,30}}?){_END}", re.I), "{x}"),
    (re.compile(rf"\b(?:is|are) kind to (?:the |your )?(?P<x>[a-z][\w -]{{2,20}}?){_END}", re.I), "kind to the {x}"),
    (re.compile(rf"\blinked to (?:better|greater|improved) (?P<x>[a-z][\w -]{{2,20}}?){_END}", re.I), "{x}"),
]
# "every time you get up from a chair, climb stairs or get in and out of a car": the tasks a muscle serves
TASKS = re.compile(r"\b(?:every time|whenever|each time) you (?P<x>[a-z][^.;:!?]{5,120})", re.I)
_TASK_SPLIT = re.compile(r",\s*(?:or\s+|and\s+)?|\s+or\s+")
_MAX_WORDS = 8
# words that name no benefit on their own ("make everyday tasks easier", "improve things")
_VAGUE = frozenset("it them this that things tasks life activities everything stuff results".split())


def benefit_phrases(sentence: str) -> list[str]:
    """The benefits a sentence argues, each named by a short phrase."""
    found: list[str] = []
    for pattern, form in PATTERNS:
        for match in pattern.finditer(sentence):
            name = _name(match.group("x"))
            if name:
                found.append(form.format(x=name))
    tasks = TASKS.search(sentence)
    if tasks:
        for part in _TASK_SPLIT.split(tasks.group("x")):
            name = _name(part)
            if name and len(name.split()) >= 2:
                found.append(entry_name(f"don't {name}").lower() if not name.split()[0].endswith("ing") else name)
    return [f for f in dict.fromkeys(found) if f]


def _name(phrase: str) -> str | None:
    words = [w for w in phrase.strip().split() if w.lower() not in DESCRIPTIVE]
    while words and words[0].lower() in ("a", "an", "the", "your", "their", "everyday", "daily"):
        words = words[1:]
    if not words or len(words) > _MAX_WORDS or words[0].lower() in _VAGUE or (len(words) == 1 and words[0] in _VAGUE):
        return None
    return " ".join(words).lower()
