"""Reading articles: plain text -> Document (title, author, blocks, sentences with offsets).

The articles have light structure and no markup: headings are short lines without a final
full stop, bullets are indented `•` or numbered lines, and many bullets read "Label: text".
Prose-only articles come through as paragraphs. Every sentence keeps its character offsets in
the original text so that a fact can quote it verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .errors import CorpusError
from .manifest import read_manifest

ARTICLE_SUFFIXES = (".txt", ".md")
#: the longest sentence extraction takes: spaCy parses one sentence at a time and refuses a text longer
#: than its `nlp.max_length` (1,000,000 characters; error E088)
MAX_SENTENCE_CHARS = 1_000_000

BlockKind = Literal["heading", "subheading", "paragraph", "item", "question", "answer"]

_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[•\-*‣◦▪]|\d{1,2}[.)])[ \t]+(?P<text>\S.*)$")
_BYLINE = re.compile(r"^By\s+(?P<author>[^\d]+?)\s+\d+\s+min read\s*$", re.I)
# Other writers' bylines: "Written by Priya Nair, strength coach", "by Tomás Reyes", "By Dana Whitfield | 6 min read",
# "posted by Jess Moreau", "Author: Helen Okafor, physiotherapist".
_NAME = r"[A-ZÀ-Ý][\w'’.-]*(?:\s+(?:[A-ZÀ-Ý][\w'’.-]*|de|van|von|da|di|del|la|le))*"
_BYLINE_FREE = re.compile(rf"^(?:(?:[Ww]ritten|[Pp]osted|[Rr]eviewed)\s+[Bb]y|[Bb]y|[Aa]uthor\s*:)\s+"
                          rf"(?P<author>{_NAME})(?:\s*[,|·•–—-]\s*[^.]*)?$")
# A numbered line that reads like a heading and is followed by paragraphs, not by more list items:
# a listicle's entry heading ("1. You're Arching Your Back").
_NUMBERED = re.compile(r"^(?P<marker>\d{1,2}[.)])[ \t]+(?P<text>\S.*)$")
# "Mistake #1: Arching your back", "Benefit 2 - Better posture", "#3. Rushing": a heading that counts an entry.
_COUNTED = re.compile(r"^(?:(?:mistake|error|fault|benefit|reason|tip|step)\s*(?:#|no\.?\s*)?\d{1,2}|#\d{1,2})"
                      r"\s*[:.)–—-]\s*(?P<text>\S.*)$", re.I)
# Markdown: "## Heading", "**Bold label:** text", "*emphasis*".
_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+")
_EMPHASIS = re.compile(r"^(?P<mark>\*\*|__|\*|_)(?P<inner>\S(?:.*\S)?)(?P=mark)$")
_BOLD_LABEL = re.compile(r"^(?:\*\*|__)(?P<label>[^*_]+?)(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)\s*(?P<body>.*)$")
# "Gluteus maximus - the prime mover.", "Hamstrings — they assist ...": a dash after a short name.
_DASH_LABEL = re.compile(r"^(?P<label>[^.!?:;]{2,60}?)\s+[-–—]\s+(?P<body>\S.*)$")
# A full stop that does not end a sentence: abbreviations and decimals.
_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|vs|etc|approx|Dr|Mr|Ms|Mrs|St|No|Fig|cf))\.$", re.I)
_SENT_END = re.compile(r"[.!?][\"'”’)*_]*(?=\s+[\"'“(*_]*[A-Z0-9])")
_FAQ = re.compile(r"frequently asked questions|\bfaqs?\b", re.I)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: its text and its character offsets in the document."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """A heading, paragraph, list item or FAQ question/answer, with where it stands."""

    index: int
    kind: BlockKind
    text: str
    start: int
    end: int
    section: str
    context: tuple[str, ...]
    sentences: tuple[Sentence, ...]
    level: int = 0
    label: str | None = None
    body: str | None = None
    has_children: bool = False
    #: characters of `text` taken by the label and its markers ("**Label:**"), 0 if none
    label_end: int = 0


@dataclass(frozen=True)
class Document:
    """One article: its id (file stem), metadata and blocks."""

    doc_id: str
    path: Path
    title: str
    author: str | None
    text: str
    blocks: tuple[Block, ...]
    source: str | None = None
    meta: dict[str, str] = field(default_factory=dict)

    def sentences(self) -> Iterator[tuple[Block, Sentence]]:
        for block in self.blocks:
            for sentence in block.sentences:
                yield block, sentence


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Split `text` into sentences; offsets are relative to the document (`offset` = text's start)."""
    sentences: list[Sentence] = []
    start = 0
    for match in _SENT_END.finditer(text):
        end = match.end()
        if _ABBREV.search(text[start:end]):
            continue
        piece = text[start:end].strip()
        if piece:
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            sentences.append(Sentence(piece, offset + start + lead, offset + start + lead + len(piece)))
        start = end
    tail = text[start:]
    if tail.strip():
        lead = len(tail) - len(tail.lstrip())
        piece = tail.strip()
        sentences.append(Sentence(piece, offset + start + lead, offset + start + lead + len(piece)))
    return sentences


