"""Exercise names as users write them, linked to the graph's own names (labels and altLabels).

A question rarely writes an exercise's name the way an article does: "KB swings" for the kettlebell
swing, "hip abduction machine" for the seated hip abduction machine, "lateral band walks" for the banded
lateral walk, "swings" for the one swing the graph knows. The names are read word by word: each word is
folded (plural, "-ed"/"-ing"/"-ion"/"-or" endings) and gym abbreviations are expanded (data:
abbreviations.txt), on the graph's names and on the question alike. A question's name is the run of words
that ends in a head word (the last word of an exercise's name) and reaches back until a word that ends a
name (data: name_boundaries.txt, and the relation exemplars' words). Each exercise whose name has that head
is scored by the words it shares with the run, weighted by how rare each word is among the exercises'
names, less half the weight of its words the run leaves out ("seated" of "seated hip abduction"). A word
of the run that the name lacks ("nordic" in "nordic curls") rules the exercise out: the run names another
exercise. The best exercise must lead the next by CLEAR_LEAD, or the link carries the others as
ambiguous, to be settled from the rest of the question as "kickbacks" is (kgqa/qa/senses.py).

A run that names an exercise or a machine and links to nothing is what `unknown` reports: the question is
about something the graph has no facts for, and is not answered for another exercise.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

DATA = Path(__file__).parent / "data"
CLEAR_LEAD = 0.5  # how far the best exercise's score must lead the next root's (a rare word's weight is ~3)
MISSING = 0.5  # how much a word of the graph's name that the question leaves out costs, against one it says
MAX_WORDS = 5  # the longest run of words read as one name
GENERIC_TAIL = {"machine", "exercise", "movement"}  # "seated leg curl machine" is the seated leg curl
_TOKEN = re.compile(r"[a-z0-9]+")
_JOINED = re.compile(r"[\s-]*")  # what may stand between two words of one name
_ENDINGS = (("ion", 7), ("or", 7), ("ing", 6), ("ed", 6))  # (ending, shortest word it is cut from)
# where a name's qualifier starts: a spaced dash, a bracket; and the prepositions that may start one
_QUALIFIED = re.compile(r"\s+-\s*|\s*\(")
QUALIFYING = frozenset("with without using on in".split())


def data_lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    short.strip(): tuple(long.split())
    for short, long in (line.split("=", 1) for line in data_lines("abbreviations.txt"))}
BOUNDARIES = frozenset(w for line in data_lines("name_boundaries.txt") for w in line.split())
STOP_WORDS = frozenset(data_lines("stop_words.txt"))  # spaCy's English stop words (a copy: no spaCy import)
# Exercise words (data: exercise_words.txt): an exercise the graph does not know must not fall back to another.
EXERCISE_WORDS = re.compile(r"\b(?:" + "|".join(data_lines("exercise_words.txt")) + r")\b")
# "swing my leg", "press it back": the word used as a verb names no exercise
AS_VERB = re.compile(r"\s+(?:my|your|his|her|it|them|the|up|back|out|down|through|into|forward)\b")
# "doing nordics", "perform the jefferson curl": what is done is an exercise
DONE = re.compile(r"\b(?:do|doing|perform|performing)\s+(?:(?:the|a|an|some|more)\s+)?([a-z][a-z'-]{3,})")


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ps")):
        return word[:-1]
    return word


def stem(word: str) -> str:
    """A word's matching key: singular, without the endings that turn one name word into another
    ("banded" band, "abductor" and "abduction" abduct)."""
    word = singular(word)
    for ending, shortest in _ENDINGS:
        if len(word) >= shortest and word.endswith(ending):
            return word[:-len(ending)]
    return word


def written_as(surface: str, names: Iterable[str]) -> bool:
    """Whether a question writes one of `names` as it is, word for word, the last word also in the plural
    ("leg lifts" the Leg Lift; not "lifts", nor "elbow back" for Elbows Back)."""
    said = _TOKEN.findall(surface.lower())
    for name in names:
        own = _TOKEN.findall(name.lower())
        if said == own or (len(said) == len(own) and said[:-1] == own[:-1] and said[-1] in (f"{own[-1]}s",
                                                                                               f"{own[-1]}es")):
            return True
    return False


@cache
def keys(word: str) -> tuple[str, ...]:
    """The stems a written word stands for: an abbreviation stands for several ("rdls" romanian, deadlift)."""
    short = singular(word)
    return tuple(stem(w) for w in ABBREVIATIONS.get(word, ABBREVIATIONS.get(short, (word,))))


def name_keys(name: str, cut: bool = True) -> tuple[str, ...]:
    """A name's stems, in order, without a generic last word ("seated leg curl machine": seat, leg, curl) and, when
    `cut`, without the qualifier after its head: a spaced dash or a bracket ("Barbell Bench Press - Medium Grip",
    "Front Squat (Clean Grip)"), or "with", "on"... after two words or more ("single-leg glute bridge with ankle
    weight"). A boundary word within the name's own words ("Standing One-Arm Cable Curl", "Bent Over Barbell Row",
    "Hug Knees To Chest") cuts nothing: cutting there would make a modifier the name's head ("standing", "knee")."""
    if cut:
        name = _QUALIFIED.split(name, maxsplit=1)[0] or name
    words: list[str] = []
    for w in _TOKEN.findall(name.lower()):
        if w in BOUNDARIES:
            if cut and w in QUALIFYING and len(words) >= 2:
                break
            continue
        words += keys(w)
    while len(words) > 1 and words[-1] in GENERIC_TAIL:
        words.pop()
    return tuple(words)


