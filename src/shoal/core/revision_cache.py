"""A short in-process cache of what shoppers are shown and priced by (the storefront's catalog reads, pricing
snapshots, promotions, shipping rules), each entry tagged with the shop revision it was read at.

An entry is served only while the tenant's shop revision (``core.shop_revision``: one primary-key read per
request) is still the one it was stored under, so a write is seen by the very next read in every process; the time limit
only bounds how long an unread entry holds memory. Bounded in size, least recently used out first.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class RevisionCache(Generic[T]):
    def __init__(self, *, size: int, seconds: float) -> None:
        self._size = size
        self._seconds = seconds
        self._entries: OrderedDict[Hashable, tuple[int, float, T]] = OrderedDict()

    def get(self, key: Hashable, revision: int) -> T | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        stored_revision, stored_at, value = entry
        if stored_revision != revision or time.monotonic() - stored_at > self._seconds:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    def put(self, key: Hashable, revision: int, value: T) -> None:
        self._entries[key] = (revision, time.monotonic(), value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()
