"""Word classes of English, for telling an order from a statement and a name from a phrase.

From spaCy's lookup data (`spacy-lookups-data`, the WordNet-derived lemma index), so no model is
needed: which words are verbs, nouns, adjectives and adverbs in their base forms. The corpus reader
(a label is no instruction) and the extraction rules (a fix is an order; a name ends in a noun) read
them; this module sits below both.
"""

from __future__ import annotations

import functools
import gzip
import json
import re

IMPERATIVE_VERBS = set(
    "keep maintain focus aim squeeze prioritize prioritise start ensure avoid use reduce brace engage "
    "control perform lift limit imagine find pre-activate slow think hold try stop consult lower return "
    "drive push press tuck place choose select increase decrease gradually reset adjust breathe exhale "
    "inhale pause stand position check practice practise move extend contract activate relax remember "
    "make do don't never always go work let emphasize emphasise warm stay establish initiate complete attach "
    "secure set take begin bring lie".split()
)
_ADVERBS = {"consciously", "gradually", "always", "actively", "slowly", "instead", "then", "simply",
            "just", "first", "also", "carefully", "rather", "only", "even", "still"}
_LEADING_CLAUSE = re.compile(r"^(?:if|when|before|during|as|while|once|to|from|keeping|with|for|after)\b[^,]*,\s*",
                             re.I)


# What follows a verb given as an order: its object's determiner, a particle or a preposition ("Lock the elbow",
# "Pull your shoulder blade down", "Step far enough out", "Lean forward"). A noun after it ("Cable kickbacks pair
# nicely") makes the first word a noun.
_ORDER_FOLLOWERS = set("the your a an it them this that each every both one up down out in on off back forward "
                       "through with until so to into onto over away far all only slightly".split())


# An object after the verb: the one follower that tells a verb from an adjective ("Gentle on the elbow.").
_OBJECT_LEAD = set("the your a an it them this that each every both one".split())


@functools.cache
def _lemma_index() -> dict[str, list[str]]:
    """spaCy's lookup data: English base forms by word class (WordNet-derived lemma index)."""
    from importlib.resources import files

    return json.loads(gzip.decompress((files("spacy_lookups_data") / "data" / "en_lemma_index.json.gz").read_bytes()))


@functools.cache
def _word_classes() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """English verbs, adverbs and adjectives (base forms)."""
    data = _lemma_index()
    return frozenset(data["verb"]), frozenset(data["adv"]), frozenset(data["adj"])


@functools.cache
def nouns() -> frozenset[str]:
    """English nouns, in their base forms and with a plural "s" ("plates", "flexors")."""
    base = _lemma_index()["noun"]
    return frozenset(base) | frozenset(n + "s" for n in base) | frozenset(n + "es" for n in base)


def is_imperative(sentence: str) -> bool:
    """Does the sentence tell the reader what to do? ("Keep your ribs tucked down.", "Lock the elbow out.")

    The first word (after a leading clause and adverbs) is a verb in its base form followed by what an order's
    verb is followed by; the common ones are known outright."""
    text = _LEADING_CLAUSE.sub("", sentence.strip())
    words = re.findall(r"[a-z'’-]+", text.lower())
    while words and words[0] in _ADVERBS:
        words = words[1:]
    if not words:
        return False
    if words[0] == "do" and len(words) > 1 and words[1] == "not":
        return True
    if words[0] in IMPERATIVE_VERBS:
        return True
    if len(words) < 2 or not text[:1].isalpha():
        return False
    verbs, adverbs, adjectives = _word_classes()
    quoted = re.match(r"[a-z'’-]+\s+[\"“']", text.lower()) is not None  # Think "long leg" as you lift.
    if words[0] not in verbs:
        return False
    if words[0] in adjectives:  # "Slow the descent." but "Gentle on the elbow."
        return quoted or words[1] in _OBJECT_LEAD
    return quoted or words[1] in _ORDER_FOLLOWERS or words[1] in adverbs
