"""Cursor pagination: opaque, stable under inserts, capped at 100 items a page."""

from __future__ import annotations

import base64
import json
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from shoal.core.errors import ShoalError

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


class InvalidCursor(ShoalError):
    status = 422
    code = "invalid_cursor"
    message = {
        "en": "The cursor is not one this API issued; start again without it.",
        "zh-CN": "分页游标无效，请去掉 cursor 参数重新开始。",
    }


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> list[Any] | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor() from exc
    if not isinstance(values, list):
        raise InvalidCursor()
    return values


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list; ``next_cursor`` is ``null`` on the last page."""

    items: list[T]
    next_cursor: str | None = None
