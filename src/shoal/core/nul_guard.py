"""Refuse NUL characters at the edge, before any handler sees them.

PostgreSQL cannot store or even compare text containing NUL (``\\x00``): a NUL in any string that
reaches a query fails the statement, which surfaced as a 500 from every endpoint, signed in or not.
Rather than a validator on every field, one pure ASGI middleware looks at everything a handler may
turn into a value (the path, the query string, header values and cookies, JSON, form and multipart
text bodies) and answers 422 problem+json ``nul_character`` naming where it found one. File parts of
a multipart body are binary and pass untouched.
"""

from __future__ import annotations

import re
from typing import ClassVar

from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.responses import JSONResponse
from starlette.types import Message, Receive, Scope, Send

from shoal.core.asgi import HttpMiddleware
from shoal.core.errors import ShoalError
from shoal.core.i18n import negotiate_locale, pick

# An escaped NUL in JSON: ``\u0000`` after an even number of backslashes (``\\u0000`` is text).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_ENCODED_NUL = b"%00"
_CHECKED_BODIES = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")


class NulCharacter(ShoalError):
    status = 422
    code = "nul_character"
    message = {
        "en": "The request's {where} contains a NUL character (\\0), which no text may hold. Remove it and send again.",
        "zh-CN": "请求的{where}中含有空字符（\\0），文本中不允许出现，请删除后重新发送。",
    }
    places_zh: ClassVar[dict[str, str]] = {
        "path": "路径",
        "query": "查询参数",
        "header": "请求头",
        "cookie": "Cookie",
        "body": "请求体",
    }

    def render(self, locale: str) -> str:
        """``where`` stays a stable word in the problem body; the Chinese message names the place in Chinese."""
        where = self.params["where"]
        return pick(self.message, locale).format(where=self.places_zh[where] if locale == "zh-CN" else where)


class RejectNulCharacters(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope)
        where = _nul_outside_body(scope, headers)
        content_type = headers.get("content-type", "").lower()
        if where is None and content_type.startswith(_CHECKED_BODIES):
            body = await _read_body(receive)
            where = "body" if _body_has_nul(body, content_type) else None
            receive = _replay(body, receive)
        if where is None:
            await self.app(scope, receive, send)
            return
        error = NulCharacter(where=where)
        body = error.problem(negotiate_locale(headers.get("accept-language")), scope["path"].replace("\x00", ""))
        response = JSONResponse(body, status_code=error.status, media_type="application/problem+json")
        await response(scope, receive, send)


def _nul_outside_body(scope: Scope, headers: Headers) -> str | None:
    if "\x00" in scope["path"] or _ENCODED_NUL in scope.get("raw_path", b""):
        return "path"
    query = scope.get("query_string", b"")
    if b"\x00" in query or _ENCODED_NUL in query:
        return "query"
    if any(b"\x00" in value for _name, value in scope["headers"]):
        return "header"
    # A quoted cookie value may spell NUL as the octal escape \000, which cookie parsing turns into one.
    if any("\x00" in value for value in cookie_parser(headers.get("cookie", "")).values()):
        return "cookie"
    return None


def _body_has_nul(body: bytes, content_type: str) -> bool:
    if b"\x00" not in body and b"\\u0000" not in body and _ENCODED_NUL not in body:
        return False
    if content_type.startswith("application/json"):
        return b"\x00" in body or _JSON_NUL.search(body) is not None
    if content_type.startswith("application/x-www-form-urlencoded"):
        return b"\x00" in body or _ENCODED_NUL in body
    return _multipart_text_has_nul(body, content_type)


def _multipart_text_has_nul(body: bytes, content_type: str) -> bool:
    """NUL in a text field of a multipart body (file parts are binary and may hold any byte)."""
    boundary = content_type.partition("boundary=")[2].split(";")[0].strip().strip('"')
    if not boundary:
        return False
    for part in body.split(b"--" + boundary.encode()):
        part_headers, _, content = part.partition(b"\r\n\r\n")
        if b"filename=" not in part_headers.lower() and b"\x00" in content:
            return True
    return False


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the already-read body to the app, then defers to the real one."""
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