def _is_heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > 16 or len(line) > 120:
        return False
    if line.endswith("?"):
        return True
    if line[-1] in ".!,;\"”" or line[0].islower():
        return False
    return len(words) <= 12


def _strip_emphasis(text: str) -> str:
    """'**Muscles Worked**' -> 'Muscles Worked' (markdown emphasis around a whole line)."""
    match = _EMPHASIS.match(text)
    return match.group("inner").strip() if match else text


def _is_instruction(text: str) -> bool:
    # Imported here: kgqa.extract imports this module.
    from .extract.cues import is_imperative

    return is_imperative(text)


def _split_label(text: str) -> tuple[str | None, str | None, int]:
    """'Label: body' -> (label, body, where the label ends in `text`).

    Also '**Label:** body', 'Label - body' and 'Short label. A longer description.'; a trailing
    colon alone makes a sub-heading item.
    """
    bold = _BOLD_LABEL.match(text)
    if bold and len(bold.group("label").split()) <= 10:
        body = bold.group("body").strip()
        return bold.group("label").strip(), body or None, bold.start("body") if body else len(text)
    plain = _strip_emphasis(text)
    if plain.endswith(":") and len(plain.split()) <= 12:
        return plain[:-1].strip(), None, len(text)
    head, sep, body = text.partition(": ")
    if sep and len(head.split()) <= 10 and not re.search(r"[.!?]\s", head):
        return _strip_emphasis(head).strip(), body.strip() or None, len(head)
    dash = _DASH_LABEL.match(text)
    if dash and len(dash.group("label").split()) <= 6 and not _is_instruction(dash.group("label")):
        return dash.group("label").strip(), dash.group("body").strip(), dash.end("label")
    # "Arching the lower back. When the leg travels too high, ...": a short first sentence names the item.
    sentences = split_sentences(text)
    if len(sentences) > 1:
        lead = sentences[0].text
        warning = re.match(r"(?:don'?t|don’t|do not|never|avoid)\s", lead, re.I)  # "Avoid letting the knee cave in."
        if lead.endswith(".") and len(lead.split()) <= 8 and (warning or not _is_instruction(lead)):
            return lead[:-1].strip(), text[sentences[1].start :].strip(), sentences[0].end
    return None, None, 0


def _item_sentences(text: str, start: int, body: str | None, label_end: int) -> list[Sentence]:
    if body is None:
        return split_sentences(text, start)
    body_start = text.index(body, label_end)
    body_sentences = split_sentences(body, start + body_start)
    if not body_sentences:
        return [Sentence(text, start, start + len(text))]
    first = body_sentences[0]
    # The label and the first sentence of its description make one quotable sentence.
    merged = Sentence(text[: first.end - start], start, first.end)
    return [merged, *body_sentences[1:]]


