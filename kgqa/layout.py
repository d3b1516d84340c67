"""Line layouts that carry structure without list markup: labels, fields, tables and lists without bullets.

Writers mark structure in many ways besides bullets and headings. Each recogniser here reads one
layout that is common in fitness pages, exercise cards, physio notes and forum posts:

- a label before a description: "**Label:** text", "**Label.** text", "Label: text", "Label – text",
  "Short label. A longer description.";
- a field line of an exercise card or clinical note: "Primary Muscle(s): Gluteus Maximus",
  "Equipment: Cable machine, rope attachment", "Easier: ...", "Fault: Using momentum.";
- a markdown table row: "| Gluteus maximus | Primary mover | Extends the hip |";
- a run of paragraphs that each open with a label ("Swinging – the standing leg bounces ..."): a list
  written without bullets.

The corpus reader turns what these find into labelled list items, so the extractor reads one shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import Sentence, split_sentences
from .words import is_imperative

# Markdown: "**Bold label:** text", "**Bold label.** text", "*emphasis*".
EMPHASIS = re.compile(r"^(?P<mark>\*\*|__|\*|_)(?P<inner>\S(?:.*\S)?)(?P=mark)$")
_BOLD_LABEL = re.compile(r"^(?:\*\*|__)(?P<label>[^*_]+?)(?:[:.]\s*(?:\*\*|__)|(?:\*\*|__)\s*[:.])\s*(?P<body>.*)$")
# "Gluteus maximus - the prime mover.", "Hamstrings — they assist ...", "Knees caving in -> push them out": a dash or
# an arrow after a short name.
_DASH_LABEL = re.compile(r"^(?P<label>[^.!?:;]{2,80}?)\s+(?:[-–—]|->|→|=>)\s+(?P<body>\S.*)$")
# "Primary Muscle(s): Gluteus Maximus", "Sets/Reps: 3–4 × 12–15": a short key, a colon, a value.
_FIELD = re.compile(r"^(?P<key>[A-Z][\w()/&'’ -]{1,40}?)\s*:\s+(?P<value>\S.*)$")
_FIELD_WORDS = 4
_TABLE_ROW = re.compile(r"^\|(?P<inner>.*)\|\s*$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
# A short first sentence that names an item, not a clause about one ("It helps.", "This is key.").
_NOT_A_NAME = re.compile(r"^(?:it|this|that|these|those|they|you|your|i|we|my|our|he|she|there|here|the|a|an|"
                         r"so|but|and|or|if|when|yes|no|ok|okay)\b", re.I)
LABEL_WORDS = 8
_SHORT_LEAD = 8


def strip_emphasis(text: str) -> str:
    """'**Muscles Worked**' -> 'Muscles Worked' (markdown emphasis around a whole line)."""
    match = EMPHASIS.match(text)
    return match.group("inner").strip() if match else text


def _is_instruction(text: str) -> bool:
    return is_imperative(text)


def split_label(text: str) -> tuple[str | None, str | None, int]:
    """'Label: body' -> (label, body, where the label ends in `text`).

    Also '**Label:** body', '**Label.** body', 'Label - body' and 'Short label. A longer description.';
    a trailing colon alone makes a sub-heading item.
    """
    bold = _BOLD_LABEL.match(text)
    if bold and len(bold.group("label").split()) <= 10:
        body = bold.group("body").strip()
        return bold.group("label").strip(), body or None, bold.start("body") if body else len(text)
    plain = strip_emphasis(text)
    if plain.endswith(":") and len(plain.split()) <= 12:
        return plain[:-1].strip(), None, len(text)
    head, sep, body = text.partition(": ")
    if sep and len(head.split()) <= 10 and not re.search(r"[.!?]\s", head):
        return strip_emphasis(head).strip(), body.strip() or None, len(head)
    dash = _DASH_LABEL.match(text)
    if dash and len(dash.group("label").split()) <= LABEL_WORDS and not _is_instruction(dash.group("label")):
        return dash.group("label").strip(), dash.group("body").strip(), dash.end("label")
    # "Arching the lower back. When the leg travels too high, ...": a short first sentence names the item.
    sentences = split_sentences(text)
    if len(sentences) > 1:
        lead = sentences[0].text
        warning = re.match(r"(?:don'?t|don’t|do not|never|avoid)\s", lead, re.I)  # "Avoid letting the knee cave in."
        if lead.endswith(".") and len(lead.split()) <= _SHORT_LEAD and (warning or not _is_instruction(lead)):
            return lead[:-1].strip(), text[sentences[1].start :].strip(), sentences[0].end
    return None, None, 0


def item_sentences(text: str, start: int, body: str | None, label_end: int) -> list[Sentence]:
    """An item's sentences: the label and the first sentence of its description make one quotable sentence."""
    if body is None:
        return split_sentences(text, start)
    body_start = text.index(body, label_end)
    body_sentences = split_sentences(body, start + body_start)
    if not body_sentences:
        return [Sentence(text, start, start + len(text))]
    first = body_sentences[0]
    merged = Sentence(text[: first.end - start], start, first.end)
    return [merged, *body_sentences[1:]]