class Word(NamedTuple):
    text: str
    start: int
    end: int
    keys: tuple[str, ...]


@dataclass
class NameMatch:
    """Where a question names an exercise, which one, and the other exercises it may as well mean."""

    iri: str
    start: int
    end: int
    surface: str
    ambiguous: list[str] = field(default_factory=list)


class Run(NamedTuple):
    """The words a question names something with: from the first to the head word, and a machine after it."""

    words: tuple[Word, ...]
    end: int
    machine: bool

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def head(self) -> str:
        return self.words[-1].keys[-1]

    @property
    def keys(self) -> set[str]:
        return {k for w in self.words for k in w.keys}


class ExerciseNames:
    """The graph's exercise names, word by word, and how a question's run of words scores against them."""

    def __init__(self, names: dict[str, Iterable[str]], labels: dict[str, str], others: Iterable[str],
                 root: Callable[[str], str], prominence: Callable[[str], tuple], boundaries: Iterable[str] = (),
                 elsewhere: Iterable[str] = ()) -> None:
        """`names`: every name of each exercise; `labels`: its preferred name; `others`: the names of the
        muscles, equipment and joint actions; `root`: the exercise a variation varies; `prominence`: a sort key,
        larger for the exercise the articles say more about; `boundaries`: more words that end a name;
        `elsewhere`: the names of exercises the graph does not have (the vocabulary's "deadlift" when the graph
        has only the single-leg Romanian deadlift): a question naming one of them is not about another."""
        other_keys = {name_keys(n, cut=False) for n in others}
        self.other_words = {k for ks in other_keys for k in ks}
        other_heads = {ks[-1] for ks in other_keys if ks}
        self.root = {iri: root(iri) for iri in names}
        self.prominence = {r: prominence(r) for r in set(self.root.values())}
        self.names: dict[str, list[tuple[str, ...]]] = defaultdict(list)  # head -> names; iri by self.iri_of
        self.iri_of: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for iri, own in sorted(names.items()):
            for name in sorted(own):
                ks = name_keys(name)
                if not ks or ks in other_keys:  # "Ankle Weights" as a heading's name of an exercise: the equipment
                    continue
                if ks not in self.iri_of:
                    self.names[ks[-1]].append(ks)
                self.iri_of[ks].add(iri)
        words_of: dict[str, set[str]] = defaultdict(set)  # the words of each exercise's names
        for ks, iris in self.iri_of.items():
            for iri in iris:
                words_of[iri].update(ks)
        df: dict[str, int] = defaultdict(int)
        for iri in names:
            for k in words_of.get(iri, ()):
                df[k] += 1
        total = max(len(names), 1)
        self.weight = {k: math.log(1 + total / n) for k, n in df.items()}
        # a head word alone names an exercise when it ends a preferred name and no muscle, equipment or joint action
        self.heads = {name_keys(label)[-1] for label in labels.values() if name_keys(label)} - other_heads
        # a function word ("Pull Through", "Isometric Neck Exercise - Sides") names an exercise only with the rest
        # nor a word of a muscle's, equipment's or joint action's name ("knees", "resistance")
        self.heads = {h for h in self.heads if len(h) >= 4 and h not in STOP_WORDS and h not in self.other_words}
        words = {k for ks in self.iri_of for k in ks}
        # the listed words always end a name; the stop words and exemplars' words unless a name has them ("back")
        self.boundaries = BOUNDARIES | ((STOP_WORDS | set(boundaries)) - words - self.other_words)
        had = {frozenset(ks) for ks in self.iri_of}
        self.elsewhere = {frozenset(ks) for n in elsewhere if (ks := name_keys(n))} - had
        self.elsewhere_words = {k for ks in self.elsewhere for k in ks}
        self._last: tuple[str, list[Word], list[Run]] = ("", [], [])  # the last text read, its words and runs
        # head words that are ordinary words of a question and end only names a dataset gives (set by the parser)
        self.ordinary_heads: set[str] = set()

    # ---- reading a question ----------------------------------------------------------------
    @staticmethod
    def words(text: str) -> list[Word]:
        return [Word(m.group(0), m.start(), m.end(), keys(m.group(0))) for m in _TOKEN.finditer(text)]

    def runs(self, text: str) -> list[Run]:
        """Each run of words that ends in a word some exercise's name ends in (the last text's kept: a question
        is linked, then searched for what is unknown)."""
        return self._read(text)[2]

    def _read(self, text: str) -> tuple[str, list[Word], list[Run]]:
        kept = self._last  # one read of the attribute: another thread may replace it meanwhile
        if kept[0] != text:
            words = self.words(text)
            kept = self._last = (text, words, self._runs_of(text, words))
        return kept

    def _runs_of(self, text: str, words: list[Word]) -> list[Run]:
        found = []
        for j, w in enumerate(words):
            if w.keys[-1] not in self.names:
                continue
            i = j
            while i > 0 and j - i + 1 < MAX_WORDS and self._joined(text, words[i - 1], words[i]) \
                    and words[i - 1].text not in self.boundaries:
                i -= 1
            after = words[j + 1] if j + 1 < len(words) else None
            machine = bool(after and after.keys == ("machine",) and self._joined(text, w, after))
            found.append(Run(tuple(words[i:j + 1]), after.end if machine and after else w.end, machine))
        return found

    @staticmethod
    def _joined(text: str, a: Word, b: Word) -> bool:
        return bool(_JOINED.fullmatch(text[a.end:b.start]))

    def score(self, run: Run, name: tuple[str, ...]) -> float | None:
        """How well `name` fits the run: None when the run says a word the name lacks."""
        said, own = run.keys, set(name)
        if said - own:
            return None
        return sum(self.weight.get(k, 0.0) for k in said) - MISSING * sum(self.weight.get(k, 0.0) for k in own - said)

    def _named(self, run: Run) -> bool:
        """Whether the run's words are enough to name an exercise by: a word no muscle, equipment or joint
        action has ("swing", "seated"), or a machine ("the abductor machine"); a head word alone only in the
        plural, as exercises are named ("how many swings", not "swing my leg"), and only the head of some
        exercise's preferred name (not of a heading's name for it, "Dumbbell Between Knee")."""
        said = run.keys
        plural = run.words[-1].text != singular(run.words[-1].text)  # "do hip abductions": the exercise, named
        if not (run.machine or said - self.other_words or plural and len(said) > 1):
            return False
        if len(said) > 1 or run.machine:
            return True
        return run.head in self.heads and plural

    def match(self, run: Run) -> NameMatch | None:
        if not self._named(run) or frozenset(run.keys) in self.elsewhere:
            return None
        scores: dict[str, float] = {}  # exercise -> its best name's score
        for name in self.names.get(run.head, ()):
            score = self.score(run, name)
            if score is not None:
                for iri in self.iri_of[name]:
                    scores[iri] = max(scores.get(iri, score), score)
        if not scores:
            return None
        # each family's best: the nearer name, then the general exercise over a variation of it
        best: dict[str, str] = {}
        for iri in sorted(scores, key=lambda i: (-scores[i], i != self.root[i], i)):
            best.setdefault(self.root[iri], iri)
        top = max(scores.values())
        close = sorted(r for r, iri in best.items() if top - scores[iri] < CLEAR_LEAD)
        # a tie between exercises: the one the articles say more about, the others ambiguous (settled from context)
        first = max(close, key=lambda r: (self.prominence[r], r))
        return NameMatch(best[first], run.start, run.end, "", [r for r in close if r != first])

    def link(self, text: str, taken: Iterable[tuple[int, int]] = ()) -> list[NameMatch]:
        """The exercises the text names, longest runs first, none overlapping; not those of the `taken` spans
        (words another link names already)."""
        found: list[NameMatch] = []
        taken = set(taken)
        for run in sorted(self.runs(text), key=lambda r: (r.start - r.end, r.start)):
            if (run.start, run.end) in taken or any(m.start < run.end and run.start < m.end for m in found):
                continue
            m = self.match(run)
            if m is not None:
                m.surface = text[m.start:m.end]
                found.append(m)
        return sorted(found, key=lambda m: m.start)

    def unknown(self, text: str, linked: list[tuple[int, int]], known: set[str]) -> str | None:
        """What the text names as an exercise or a machine that no link covers ("nordic curls"), or None.

        `linked` are the character spans of the question's links; `known` the words the graph and the
        exemplars use (a word after "do"/"perform" that is none of them is an exercise's name)."""
        def free(start: int, end: int) -> bool:
            return not any(a < end and start < b for a, b in linked)

        for run in self.runs(text):  # a run ending in an exercise's head word, used as a name
            if free(run.words[-1].start, run.end) and self._names_one(run, known):
                return text[run.start:run.end]
        words = self._read(text)[1]
        elsewhere = [all(k in self.elsewhere_words for k in w.keys) for w in words]  # each word's, once
        for a in range(len(words)):  # "clamshells": the vocabulary's exercise, not the graph's
            b = a
            while b < min(a + MAX_WORDS, len(words)) and elsewhere[b]:
                b += 1
                if frozenset(k for w in words[a:b] for k in w.keys) in self.elsewhere \
                        and free(words[a].start, words[b - 1].end):
                    return text[words[a].start:words[b - 1].end]
        for m in EXERCISE_WORDS.finditer(text):
            if free(m.start(), m.end()) and not AS_VERB.match(text[m.end():]):
                return self._phrase(text, m.start(), m.end())
        for m in re.finditer(r"\bmachines?\b", text):  # "the smith machine": a machine the graph does not know
            before = self.words(text[:m.start()])
            # "machine" linked alone (a question's name for the weight machine) still ends an unknown name
            bare = (m.start(), m.end()) in linked and bool(before) and free(before[-1].start, before[-1].end)
            if before and (free(m.start(), m.end()) or bare) and before[-1].text not in self.boundaries \
                    and _JOINED.fullmatch(text[before[-1].end:m.start()]):
                return self._phrase(text, m.start(), m.end())
        for m in DONE.finditer(text):
            word = m.group(1).strip("'-")
            if word not in known and word not in self.boundaries and free(m.start(1), m.end(1)):
                base = end = m.end(1)  # "doing skull crushers": the words after it that belong to its name
                for w in self.words(text[base:])[:2]:
                    if w.text in self.boundaries or not _JOINED.fullmatch(text[end:base + w.start]):
                        break
                    end = base + w.end
                return text[m.start(1):end]
        return None

    def _names_one(self, run: Run, known: set[str]) -> bool:
        """Whether a run that links to nothing still reads as an exercise's name: a machine; a head word of an
        exercise's preferred name, plural ("swings") or after a word that no muscle, equipment or joint action
        has and the graph's sentences never use ("nordic curl"). A word the sentences use ("slight bend", "full
        squeeze") is the question's own: with a dataset's names, "bend" and "squeeze" are heads of some."""
        w = run.words[-1]
        if run.machine:
            return True
        if run.head in self.ordinary_heads:  # "prime movers" is the question's own (understand.py)
            return False
        modifiers = {k for x in run.words[:-1] if x.text not in known for k in x.keys}
        return run.head in self.heads and (w.text != singular(w.text) or bool(modifiers - self.other_words))

    def _phrase(self, text: str, start: int, end: int) -> str:
        """The words before `start` that belong to the same name ("nordic curls" around "curls")."""
        words = self.words(text[:start])
        k = len(words)
        while k > 0 and len(words) - k < MAX_WORDS - 1 and words[k - 1].text not in self.boundaries \
                and _JOINED.fullmatch(text[words[k - 1].end:(words[k].start if k < len(words) else start)]):
            k -= 1
        machine = re.match(r"[\s-]*machines?\b", text[end:])  # "the leg press machine"
        return text[words[k].start if k < len(words) else start:end + (machine.end() if machine else 0)]

    def closest(self, phrase: str, label: Callable[[str], str], n: int = 3) -> list[str]:
        """The preferred names of the exercises whose names end in the unknown name's head word ("seated leg curl"
        for "nordic curls"), the most words shared first."""
        said = name_keys(phrase)
        scored: dict[str, float] = {}
        for ks in self.names.get(said[-1], ()) if said else ():
            for iri in self.iri_of[ks]:
                root = self.root[iri]
                scored[root] = max(scored.get(root, 0.0), sum(self.weight.get(k, 0.0) for k in set(said) & set(ks)))
        return [label(r) for r in sorted(scored, key=lambda r: (-scored[r], label(r)))[:n]]


