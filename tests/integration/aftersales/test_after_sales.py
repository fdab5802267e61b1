"""After-sales cases on both databases: refunds to the fen, returns into stock, exchanges, refusals."""

from __future__ import annotations

import pytest

from shoal.aftersales import service, service_staff
from shoal.aftersales.errors import LineOverClaimed, OrderNotEligible, RefundAboveMaximum, UnknownOrderLine
from shoal.aftersales.schemas import AfterSaleCreate, Approve, Exchange, Receive, Reject
from shoal.core.errors import InvalidState, NotFound
from shoal.inventory import service as inventory
from shoal.orders import service as orders
from shoal.orders.errors import UnknownCarrier
from shoal.orders.service_queries import get_order_detail
from shoal.payments import service as payments
from tests.conftest import new_tenant, staff_actor
from tests.integration.aftersales.conftest import CUP, TEA, shopper


def ask(paid, kind: str, *lines: tuple[str, int], **extra):  # type: ignore[no-untyped-def]
    return AfterSaleCreate(
        kind=kind, reason_code="damaged",
        lines=[{"order_line_id": paid.line(v), "quantity": q, **extra} for v, q in lines],
    )  # fmt: skip


async def test_refund_only_one_unit_pays_back_its_share_to_the_fen(uow_factory, paid) -> None:
    case = await service.request_after_sale(
        shopper(uow_factory), order_id=paid.order.id, data=ask(paid, "refund_only", (TEA, 1))
    )
    approved = await service_staff.approve(uow_factory(), after_sale_id=case.id, data=Approve())
    assert approved.refund_amount == 334  # 1000 fen over 3 units: 334 + 333 + 333
    done = await service_staff.refund(uow_factory(), providers=paid.providers, after_sale_id=case.id)
    assert done.status == "refunded" and done.refund_id
    order = await get_order_detail(uow_factory(), order_id=paid.order.id)
    tea = next(line for line in order.lines if line.variant_id == TEA)
    assert (order.refunded_amount, tea.refunded_quantity, tea.refunded_amount) == (334, 1, 334)
    assert [e.to_status for e in done.history] == ["requested", "approved", "refunded"]


async def test_returning_everything_with_shipping_refunds_the_whole_payment(uow_factory, paid) -> None:
    case = await service.request_after_sale(
        shopper(uow_factory), order_id=paid.order.id, data=ask(paid, "return_refund", (TEA, 3), (CUP, 1))
    )
    approved = await service_staff.approve(uow_factory(), after_sale_id=case.id, data=Approve(refund_shipping=True))
    assert approved.refund_amount == 2300
    with pytest.raises(InvalidState):
        await service_staff.refund(uow_factory(), providers=paid.providers, after_sale_id=case.id)
    before = await inventory.availability(uow_factory(), variant_ids=[TEA, CUP])
    await service_staff.receive(uow_factory(), after_sale_id=case.id, data=Receive(location_id=paid.warehouse.id))
    after = await inventory.availability(uow_factory(), variant_ids=[TEA, CUP])
    assert (after[TEA] - before[TEA], after[CUP] - before[CUP]) == (3, 1)
    await service_staff.refund(uow_factory(), providers=paid.providers, after_sale_id=case.id)
    payment = await payments.list_payments(uow_factory(), limit=5, cursor=None, order_id=paid.order.id)
    assert (payment.items[0].status, payment.items[0].refunded_amount) == ("refunded", 2300)


async def test_a_lower_refund_may_be_approved_but_never_a_higher_one(uow_factory, paid) -> None:
    case = await service.request_after_sale(
        shopper(uow_factory), order_id=paid.order.id, data=ask(paid, "refund_only", (CUP, 1))
    )
    with pytest.raises(RefundAboveMaximum):
        await service_staff.approve(uow_factory(), after_sale_id=case.id, data=Approve(refund_amount=501))
    await service_staff.approve(uow_factory(), after_sale_id=case.id, data=Approve(refund_amount=300))
    await service_staff.refund(uow_factory(), providers=paid.providers, after_sale_id=case.id)
    order = await get_order_detail(uow_factory(), order_id=paid.order.id)
    assert order.refunded_amount == 300


