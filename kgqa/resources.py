"""Where kgqa finds its packaged corpus and ontology, and where it caches built graphs."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def corpus_dir() -> Path:
    """The default corpus: $KGQA_CORPUS when set (your own folder becomes the default graph, cached and
    snapshotted as the packaged one is), else the source tree's corpus/ when run from a checkout, else the wheel's
    copy."""
    explicit = os.environ.get("KGQA_CORPUS")
    if explicit:
        return Path(explicit)
    return _first_existing(_PACKAGE.parent / "corpus", _PACKAGE / "_data" / "corpus")


def ontology_dir() -> Path:
    """The ontology folder (schema, vocabulary, SHACL shapes)."""
    return _first_existing(_PACKAGE.parent / "ontology", _PACKAGE / "_data" / "ontology")


def cache_dir() -> Path:
    """Where built default graphs are cached: $KGQA_CACHE_DIR, else $XDG_CACHE_HOME/kgqa."""
    explicit = os.environ.get("KGQA_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kgqa"


def cache_dir_origin() -> str:
    """Where `cache_dir()` came from, for messages: 'from $KGQA_CACHE_DIR', 'from $XDG_CACHE_HOME', 'the default'."""
    if os.environ.get("KGQA_CACHE_DIR"):
        return "from $KGQA_CACHE_DIR"
    return "from $XDG_CACHE_HOME" if os.environ.get("XDG_CACHE_HOME") else "the default"
