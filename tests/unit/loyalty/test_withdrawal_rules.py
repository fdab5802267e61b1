"""A withdrawal's principal is paid back over the top-ups newest first: exact to the fen, none above its left."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shoal.loyalty.wallet.rules import withdrawal_shares


@given(st.integers(0, 10**7), st.lists(st.integers(0, 10**6), max_size=8))
def test_shares_add_up_to_the_principal_and_never_pass_a_top_up(principal, left) -> None:  # type: ignore[no-untyped-def]
    shares = withdrawal_shares(principal, left)
    if principal > sum(left):
        assert shares is None
        return
    assert shares is not None and sum(shares) == principal
    assert all(0 <= share <= most for share, most in zip(shares, left, strict=True))
    first_short = next((i for i, (s, m) in enumerate(zip(shares, left, strict=True)) if s < m), len(left))
    assert not any(shares[first_short + 1 :])  # newer top-ups are used up before older ones give anything
