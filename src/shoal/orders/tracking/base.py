"""What a tracking provider offers the orders domain, and the values they exchange.

Providers are adapters, like payment providers: they sign what we send, verify what we receive and turn
both into these frozen values; they never touch the database. A provider answers a query for a parcel's
checkpoints, takes a subscription (it then posts each change to our callback address) and verifies and
reads such a post. Each subscription gets a salt of its own, derived from our secret key and the shipment,
so a post signed for one shipment cannot be replayed against another.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

# Where the parcel is, in our words: 已揽收, 运输中, 派件中, 已签收, 疑难, 退回.
TrackingState = Literal["collected", "in_transit", "delivering", "delivered", "problem", "returned"]
TRACKING_STATES: tuple[TrackingState, ...] = (
    "collected", "in_transit", "delivering", "delivered", "problem", "returned",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """One line of the timeline: when, and what the carrier said (``【杭州市】快件已揽收``)."""

    at: datetime
    description: str
    area: str | None = None


@dataclass(frozen=True, slots=True)
class TrackingUpdate:
    """What a provider knows of one parcel: the carrier's code (ours), the number, the state now and every
    checkpoint so far (a push repeats the earlier ones, which is why recording is idempotent)."""

    carrier: str
    number: str
    state: TrackingState
    checkpoints: tuple[Checkpoint, ...]


@dataclass(frozen=True, slots=True)
class Subscription:
    carrier: str
    number: str
    callback_url: str
    salt: str
    phone: str | None = None  # SF and some others need the recipient's phone (or its last four digits)


class TrackingProvider(Protocol):
    name: str

    async def query(self, carrier: str, number: str, *, phone: str | None = None) -> TrackingUpdate: ...

    async def subscribe(self, subscription: Subscription) -> None:
        """Ask the provider to post every change of this parcel to ``callback_url``; repeating it is harmless."""
        ...

    def parse_callback(self, form: Mapping[str, str], *, salt: str) -> TrackingUpdate | None:
        """Verify and read a post to the callback address (``None``: it carries nothing to record); raise
        ``ForgedTrackingCallback`` if anything is off."""
        ...

    def callback_ack(self) -> dict[str, object]:
        """The JSON answer the provider expects, so that it stops posting this change."""
        ...


def callback_salt(secret: str, *, tenant_id: str, shipment_id: str) -> str:
    """The subscription's own signing salt (32 characters, as 快递100 takes): HMAC of the shipment under our key."""
    digest = hmac.new(secret.encode(), f"{tenant_id}:{shipment_id}".encode(), hashlib.sha256).hexdigest()
    return digest[:32]


def fingerprint(checkpoint: Checkpoint) -> str:
    """The identity of a checkpoint (its time and words), so the same checkpoint twice is stored once."""
    text = f"{checkpoint.at.isoformat()}|{checkpoint.description}"
    return hashlib.sha256(text.encode()).hexdigest()
