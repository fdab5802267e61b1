"""Refunds of an order paid by a combined payment (part balance, part mock), on both databases: a paid order
cancelled by staff gives back both parts in full, once; an after-sales refund is split over the parts."""

from __future__ import annotations

from sqlalchemy import select

from shoal.aftersales import service as aftersales
from shoal.aftersales import service_staff
from shoal.aftersales.schemas import AfterSaleCreate, Approve
from shoal.checkout import service_checkout
from shoal.checkout.schemas import CheckoutRequest
from shoal.loyalty.wallet import service
from shoal.orders import service as orders
from shoal.orders.service_queries import get_order_detail
from shoal.payments import handlers, service_refunds
from shoal.payments import service as payments
from shoal.payments.config import build_registry
from shoal.payments.models import PaymentRefund
from shoal.payments.schemas import PaymentStart
from tests.integration.checkout.conftest import ADDRESS, add_product, filled_cart, stock
from tests.integration.loyalty.conftest import drain
from tests.integration.loyalty.test_wallet import wallet_sums


async def combined_order(shop, uow_factory, clock, *, price: int, quantity: int, from_balance: int):  # type: ignore[no-untyped-def]
    """An order paid ``from_balance`` from a balance of 5000 principal + 1000 bonus and the rest by the mock."""
    customer = shop.customer_id
    await service.credit(uow_factory(), customer_id=customer, principal=5_000, bonus=1_000, reason="adjust",
                         reference="seed")  # fmt: skip
    variant = await add_product(uow_factory, f"C{price}", price=price)
    await stock(uow_factory, variant, shop.warehouse.id, 10)
    cart = await filled_cart(shop, uow_factory, {variant: quantity})
    request = CheckoutRequest.model_validate({"cart_id": cart.id, "delivery": {"method": "ship", "address": ADDRESS}})
    order = await service_checkout.checkout(shop.shopper(uow_factory), tenant=shop.tenant.tenant, data=request,
                                            unpaid_minutes=30)  # fmt: skip
    providers = build_registry(clock=clock, mock_enabled=True)
    for data in (PaymentStart(provider="balance", amount=from_balance), PaymentStart(provider="mock")):
        part = await payments.start_payment(shop.shopper(uow_factory), providers=providers, order_id=order.id,
                                            customer_id=customer, data=data)  # fmt: skip
    await payments.mock_succeed(uow_factory(), providers=providers, payment_id=part.id)
    return order.id, providers


async def parts(uow_factory, order_id: str) -> dict[str, tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    """Per provider: (amount, refunded, status) of the order's payments."""
    found = await payments.list_payments(uow_factory(), limit=5, cursor=None, order_id=order_id)
    return {p.provider: (p.amount, p.refunded_amount, p.status) for p in found.items}


async def refunds_of(uow, order_id: str) -> list[int]:  # type: ignore[no-untyped-def]
    ids = [p.id for p in (await payments.list_payments(uow, limit=5, cursor=None, order_id=order_id)).items]
    async with uow:
        mine = (PaymentRefund.tenant_id == uow.tenant_id, PaymentRefund.payment_id.in_(ids))
        rows = await uow.s.execute(select(PaymentRefund.amount).where(*mine))
        return sorted(rows.scalars())


async def test_a_cancelled_combined_order_gives_back_both_parts_once(shop, uow_factory, db, clock) -> None:
    order_id, _ = await combined_order(shop, uow_factory, clock, price=8_000, quantity=1, from_balance=3_000)
    await drain(db)
    total = (await get_order_detail(uow_factory(), order_id=order_id)).total
    assert await wallet_sums(uow_factory(), shop.customer_id) == (2_500, 500, 2_500, 500)
    cancelled = await orders.cancel_order(uow_factory(), order_id=order_id, reason="缺货")
    await drain(db)
    both = {"balance": (3_000, 3_000, "refunded"), "mock": (total - 3_000, total - 3_000, "refunded")}
    assert await parts(uow_factory, order_id) == both
    payload = {"order_id": order_id, "number": cancelled.number, "from_status": "paid", "to_status": "cancelled"}
    for _ in range(2):  # the event delivered twice more changes nothing
        await handlers.refund_cancelled_order(db, shop.tenant.tenant.id, payload)
        await drain(db)
    assert await parts(uow_factory, order_id) == both
    assert await refunds_of(uow_factory(), order_id) == sorted([3_000, total - 3_000])
    assert await wallet_sums(uow_factory(), shop.customer_id) == (5_000, 1_000, 5_000, 1_000)
    order = await get_order_detail(uow_factory(), order_id=order_id)
    assert (order.status, order.paid_amount, order.refunded_amount) == ("cancelled", total, total)
    for day in {clock.now().date(), (await payments.list_payments(uow_factory(), limit=1, cursor=None)).items[0]
                .created_at.date()}:  # fmt: skip
        issues = (await service_refunds.reconciliation(uow_factory(), day=day)).issues
        assert [i for i in issues if i.order_id == order_id] == []


async def test_an_after_sales_refund_of_a_combined_order_is_split_over_both_parts(shop, uow_factory, db, clock) -> None:
    order_id, providers = await combined_order(shop, uow_factory, clock, price=3_333, quantity=3, from_balance=3_001)
    await drain(db)
    order = await get_order_detail(uow_factory(), order_id=order_id)
    assert order.total == 9_999  # the balance paid 3001, the mock 6998
    expected = [
        # 3333 over (3001, 6998): 1000.3 and 2332.7, the leftover fen to the larger remainder.
        {"balance": (3_001, 1_000, "partially_refunded"), "mock": (6_998, 2_333, "partially_refunded")},
        # the other two units, 6666, are exactly what both have left.
        {"balance": (3_001, 3_001, "refunded"), "mock": (6_998, 6_998, "refunded")},
    ]
    for quantity, after in zip((1, 2), expected, strict=True):
        ask = AfterSaleCreate(kind="refund_only", reason_code="damaged",
                              lines=[{"order_line_id": order.lines[0].id, "quantity": quantity}])  # fmt: skip
        case = await aftersales.request_after_sale(shop.shopper(uow_factory), order_id=order_id, data=ask)
        await service_staff.approve(uow_factory(), after_sale_id=case.id, data=Approve())
        await service_staff.refund(uow_factory(), providers=providers, after_sale_id=case.id)
        await drain(db)
        assert await parts(uow_factory, order_id) == after
    assert await refunds_of(uow_factory(), order_id) == [1_000, 2_001, 2_333, 4_665]
    assert await wallet_sums(uow_factory(), shop.customer_id) == (5_000, 1_000, 5_000, 1_000)
    assert (await get_order_detail(uow_factory(), order_id=order_id)).refunded_amount == 9_999
