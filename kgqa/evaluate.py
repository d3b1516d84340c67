"""Score answers against a question file (the format of tests/data/dev.jsonl)."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import QuestionFileError

SYNONYMS = {"glutes": "gluteus maximus", "glute": "gluteus maximus", "core muscles": "core",
            "triceps": "triceps brachii", "quads": "quadriceps", "transversus abdominis": "transverse abdominis",
            "hamstring": "hamstrings", "calf": "calves", "abs": "abdominals"}


def _norm(label: str) -> str:
    text = re.sub(r"[^\w\s]", " ", label.lower())
    text = " ".join(text.split())
    return SYNONYMS.get(text, text)


def _hit(pattern: str, label: str) -> bool:
    if pattern.startswith("re:"):
        return re.search(pattern[3:], label, re.I) is not None
    return _norm(pattern) == _norm(label)


def score(row: dict[str, Any], answer: dict[str, Any]) -> tuple[bool, str]:
    """(passed, reason) for one question row and its answer dict."""
    kind = row["kind"]
    labels = [a["label"] for a in answer.get("answers", [])]
    text = answer.get("text", "") or ""
    if kind == "abstain":
        ok = not answer.get("answered") and not labels
        return ok, "" if ok else "should abstain"
    if kind == "yesno":
        ok = answer.get("boolean") is row["yes"]
        return ok, "" if ok else f"boolean {answer.get('boolean')} != {row['yes']}"
    if not answer.get("answered"):
        return False, "abstained"
    for group in row.get("keywords", []):
        if not any(k.lower() in text.lower() for k in group):
            return False, f"text lacks any of {group}"
    if kind == "text":
        return True, ""
    for group in row.get("must", []):
        if not any(_hit(p, lab) for p in group for lab in labels):
            return False, f"no answer matches {group}"
    allowed = [p for g in row.get("must", []) for p in g] + row.get("may", [])
    good = [lab for lab in labels if any(_hit(p, lab) for p in allowed)]
    if labels and len(good) / len(labels) < 0.6:
        return False, f"precision {len(good)}/{len(labels)}: extra {[x for x in labels if x not in good]}"
    bad = [lab for lab in labels if any(_hit(p, lab) for p in row.get("must_not", []))]
    if bad:
        return False, f"must not list {bad}"
    return True, ""


@dataclass
class Report:
    results: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pass_rate(self) -> float:
        return sum(r["passed"] for r in self.results) / len(self.results) if self.results else 0.0

    def confusion(self) -> dict[str, Counter[str]]:
        """Gold relation (rows that name one) -> how often each relation was read for it."""
        out: dict[str, Counter[str]] = defaultdict(Counter)
        for r in self.results:
            if r.get("relation"):
                gold = GOLD_RELATION.get(r["relation"], r["relation"])
                out[gold][r.get("predicted") or "none"] += 1
        return dict(sorted(out.items()))

    def by_kind(self) -> dict[str, tuple[int, int]]:
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in self.results:
            out[r["kind"]][0] += r["passed"]
            out[r["kind"]][1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}


KINDS = ("entities", "text", "yesno", "abstain")
# a question file's relation names -> the relations the answerer reads (inverse questions are one relation)
GOLD_RELATION = {"equipment_proscons": "pros_cons", "exercises_for_muscle": "muscles",
                 "exercises_for_equipment": "equipment"}


#: the expectation fields of a row: groups (lists of lists of labels) or plain lists of labels
GROUPED, LISTED = ("must", "keywords"), ("may", "must_not")


def _check_expectations(row: dict[str, Any]) -> str | None:
    """What is wrong with a row's must/may/must_not/keywords (shape, `re:` patterns), or None."""
    for key in (*GROUPED, *LISTED):
        if key not in row:
            continue
        value = row[key]
        shape = '[["label", "other label"], ["label"]]' if key in GROUPED else '["label", "re:pattern"]'
        groups = value if key in GROUPED else [value]
        if not isinstance(value, list) or not all(
            isinstance(group, list) and all(isinstance(label, str) for label in group) for group in groups
        ):
            return f'"{key}" must be {"a list of lists" if key in GROUPED else "a list"} of strings, e.g. {shape}'
        if key == "keywords":  # plain words, not patterns
            continue
        for label in (label for group in groups for label in group):
            if label.startswith("re:"):
                try:
                    re.compile(label[3:], re.I)
                except re.error as exc:
                    return (f'bad regular expression in "{key}": {label!r} ({exc}); a label starting "re:" is a '
                            "Python regular expression (escape ( ) [ ] * + ? with a backslash to match them as text)")
    return None