def joined_pairs(names: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Two words written apart in some names, keyed by how they read written as one ("pushups": push, ups)."""
    found: dict[str, tuple[str, str]] = {}
    for name in names:
        words = re.findall(r"[a-z]+", name.lower())
        for a, b in zip(words, words[1:], strict=False):
            found.setdefault(a + b, (a, b))
    return found


def compound_aliases(names: Iterable[str], joined: dict[str, tuple[str, str]]) -> set[str]:
    """A name's other spellings where one of its words is two words other names write apart: "Pushups" is
    also "push-ups" and "push ups", as "Push-Ups With Feet Elevated" writes them ("V-Bar Pullup": "pull-up");
    and a hyphenated name is also its words apart ("Sit-Up": "sit up")."""
    apart = {re.sub(r"(?<=[a-z])-(?=[a-z])", " ", name.lower()) for name in names if "-" in name}  # "sit up"
    return apart | {re.sub(rf"\b{word}\b", spelled, name.lower()) for name in names
                    for word in set(re.findall(r"[a-z]+", name.lower())) if (pair := joined.get(word))
                    for spelled in ("-".join(pair), " ".join(pair))}


@cache
def vocabulary_exercises() -> tuple[str, ...]:
    """Every name of every exercise the vocabulary knows (ontology/vocabulary.ttl), whether the graph has it or not."""
    from ..lexicon import Lexicon, load_vocabulary

    return tuple(sorted({label for term in Lexicon(load_vocabulary()).of_kind("exercise") for label in term.labels}))
