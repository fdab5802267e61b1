"""Facts the inventory domain tells others (orders cancel unpaid orders whose reservation expired)."""

from __future__ import annotations

from dataclasses import dataclass

from shoal.core.outbox import Event


@dataclass(frozen=True, kw_only=True)
class ReservationConfirmed(Event):
    reservation_id: str
    reference: str


@dataclass(frozen=True, kw_only=True)
class ReservationReleased(Event):
    reservation_id: str
    reference: str


@dataclass(frozen=True, kw_only=True)
class ReservationExpired(Event):
    reservation_id: str
    reference: str


@dataclass(frozen=True, kw_only=True)
class TransferReceived(Event):
    transfer_id: str
    source_location_id: str
    destination_location_id: str
