"""Score extraction against the hand-checked gold list: precision and recall per kind of fact.

    python scripts/eval_extraction.py [--gold tests/data/gold_facts.tsv] [--corpus corpus] [-v]

With -v, every disagreement is listed: `+` extracted but not in the gold list, `-` in the gold
list but not extracted.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kgqa.extract.score import extract_corpus, format_disagreements, format_table, read_gold, score
from kgqa.lexicon import Lexicon

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "gold_facts.tsv")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    lexicon = Lexicon.default()
    facts, parents = extract_corpus(args.corpus, lexicon)
    scores = score(facts, read_gold(args.gold), lexicon, parents)
    print(format_table(scores))
    if args.verbose:
        print()
        print(format_disagreements(scores) or "no disagreements")


if __name__ == "__main__":
    main()
