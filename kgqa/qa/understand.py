"""Question -> ParsedQuestion: entities linked to the graph's own labels, an intent, filters.

Entity names come from the loaded graph (labels and synonyms), matched on lemmas as spaCy's
PhraseMatcher matches them after typo correction against the graph's own words (rapidfuzz). Questions
are tokenised and lemmatised as spaCy's blank English pipeline does, without importing it (kgqa.qa.tokens).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from ..errors import QuestionError
from ..lexicon import normalize
from .index import GraphIndex
from .linking import (
    EXERCISE_WORDS,
    STOP_WORDS,
    ExerciseNames,
    compound_aliases,
    data_lines,
    joined_pairs,
    keys,
    name_keys,
    singular,
    vocabulary_exercises,
    written_as,
)
from .sources import datasets
from .tokens import English, PhraseMatcher, filter_spans

_VERB = {key.strip(): [w.strip() for w in words.split(",")]
         for key, words in (line.split("=", 1) for line in data_lines("verb_subjects.txt"))}
# "when I squat": a one-word name right after a subject (and an adverb) is said as a verb (data: verb_subjects.txt)
AS_VERB_AFTER = re.compile(r"\b(?:" + "|".join(map(re.escape, _VERB["subjects"])) + r")\s+(?:(?:"
                           + "|".join(map(re.escape, _VERB["adverbs"])) + r")\s+)?$")

MAX_LENGTH = 500
CLIPPED = 3  # the fewest letters a clipped word of a name drops ("hyper" of "hyperextension")
CLIP_KEY = 5  # the fewest letters a clipped word of a name keeps
LINKED_TYPES = ("Exercise", "Muscle", "Equipment", "JointAction")
_WORD = re.compile(r"[a-z][a-z'-]*")
QUESTION_NAMES = {concept.strip(): {n.strip() for n in names.split(",")}
                  for concept, names in (line.split("=", 1) for line in data_lines("question_names.txt"))}
_REGION = re.compile(r"^([a-z]+ [a-z ]+) muscles?$")  # a region of two or more words + "muscle(s)"

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
    both: list[str] = field(default_factory=list)  # senses the question's words point to at once


@dataclass
class ParsedQuestion:
    text: str
    normalized: str
    entities: list[Link]
    intent: str = "unknown"  # the relation it was answered as (set by the answerer; a follow-up inherits it)
    lemmas: list[str] = field(default_factory=list)
    unknown_exercise: str | None = None
    qualifiers: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)

    def of_type(self, type_: str) -> list[Link]:
        return [e for e in self.entities if e.type == type_]

    def to_dict(self) -> dict[str, Any]:
        return {"intent": self.intent, "entities": [e.__dict__ for e in self.entities],
                "corrections": self.corrections}


class QuestionParser:
    def __init__(self, index: GraphIndex, extra_words: list[str] = ()) -> None:  # type: ignore[assignment]
        self.index = index
        self.nlp = English()
        self.matcher = PhraseMatcher()  # a name shared by two IRIs links the first added: IRIs in sorted order
        self.kind: dict[str, str] = {}
        words: set[str] = set()
        exercise_names = [n for iri, ns in index.names.items() if index.is_a(iri, "Exercise")
                          or index.is_a(iri, "Variation") for n in ns]
        joined = joined_pairs(exercise_names)  # "Pushups" is also "push-ups": other names write the words apart
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
            names |= QUESTION_NAMES.get("/".join(iri.rsplit("/", 2)[-2:]), set())  # "chest": the pectorals
            if type_ == "Exercise":
                names |= compound_aliases(names, joined)
            # "the back of the thigh" is also "the back of your thigh" / "of my thighs"
            names |= {re.sub(r"\bthe\b", det, n.lower()) for n in names if " the " in f" {n.lower()} "
                      for det in ("my", "your")}
            patterns = [self.nlp(n.lower()) for n in sorted(names) if len(n) <= 60]
            self.matcher.add(iri, patterns)
            for n in names:
                words.update(_WORD.findall(n.lower()))
        for text in extra_words:  # the relation exemplars' words are real words too: typos are corrected to them
            words.update(_WORD.findall(text.lower()))
        words.update(["muscles", "muscle", "exercises", "exercise", "mistakes", "benefits", "kickbacks", "kickback",
                      "equipment"])
        self.words = sorted(w for w in words if len(w) >= 4)
        # Every word of the cited sentences is a real word: never "correct" it into another one.
        quoted = {w for evs in index.node_evidence.values() for e in evs for w in _WORD.findall(e.quote.lower())}
        self._ws = set(self.words) | quoted
        self._known = self._ws | STOP  # what a word after "do"/"perform" may be without naming an exercise
        # exercise names of two or more words by the first letters of each word: a question may clip a name
        # ("reverse hyper"), and a clipped word keeps at least CLIP_KEY letters, so the names a question's words
        # may clip are looked up, not searched for; each with its place in the order the names are tried in
        self.clippable: dict[tuple[str, ...], list[tuple[int, list[str], str]]] = {}
        tried = 0
        for iri, type_ in sorted(self.kind.items()):
            for n in sorted(index.names[iri]) if type_ == "Exercise" else ():
                words = _WORD.findall(n.lower())
                if len(words) >= 2:
                    self.clippable.setdefault(_clip_key(words), []).append((tried, words, iri))
                    tried += 1
        self.clip_lengths = sorted({len(key) for key in self.clippable})
        self.clip_firsts = {key[0] for key in self.clippable}  # a name's first word is never the singularised last
        # the head word of several exercises' names ("kickback") is ambiguous on its own
        self.heads: dict[str, set[str]] = {}
        for iri, type_ in self.kind.items():
            if type_ == "Exercise":
                for n in index.names[iri]:
                    self.heads.setdefault(normalize(n).split(" ")[-1], set()).add(self._root(iri))
        # exercise names as users write them: shortened, abbreviated, by their head word (kgqa/qa/linking.py)
        exercises = {i: index.names[i] for i, t in self.kind.items() if t == "Exercise"}
        self.names = ExerciseNames(
            exercises, {i: index.name(i) for i in exercises},
            [n for i, t in sorted(self.kind.items()) if t != "Exercise" for n in index.names[i]], self._root,
            lambda i: (len(index.descendants(i)), index.fact_count(i)),
            boundaries=[w for text in extra_words for w in _WORD.findall(text.lower())],
            elsewhere=vocabulary_exercises())

        self.plain = self._ordinary_names(extra_words)

    def _ordinary_names(self, extra_words: list[str]) -> set[str]:
        """The exercises known only from a dataset's records whose names are ordinary words of a question: stop
        words, the exemplars' words, the words of muscles', equipment's and joint actions' names ("Elbows Back",
        "Leg Lift"), not the words that name exercises ("press"). Such a name links only when the question writes
        it as it is (`written_as`): "straightening my elbow back" or "my compound lifts" name no exercise, and do
        not displace one the question names. Nor does an ordinary word that only such records' names end in
        ("Squat with Plate Movers") make "the prime mover" an exercise the graph does not know."""
        ordinary = set(STOP_WORDS) | {w for text in extra_words for w in _WORD.findall(text.lower())}
        ordinary |= {w for i, t in self.kind.items() if t != "Exercise" for n in self.index.names[i]
                     for w in _WORD.findall(n.lower())}
        ordinary = {w for w in ordinary if not EXERCISE_WORDS.fullmatch(w)}  # "press", "curl" name exercises
        records = datasets(self.index)
        exercises = [i for i, t in self.kind.items() if t == "Exercise"]
        recorded = {i for i in exercises if records and (said := [e.document for _, d in self.index.out_edges(i)
                                                                   for e in d.get("all", ())])
                    and all(d in records for d in said)}
        heads = {i: {ks[-1] for n in self.index.names[i] if (ks := name_keys(n))} for i in exercises}
        ordinary_keys = {k for w in ordinary for k in keys(w) if not EXERCISE_WORDS.fullmatch(k)}
        self.names.ordinary_heads = set().union(*(heads[i] for i in recorded)) & ordinary_keys - set().union(
            *(heads[i] for i in exercises if i not in recorded))
        return {i for i in recorded if all(w in ordinary or singular(w) in ordinary
                                           for w in _WORD.findall(self.index.name(i).lower()))}

    def namesakes(self, iri: str) -> list[str]:
        """The other root exercises whose names end in the same head word ("kickback")."""
        root = self._root(iri)
        heads = {normalize(n).split(" ")[-1] for n in self.index.names[root]}
        return sorted({r for h in heads for r in self.heads.get(h, ())} - {root})

    def unknown_reason(self, parsed: ParsedQuestion) -> str:
        """Why a question about an exercise the graph does not know is not answered, and the nearest it knows."""
        phrase = parsed.unknown_exercise or ""
        near = self.names.closest(phrase, self.index.name)
        also = f" (the nearest it knows: {', '.join(f'the {n}' for n in near)})" if near else ""
        return f'The graph has no facts about "{phrase}"{also}.'

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

    def _loose_names(self, text: str, links: list[Link]) -> list[Link]:
        """`links`, with the exercises named by a clipping of their name ("reverse hypers" for the reverse
        hyperextension, as the articles themselves write it) or by a plural the lemmatiser does not fold ("cable
        pull-throughs"). Such a name wins over the shorter names inside it ("cable"), as the longest match does."""
        tokens = list(_WORD.finditer(text))
        said = [t.group(0) for t in tokens]
        for i, m in enumerate(tokens):
            for _, words, iri in self._clippings(said[i:]):
                window = said[i:i + len(words)]
                if window == words:
                    continue
                singular = [*window[:-1], window[-1][:-1]] if window[-1].endswith("s") else window
                if not (clipped(window, words) or singular == words or clipped(singular, words)):
                    continue
                start, end = m.start(), tokens[i + len(words) - 1].end()
                inside = [lk for lk in links if start <= lk.start and lk.start + len(lk.surface) <= end]
                if any(lk.start < end and start < lk.start + len(lk.surface) for lk in links if lk not in inside) \
                        or any(lk.type == "Exercise" or len(lk.surface) == end - start for lk in inside):
                    continue  # a name that links these very words ("ankle weight") is what they name
                links = sorted([*(lk for lk in links if lk not in inside),
                                Link(iri, self.index.name(iri), "Exercise", text[start:end], start)],
                               key=lambda lk: lk.start)
        return links

    def _clippings(self, said: list[str]) -> list[tuple[int, list[str], str]]:
        """The names of two or more words that the words `said` may start with a clipping of, in the order they are
        tried: those whose words begin as the words said do (the last one in the singular too: "hypers")."""
        found: list[tuple[int, list[str], str]] = []
        if not said or said[0][:CLIP_KEY] not in self.clip_firsts:  # no name of two or more words starts so
            return found
        for n in self.clip_lengths:
            if n > len(said):
                break
            window = said[:n]
            keys = {_clip_key(window)}
            if window[-1].endswith("s"):
                keys.add(_clip_key([*window[:-1], window[-1][:-1]]))
            found += [entry for key in keys for entry in self.clippable.get(key, ())]
        return sorted(found, key=lambda entry: entry[0])

    def _graph_names(self, text: str, links: list[Link]) -> list[Link]:
        """`links`, with the exercises named as users write them ("KB swings", "hip abduction machine"). Such a
        name wins over the shorter names inside it ("hip abduction", "deadlifts"), not over a link of the very
        same words, nor over one it only partly covers."""
        for m in self.names.link(text, [(lk.start, lk.start + len(lk.surface)) for lk in links]):
            inside = [lk for lk in links if m.start <= lk.start and lk.start + len(lk.surface) <= m.end]
            if any(lk.start < m.end and m.start < lk.start + len(lk.surface) for lk in links if lk not in inside) \
                    or any(len(lk.surface) == m.end - m.start or lk.iri == m.iri for lk in inside):
                continue
            links = sorted([*(lk for lk in links if lk not in inside),
                            Link(m.iri, self.index.name(m.iri), "Exercise", m.surface, m.start,
                                 ambiguous=m.ambiguous)], key=lambda lk: lk.start)
        return links

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
        spans = filter_spans(self.matcher(doc))
        for iri, start, end in spans:
            surface = corrected[doc[start].idx:doc[end - 1].idx + len(doc[end - 1])]
            link = Link(iri, self.index.name(iri), self.kind[iri], surface, doc[start].idx)
            if link.type == "Exercise" and end - start == 1 and AS_VERB_AFTER.search(corrected[:link.start]):
                continue  # "when I squat": doing it, not naming it
            head = normalize(surface)
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
        links = self._graph_names(corrected, self._loose_names(corrected, links))
        plain = [lk for lk in links if lk.iri in self.plain and not written_as(lk.surface, self.index.names[lk.iri])]
        links = [lk for lk in links if lk not in plain]
        parsed = ParsedQuestion(question, corrected, links, corrections=fixes,
                                lemmas=[t.lemma_.lower() for t in doc if not t.is_punct and not t.is_space])
        parsed.unknown_exercise = self.names.unknown(
            corrected, [(lk.start, lk.start + len(lk.surface)) for lk in links + plain], self._known)
        named = [(lk.start, lk.start + len(lk.surface)) for lk in links if lk.type == "Exercise"]
        taken = {i for _, start, end in spans for i in range(start, end)}
        if named:  # "KB swings" is a name, not a qualifier
            taken |= {t.i for t in doc if any(a <= t.idx < b for a, b in named)}
        parsed.qualifiers = [t.lemma_ for t in doc if t.i not in taken and t.is_alpha and len(t) > 3
                             and t.lower_ not in STOP]
        return parsed


def _clip_key(words: list[str]) -> tuple[str, ...]:
    """What a name shares with every clipping of it (`clipped`): the first CLIP_KEY letters of each word."""
    return tuple(w[:CLIP_KEY] for w in words)


def clipped(short: list[str], full: list[str]) -> bool:
    """Whether `short` clips `full` word by word ("reverse hyper", "reverse hyperextension"). The extractor unifies
    names by the same rule (kgqa.extract.pipeline.clipped); here, where any question's words are tried, a word
    that drops only an ending ("weight" of "weights") is inflected, not clipped (CLIPPED)."""
    if len(short) != len(full) or short == full:
        return False
    return all(y.startswith(x) and (x == y or len(x) >= CLIP_KEY and len(y) - len(x) >= CLIPPED)
               for x, y in zip(short, full, strict=True))


FOLLOW_UP = re.compile(r"^(?:and|also|what about|how about|same for|and what about)\b")
FOLLOWED_TYPES = ("Exercise", "Muscle", "Equipment")
PRONOUN = re.compile(r"\b(?:it|they|them|this|that|these|those|this exercise|that one)\b")


def follow_up(parsed: ParsedQuestion, previous: ParsedQuestion, placed: bool) -> list[str]:
    """Fill what a follow-up question leaves out from the previous turn; returns what was taken.

    "what mistakes should I avoid?" after a question about cable kickbacks takes the exercise;
    "and the tricep kickback?" after "what muscles do cable kickbacks work?" takes the relation
    (`placed` says whether the question's own relation was recognised with confidence).
    """
    taken: list[str] = []
    if parsed.unknown_exercise:
        return taken
    named = [e for e in parsed.entities if e.type in FOLLOWED_TYPES]
    pronoun = bool(PRONOUN.search(parsed.normalized)) and not parsed.of_type("Exercise")
    if (not named or pronoun) and placed:
        types = ("Exercise",) if named else FOLLOWED_TYPES
        carried = [e for e in previous.entities if e.type in types]
        if carried:
            parsed.entities = [*parsed.entities, *(Link(e.iri, e.label, e.type, e.surface, -1) for e in carried)]
            taken.append("entities")
    elif named and (not placed or FOLLOW_UP.search(parsed.normalized)) and previous.intent != "unknown":
        parsed.intent = previous.intent
        taken.append("intent")
        for type_ in ("Exercise", "Muscle"):  # "does it work the hamstrings?" / "and the gluteus medius?"
            if not parsed.of_type(type_):
                parsed.entities += [Link(e.iri, e.label, e.type, e.surface, -1)
                                    for e in previous.entities if e.type == type_]
    return taken