def article_paths(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise CorpusError(f"corpus folder {folder} does not exist or is not a folder")
    paths = sorted(p for p in folder.iterdir() if p.suffix in ARTICLE_SUFFIXES and p.is_file())
    if not paths:
        raise CorpusError(
            f"no articles in {folder}: expected plain-text files ending in {', '.join(ARTICLE_SUFFIXES)}"
        )
    return paths


def read_corpus(folder: Path) -> list[Document]:
    """Read every article in `folder` (sorted by file name), with the manifest's metadata if any."""
    manifest = read_manifest(folder)
    return [parse_document(path, manifest.get(path.name, {})) for path in article_paths(folder)]


def parse_document(path: Path, meta: dict[str, str] | None = None) -> Document:
    """Read and parse one article. Raises CorpusError naming the file when it cannot."""
    meta = dict(meta or {})
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the article ({exc.strerror})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CorpusError(f"{path}, line {line}: not UTF-8 text ({exc.reason})") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CorpusError(f"{path}: the article is empty")
    return parse_text(text, path, meta)


def parse_text(text: str, path: Path, meta: dict[str, str]) -> Document:
    blocks: list[Block] = []
    title: str | None = meta.get("title")
    guessed_title: str | None = None
    author: str | None = meta.get("author")
    section = ""
    subheading: str | None = None
    item_stack: list[tuple[int, str]] = []  # (level, label) of open parent items
    in_faq = False
    offset = 0
    lines = text.split("\n")
    first_content = True
    previous_heading: str | None = None
    item_indent = -1  # indentation of the last list item's marker, while the list runs
    following = _next_lines(lines)
    for number, raw_line in enumerate(lines):
        line_start = offset
        offset += len(raw_line) + 1
        line = raw_line.strip()
        if not line:
            continue
        start = line_start + raw_line.index(line)
        md_heading = _MD_HEADING.match(line)
        if md_heading:
            line = line[md_heading.end() :].strip()
            start += md_heading.end()
        plain = _strip_emphasis(line)
        byline = _BYLINE.match(plain) or (None if md_heading else _BYLINE_FREE.match(plain))
        if byline:
            author = author or byline.group("author").strip(" \t,|·•–—-")
            guessed_title = previous_heading or guessed_title
            continue
        entry = _entry_heading(raw_line, line, bool(md_heading), following[number], lines[number - 1] if number else "")
        if entry is not None and section:
            text, label = entry
            item_stack.clear()
            item_indent = -1
            subheading = text
            start = line_start + raw_line.index(text)
            blocks.append(
                Block(
                    index=len(blocks), kind="subheading", text=text, start=start, end=start + len(text),
                    section=section, context=(section, text), sentences=(Sentence(text, start, start + len(text)),),
                    label=label,
                )
            )
            first_content = False
            continue
        bullet = _BULLET.match(raw_line)
        indent = len(raw_line) - len(raw_line.lstrip())
        # A line indented under a list item ("   Fix: ...") belongs to that item.
        continued = not bullet and not md_heading and item_stack and indent > item_indent
        if bullet or continued:
            if bullet:
                item_text = bullet.group("text").strip()
                item_indent = len(bullet.group("indent").expandtabs(2))
                level = item_indent // 2
                item_start = line_start + bullet.start("text")
            else:
                item_text, item_start = line, start
                level = item_stack[-1][0] + 1
            while item_stack and item_stack[-1][0] >= level:
                item_stack.pop()
            label, body, label_end = _split_label(item_text)
            context = (section, *([subheading] if subheading else []), *(lab for _, lab in item_stack))
            if blocks and blocks[-1].kind == "item" and blocks[-1].level < level:
                blocks[-1] = _with_children(blocks[-1])
            blocks.append(
                Block(
                    index=len(blocks), kind="item", text=item_text, start=item_start,
                    end=item_start + len(item_text), section=section, context=context,
                    sentences=tuple(_item_sentences(item_text, item_start, body, label_end)),
                    level=level, label=label, body=body, label_end=label_end,
                )
            )
            item_stack.append((level, label or item_text))
            first_content = False
            continue
        item_stack.clear()
        item_indent = -1
        if md_heading or _is_heading(plain) and not (plain.endswith(":") and len(plain.split()) > 6):
            if plain.endswith(":"):
                subheading = plain[:-1].strip()
                kind: BlockKind = "subheading"
            elif in_faq and plain.endswith("?"):
                kind = "question"
                subheading = plain
            else:
                kind = "heading"
                section = plain
                subheading = None
                in_faq = bool(_FAQ.search(plain))
            previous_heading = plain
            if first_content:
                guessed_title = plain
            first_content = False
            blocks.append(
                Block(
                    index=len(blocks), kind=kind, text=line, start=start, end=start + len(line),
                    section=section, context=(section,) if kind == "heading" else (section, plain),
                    sentences=(Sentence(line, start, start + len(line)),),
                )
            )
            continue
        first_content = False
        kind = "answer" if in_faq and subheading else "paragraph"
        context = (section, *([subheading] if subheading else []))
        blocks.append(
            Block(
                index=len(blocks), kind=kind, text=line, start=start, end=start + len(line),
                section=section, context=context, sentences=tuple(split_sentences(line, start)),
            )
        )
    _check_sentence_lengths(blocks, text, path)
    title = title or guessed_title
    if title is None:
        title = path.stem.replace("-", " ").replace("_", " ").strip().capitalize()
    meta_clean = {k: v for k, v in meta.items() if k not in {"title", "author", "source"}}
    return Document(
        doc_id=path.stem, path=path, title=title, author=author, text=text,
        blocks=tuple(blocks), source=meta.get("source"), meta=meta_clean,
    )


def _check_sentence_lengths(blocks: list[Block], text: str, path: Path) -> None:
    """CorpusError naming the file and line of a sentence too long to parse (spaCy's E088).

    Refused rather than parsed with a raised `nlp.max_length` (the blank pipeline would cope) or cut into
    pieces: a "sentence" of a million characters is not prose (a pasted dump, a file with no full stops),
    a quote of it would be no evidence, and cutting it would cite sentences the article does not contain.
    A long paragraph made of ordinary sentences is fine: the limit is per sentence.
    """
    for block in blocks:
        for sentence in block.sentences:
            length = sentence.end - sentence.start
            if length > MAX_SENTENCE_CHARS:
                line = text.count("\n", 0, sentence.start) + 1
                raise CorpusError(
                    f"{path}, line {line}: a sentence of {length:,} characters, over the {MAX_SENTENCE_CHARS:,} "
                    "that can be parsed at once (spaCy's limit, error E088)",
                    hint="end its sentences with '.', '!' or '?' followed by a space and a capital letter, "
                    "or break it into paragraphs (one per line)",
                )


def _next_lines(lines: list[str]) -> list[str]:
    """For each line, the next non-blank line after it ("" at the end)."""
    out, nxt = [""] * len(lines), ""
    for i in range(len(lines) - 1, -1, -1):
        out[i] = nxt
        if lines[i].strip():
            nxt = lines[i]
    return out


def _entry_heading(raw_line: str, line: str, markdown: bool, next_line: str, previous: str) -> tuple[str, str] | None:
    """(text, entry name) of a heading that is one entry of a list: "1. You're Arching Your Back" on a line of its
    own between blank lines and followed by paragraphs, "## 2. Swinging the leg", "Mistake #3: Rushing"."""
    numbered = _NUMBERED.match(line if markdown else raw_line)
    if numbered and (markdown or not previous.strip()) and _is_entry_heading(numbered.group("text"), next_line):
        text = numbered.group("text").strip()
        return text, _strip_emphasis(text)
    counted = _COUNTED.match(_strip_emphasis(line))
    if counted and (markdown or _is_heading(_strip_emphasis(line))):
        return line, _strip_emphasis(counted.group("text").strip()).rstrip(":")
    return None


def _is_entry_heading(text: str, next_line: str) -> bool:
    plain = _strip_emphasis(text.strip())
    if not _is_heading(plain) or plain.endswith((":", "?")) or len(plain.split()) > 10:
        return False
    return bool(next_line.strip()) and not _BULLET.match(next_line) and next_line[:1] not in (" ", "\t")


def _with_children(block: Block) -> Block:
    return Block(**{**block.__dict__, "has_children": True})
