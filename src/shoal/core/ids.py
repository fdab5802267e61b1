"""Identifiers: UUIDv7 strings, time-ordered so that indexes stay compact and cursors sort by age.

Sequential integers would leak order volume to anyone who can count, so the API never shows them.
"""

from __future__ import annotations

import os
import time


def new_id() -> str:
    """Return a UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 68) & 0xFFF) << 64  # rand_a
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)
    digits = f"{value:032x}"  # formatted by hand: uuid.UUID(int=...) validates again, on every row of every write
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"
