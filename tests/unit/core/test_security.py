"""Password hashing: correct, and off the event loop (one sign-in must not stall every other request)."""

from __future__ import annotations

import asyncio

import pytest
from argon2 import PasswordHasher

from shoal.core import security
from shoal.core.security import hash_password, verify_password


async def test_a_password_verifies_and_a_wrong_one_or_no_account_does_not() -> None:
    hashed = await hash_password("correct horse")
    assert await verify_password(hashed, "correct horse")
    assert not await verify_password(hashed, "wrong horse")
    assert not await verify_password(None, "correct horse")


async def test_hashing_leaves_the_event_loop_free(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(security, "_hasher", PasswordHasher())  # full strength: the suite's cheap one is too quick
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    running = asyncio.create_task(ticker())
    await hash_password("correct horse")
    running.cancel()
    # Hashing on the loop would let the ticker run at most once; in a thread it runs throughout.
    assert ticks > 10
