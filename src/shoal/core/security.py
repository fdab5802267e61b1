"""Password hashing (argon2id) and signed access tokens (JWT, HS256)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import secrets
from datetime import datetime, timedelta
from typing import Any

import jwt
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from shoal.core.errors import Unauthenticated

# SHOAL_TEST_CHEAP_PASSWORD_HASHING=true is for the test suite only: it hashes with argon2's cheapest parameters,
# since every test creates a tenant and signs its owner in, and at full strength (about 0.3 s of CPU each) those
# hashes were most of the suite's time. A hash records its own parameters, so a strong one still verifies.
_CHEAP = os.environ.get("SHOAL_TEST_CHEAP_PASSWORD_HASHING", "").lower() == "true"
_hasher = PasswordHasher.from_parameters(profiles.CHEAPEST) if _CHEAP else PasswordHasher()
# Verifying against this when the user does not exist keeps the timing of "no such user" and
# "wrong password" alike, so an attacker cannot enumerate accounts by latency.
_DUMMY_HASH = _hasher.hash("shoal-timing-equaliser")


# Argon2 is slow on purpose (about 0.1 s of CPU): run on the event loop, one sign-in would stall every other
# request of the process. In a worker thread it does not (argon2-cffi releases the GIL while it hashes).


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    return await asyncio.to_thread(_verify, password_hash, password)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_secret_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """Refresh tokens are stored as digests, so a leaked table cannot be replayed."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_access_token(secret: str, *, now: datetime, minutes: int, claims: dict[str, Any]) -> str:
    payload = {**claims, "iat": int(now.timestamp()), "exp": int((now + timedelta(minutes=minutes)).timestamp())}
    return jwt.encode(payload, secret, algorithm="HS256")


def read_access_token(secret: str, token: str, *, now: datetime) -> dict[str, Any]:
    try:
        claims = jwt.decode(
            token, secret, algorithms=["HS256"], options={"verify_exp": False, "verify_iat": False, "verify_nbf": False}
        )
    except jwt.PyJWTError as exc:
        raise Unauthenticated() from exc
    if int(claims.get("exp", 0)) <= int(now.timestamp()):
        raise Unauthenticated()
    return claims
