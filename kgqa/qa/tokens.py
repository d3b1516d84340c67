"""Questions tokenised and lemmatised as spaCy's blank English pipeline does, without importing spaCy.

Importing spaCy and building its pipeline cost over a second per process, and a question needs only two
of its parts: the tokeniser and the lookup lemmatizer. Both are data:

- the tokeniser's rules (special cases such as "don't" -> "do", "n't"; the prefix, suffix, infix and URL
  patterns) are spaCy's English ones, exported to `data/tokenizer_en.json` by `python -m kgqa.qa.tokens`;
  `Tokenizer` applies them with spaCy's own algorithm (`spacy/tokenizer.pyx`: whitespace runs, special
  cases, affixes, infixes, then special cases that span affixes), and a test checks it token for token
  against the installed spaCy on every question set;
- the lemmas come from spaCy's English lookup table (spacy-lookups-data), read as its lookup lemmatizer
  reads it: a token's lemma is the table's entry for its text, else the text.

The graph is still built with spaCy (kgqa.lexicon); only reading questions avoids it.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache
from pathlib import Path

RULES = Path(__file__).parent / "data" / "tokenizer_en.json"
_NEVER = re.compile("a^")  # spaCy's stand-in for a pattern that is not set


class Token:
    """One token: its text, character offset, index, lemma and whether a space follows it."""

    __slots__ = ("text", "idx", "i", "lemma_", "whitespace")

    def __init__(self, text: str, idx: int, i: int, lemma_: str, whitespace: bool) -> None:
        self.text, self.idx, self.i, self.lemma_, self.whitespace = text, idx, i, lemma_, whitespace

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.idx})"

    def __len__(self) -> int:
        return len(self.text)

    @property
    def lower_(self) -> str:
        return self.text.lower()

    @property
    def is_alpha(self) -> bool:
        return self.text.isalpha()

    @property
    def is_space(self) -> bool:
        return self.text.isspace()

    @property
    def is_punct(self) -> bool:  # as spaCy's lexeme attribute: every character is punctuation
        return _is_punct(self.text)


@lru_cache(maxsize=8192)
def _is_punct(text: str) -> bool:
    return all(unicodedata.category(c).startswith("P") for c in text)


class Tokenizer:
    """spaCy's tokeniser over exported rules: `tokenizer(text)` -> [(text, offset, space after)]."""

    CACHE = 10000  # chunks remembered (spaCy's max_cache_size)

    def __init__(self, rules: dict) -> None:
        self.specials: dict[str, list[str]] = rules["special_cases"]
        self._cache: dict[str, list[str]] = {}
        self._patterns = {name: rules[name] for name in ("prefix", "suffix", "infix", "url")}
        self._regexes: dict[str, re.Pattern[str]] = {}
        # special cases that contain an affix are found after the affixes are split, as token sequences
        # (exported with the rules: finding them needs every pattern compiled)
        spanning = rules["spanning"].values() if "spanning" in rules else self._spanning().values()
        self.spanning: set[tuple[str, ...]] = {tuple(pieces) for pieces in spanning}
        self.longest = max((len(p) for p in self.spanning), default=0)
        self.spanning_first = {p[0] for p in self.spanning}  # the tokens such a sequence starts with

    def _spanning(self) -> dict[str, tuple[str, ...]]:
        """The special cases spaCy's tokeniser finds as token sequences: those with an affix or a space."""
        found = {}
        for chunk in sorted(self.specials):
            if self._prefix(chunk) or self._infixes(chunk) or self._suffix(chunk) or " " in chunk:
                pieces = tuple(t for t, _, _ in self._affixes(chunk, specials=False))
                if pieces:
                    found[chunk] = pieces
        return found

    @classmethod
    def default(cls) -> Tokenizer:
        return _default_tokenizer()

    def _compiled(self, name: str) -> re.Pattern[str]:
        """A pattern, compiled when first needed: most words never reach one (see _prefix, _suffix, _infixes)."""
        if (found := self._regexes.get(name)) is None:
            found = self._regexes[name] = re.compile(self._patterns[name]) if self._patterns[name] else _NEVER
        return found

    def _prefix(self, text: str) -> int:
        if text.isalpha():  # no English prefix is made of letters only (a test checks every word)
            return 0
        m = self._compiled("prefix").search(text)
        return m.end() - m.start() if m else 0

    def _suffix(self, text: str) -> int:
        if text.isalpha():  # the suffixes of letters ("kg", "'s") need a digit or an apostrophe before them
            return 0
        if text[-1:] in ("?", "!", ",") and text[:-1].isalpha():  # "head?" without compiling the pattern (0.12 s)
            return 1
        m = self._compiled("suffix").search(text)
        return m.end() - m.start() if m else 0

    def _infixes(self, text: str) -> list[re.Match[str]]:
        return [] if text.isalnum() else list(self._compiled("infix").finditer(text))

    def __call__(self, text: str) -> list[tuple[str, int, bool]]:
        tokens = self._affixes(text, specials=True)
        return self._spanning_specials(text, tokens) if self.spanning else tokens

    def _affixes(self, text: str, specials: bool) -> list[tuple[str, int, bool]]:
        """spaCy's `_tokenize_affixes`: runs of non-space characters, each split; a single space after a
        token is its trailing space, any other whitespace is a token."""
        out: list[tuple[str, int, bool]] = []
        if not text:
            return out
        start, in_ws = 0, text[0].isspace()
        for i in [m.start() for m in re.finditer(r"\s+|\S+", text)][1:]:  # where whitespace starts or ends
            if start < i:
                self._chunk(text[start:i], start, out, specials)
            if text[i] == " ":
                out[-1] = (out[-1][0], out[-1][1], True)
                start = i + 1
            else:
                start = i
            in_ws = not in_ws
        if start < len(text):
            self._chunk(text[start:], start, out, specials)
            out[-1] = (out[-1][0], out[-1][1], text[-1] == " " and not in_ws)
        return out

    def _chunk(self, chunk: str, offset: int, out: list[tuple[str, int, bool]], specials: bool) -> None:
        pieces = self._cache.get(chunk) if specials else None
        if pieces is not None:
            pass
        elif specials and chunk in self.specials:
            pieces = self.specials[chunk]
        else:
            prefixes: list[str] = []
            suffixes: list[str] = []
            rest = self._split(chunk, prefixes, suffixes, specials)
            pieces = [*prefixes, *self._attach(rest, specials), *reversed(suffixes)]
            if specials:  # as spaCy's tokeniser, remember how a chunk splits: a question's words recur
                if len(self._cache) >= self.CACHE:
                    self._cache.clear()
                self._cache[chunk] = pieces
        for piece in pieces:
            out.append((piece, offset, False))
            offset += len(piece)

    def _split(self, string: str, prefixes: list[str], suffixes: list[str], specials: bool) -> str:
        """spaCy's `_split_affixes`: strip prefixes and suffixes until a special case or nothing is left."""
        last = -1
        while string and len(string) != last:
            if specials and string in self.specials:
                break
            last = len(string)
            pre_len = self._prefix(string)
            if pre_len:
                prefix, minus_pre = string[:pre_len], string[pre_len:]
                if minus_pre and specials and minus_pre in self.specials:
                    prefixes.append(prefix)
                    return minus_pre
            suf_len = self._suffix(string[pre_len:])
            if suf_len:
                suffix, minus_suf = string[-suf_len:], string[:-suf_len]
                if minus_suf and specials and minus_suf in self.specials:
                    suffixes.append(suffix)
                    return minus_suf
            if pre_len and suf_len and pre_len + suf_len <= len(string):
                string = string[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                string = minus_pre
                prefixes.append(prefix)
            elif suf_len:
                string = minus_suf
                suffixes.append(suffix)
        return string

    def _attach(self, string: str, specials: bool) -> list[str]:
        """spaCy's `_attach_tokens`: what is left is a special case, a URL, or split at its infixes."""
        if not string:
            return []
        if specials and string in self.specials:
            return list(self.specials[string])
        if string.isalnum() or self._compiled("url").match(string):
            return [string]
        pieces, start = [], 0
        for m in self._infixes(string):
            if m.start() == 0:
                continue
            if m.start() != start:
                pieces.append(string[start:m.start()])
            if m.start() != m.end():
                pieces.append(string[m.start():m.end()])
            start = m.end()
        if string[start:]:
            pieces.append(string[start:])
        return pieces

    def _spanning_specials(self, text: str, tokens: list[tuple[str, int, bool]]) -> list[tuple[str, int, bool]]:
        """spaCy's `_apply_special_cases`: special cases found as token sequences, the longest first, replaced
        where the text they cover is exactly the special case."""
        words = [t for t, _, _ in tokens]
        found = [(s, s + n) for s in range(len(words)) if words[s] in self.spanning_first
                 for n in range(1, min(self.longest, len(words) - s) + 1) if tuple(words[s:s + n]) in self.spanning]
        if not found:
            return tokens
        seen: set[int] = set()
        kept = []
        for s, e in sorted(found, key=lambda m: (m[1] - m[0], -m[0]), reverse=True):
            if s not in seen and e - 1 not in seen:
                kept.append((s, e))
            seen.update(range(s, e))
        out: list[tuple[str, int, bool]] = []
        spans = dict(sorted(kept))
        i = 0
        while i < len(tokens):
            end = spans.get(i)
            covered = text[tokens[i][1]:tokens[end - 1][1] + len(tokens[end - 1][0])] if end else ""
            if end is None or covered not in self.specials:
                out.append(tokens[i])
                i += 1
                continue
            offset = tokens[i][1]
            for piece in self.specials[covered]:
                out.append((piece, offset, False))
                offset += len(piece)
            out[-1] = (out[-1][0], out[-1][1], tokens[end - 1][2])
            i = end
        return out


@cache
def _default_tokenizer() -> Tokenizer:
    return Tokenizer(json.loads(RULES.read_text(encoding="utf-8")))


@cache
def lemma_table() -> dict[str, str]:
    """spaCy's English lookup lemmas (spacy-lookups-data); empty when the package is missing, as spaCy's
    pipeline then has no lemmatizer and a token's lemma is its text."""
    from importlib.resources import files

    try:
        data = (files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    return json.loads(gzip.decompress(data))


_LEMMA_TOKEN = re.compile(r"e\.g\.|i\.e\.|[a-z0-9]+(?=n't\b)|n't\b|'(?:m|s|re|ve|ll|d)\b|[a-z0-9]+")


class Lemmas:
    """Lower-cased lemmas of a text's words from the lookup table, without building tokens: the same lemmas
    as the pipeline for the texts kgqa ranks (contractions split as spaCy splits them), about five times
    faster, and memoised (one question's words are lemmatised several times)."""

    MEMO = 8192

    def __init__(self, table: dict[str, str] | None = None) -> None:
        self.table = lemma_table() if table is None else table
        self.memo: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        found = self.memo.get(text)
        if found is None:
            if len(self.memo) > self.MEMO:
                self.memo.clear()
            table = self.table
            found = self.memo[text] = [table.get(t, t) for t in _LEMMA_TOKEN.findall(text.lower().replace("’", "'"))
                                       if "." not in t]
        return list(found)

    def __getstate__(self) -> dict:
        return {}

    def __setstate__(self, state: dict) -> None:
        self.__init__()  # type: ignore[misc]


class English:
    """Text -> tokens with lemmas: the replacement for `spacy.blank("en")` with the lookup lemmatizer."""

    def __init__(self, tokenizer: Tokenizer | None = None, lemmas: dict[str, str] | None = None) -> None:
        self.tokenizer = tokenizer or Tokenizer.default()
        self.lemmas = lemma_table() if lemmas is None else lemmas

    def __call__(self, text: str) -> list[Token]:
        table = self.lemmas
        return [Token(t, idx, i, table.get(t, t), space) for i, (t, idx, space) in enumerate(self.tokenizer(text))]

    def __getstate__(self) -> dict:
        return {}  # rules and table are read again: they are data of the installed packages

    def __setstate__(self, state: dict) -> None:
        self.__init__()  # type: ignore[misc]


class PhraseMatcher:
    """Token sequences by their lemmas, as spaCy's PhraseMatcher(attr="LEMMA") finds them.

    A sequence added under several keys ("resistance band": the equipment and the exercise named after it)
    is reported under each, in the order the keys were added: `filter_spans` then keeps the first.
    """

    def __init__(self) -> None:
        self.patterns: dict[tuple[str, ...], list[str]] = {}
        self.longest = 0
        self.first: set[str] = set()  # the lemmas a pattern starts with: other tokens start no match

    def add(self, key: str, patterns: Iterable[Sequence[Token]]) -> None:
        for pattern in patterns:
            lemmas = tuple(t.lemma_ for t in pattern)
            if lemmas:
                keys = self.patterns.setdefault(lemmas, [])
                if key not in keys:
                    keys.append(key)
                self.longest = max(self.longest, len(lemmas))
                self.first.add(lemmas[0])

    def __call__(self, doc: Sequence[Token]) -> Iterator[tuple[str, int, int]]:
        lemmas = [t.lemma_ for t in doc]
        patterns, first = self.patterns, self.first
        for start in range(len(lemmas)):
            if lemmas[start] not in first:
                continue
            for end in range(start + 1, min(len(lemmas), start + self.longest) + 1):
                yield from ((key, start, end) for key in patterns.get(tuple(lemmas[start:end]), ()))


def filter_spans(spans: Iterable[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """spaCy's `util.filter_spans`: the longest spans first (the earliest of equal ones), none overlapping."""
    seen: set[int] = set()
    kept = []
    for span in sorted(spans, key=lambda s: (s[2] - s[1], -s[1]), reverse=True):
        if span[1] not in seen and span[2] - 1 not in seen:
            kept.append(span)
            seen.update(range(span[1], span[2]))
    return sorted(kept, key=lambda s: s[1])


def export_rules() -> dict:
    """The installed spaCy's English tokeniser rules, as `data/tokenizer_en.json` stores them."""
    import spacy
    from spacy.symbols import ORTH

    tokenizer = spacy.blank("en").tokenizer

    def pattern(found: object) -> str:
        return getattr(getattr(found, "__self__", None), "pattern", "") if found is not None else ""

    if tokenizer.token_match is not None:  # spaCy's English sets none; the algorithm above assumes so
        raise ValueError("the English tokenizer now has a token_match: kgqa.qa.tokens must apply it")
    rules = {
        "spacy": spacy.__version__,
        "prefix": pattern(tokenizer.prefix_search),
        "suffix": pattern(tokenizer.suffix_search),
        "infix": pattern(tokenizer.infix_finditer),
        "url": pattern(tokenizer.url_match),
        "special_cases": {chunk: [t[ORTH] for t in pieces] for chunk, pieces in sorted(tokenizer.rules.items())},
    }
    rules["spanning"] = {chunk: list(pieces) for chunk, pieces in Tokenizer(rules)._spanning().items()}
    return rules


def write_rules(rules: dict, path: Path = RULES) -> None:
    """The rules as JSON, one special case a line (so a new spaCy's changes read as a diff)."""
    lines = []
    for key, value in sorted(rules.items()):
        if isinstance(value, dict):
            body = ",\n".join(f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
                               for k, v in value.items())
            lines.append(f"{json.dumps(key)}: {{\n{body}\n}}")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


if __name__ == "__main__":  # python -m kgqa.qa.tokens: export the installed spaCy's rules
    write_rules(export_rules())
    print(f"wrote {RULES}")
