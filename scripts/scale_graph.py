"""Synthetic kgqa graphs of realistic shape, of any size, for scripts/bench_scale.py.

A graph of N exercise "families", each from one synthetic article: the exercise (a name the vocabulary lacks,
so a minted node, e.g. "bakeno press"), two variations of it ("banded bakeno press"), muscles with roles
(vocabulary muscles: a few prime movers shared by many exercises, the rest spread over all ~300), equipment,
mistakes with their corrections, benefits, a technique cue, a guideline, and a definition; every fact with
its evidence sentence in the article, at its offsets. Mistakes and benefits come from a pool shared across
articles, as common mistakes are in a real corpus, so their nodes gather sources as the graph grows.

The facts go through kgqa's own graph builder (`kgqa.graph.builder.build_graph`), so the graph has exactly
the shape `kgqa build` gives: involvement nodes, reified statements, PROV-O evidence, minted nodes, the
vocabulary entries the facts use; it conforms to the SHACL shapes. About 350 triples per family.
"""

from __future__ import annotations

import random
from pathlib import Path

from rdflib import Graph

from kgqa.corpus import Document
from kgqa.extract.facts import Evidence, Fact
from kgqa.graph.builder import build_graph
from kgqa.lexicon import Lexicon, slugify
from kgqa.terms import entity_iri

__all__ = ["Family", "exercise_name", "families_for", "family", "generate", "pools"]

_ONSETS = "b d f g k l m n p r s t v z br dr gr kl pl tr".split()
_VOWELS = "a e i o u".split()
MOVEMENTS = "press row raise curl lift lunge bridge squat kick pull swing hold".split()
VARIANTS = ("banded", "single-leg")
_FAULTS = ("rushing", "locking", "rounding", "twisting", "shrugging", "bouncing", "arching", "dropping", "flaring",
           "collapsing")
_PARTS = ("the knees", "the elbows", "the lower back", "the shoulders", "the hips", "the neck", "the wrists",
          "the ribs", "the ankles", "the chest", "the pelvis", "the upper back")
_GAINS = ("stronger", "steadier", "more mobile", "more stable", "better balanced", "more powerful", "healthier")
_AREAS = ("hips", "knees", "shoulders", "posture", "core", "grip", "back", "stride", "balance")
_SECTIONS = ("Muscles Worked", "Equipment", "Common Mistakes", "Benefits", "Variations", "How to Do It")
# prime movers: a few muscles most articles name, as the glutes and quads are in a real corpus
PRIME = ("gluteus maximus", "gluteus medius", "quadriceps", "hamstrings", "latissimus dorsi", "deltoids",
         "pectoralis major", "triceps brachii", "biceps brachii", "erector spinae", "rectus abdominis", "obliques")
# the muscles training articles name besides (the anatomy's ~300 include the thyroarytenoid)
COMMON = PRIME + (
    "glutes", "gluteus minimus", "adductors", "hip flexors", "calves", "core", "biceps femoris", "semitendinosus",
    "semimembranosus", "tensor fasciae latae", "transverse abdominis", "external oblique", "internal oblique",
    "trapezius", "posterior deltoid", "pectorals", "rhomboids", "rotator cuff", "serratus anterior", "soleus",
    "gastrocnemius", "tibialis anterior", "piriformis", "multifidus", "quadratus lumborum", "brachialis",
    "brachioradialis", "teres major", "infraspinatus", "supraspinatus", "vastus lateralis", "vastus medialis",
    "rectus femoris", "sartorius", "iliopsoas", "levator scapulae")


