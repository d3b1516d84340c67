"""One error hierarchy. Messages say what was expected and list the options."""

from __future__ import annotations


class KgqaError(Exception):
    """Base of every error kgqa raises on purpose. `status` is the HTTP status it maps to."""

    status: int = 400
    code: str = "kgqa_error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def to_dict(self) -> dict[str, object]:
        return {"error": {"status": self.status, "code": self.code, "message": self.message, "hint": self.hint}}


class CorpusError(KgqaError):
    """An article could not be read, is empty, or the corpus folder is unusable."""

    code = "corpus_error"


class ExtractionError(KgqaError):
    """A pipeline stage broke its contract (returned the wrong type)."""

    status = 500
    code = "extraction_error"


class ValidationError(KgqaError):
    """The built graph does not conform to the SHACL shapes."""

    status = 500
    code = "validation_error"

    def __init__(self, message: str, *, shapes: list[str], report: str) -> None:
        super().__init__(message)
        self.shapes = shapes
        self.report = report


class GraphError(KgqaError):
    """A graph file could not be loaded or written."""

    status = 500
    code = "graph_error"


class StoreError(KgqaError):
    """The store holding the graph (a SPARQL endpoint set by KGQA_STORE / --store) failed or cannot be reached."""

    status = 502
    code = "store_error"


class ConfigurationError(KgqaError):
    """An environment variable kgqa reads (KGQA_SPARQL_TIMEOUT, ...) has a value it cannot use."""

    code = "bad_configuration"


class QuestionError(KgqaError):
    """The question is empty, too long or not a question at all."""

    code = "bad_question"


class QuestionFileError(KgqaError):
    """A question file for `kgqa eval` is missing, unreadable or not in the format of tests/data/dev.jsonl."""

    code = "bad_question_file"


class NotFoundError(KgqaError):
    """An entity or resource does not exist."""

    status = 404
    code = "not_found"


class QueryError(KgqaError):
    """A SPARQL query is malformed or not allowed."""

    code = "bad_query"


class UpdateRefused(KgqaError):
    """An update (INSERT, DELETE, LOAD, CLEAR...) sent to the read-only endpoint."""

    status = 403
    code = "update_refused"


class QueryRefused(KgqaError):
    """A query that would make the server fetch a remote resource."""

    status = 403
    code = "query_refused"


class QueryTimeout(KgqaError):
    """The query ran past the time limit."""

    code = "query_timeout"


class Busy(KgqaError):
    """Every evaluation slot is taken by a long query."""

    status = 429
    code = "busy"


class NotAcceptable(KgqaError):
    """No result format the client accepts."""

    status = 406
    code = "not_acceptable"


class UnsupportedMediaType(KgqaError):
    """A POST body in a content type the SPARQL protocol does not define."""

    status = 415
    code = "unsupported_media_type"


class TooLarge(KgqaError):
    """A request body or a SPARQL query over the size the server accepts."""

    status = 413
    code = "too_large"


class BadEncoding(KgqaError):
    """Text that is not Unicode: invalid UTF-8, or a lone UTF-16 surrogate such as \\ud800."""

    code = "bad_encoding"


class UnrepresentableResult(QueryError):
    """A SPARQL result the requested format cannot express (U+0000 in XML, an IRI RDF/XML cannot split)."""

    code = "unrepresentable_result"


class Interrupted(KeyboardInterrupt):
    """SIGTERM (or SIGHUP) arrived while kgqa was writing a file, raised so the temporary file is removed.

    A KeyboardInterrupt, like the SIGINT Python turns into one: no `except Exception` swallows it, and the
    CLI reports both the same way (one line, exit 128 + the signal number).
    """

    def __init__(self, signum: int) -> None:
        import signal

        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(f"interrupted by {self.name}")
