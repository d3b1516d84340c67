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
from .layout import (
    FIELD_KEYS,
    Labelled,
    field_line,
    item_sentences,
    labelled_paragraph,
    split_label,
    strip_emphasis,
    table_row,
    table_rule,
)
from .manifest import read_manifest
from .sentences import Sentence, split_sentences

ARTICLE_SUFFIXES = (".txt", ".md")
#: the longest sentence extraction takes: spaCy parses one sentence at a time and refuses a text longer
#: than its `nlp.max_length` (1,000,000 characters; error E088)
MAX_SENTENCE_CHARS = 1_000_000

BlockKind = Literal["heading", "subheading", "paragraph", "item", "question", "answer"]

_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[•\-*‣◦▪✗✘✓✔]|\d{1,2}[.)])[ \t]+(?P<text>\S.*)$")
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
_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+")
# List markers that say what an item is: a fault ("✗ Squatting the weight") or its fix ("✓ Keep your shins ...").
_MARKS = {"✗": "✗", "✘": "✗", "✓": "✓", "✔": "✓"}
# A forum's "Posted by deadlift_dad_42 in Training Logs": a user name, and where it was posted.
_HANDLE = re.compile(r"^(?:[Pp]osted|[Ss]ubmitted|[Ww]ritten)\s+by\s+(?P<author>@?[\w.-]+)(?:\s+(?:in|on)\s+.*)?$")
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_FAQ = re.compile(r"frequently asked questions|\bfaqs?\b", re.I)


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
    #: the list marker when it says something: "✗" (what is wrong) or "✓" (what is right)
    marker: str = ""


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


def _is_heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > 16 or len(line) > 120:
        return False
    if line.endswith("?"):
        return True
    if line[-1] in ".!,;\"”" or line[0].islower():
        return False
    return len(words) <= 12


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
    fields = _field_lines(lines)
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
        plain = strip_emphasis(line)
        byline = _BYLINE.match(plain) or (None if md_heading else _BYLINE_FREE.match(plain) or _HANDLE.match(plain))
        if byline:
            author = author or byline.group("author").strip(" \t,|·•–—-")
            guessed_title = previous_heading or guessed_title
            continue
        entry = _entry_heading(raw_line, line, bool(md_heading), following[number], lines[number - 1] if number else "")
        if entry is not None and (section or title):
            # (an article whose title line is too long to read as a heading: its entries stand under the title)
            section = section or title or ""
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
            label, body, label_end = split_label(item_text)
            context = (section, *([subheading] if subheading else []), *(lab for _, lab in item_stack))
            if blocks and blocks[-1].kind == "item" and blocks[-1].level < level:
                blocks[-1] = _with_children(blocks[-1])
            marker = bullet.group("marker") if bullet else ""
            blocks.append(
                Block(
                    index=len(blocks), kind="item", text=item_text, start=item_start,
                    end=item_start + len(item_text), section=section, context=context,
                    sentences=tuple(item_sentences(item_text, item_start, body, label_end)),
                    level=level, label=label, body=body, label_end=label_end,
                    marker=_MARKS.get(marker, ""),
                )
            )
            item_stack.append((level, label or item_text))
            first_content = False
            continue
        item_stack.clear()
        item_indent = -1
        # (The first line is the title: "Fire Hydrants: A Guide" is no field.)
        labelled = None if md_heading else (table_row(line) or (None if first_content else fields[number]))
        if labelled is not None or (not md_heading and table_rule(line)):
            if labelled is not None and not table_rule(following[number]):  # a table's header row names columns
                blocks.append(_labelled_block(labelled, len(blocks), start, section, subheading))
            first_content = False
            continue
        if _RULE.match(line):  # a horizontal rule ("---") separates, it names nothing
            continue
        # a whole line in bold is a heading however long ("**Setup, since nobody at my gym knew how:**")
        bold = line.startswith(("**", "__")) and plain != line and len(plain.split()) <= 16 and plain[-1:] != "."
        is_title = first_content and title is not None and plain == title  # the title line, however long
        long_label = plain.endswith(":") and len(plain.split()) > 6
        if md_heading or bold or is_title or _is_heading(plain) and not long_label:
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
    blocks = _lists_without_bullets(blocks)
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


def _field_lines(lines: list[str]) -> list[Labelled | None]:
    """The field lines of a text: "Key: value" lines next to another field line, or whose value is a sentence
    ("Coach's note: If you feel it ..."); a lone "Fire Hydrants: Form, Muscles Worked" is a heading."""
    found = [field_line(line.strip()) for line in lines]
    filled = [i for i, line in enumerate(lines) if line.strip()]
    out: list[Labelled | None] = [None] * len(lines)
    for k, i in enumerate(filled):
        here = found[i]
        if here is None:
            continue
        neighbours = [found[filled[j]] for j in (k - 1, k + 1) if 0 <= j < len(filled)]
        sentence = (here.body or "").rstrip("*_ ")[-1:] in (".", "!")
        if any(n is not None for n in neighbours) or sentence or FIELD_KEYS.match(here.label):
            out[i] = here
    return out


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
        return text, strip_emphasis(text)
    counted = _COUNTED.match(strip_emphasis(line))
    if counted and (markdown or _is_heading(strip_emphasis(line))):
        return line, strip_emphasis(counted.group("text").strip()).rstrip(":")
    return None


def _is_entry_heading(text: str, next_line: str) -> bool:
    plain = strip_emphasis(text.strip())
    if not _is_heading(plain) or plain.endswith((":", "?")) or len(plain.split()) > 10:
        return False
    return bool(next_line.strip()) and not _BULLET.match(next_line) and next_line[:1] not in (" ", "\t")


def _with_children(block: Block) -> Block:
    return Block(**{**block.__dict__, "has_children": True})


def _labelled_block(found: Labelled, index: int, line_start: int, section: str, subheading: str | None) -> Block:
    """A field line or table row as a labelled item of the section it stands in."""
    start = line_start + found.offset
    sentences = ((Sentence(found.text, start, start + len(found.text)),) if found.sentences_whole
                 else tuple(item_sentences(found.text, start, found.body, found.label_end)))
    return Block(
        index=index, kind="item", text=found.text, start=start, end=start + len(found.text), section=section,
        context=(section, *([subheading] if subheading else [])), sentences=sentences,
        label=found.label, body=found.body, label_end=found.label_end,
    )


def _lists_without_bullets(blocks: list[Block]) -> list[Block]:
    """Consecutive paragraphs under one heading that each open with a label ("Swinging – the standing leg
    bounces ...", "**Pushing through the toes.** This shifts ...") are a list written without bullets."""
    found = [labelled_paragraph(b.text) if b.kind == "paragraph" else None for b in blocks]
    out = list(blocks)
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and found[j] is not None and blocks[j].context == blocks[i].context:
            j += 1
        if j - i >= 2:
            for k in range(i, j):
                block, item = blocks[k], found[k]
                assert item is not None
                out[k] = Block(
                    index=block.index, kind="item", text=block.text, start=block.start, end=block.end,
                    section=block.section, context=block.context,
                    sentences=tuple(item_sentences(block.text, block.start, item.body, item.label_end)),
                    label=item.label, body=item.body, label_end=item.label_end,
                )
        i = max(j, i + 1)
    return out
