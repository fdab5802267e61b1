"""A checkout whose process dies just after its work commits is answered by its retry with the same order.

The crash is simulated with a session hook that raises right after the transaction that wrote the order
has committed, before anything else of the request runs. The answer to the key must already be stored by
then; if it is stored in a later transaction, the retry runs checkout again and the closed cart answers
``cart_closed`` instead of the order the shopper placed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from shoal.core.uow import TenantSession
from shoal.orders.models import Order
from tests.e2e.checkout.test_checkout_api import cart_with, ship


class ProcessDied(BaseException):
    """Stands for the process ending: no ``except Exception`` in the app may swallow it."""


@pytest.fixture
def crash_after_the_order_commits() -> Iterator[None]:
    state = {"crashed": False}

    def note_order(session, _context, _instances) -> None:  # type: ignore[no-untyped-def]
        if any(isinstance(obj, Order) for obj in session.new):
            session.info["writes_an_order"] = True

    def die(session) -> None:  # type: ignore[no-untyped-def]
        if session.in_nested_transaction():  # a savepoint released, not the transaction committed
            return
        if session.info.pop("writes_an_order", False) and not state["crashed"]:
            state["crashed"] = True
            raise ProcessDied()

    event.listen(TenantSession, "before_flush", note_order)
    event.listen(TenantSession, "after_commit", die)
    yield
    event.remove(TenantSession, "before_flush", note_order)
    event.remove(TenantSession, "after_commit", die)
    assert state["crashed"], "the simulated crash never happened"


async def test_the_retry_after_a_crash_returns_the_order(client, front, clock, crash_after_the_order_commits) -> None:
    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])
    headers = {**front.shopper, "Idempotency-Key": "crash-then-retry"}
    with pytest.raises(ProcessDied):
        await client.post("/api/v1/store/checkout", json=ship(cart_id), headers=headers)
    clock.advance(minutes=5)  # whatever lease the dead request held has run out
    retried = await client.post("/api/v1/store/checkout", json=ship(cart_id), headers=headers)
    assert retried.status_code == 201, retried.text
    again = await client.post("/api/v1/store/checkout", json=ship(cart_id), headers=headers)
    assert again.status_code == 201 and again.json() == retried.json()
    mine = (await client.get("/api/v1/store/orders", headers=front.shopper)).json()
    assert [o["id"] for o in mine["items"]] == [retried.json()["id"]]  # one order, the one placed before the crash