def exercise_name(k: int) -> str:
    """The k-th synthetic exercise: a made-up word (unique for each k) and a movement, e.g. "bakeno press"."""
    syllables = []
    space = (len(_ONSETS) * len(_VOWELS)) ** 3
    n = (k % space * 7919 + 104729) % space + k // space * space  # spread over the syllables: a bijection
    for _ in range(3):
        n, s = divmod(n, len(_ONSETS) * len(_VOWELS))
        syllables.append(_ONSETS[s // len(_VOWELS)] + _VOWELS[s % len(_VOWELS)])
    word = "".join(syllables) + (str(n) if n else "")  # 1 M names before a digit is needed
    return f"{word} {MOVEMENTS[k % len(MOVEMENTS)]}"


class Family:
    """The facts of one synthetic article about exercise k, with their sentences; `document` is the article."""

    def __init__(self, k: int, lexicon: Lexicon, muscles: list[str], equipment: list[str]) -> None:
        rnd = random.Random(k)
        self.k = k
        self.name = exercise_name(k)
        self.doc_id = f"synthetic-{k:07d}"
        self.iri = str(entity_iri("exercise", slugify(self.name)))
        self.variations = {str(entity_iri("exercise", slugify(f"{v} {self.name}"))): f"{v} {self.name}"
                           for v in VARIANTS}
        self.facts: list[Fact] = []
        self._text: list[str] = []
        self._offset = 0
        self.lx = lexicon
        name = self.name
        primary = lexicon.resolve(rnd.choice(PRIME), "muscle") or muscles[0]
        others = rnd.sample([m for m in muscles if m != primary], 3)
        self.muscles = {primary: "primary", others[0]: "synergist", others[1]: "synergist", others[2]: "stabilizer"}
        self.equipment = rnd.sample(equipment, 2)
        self.mistakes = [f"{rnd.choice(_FAULTS)} {rnd.choice(_PARTS)}" for _ in range(2)]
        self.benefits = [f"{rnd.choice(_GAINS)} {rnd.choice(_AREAS)}" for _ in range(2)]
        if self.mistakes[0] == self.mistakes[1]:
            self.mistakes.pop()
        if self.benefits[0] == self.benefits[1]:
            self.benefits.pop()

        self._say("definition", "", name, f"The {name} is a strength exercise you can learn in one session.",
                  "How to Do It", text=f"The {name} is a strength exercise you can learn in one session.")
        said = {"primary": "works the {m} as the prime mover", "synergist": "also trains the {m} as a synergist",
                "stabilizer": "asks the {m} to stabilise the body"}
        for muscle, role in self.muscles.items():
            label = lexicon.label(muscle)
            self._say("muscle", muscle, label, f"The {name} {said[role].format(m=label)}.", "Muscles Worked",
                      role=role)
        for kit in self.equipment:
            label = lexicon.label(kit)
            self._say("equipment", kit, label, f"For the {name} you need a {label}.", "Equipment")
        for mistake in self.mistakes:
            iri = str(entity_iri("mistake", slugify(mistake)))
            quote = f"{mistake.capitalize()} is a common mistake in the {name}."
            self._say("mistake", iri, mistake, quote, "Common Mistakes", text=quote)
            fix = f"Slow down and keep {mistake.split(' ', 1)[1]} steady during every {name}."
            self._say("correction", str(entity_iri("correction", slugify(fix, 14))), fix, fix, "Common Mistakes",
                      subject=iri, text=fix, stated_for=self.iri)
        for benefit in self.benefits:
            quote = f"The {name} leaves you with {benefit}."
            self._say("benefit", str(entity_iri("benefit", slugify(benefit))), benefit, quote, "Benefits",
                      text=quote)
        for iri, label in self.variations.items():
            variant = label.split(" ", 1)[0]
            self._say("variation", iri, label, f"The {label} is a harder version of the {name} ({variant}).",
                      "Variations")
            muscle = others[0]
            self._say("muscle", muscle, lexicon.label(muscle), f"The {label} works the {lexicon.label(muscle)} "
                      "even harder.", "Variations", role="primary", subject=iri)
        cue = f"Brace your core before each rep of the {name}."
        self._say("technique", str(entity_iri("technique", f"{self.doc_id}-brace")), "Brace your core", cue,
                  "How to Do It", text=cue)
        sets = f"Do 3 sets of {8 + k % 8} reps of the {name}."
        self._say("guideline", str(entity_iri("guideline", f"{self.doc_id}-{self._offset}")), f"sets and reps: {sets}",
                  sets, "How to Do It", text=sets,
                  attrs=(("aspect", "sets-reps"), ("sets", "3"), ("reps", str(8 + k % 8))))

    def _say(self, kind: str, obj: str, label: str, quote: str, section: str, *, subject: str | None = None,
             **extra: object) -> None:
        """A fact of `kind` with its sentence, which is appended to the article's text."""
        start = self._offset
        self._text.append(quote)
        self._offset += len(quote) + 1
        evidence = Evidence(self.doc_id, start, start + len(quote), quote, section)
        self.facts.append(Fact(kind, subject or self.iri, obj, label, evidence, **extra))  # type: ignore[arg-type]

    @property
    def document(self) -> Document:
        return Document(self.doc_id, Path(f"{self.doc_id}.txt"), f"The {self.name.title()}: A Complete Guide",
                        "Synthetic Author", "\n".join(self._text), (), source="scripts/scale_graph.py")

    @property
    def minted(self) -> dict[str, tuple[str, str | None]]:
        return {self.iri: (self.name, None), **{iri: (label, self.iri) for iri, label in self.variations.items()}}


def pools(lexicon: Lexicon) -> tuple[list[str], list[str]]:
    muscles = sorted({iri for name in COMMON if (iri := lexicon.resolve(name, "muscle"))})
    return muscles, sorted(t.iri for t in lexicon.of_kind("equipment"))


def family(k: int, lexicon: Lexicon) -> Family:
    return Family(k, lexicon, *pools(lexicon))


def generate(families: int, lexicon: Lexicon | None = None) -> Graph:
    """The graph of `families` synthetic articles (exercise 0 .. families-1), as `kgqa build` would build it."""
    lexicon = lexicon or Lexicon.default()
    muscles, equipment = pools(lexicon)
    docs, facts, minted = [], [], {}
    for k in range(families):
        fam = Family(k, lexicon, muscles, equipment)
        docs.append(fam.document)
        facts.extend(fam.facts)
        minted.update(fam.minted)
    return build_graph(docs, facts, lexicon, minted)


def families_for(triples: int, lexicon: Lexicon | None = None) -> int:
    """How many families give about `triples` triples (measured on a small graph; the growth is linear)."""
    lexicon = lexicon or Lexicon.default()
    small, large = len(generate(20, lexicon)), len(generate(60, lexicon))
    per_family = (large - small) / 40
    base = small - 20 * per_family
    return max(1, round((triples - base) / per_family))