async def test_units_cannot_be_asked_for_twice_until_a_case_is_rejected(uow_factory, paid) -> None:
    first = await service.request_after_sale(
        shopper(uow_factory), order_id=paid.order.id, data=ask(paid, "refund_only", (TEA, 2))
    )
    with pytest.raises(LineOverClaimed):
        await service.request_after_sale(
            shopper(uow_factory), order_id=paid.order.id, data=ask(paid, "refund_only", (TEA, 2))
        )
    await service_staff.reject(uow_factory(), after_sale_id=first.id, data=Reject(note="使用痕迹明显"))
    again = await service.request_after_sale(
        shopper(uow_factory), order_id=paid.order.id, data=ask(paid, "refund_only", (TEA, 3))
    )
    assert again.status == "requested"


async def test_shopper_cancels_while_waiting_and_not_after(uow_factory, paid) -> None:
    case = await service.request_after_sale(
        shopper(uow_factory), order_id=paid.order.id, data=ask(paid, "refund_only", (CUP, 1))
    )
    assert (await service.cancel_my_after_sale(shopper(uow_factory), after_sale_id=case.id)).status == "cancelled"
    other = await service.request_after_sale(
        shopper(uow_factory), order_id=paid.order.id, data=ask(paid, "refund_only", (CUP, 1))
    )
    await service_staff.approve(uow_factory(), after_sale_id=other.id, data=Approve())
    with pytest.raises(InvalidState):
        await service.cancel_my_after_sale(shopper(uow_factory), after_sale_id=other.id)


async def test_exchange_takes_the_replacement_from_stock(uow_factory, paid) -> None:
    data = ask(paid, "exchange", (CUP, 1), replacement_variant_id=TEA)
    case = await service.request_after_sale(shopper(uow_factory), order_id=paid.order.id, data=data)
    await service_staff.approve(uow_factory(), after_sale_id=case.id, data=Approve())
    await service_staff.receive(uow_factory(), after_sale_id=case.id, data=Receive(location_id=paid.warehouse.id))
    before = await inventory.availability(uow_factory(), variant_ids=[TEA])
    with pytest.raises(UnknownCarrier):  # the parcel names a carrier of the list, as a shipment does
        await service_staff.exchange(
            uow_factory(), after_sale_id=case.id,
            data=Exchange(location_id=paid.warehouse.id, carrier="顺风快递", tracking_number="SF1"),
        )  # fmt: skip
    assert (await inventory.availability(uow_factory(), variant_ids=[TEA]))[TEA] == before[TEA]
    done = await service_staff.exchange(
        uow_factory(), after_sale_id=case.id,
        data=Exchange(location_id=paid.warehouse.id, carrier="sf", tracking_number="SF1"),
    )  # fmt: skip
    assert done.status == "exchanged"
    assert (await inventory.availability(uow_factory(), variant_ids=[TEA]))[TEA] == before[TEA] - 1


async def test_refusals_write_nothing(uow_factory, paid) -> None:
    with pytest.raises(UnknownOrderLine):
        bad = AfterSaleCreate(kind="refund_only", reason_code="x", lines=[{"order_line_id": "nope", "quantity": 1}])
        await service.request_after_sale(shopper(uow_factory), order_id=paid.order.id, data=bad)
    with pytest.raises(NotFound):
        await service.request_after_sale(
            shopper(uow_factory, "0192f0c0-0000-7000-8000-00000000beef"), order_id=paid.order.id,
            data=ask(paid, "refund_only", (TEA, 1)),
        )  # fmt: skip
    page = await service.list_after_sales(uow_factory(), limit=10, cursor=None)
    assert page.items == []


async def test_unpaid_orders_have_no_after_sales(uow_factory, paid) -> None:
    await orders.cancel_order(uow_factory(), order_id=paid.order.id, reason="test")
    with pytest.raises(OrderNotEligible):
        await service.request_after_sale(
            shopper(uow_factory), order_id=paid.order.id, data=ask(paid, "refund_only", (TEA, 1))
        )


async def test_another_tenant_sees_no_case(db, uow_factory, paid) -> None:
    case = await service.request_after_sale(
        shopper(uow_factory), order_id=paid.order.id, data=ask(paid, "refund_only", (TEA, 1))
    )
    other = await new_tenant(db)
    with pytest.raises(NotFound):
        await service_staff.get_after_sale(db.uow(tenant_id=other.id, actor=staff_actor()), after_sale_id=case.id)
