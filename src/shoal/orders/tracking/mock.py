"""A tracking provider without a network, for development, the demo and tests.

It speaks 快递100's callback format (``param`` + ``sign`` = MD5(param + salt)), so a test posts exactly what
快递100 would and the real parser is the one exercised. Queries answer what a test put in ``parcels``, or a
parcel just collected; subscriptions are remembered in ``subscriptions``.
"""

from __future__ import annotations

from collections.abc import Mapping

from shoal.core.clock import Clock, SystemClock
from shoal.orders import carriers
from shoal.orders.tracking.base import Checkpoint, Subscription, TrackingUpdate
from shoal.orders.tracking.kuaidi100 import parse_push


class MockTracker:
    name = "mock"

    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock or SystemClock()
        self.parcels: dict[tuple[str, str], TrackingUpdate] = {}
        self.subscriptions: list[Subscription] = []

    async def query(self, carrier: str, number: str, *, phone: str | None = None) -> TrackingUpdate:
        carriers.require(carrier)
        known = self.parcels.get((carrier, number))
        if known is not None:
            return known
        collected = Checkpoint(at=self._clock.now(), description="快件已揽收 / Parcel collected")
        return TrackingUpdate(carrier=carrier, number=number, state="collected", checkpoints=(collected,))

    async def subscribe(self, subscription: Subscription) -> None:
        self.subscriptions.append(subscription)

    def parse_callback(self, form: Mapping[str, str], *, salt: str) -> TrackingUpdate | None:
        return parse_push(form, salt=salt)

    def callback_ack(self) -> dict[str, object]:
        return {"result": True, "returnCode": "200", "message": "成功"}
