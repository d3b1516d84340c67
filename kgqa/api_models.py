"""The request and response models of the HTTP API, for validation and the OpenAPI docs.

The chat context (the previous turn) is validated strictly: typed fields, at most 16 entities and 8,192
characters of text in all, and no lone UTF-16 surrogates (which JSON's "\\ud800" escape can carry).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, model_validator

from .qa.understand import MAX_LENGTH

MAX_CONTEXT_ENTITIES = 16
MAX_CONTEXT_TEXT = 8192  # characters of text in a whole context
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_unicode(text: str) -> str:
    """Text that can be written as UTF-8: no lone UTF-16 surrogate (JSON's "\\ud800" escape makes one)."""
    bad = _SURROGATE.search(text)
    if bad:
        raise ValueError(f"holds U+{ord(bad.group()):04X}, a lone UTF-16 surrogate, which is not a Unicode character")
    return text


Text = Annotated[str, AfterValidator(check_unicode)]


class ContextEntity(BaseModel):
    """An entity the previous turn was answered with, as /ask returned it in `entities`."""

    iri: Text = Field(max_length=500)
    label: Text | None = Field(None, max_length=500)
    type: Text | None = Field(None, max_length=40)
    surface: Text | None = Field(None, max_length=500)


class Turn(BaseModel):
    """The previous turn of a chat: its question, and optionally the intent and entities it was answered with.

    At most 16 entities and 8,192 characters of text in all; other fields (a whole previous answer) are ignored."""

    question: Text = Field(max_length=MAX_LENGTH)
    intent: Text | None = Field(None, max_length=40)
    entities: list[ContextEntity] | None = Field(None, max_length=MAX_CONTEXT_ENTITIES)

    @model_validator(mode="after")
    def _small(self) -> Turn:
        size = len(self.question) + len(self.intent or "") + sum(
            len(e.iri) + len(e.label or "") + len(e.type or "") + len(e.surface or "") for e in self.entities or [])
        if size > MAX_CONTEXT_TEXT:
            raise ValueError(f"the context holds {size:,} characters of text; the limit is {MAX_CONTEXT_TEXT:,}")
        return self


class AskRequest(BaseModel):
    question: str = Field(description="the question, 1-500 characters",
                          examples=["what muscles do cable kickbacks work?"])
    context: Turn | None = Field(None, description="the previous turn, so follow-ups like 'and the tricep "
                                 "kickback?' or 'what mistakes should I avoid?' work")


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    hint: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody
