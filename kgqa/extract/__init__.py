"""Extraction: Document -> Fact[], by rules over a blank spaCy pipeline and the vocabulary."""

from .facts import FACT_KINDS, Evidence, Fact
from .pipeline import Extractor

__all__ = ["FACT_KINDS", "Evidence", "Extractor", "Fact"]
