"""Sending SMS: a small interface so that a real gateway (Aliyun, Tencent Cloud) plugs in.

The built-in ``LoggingSmsProvider`` sends nothing: it logs the text and remembers the last code per
phone, which is what development, the demo and the tests need.
"""

from __future__ import annotations

import logging
import re
from typing import Protocol

log = logging.getLogger("shoal.customers.sms")
_CODE = re.compile(r"\b(\d{6})\b")


class SmsProvider(Protocol):
    async def send(self, phone: str, text: str) -> None:
        """Deliver ``text`` to ``phone`` (E.164); raise on failure so the caller can release the code."""
        ...


class LoggingSmsProvider:
    def __init__(self) -> None:
        self._last_code: dict[str, str] = {}

    async def send(self, phone: str, text: str) -> None:
        log.info("sms to %s: %s", phone, text)
        found = _CODE.search(text)
        if found:
            self._last_code[phone] = found.group(1)

    def last_code(self, phone: str) -> str | None:
        return self._last_code.get(phone)
