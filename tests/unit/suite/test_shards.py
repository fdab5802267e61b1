"""The suite's parts (``--shard``) cover every module exactly once and share the work fairly."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.shards import deal

works = st.dictionaries(st.text(min_size=1, max_size=8).map(Path), st.integers(1, 200), max_size=40)


@given(works, st.integers(1, 4))
def test_every_module_lands_in_exactly_one_part(work: dict[Path, int], parts: int) -> None:
    shares = deal(work, parts)
    assert len(shares) == parts
    assert sorted(m for share in shares for m in share) == sorted(work)


@given(works, st.integers(2, 4))
def test_no_part_carries_more_than_the_fair_share_plus_one_module(work: dict[Path, int], parts: int) -> None:
    loads = [sum(work[m] for m in share) for share in deal(work, parts)]
    heaviest = max(work.values(), default=0)
    assert max(loads) <= sum(work.values()) / parts + heaviest
