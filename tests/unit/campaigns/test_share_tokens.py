"""Share tokens: a genuine token reads back its claim;
any altered character, another key or a passed expiry is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shoal.campaigns.sharing.rules import BadToken, ShareClaim, sign, verify

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
CLAIM = ShareClaim("tenant-1", "sharer-1", "flash_sale", "sale-1", NOW + timedelta(days=30))


def test_a_genuine_token_reads_back_its_claim() -> None:
    assert verify(sign(CLAIM, secret_key="k"), secret_key="k", now=NOW) == CLAIM


def test_a_last_character_differing_only_in_unused_bits_is_refused() -> None:
    """22 base64 characters carry 132 bits for the 128-bit signature: the last one's low four bits decode to
    nothing, so only one character of its sixteen look-alikes is the token's."""
    token = sign(CLAIM, secret_key="k")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(token[-1])
    for twin in {alphabet[(last & ~15) | low] for low in range(16)} - {token[-1]}:
        with pytest.raises(BadToken):
            verify(token[:-1] + twin, secret_key="k", now=NOW)


@given(st.data())
def test_any_altered_character_is_refused(data: st.DataObject) -> None:
    token = sign(CLAIM, secret_key="k")
    at = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."))
    altered = token[:at] + replacement + token[at + 1 :]
    if altered != token:
        with pytest.raises(BadToken):
            verify(altered, secret_key="k", now=NOW)


def test_another_key_an_expiry_or_garbage_is_refused() -> None:
    token = sign(CLAIM, secret_key="k")
    for bad, now in [(token, NOW + timedelta(days=30)), ("x", NOW), ("a.b.c", NOW), ("", NOW)]:
        with pytest.raises(BadToken):
            verify(bad, secret_key="k", now=now)
    with pytest.raises(BadToken):
        verify(token, secret_key="other", now=NOW)