def read_questions(path: Path) -> list[dict[str, Any]]:
    """The rows of a question file (one JSON object per line, as tests/data/dev.jsonl), checked."""
    path = Path(path)
    example = 'e.g. {"q": "what muscles do back kicks work?", "kind": "entities", "must": [["gluteus maximus"]]}'
    if path.is_dir():
        raise QuestionFileError(f"{path} is a folder: give a question file, one JSON object per line ({example})")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise QuestionFileError(f"no question file at {path}: expected one JSON object per line, "
                                "as in tests/data/dev.jsonl") from exc
    except UnicodeDecodeError as exc:
        raise QuestionFileError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise QuestionFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise QuestionFileError(f"{path}, line {n}: not JSON ({exc})") from exc
        if not isinstance(row, dict) or not isinstance(row.get("q"), str):
            raise QuestionFileError(f"{path}, line {n}: expected an object with the question as \"q\", {example}")
        if row.get("kind") not in KINDS:
            raise QuestionFileError(f"{path}, line {n}: \"kind\" is {row.get('kind')!r}; "
                                    f"choose one of: {', '.join(KINDS)}")
        if row["kind"] == "yesno" and not isinstance(row.get("yes"), bool):
            raise QuestionFileError(f"{path}, line {n}: a yesno question needs \"yes\": true or false")
        if not row["q"].strip():
            raise QuestionFileError(f"{path}, line {n}: the question \"q\" is empty")
        problem = _check_expectations(row)
        if problem:
            raise QuestionFileError(f"{path}, line {n}: {problem}")
        rows.append(row)
    if not rows:
        raise QuestionFileError(f"{path} has no questions: expected one JSON object per line ({example})")
    return rows


def evaluate(kg: Any, rows: list[dict[str, Any]]) -> Report:
    report = Report()
    for row in rows:
        answer = kg.ask(row["q"]).to_dict()
        passed, reason = score(row, answer)
        report.results.append({"id": row.get("id"), "kind": row["kind"], "q": row["q"], "passed": passed,
                               "reason": reason, "labels": [a["label"] for a in answer["answers"]],
                               "relation": row.get("relation"),
                               "predicted": (answer.get("frame") or {}).get("relation")})
    return report


def evaluate_file(kg: Any, path: Path) -> Report:
    return evaluate(kg, read_questions(path))


def format_report(report: Report) -> str:
    lines = [f"pass rate {report.pass_rate:.0%} ({sum(r['passed'] for r in report.results)}/{len(report.results)})"]
    for kind, (ok, n) in report.by_kind().items():
        lines.append(f"  {kind:<9} {ok}/{n}")
    confusion = report.confusion()
    if confusion:
        lines.append("relation confusion (gold: read as ...; 'evidence': none placed, answered from sentences)")
        for gold, counts in confusion.items():
            n = sum(counts.values())
            rest = ", ".join(f"{rel} {c}" for rel, c in counts.most_common() if rel != gold)
            lines.append(f"  {gold:<12} {counts.get(gold, 0):>3}/{n:<3} {rest}")
    for r in report.results:
        if not r["passed"]:
            lines.append(f"FAIL {r['id']}: {r['q']} -- {r['reason']} {r['labels'][:8]}")
    return "\n".join(lines)
