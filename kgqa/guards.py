"""ASGI middleware in front of every route: input that is not text, bodies over the limit, and the headers
every response carries.

- A path or query string whose percent-escapes decode to invalid UTF-8 (a lone surrogate sent as
  %ED%A0%80, a stray %FF) is refused with 400, where the framework would silently turn it into U+FFFD.
- A request body over `max_body` bytes is refused with 413, by its Content-Length or while it streams in.
- Every response carries the Content-Security-Policy and `X-Content-Type-Options: nosniff`: the chat page,
  its scripts under /static, the API docs and its assets, and the JSON and RDF too.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import unquote_to_bytes

from fastapi import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import BadEncoding, KgqaError, TooLarge


def csp(frame_ancestors: tuple[str, ...]) -> str:
    """The one Content-Security-Policy: everything from this origin, nothing inline, no CDN."""
    return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            f"object-src 'none'; base-uri 'self'; frame-ancestors {' '.join(frame_ancestors)}")


def _valid_utf8(raw: bytes) -> bool:
    try:
        (unquote_to_bytes(raw) if b"%" in raw else raw).decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


class Guards:
    """The middleware; `headers` are added to every response (no route sets them itself)."""

    def __init__(self, app: ASGIApp, *, max_body: int, headers: Mapping[str, str]) -> None:
        self.app = app
        self.max_body = max_body
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = self.headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *headers]
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await JSONResponse(refusal.to_dict(), status_code=refusal.status)(scope, receive, send_with_headers)
            return
        if scope.get("method") in ("GET", "HEAD"):  # no body to count
            await self.app(scope, receive, send_with_headers)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise HTTPException(413, detail=self._too_large().message)
            return message

        await self.app(scope, counted_receive, send_with_headers)

    def _refusal(self, scope: Scope) -> KgqaError | None:
        raw_path = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogatepass")
        if not _valid_utf8(raw_path) or not _valid_utf8(scope.get("query_string", b"")):
            where = "query string" if _valid_utf8(raw_path) else "path"
            return BadEncoding(f"the {where} is not UTF-8 once its %-escapes are decoded (a lone surrogate such as "
                               "%ED%A0%80, or a stray byte such as %FF)",
                               hint="percent-encode the UTF-8 bytes of the text")
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    return None  # the server rejects a malformed Content-Length itself
                if length > self.max_body:
                    return self._too_large(length)
        return None

    def _too_large(self, length: int | None = None) -> TooLarge:
        size = f"of {length:,} bytes " if length is not None else ""
        return TooLarge(f"the request body {size}is over this server's limit of {self.max_body:,} bytes")
