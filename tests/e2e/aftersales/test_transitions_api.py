"""Every after-sales action from every state that does not allow it: 409 ``invalid_state``, nothing written.

Approving a case that was already refunded used to compute its refund before checking its state, and the
refund rule (rightly) refused to pay the same units twice: a 500. Each action must look at the state first.
"""

from __future__ import annotations

import pytest

from shoal.inventory import service as inventory
from tests.conftest import staff_headers
from tests.e2e.aftersales.test_after_sales_api import _shopper
from tests.integration.aftersales.conftest import CUP, TEA, make_paid

ACTIONS = ("approve", "reject", "receive", "refund", "exchange", "cancel")

# (kind, the actions that bring a case to the state under test, the state, the actions that state refuses)
STATES = [
    ("refund_only", [], "requested", {"receive", "refund", "exchange"}),
    ("refund_only", ["approve"], "approved", {"approve", "reject", "receive", "exchange", "cancel"}),
    ("refund_only", ["approve", "refund"], "refunded", set(ACTIONS)),
    ("refund_only", ["reject"], "rejected", set(ACTIONS)),
    ("refund_only", ["cancel"], "cancelled", set(ACTIONS)),
    ("return_refund", ["approve"], "approved", {"approve", "reject", "refund", "exchange", "cancel"}),
    ("return_refund", ["approve", "receive"], "received", {"approve", "reject", "receive", "exchange", "cancel"}),
    ("return_refund", ["approve", "receive", "refund"], "refunded", set(ACTIONS)),
    ("exchange", ["approve", "receive"], "received", {"approve", "reject", "receive", "refund", "cancel"}),
    ("exchange", ["approve", "receive", "exchange"], "exchanged", set(ACTIONS)),
]


async def _act(client, action: str, case_id: str, staff, shopper, location_id: str):  # type: ignore[no-untyped-def]
    if action == "cancel":
        return await client.post(f"/api/v1/store/after-sales/{case_id}/cancel", headers=shopper)
    body = {"approve": {}, "reject": {"note": "不符合售后条件"}, "receive": {"location_id": location_id},
            "exchange": {"location_id": location_id}}.get(action)  # fmt: skip
    return await client.post(f"/api/v1/admin/after-sales/{case_id}/{action}", headers=staff, json=body)


async def _snapshot(client, uow_factory, staff, case_id: str, order_id: str):  # type: ignore[no-untyped-def]
    """Everything an action could write: the case and its history, the order's money, payments, stock, audit."""
    case = (await client.get(f"/api/v1/admin/after-sales/{case_id}", headers=staff)).json()
    order = (await client.get(f"/api/v1/admin/orders/{order_id}", headers=staff)).json()
    payments = (await client.get(f"/api/v1/admin/payments?order_id={order_id}", headers=staff)).json()
    audit = (await client.get("/api/v1/admin/audit-log?limit=100", headers=staff)).json()
    stock = await inventory.availability(uow_factory(), variant_ids=[TEA, CUP])
    return case, order, payments, [entry["id"] for entry in audit["items"]], stock


@pytest.mark.parametrize(("kind", "path", "state", "refused"), STATES, ids=[f"{k}-{s}" for k, _, s, _ in STATES])
async def test_an_action_the_state_does_not_allow_is_a_clean_409(
    client, uow_factory, tenant, clock, kind, path, state, refused
) -> None:  # type: ignore[no-untyped-def]
    shopper, customer_id = await _shopper(client, tenant)
    paid = await make_paid(uow_factory, tenant, clock, customer_id)
    staff = await staff_headers(client, tenant)
    line = {"order_line_id": paid.line(CUP), "quantity": 1}
    if kind == "exchange":
        line["replacement_variant_id"] = TEA
    asked = await client.post(
        f"/api/v1/store/orders/{paid.order.id}/after-sales", headers=shopper,
        json={"kind": kind, "reason_code": "damaged", "lines": [line]},
    )  # fmt: skip
    case_id = asked.json()["id"]
    for action in path:
        moved = await _act(client, action, case_id, staff, shopper, paid.warehouse.id)
        assert moved.status_code == 200, moved.text
    before = await _snapshot(client, uow_factory, staff, case_id, paid.order.id)
    assert before[0]["status"] == state
    for action in sorted(refused):
        refusal = await _act(client, action, case_id, staff, shopper, paid.warehouse.id)
        assert refusal.status_code == 409, (action, refusal.text)
        assert refusal.headers["content-type"].startswith("application/problem+json")
        assert refusal.json()["code"] == "invalid_state", action
        assert await _snapshot(client, uow_factory, staff, case_id, paid.order.id) == before, action
