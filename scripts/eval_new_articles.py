"""Questions about articles the graph did not have: add each article to a copy of the corpus, build, ask.

    python scripts/eval_new_articles.py [--set tests/data/blind_qa] [--together] [-v]

The set folder holds articles, their manifest.json and questions.jsonl (one JSON object per line:
id, article, question, expect_any, kind). A question passes when the answer is given (not "I don't
know") and its text, lower-cased, contains one of `expect_any` (as the set's README says). Each article is added
to the packaged corpus on its own (as a user adding one page would), unless --together. With -v, every
answer is printed; the last line is the pass rate per kind and overall.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from kgqa.build import build
from kgqa.kg import KnowledgeGraph
from kgqa.manifest import MANIFEST_NAME
from kgqa.resources import corpus_dir

ROOT = Path(__file__).resolve().parent.parent


def corpus_with(articles: list[Path], manifest: dict[str, Any], into: Path) -> Path:
    """The packaged corpus plus `articles` (and their manifest entries), copied into `into`."""
    shutil.copytree(corpus_dir(), into)
    merged = json.loads((into / MANIFEST_NAME).read_text(encoding="utf-8"))
    for path in articles:
        shutil.copyfile(path, into / path.name)
        if path.name in manifest:
            merged[path.name] = manifest[path.name]
    (into / MANIFEST_NAME).write_text(json.dumps(merged, indent=1), encoding="utf-8")
    return into


def passes(answer: Any, expect_any: list[str]) -> bool:
    return bool(answer.answered) and any(e.lower() in answer.text.lower() for e in expect_any)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=ROOT / "tests" / "data" / "blind_qa")
    parser.add_argument("--together", action="store_true", help="add every article at once (one build)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every question and answer")
    args = parser.parse_args()
    rows = [json.loads(line) for line in (args.set / "questions.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    manifest = json.loads((args.set / MANIFEST_NAME).read_text(encoding="utf-8"))
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups["*" if args.together else row["article"]].append(row)
    results: dict[str, list[bool]] = defaultdict(list)
    for article, questions in sorted(groups.items()):
        paths = sorted({args.set / r["article"] for r in questions})
        with tempfile.TemporaryDirectory() as tmp:
            graph = build(corpus_with(paths, manifest, Path(tmp) / "corpus"), validate=False).graph
        kg = KnowledgeGraph(graph, source=article)
        for row in questions:
            answer = kg.ask(row["question"])
            ok = passes(answer, row["expect_any"])
            results[row["kind"]].append(ok)
            results["all"].append(ok)
            if args.verbose:
                print(f"{'PASS' if ok else 'FAIL'} {row['id']} [{row['kind']}] {row['question']}")
                print(f"     expect any of {row['expect_any']}")
                print(f"     {answer.text[:300]!r}")
    for kind, oks in sorted(results.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        print(f"{kind:<12} {sum(oks):>3}/{len(oks):<3} {sum(oks) / len(oks):.0%}")


if __name__ == "__main__":
    main()
