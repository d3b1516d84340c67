"""The environment variables kgqa's commands read, checked before a command runs.

A bad value is one line naming the variable, what was expected and the default; never a traceback from deep
inside the server start-up. A command refuses to start on a bad value of a variable it reads (`kgqa serve` reads
them all; ask, eval, export and push read KGQA_STORE); the others only warn, so a stray setting is noticed
without breaking them.
(KGQA_CACHE_DIR is any folder name: one that cannot be written is reported when the cache is written, and the
default graph is then used from memory; see kgqa.build.)
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .errors import ConfigurationError


def _seconds(text: str) -> float:
    value = float(text)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(text)
    return value


def _store(text: str) -> str:
    from .stores import check

    return check(text)


def _folder(text: str) -> str:
    if not os.path.isdir(text):
        raise ValueError(text)
    return text


def _count(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise ValueError(text)
        return value

    return parse


@dataclass(frozen=True)
class Variable:
    """An environment variable: how its value is read, what it must be, its default, the commands reading it."""

    name: str
    parse: Callable[[str], object]
    expected: str
    default: str
    commands: tuple[str, ...]

    def problem(self, value: str) -> str | None:
        """None if `value` is usable, else a one-line message naming the variable."""
        try:
            self.parse(value)
        except ValueError:
            return (f"{self.name}={value!r} is not {self.expected} "
                    f"(fix it, or unset it for the default, {self.default})")
        return None


VARIABLES = (
    Variable("KGQA_SPARQL_TIMEOUT", _seconds, "a number of seconds greater than 0, e.g. 5 or 2.5", "5", ("serve",)),
    Variable("KGQA_SPARQL_ROW_CAP", _count(1), "a whole number of rows, 1 or more, e.g. 10000", "10000", ("serve",)),
    Variable("KGQA_ANSWER_CACHE", _count(0), "a whole number of answers to keep, 0 (off) or more, e.g. 4096", "4096",
             ("serve",)),
    Variable("KGQA_ANSWER_CACHE_BYTES", _count(0), "a whole number of bytes, 0 (off) or more, e.g. 67108864",
             "67108864", ("serve",)),
    Variable("KGQA_SPARQL_WORKERS", _count(1), "a whole number of worker processes, 1 or more, e.g. 2", "2",
             ("serve",)),
    Variable("KGQA_SPARQL_MAX_QUERY_BYTES", _count(1), "a whole number of bytes, 1 or more, e.g. 65536", "65536",
             ("serve",)),
    Variable("KGQA_STORE", _store, "oxigraph, memory, or the http(s) URL of a SPARQL 1.1 endpoint (e.g. "
             "http://127.0.0.1:7878/query)", "oxigraph", ("ask", "eval", "serve", "export", "push")),
    Variable("KGQA_CORPUS", _folder, "a folder of articles and structured sources (e.g. my-corpus)",
             "the packaged corpus", ("ask", "eval", "serve", "export", "push", "build")),
)


def check_environment(command: str, environ: Mapping[str, str] | None = None) -> list[str]:
    """Check the variables that are set. Raises ConfigurationError for the first bad variable `command` reads;
    returns warnings (one line each) for bad variables it does not read."""
    environ = os.environ if environ is None else environ
    warnings: list[str] = []
    for variable in VARIABLES:
        value = environ.get(variable.name)
        if value is None:
            continue
        problem = variable.problem(value)
        if problem is None:
            continue
        if command in variable.commands:
            raise ConfigurationError(problem)
        readers = " and ".join(f"kgqa {c}" for c in variable.commands)
        warnings.append(f"{problem}; only {readers} reads it, and would refuse to start")
    return warnings
