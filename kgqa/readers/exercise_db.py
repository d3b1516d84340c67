"""free-exercise-db records -> facts, each quoting the record's field it comes from.

The dataset (https://github.com/yuhonas/free-exercise-db, public domain under the Unlicense) is a JSON array of
exercises: `id`, `name`, `primaryMuscles`, `secondaryMuscles`, `equipment`, `level`, `mechanic`, `force`,
`category`, `instructions`. Every record becomes a document of its own (a `kgo:Record`, part of the dataset),
whose text is the record's fields one per line ("primaryMuscles: glutes, hamstrings"); each fact quotes the
line it comes from, so a record's field is evidence as a sentence is.

- primary muscles are primary movers; secondary muscles get the role "secondary" (the record does not say
  whether they assist or steady, so they are neither synergists nor stabilizers);
- mechanic, force, level and category are facts whose objects are vocabulary concepts;
- the instructions are technique steps, numbered;
- the dataset's coarse names map onto the vocabulary through ontology/mappings/free-exercise-db.tsv (data);
  a name the mapping lacks is a warning naming it, never a silent loss.

Exercises are the vocabulary's when the record's name is a vocabulary name ("Glute Kickback"), otherwise minted
from the name; `kgqa.extract.identity.across_sources` then joins a minted one to the exercise another source
describes when name, body region and equipment agree ("One-Legged Cable Kickback" is the cable kickback).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..corpus import Document
from ..errors import CorpusError
from ..extract.facts import Evidence, Fact
from ..extract.parallel import Article
from ..lexicon import Lexicon, normalize, slugify
from ..resources import ontology_dir
from ..terms import ID, VOCAB, entity_iri

NAME = "free-exercise-db"
DATASET_TITLE = "free-exercise-db (Unlicense, public domain)"
DATASET_URL = "https://github.com/yuhonas/free-exercise-db"
LICENSE_URL = "https://unlicense.org"
#: the record's fields in the order its text lists them
FIELDS = ("name", "primaryMuscles", "secondaryMuscles", "equipment", "mechanic", "force", "level", "category")
ATTRIBUTES = ("mechanic", "force", "level", "category")
Progress = Callable[[int, int, str], None]


@cache
def mapping() -> dict[tuple[str, str], tuple[str, ...]]:
    """(field, dataset value) -> vocabulary IRIs, from ontology/mappings/free-exercise-db.tsv; () = no fact."""
    path = ontology_dir() / "mappings" / f"{NAME}.tsv"
    table: dict[tuple[str, str], tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        field, value, targets = line.split("\t")
        table[(field, value)] = tuple(
            str(VOCAB[t.removeprefix("vocab:")]) if t.startswith("vocab:") else str(ID[t])
            for t in targets.split() if t != "-")
    return table


class ExerciseDbReader:
    """Claims a JSON array of exercise records (free-exercise-db's shape) and reads each record's facts."""

    name = NAME

    def claims(self, path: Path, folder: Path) -> bool:
        if path.suffix != ".json" or path.name == "manifest.json":
            return False
        with path.open("rb") as f:
            head = f.read(4096).decode("utf-8", "ignore")
        return head.lstrip().startswith("[") and '"primaryMuscles"' in head

    def read(self, lexicon: Lexicon, path: Path, meta: dict[str, str],
             progress: Progress | None = None) -> list[Article]:
        try:
            records = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CorpusError(f"{path}: cannot read the exercise records ({exc})") from exc
        if not isinstance(records, list):
            raise CorpusError(f"{path}: expected a JSON array of exercise records, got {type(records).__name__}")
        articles = [record_article(lexicon, path, i, record) for i, record in enumerate(records)]
        if progress:
            progress(len(articles), len(articles), f"{path.name} ({len(articles)} records)")
        return articles


def _check(path: Path, index: int, record: Any) -> dict[str, Any]:
    if not isinstance(record, dict) or not isinstance(record.get("name"), str) or not record["name"].strip():
        raise CorpusError(f"{path}: record {index} has no name (expected an object with 'id' and 'name')")
    for key in ("primaryMuscles", "secondaryMuscles", "instructions"):
        if not isinstance(record.get(key, []), list):
            raise CorpusError(f"{path}: record {index} ({record['name']}): '{key}' is not a list")
    return record


def _line(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def record_article(lexicon: Lexicon, path: Path, index: int, record: Any) -> Article:
    """One record: its document, its facts, and the exercise it minted (if its name is not the vocabulary's)."""
    record = _check(path, index, record)
    name = " ".join(record["name"].split())
    record_id = str(record.get("id") or slugify(name))
    doc_id = f"{NAME}/{quote(record_id, safe='')}"
    lines: dict[str, tuple[int, str]] = {}
    text = ""
    for key in FIELDS:
        if record.get(key) not in (None, [], ""):
            lines[key] = (len(text), f"{key}: {_line(record[key])}")
            text += lines[key][1] + "\n"
    steps = []
    for n, step in enumerate(record.get("instructions", []), 1):
        line = f"instructions {n}: {' '.join(str(step).split())}"
        steps.append((n, len(text), line, " ".join(str(step).split())))
        text += line + "\n"

    def evidence(key: str) -> Evidence:
        start, line = lines[key]
        return Evidence(doc_id, start, start + len(line), line, key)

    exercise = lexicon.resolve(name, "exercise") or entity_iri("exercise", slugify(normalize(name)))
    table = mapping()
    facts: list[Fact] = []
    warnings: list[str] = []
    for key, kind, role in (("primaryMuscles", "muscle", "primary"), ("secondaryMuscles", "muscle", "secondary"),
                            ("equipment", "equipment", None), *((a, a, None) for a in ATTRIBUTES)):
        if key not in lines:
            continue
        values = record[key] if isinstance(record[key], list) else [record[key]]
        field = "muscle" if kind == "muscle" else kind
        for value in values:
            targets = table.get((field, str(value)))
            if targets is None:
                warnings.append(f"{path.name}: record {record_id}: no vocabulary concept for {key} '{value}' "
                                f"(add it to ontology/mappings/{NAME}.tsv)")
                continue
            for iri in targets:
                facts.append(Fact(kind, exercise, iri, str(value), evidence(key), role=role))  # type: ignore[arg-type]
    for n, start, line, step in steps:
        ev = Evidence(doc_id, start, start + len(line), line, "instructions")
        iri = entity_iri("technique", f"{NAME}-{slugify(record_id, 12)}-step-{n}")
        facts.append(Fact("technique", exercise, iri, step, ev, text=step, attrs=(("step", str(n)),)))
    document = Document(doc_id, path, name, None, text, (), source=record_id,
                        meta={"kind": "record", "dataset": NAME, "datasetTitle": DATASET_TITLE,
                              "datasetUrl": DATASET_URL, "license": LICENSE_URL})
    minted = {} if exercise in lexicon.terms else {exercise: (name, None)}
    return Article(document, facts, minted, {}, warnings=warnings)
