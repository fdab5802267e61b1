"""Share tokens, pure: a signed, compact, tamper-proof description of who shared what, until when.

A token is ``base64url(payload) . base64url(HMAC-SHA256(key, payload))`` where the payload is
``tenant|sharer|kind|target|expiry`` (expiry in Unix seconds). Nothing is stored to check it: the key is
derived from ``SHOAL_SECRET_KEY`` for this purpose alone, so a token can neither be forged nor reused as
another kind of signed value, and the signature is compared in constant time.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime

PURPOSE = b"shoal.share-link.v1"
SEPARATOR = "|"
MAC_BYTES = 16  # 128 bits of HMAC-SHA256: unforgeable, and keeps the QR code small


@dataclass(frozen=True)
class ShareClaim:
    tenant_id: str
    sharer_id: str
    target_type: str
    target_id: str
    expires_at: datetime


class BadToken(ValueError):
    """The token was altered, forged, malformed or has expired."""


def signing_key(secret_key: str) -> bytes:
    """A key for share tokens only, derived from the server's secret."""
    return hmac.new(secret_key.encode(), PURPOSE, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    """The bytes of ``text``, which must be their one canonical encoding: the last character of unpadded base64
    carries unused low bits, and a token whose last character differs only there would decode alike."""
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64(data) != text:
        raise binascii.Error("not the canonical encoding")
    return data


def sign(claim: ShareClaim, *, secret_key: str) -> str:
    fields = (claim.tenant_id, claim.sharer_id, claim.target_type, claim.target_id)
    if any(SEPARATOR in field for field in fields):
        raise ValueError("a share token field may not contain '|'")
    payload = SEPARATOR.join((*fields, str(int(claim.expires_at.timestamp())))).encode()
    mac = hmac.new(signing_key(secret_key), payload, hashlib.sha256).digest()[:MAC_BYTES]
    return f"{_b64(payload)}.{_b64(mac)}"


def verify(token: str, *, secret_key: str, now: datetime) -> ShareClaim:
    """The claim of a genuine, unexpired token; ``BadToken`` for anything else."""
    try:
        encoded, signature = token.split(".")
        payload, mac = _unb64(encoded), _unb64(signature)
    except (ValueError, binascii.Error) as exc:
        raise BadToken("malformed") from exc
    expected = hmac.new(signing_key(secret_key), payload, hashlib.sha256).digest()[:MAC_BYTES]
    if not hmac.compare_digest(mac, expected):
        raise BadToken("signature")
    try:
        tenant_id, sharer_id, kind, target_id, expiry = payload.decode().split(SEPARATOR)
        expires_at = datetime.fromtimestamp(int(expiry), UTC)
    except (ValueError, OverflowError) as exc:
        raise BadToken("malformed") from exc
    if expires_at <= now:
        raise BadToken("expired")
    return ShareClaim(tenant_id, sharer_id, kind, target_id, expires_at)


def poster_key(token: str) -> str:
    """The poster's file name: a digest, so the cache folder never holds a token and names stay short."""
    return hashlib.sha256(token.encode()).hexdigest()[:40]
