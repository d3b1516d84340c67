"""A corpus folder's optional manifest.json: file name -> title, author, source (and other fields), checked."""

from __future__ import annotations

import json
from pathlib import Path

from .errors import CorpusError

MANIFEST_NAME = "manifest.json"
MANIFEST_FIELDS = ("title", "author", "source")
MANIFEST_EXAMPLE = '{"my-article.txt": {"title": "...", "author": "...", "source": "..."}}'


def _json_type(value: object) -> str:
    """The JSON name of a value's type, for messages: null, true/false, a number, a string, a list, an object."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return {str: "a string", list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """`folder`'s manifest.json, checked: file name -> {title, author, source, any other field: text or null}.

    Raises CorpusError naming the manifest and the key when a value is not of that form.
    """
    path = folder / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the manifest ({exc.strerror or exc})") from exc
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except ValueError as exc:  # UnicodeDecodeError is a ValueError too
        raise CorpusError(f"{path}: the manifest is not valid JSON ({exc})",
                          hint=f"expected an object mapping file names to metadata, e.g. {MANIFEST_EXAMPLE}") from exc
    return validate_manifest(data, path)


def validate_manifest(data: object, path: Path) -> dict[str, dict[str, str]]:
    """The manifest's entries with their empty and null fields left out; CorpusError naming `path` and the key
    of the first value that is not an object of text (or null) fields."""
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: the manifest must be an object mapping file names to metadata, "
                          f"got {_json_type(data)}", hint=f"e.g. {MANIFEST_EXAMPLE}")
    entries: dict[str, dict[str, str]] = {}
    for name, meta in data.items():
        if not isinstance(meta, dict):
            raise CorpusError(f'{path}: "{name}" must map to an object with any of {", ".join(MANIFEST_FIELDS)}, '
                              f"got {_json_type(meta)}")
        fields: dict[str, str] = {}
        for key, value in meta.items():
            # title, author and source are text; other fields (kept in Document.meta) may be numbers too
            scalar = isinstance(value, str) or (key not in MANIFEST_FIELDS and isinstance(value, int | float))
            if value is not None and not scalar:
                expected = "text (a JSON string) or null" if key in MANIFEST_FIELDS else "text, a number or null"
                raise CorpusError(f'{path}: "{name}" -> "{key}" must be {expected}, '
                                  f"got {_json_type(value)}: {json.dumps(value)[:60]}")
            if value is not None and value != "":
                fields[str(key)] = value if isinstance(value, str) else json.dumps(value)
        entries[str(name)] = fields
    return entries
