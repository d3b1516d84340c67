"""Extraction measured against a hand-checked gold list (tests/data/gold_facts.tsv).

The gold list is a TSV with the header `doc kind subject object role` (after any `#` lines, which
state the annotation guidelines), one fact per row:

- muscle / equipment: subject is the root exercise id (`glute-kickback`, `tricep-kickback`,
  `single-leg-romanian-deadlift`), object a muscle or equipment name, role (muscles only) one of
  primary / synergist / stabilizer;
- mistake / benefit: subject the root exercise id, object the item's label as written;
- correction: subject the mistake's label, object the correcting sentence verbatim.

Both sides are mapped to comparable keys: facts about a variation count for its root exercise,
names go through the same naming the pipeline uses, and a correction matches when one
normalised sentence contains the other. Each (document, key) counts once however many sentences
state it.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import read_corpus
from ..lexicon import Lexicon, normalize, slugify
from ..terms import entity_iri
from .facts import Fact
from .pipeline import Extractor, name_iri

SCORED_KINDS: tuple[str, ...] = ("muscle", "equipment", "mistake", "benefit", "correction")
GOLD_COLUMNS = ("doc", "kind", "subject", "object", "role")

# (doc, kind, subject slug, object slug or normalised sentence, role)
Key = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class GoldFact:
    """One row of the gold list, with the line it was read from."""

    doc: str
    kind: str
    subject: str
    obj: str
    role: str
    line: int


@dataclass
class KindScore:
    """Precision and recall of one kind of fact, with the disagreements behind them."""

    kind: str
    true_positives: int = 0
    false_positives: list[Key] = field(default_factory=list)
    false_negatives: list[Key] = field(default_factory=list)

    @property
    def extracted(self) -> int:
        return self.true_positives + len(self.false_positives)

    @property
    def gold(self) -> int:
        return self.true_positives + len(self.false_negatives)

    @property
    def precision(self) -> float:
        return self.true_positives / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0


def read_gold(path: Path) -> list[GoldFact]:
    """Read the gold TSV; raises ValueError naming the file and line of a malformed row."""
    rows: list[GoldFact] = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        # The annotation guidelines come first, as `#` lines, so a reader meets them before the rows.
        header = next((r for r in reader if r and "".join(r).strip() and not r[0].startswith("#")), None)
        if header is None or tuple(h.strip() for h in header[: len(GOLD_COLUMNS)]) != GOLD_COLUMNS:
            raise ValueError(
                f"{path}: expected the header {' '.join(GOLD_COLUMNS)!r}, got {header!r}"
            )
        for line, row in enumerate(reader, 2):
            if not row or not "".join(row).strip() or row[0].startswith("#"):
                continue
            cells = [c.strip() for c in row] + [""] * (len(GOLD_COLUMNS) - len(row))
            doc, kind, subject, obj, role = cells[:5]
            if kind not in SCORED_KINDS:
                raise ValueError(
                    f"{path}, line {line}: kind {kind!r} is not one of {', '.join(SCORED_KINDS)}"
                )
            if not (doc and subject and obj):
                raise ValueError(f"{path}, line {line}: doc, subject and object are required")
            if kind == "muscle" and role not in ("primary", "synergist", "stabilizer"):
                roles = "primary, synergist, stabilizer"
                raise ValueError(f"{path}, line {line}: a muscle row needs a role ({roles})")
            rows.append(GoldFact(doc, kind, subject, obj, role if kind == "muscle" else "", line))
    return rows


def extract_corpus(folder: Path, lexicon: Lexicon) -> tuple[list[Fact], dict[str, str | None]]:
    """Extract every article of `folder`: the facts, and the parent of each minted exercise."""
    extractor = Extractor(lexicon)
    facts = extractor.extract_all(read_corpus(Path(folder)))
    # Plain strings: an rdflib URIRef does not hash like the str it equals.
    return facts, {
        str(iri): str(parent) if parent else None for iri, (_, parent) in extractor.minted.items()
    }


def normalize_sentence(text: str) -> str:
    text = text.lower().replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", re.sub(r"[^\w'\s-]", " ", text)).strip()


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


class _Keys:
    def __init__(self, lexicon: Lexicon, parents: Mapping[str, str | None]) -> None:
        self.lx = lexicon
        self.parents = parents

    def root(self, iri: str) -> str:
        iri = str(iri)
        seen: set[str] = set()
        while iri not in seen:
            seen.add(iri)
            parent = self.lx.terms[iri].parent if iri in self.lx.terms else self.parents.get(iri)
            if not parent:
                break
            iri = str(parent)
        return _slug(iri)

    def thing(self, kind: str, label: str) -> str:
        if kind in ("muscle", "equipment"):
            # a name the vocabulary lacks matches the node extraction mints for it (kgqa/extract/minting.py)
            iri = self.lx.resolve(label, kind) or entity_iri(kind, slugify(normalize(label)))
            return _slug(iri)
        return _slug(name_iri(self.lx, kind, label))

    def of_fact(self, fact: Fact) -> Key | None:
        doc = fact.evidence.doc_id
        if fact.kind == "correction":
            return (
                doc,
                "correction",
                _slug(fact.subject),
                normalize_sentence(fact.text or fact.obj_label),
                "",
            )
        if fact.kind not in SCORED_KINDS:
            return None
        return (
            doc,
            fact.kind,
            self.root(fact.subject),
            _slug(fact.obj),
            fact.role or "" if fact.kind == "muscle" else "",
        )

    def of_gold(self, row: GoldFact) -> Key:
        if row.kind == "correction":
            return (
                row.doc,
                "correction",
                self.thing("mistake", row.subject),
                normalize_sentence(row.obj),
                "",
            )
        subject = self.root(entity_iri("exercise", row.subject))
        return (row.doc, row.kind, subject, self.thing(row.kind, row.obj), row.role)


def _contains(a: str, b: str) -> bool:
    return bool(a and b) and (a in b or b in a)


def score(
    facts: Iterable[Fact],
    gold: Sequence[GoldFact],
    lexicon: Lexicon,
    parents: Mapping[str, str | None] | None = None,
) -> dict[str, KindScore]:
    """Precision and recall per kind of the extracted `facts` against the `gold` rows."""
    keys = _Keys(lexicon, parents or {})
    extracted = {k for f in facts if (k := keys.of_fact(f)) is not None}
    expected = {keys.of_gold(row) for row in gold}
    scores = {kind: KindScore(kind) for kind in SCORED_KINDS}
    for kind in SCORED_KINDS:
        ours = sorted(k for k in extracted if k[1] == kind)
        theirs = sorted(k for k in expected if k[1] == kind)
        result = scores[kind]
        if kind != "correction":
            result.true_positives = len(set(ours) & set(theirs))
            result.false_positives = [k for k in ours if k not in expected]
            result.false_negatives = [k for k in theirs if k not in extracted]
            continue
        # A correction is a sentence: it matches when one normalised text contains the other.
        pending: dict[tuple[str, str], list[Key]] = defaultdict(list)
        for k in theirs:
            pending[(k[0], k[2])].append(k)
        for k in ours:
            candidates = pending.get((k[0], k[2]), [])
            match = next((g for g in candidates if _contains(g[3], k[3])), None)
            if match is None:
                result.false_positives.append(k)
            else:
                candidates.remove(match)
                result.true_positives += 1
        result.false_negatives = sorted(k for rows in pending.values() for k in rows)
    return scores


def format_table(scores: Mapping[str, KindScore]) -> str:
    """The scores as a plain-text table: one row per kind, then the micro-average."""
    lines = [f"{'kind':<12}{'gold':>6}{'found':>7}{'correct':>9}{'precision':>11}{'recall':>8}"]
    for s in scores.values():
        lines.append(
            f"{s.kind:<12}{s.gold:>6}{s.extracted:>7}{s.true_positives:>9}"
            f"{s.precision:>11.3f}{s.recall:>8.3f}"
        )
    tp = sum(s.true_positives for s in scores.values())
    found = sum(s.extracted for s in scores.values())
    gold = sum(s.gold for s in scores.values())
    lines.append(
        f"{'all':<12}{gold:>6}{found:>7}{tp:>9}{tp / found if found else 1:>11.3f}"
        f"{tp / gold if gold else 1:>8.3f}"
    )
    return "\n".join(lines)


def format_disagreements(scores: Mapping[str, KindScore]) -> str:
    """Every false positive (+) and false negative (-), for reading against the articles."""
    lines: list[str] = []
    for s in scores.values():
        for sign, keys in (("+", s.false_positives), ("-", s.false_negatives)):
            for doc, kind, subject, obj, role in keys:
                lines.append(f"{sign} {doc}\t{kind}\t{subject}\t{obj}\t{role}".rstrip())
    return "\n".join(lines)
