"""Server settings, from arguments or from KGQA_* environment variables, checked before the server starts."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

from .errors import ConfigurationError

MiB = 1 << 20

# field -> (environment variable, lowest value, highest value, what it is)
LIMITS: dict[str, tuple[str, float, float, str]] = {
    "sparql_timeout": ("KGQA_SPARQL_TIMEOUT", 0.001, 3600.0, "a number of seconds"),
    "sparql_row_cap": ("KGQA_SPARQL_ROW_CAP", 1, 10_000_000, "a whole number of rows"),
    "sparql_workers": ("KGQA_SPARQL_WORKERS", 1, 64, "a whole number of worker processes"),
    "sparql_max_query_bytes": ("KGQA_SPARQL_MAX_QUERY_BYTES", 64, 64 * MiB, "a whole number of bytes"),
    "answer_cache": ("KGQA_ANSWER_CACHE", 0, 10_000_000, "a whole number of answers (0 = off)"),
    "answer_cache_bytes": ("KGQA_ANSWER_CACHE_BYTES", 0, 1 << 40, "a whole number of bytes (0 = off)"),
}


def _show(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


@dataclass(frozen=True)
class Settings:
    """Server settings; `from_env` reads KGQA_GRAPH, KGQA_STORE (oxigraph, memory or a SPARQL endpoint's URL:
    kgqa.stores), KGQA_CORS_ORIGINS (comma-separated) and the variables
    in LIMITS: KGQA_SPARQL_TIMEOUT (seconds, parsing included), KGQA_SPARQL_ROW_CAP, KGQA_SPARQL_WORKERS
    (worker processes), KGQA_SPARQL_MAX_QUERY_BYTES, KGQA_ANSWER_CACHE (answers kept; 0 = off) and
    KGQA_ANSWER_CACHE_BYTES (the most the kept answers may take, keys included; 0 = off).

    Answers are deterministic for a loaded graph, so the serialised answers to the most recent distinct
    (question, context) pairs are kept and served again as they are, within both cache limits."""

    graph: str | None = None
    store: str = "oxigraph"
    cors_origins: tuple[str, ...] = ()
    sparql_timeout: float = 5.0
    sparql_row_cap: int = 10_000
    sparql_workers: int = 2
    sparql_max_query_bytes: int = 64 * 1024
    frame_ancestors: tuple[str, ...] = ("*",)
    answer_cache: int = 4096
    answer_cache_bytes: int = 64 * MiB

    def __post_init__(self) -> None:
        from .stores import resolve

        resolve(self.store)  # a setting that names no store is a ConfigurationError listing the choices
        for name, (variable, low, high, what) in LIMITS.items():
            value = getattr(self, name)
            whole = what.startswith("a whole")
            if isinstance(value, bool) or not isinstance(value, int | float) or (whole and not isinstance(value, int)) \
                    or not math.isfinite(value) or not low <= value <= high:
                raise ConfigurationError(f"{name} ({variable}) must be {what} from {_show(low)} to {_show(high)}, "
                                         f"got {value!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from the environment; a value that is not a number in range is a ConfigurationError."""
        env = os.environ if environ is None else environ
        origins = tuple(o.strip() for o in env.get("KGQA_CORS_ORIGINS", "").split(",") if o.strip())
        values: dict[str, int | float] = {}
        defaults = {f.name: f.default for f in fields(cls)}
        for name, (variable, low, high, what) in LIMITS.items():
            text = env.get(variable, "").strip()
            if not text:
                continue
            try:
                values[name] = int(text) if what.startswith("a whole") else float(text)
            except ValueError:
                values[name] = math.nan
            if not (math.isfinite(values[name]) and low <= values[name] <= high):
                raise ConfigurationError(f"{variable}={text!r} is not {what} from {_show(low)} to {_show(high)} "
                                         f"(fix it, or unset it for the default, {_show(defaults[name])})")
        from .stores import DEFAULT, ENV, resolve

        store = resolve(None, env).setting if env.get(ENV, "").strip() else DEFAULT
        return cls(graph=env.get("KGQA_GRAPH") or None, store=store, cors_origins=origins,
                   **values)  # type: ignore[arg-type]
