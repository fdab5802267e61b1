"""The storefront's read cache serves an entry only at the revision it was stored under, for a bounded time,
and drops the least recently used entry when full."""

from __future__ import annotations

import time

from shoal.core.revision_cache import RevisionCache


def test_an_entry_is_served_at_its_revision_only_and_the_least_recently_used_goes_first(monkeypatch) -> None:
    cache: RevisionCache[str] = RevisionCache(size=2, seconds=60)
    cache.put("a", 1, "A1")
    cache.put("b", 1, "B1")
    assert cache.get("a", 1) == "A1"  # "a" is now the most recently used
    assert cache.get("b", 2) is None and cache.get("b", 1) is None  # a newer revision drops the old entry
    cache.put("b", 2, "B2")
    cache.put("c", 2, "C2")  # full: "a" was used before "b" was stored again, so "a" goes
    assert (cache.get("a", 1), cache.get("b", 2), cache.get("c", 2)) == (None, "B2", "C2")
    later = time.monotonic() + 61
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert cache.get("c", 2) is None  # past its time, even at its revision