@dataclass(frozen=True)
class Labelled:
    """A line read as a labelled item: its text (a substring of the line), label, description and offsets."""

    text: str
    offset: int  # where `text` starts in the line
    label: str
    body: str | None
    label_end: int  # characters of `text` the label takes
    sentences_whole: bool = False  # a table row is one statement, not split into sentences


# Keys that make a line a field even on its own ("Equipment: Foam wedge" between headings).
FIELD_KEYS = re.compile(r"^(?:equipment|kit|gear|muscles?(?: worked)?|targets?|(?:primary|secondary|tertiary)\b.*|"
                        r"easier|harder|progressions?|regressions?|sets?(?:/reps)?|reps|tempo|rest|frequency|dose|"
                        r"notes?|tips?|fault|fix|mistake|position|action|level|difficulty|mechanics|force|movement)$",
                        re.I)


def field_line(line: str) -> Labelled | None:
    """"Secondary: Hamstrings, Erector Spinae" -> label 'Secondary', body 'Hamstrings, Erector Spinae'."""
    plain = strip_emphasis(line)
    if plain.endswith("?") or plain != line:
        return None
    match = _FIELD.match(line)
    # "The fix: stop when ...": a sentence that announces its point, not a field
    if match is None or len(match.group("key").split()) > _FIELD_WORDS or _NOT_A_NAME.match(match.group("key")):
        return None
    return Labelled(line, 0, match.group("key").strip(), match.group("value").strip(), match.end("key"))


def table_rule(line: str) -> bool:
    """'|---|:---:|' - the line under a markdown table's header row."""
    return bool(_TABLE_RULE.match(line)) and "|" in line


def table_row(line: str) -> Labelled | None:
    """'| Hamstrings | Synergist | Assist hip extension |' -> label 'Hamstrings', the other cells as description."""
    match = _TABLE_ROW.match(line)
    if match is None or "|" not in match.group("inner"):
        return None
    inner = match.group("inner")
    offset = match.start("inner") + len(inner) - len(inner.lstrip())
    text = inner.strip()
    first, _, rest = text.partition("|")
    label = first.strip()
    if not label or not rest.strip():
        return None
    return Labelled(text, offset, label, rest.strip(" |") or None, len(first.rstrip()), sentences_whole=True)


def labelled_paragraph(text: str) -> Labelled | None:
    """A paragraph that opens with a label ("Swinging – the standing leg bounces ..."), if it has one."""
    label, body, label_end = split_label(text)
    if label is None or body is None or _NOT_A_NAME.match(label) or len(label.split()) > LABEL_WORDS + 2:
        return None
    return Labelled(text, 0, label, body, label_end)
