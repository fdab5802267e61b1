"""A till sale paid by an Alipay payment code, through the real Alipay provider against a fake gateway: the sale
completes with the trade's exact fen, taken while no transaction is open (no connection held, so the store's stock
rows are not locked); a payer who never confirms has the trade cancelled and the sale sells nothing (refused, its
order cancelled, the payment failed, the stock back on the shelf), and a retry of it answers the refusal."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select

from shoal.core.money import format_amount
from shoal.orders.models import Order
from shoal.payments.config import build_registry
from shoal.payments.errors import MicropayDeclined
from shoal.payments.models import Payment
from shoal.payments.providers.alipay import AlipayConfig, AlipayProvider
from shoal.payments.providers.crypto import load_public_key
from shoal.pos import service_sales
from shoal.pos.errors import SaleRefused
from shoal.pos.models import Sale
from shoal.pos.schemas import QuoteIn
from tests.integration.pos.test_sales import SKU0, on_shelf
from tests.unit.payments.conftest import private_pem, public_pem
from tests.unit.payments.fake_gateways import FakeAlipay, fast_polling

CODE = "287654321098765432"
OK = {"code": "10000", "msg": "Success"}


@pytest.fixture(scope="module")
def keys() -> tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]:
    return tuple(rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))  # type: ignore[return-value]


@pytest.fixture
def gateway(till, keys, clock) -> FakeAlipay:  # type: ignore[no-untyped-def]
    """The till's providers: Alipay (the real provider) over the fake gateway, and no mock to fall back on."""
    app, alipay = keys
    fake = FakeAlipay(load_public_key(public_pem(app)), alipay, {})
    config = AlipayConfig("2021000000000001", private_pem(app), public_pem(alipay))
    till.providers = build_registry(clock=clock, mock_enabled=False, transport=fake.transport(), alipay=config,
                                    polling=fast_polling())  # fmt: skip
    return fake


async def _total(till) -> int:  # type: ignore[no-untyped-def]
    quote = await service_sales.quote(till.uow(), tenant=till.shop.tenant.tenant, data=QuoteIn(lines=[{"code": SKU0}]))
    return quote.total


async def test_a_sale_paid_by_an_alipay_code_completes_with_the_trades_exact_fen(till, gateway) -> None:
    total = await _total(till)
    gateway.script["alipay.trade.pay"] = [
        {**OK, "trade_no": "2026113022001404940500000009", "out_trade_no": "x",
         "total_amount": format_amount(total, "CNY"), "buyer_user_id": "2088102122524333"}
    ]  # fmt: skip
    sale = await till.sell(lines=[{"code": SKU0}], tenders=[{"method": "code", "amount": total, "auth_code": CODE}])
    assert (sale.status, sale.total, sale.tenders) == ("completed", total, [{"method": "alipay", "amount": total}])
    assert gateway.methods == ["alipay.trade.pay"] and gateway.calls[0][1]["scene"] == "bar_code"
    async with till.uow() as uow:
        payment = (await uow.s.execute(select(Payment).where(Payment.order_id == sale.order_id))).scalar_one()
    assert (payment.provider, payment.status, payment.amount) == ("alipay", "succeeded", total)
    assert gateway.calls[0][1]["out_trade_no"] == payment.number


async def test_a_code_whose_payer_never_confirms_is_cancelled_and_leaves_nothing(till, gateway) -> None:
    total, before = await _total(till), await on_shelf(till, till.shop.variants[0])
    gateway.script |= {
        "alipay.trade.pay": [{"code": "10003", "msg": "等待用户付款"}],
        "alipay.trade.query": [{**OK, "trade_status": "WAIT_BUYER_PAY", "total_amount": "0.01"}],
        "alipay.trade.cancel": [{**OK, "retry_flag": "N", "action": "close"}],
    }
    with pytest.raises(MicropayDeclined):
        await till.sell(lines=[{"code": SKU0}], tenders=[{"method": "code", "amount": total, "auth_code": CODE}])
    assert gateway.methods[-1] == "alipay.trade.cancel"
    assert await on_shelf(till, till.shop.variants[0]) == before
    async with till.uow() as uow:
        sale = (await uow.s.execute(select(Sale).where(Sale.tenant_id == uow.tenant_id))).scalar_one()
        order = (await uow.s.execute(select(Order).where(Order.id == sale.order_id))).scalar_one()
        payment = (await uow.s.execute(select(Payment).where(Payment.order_id == order.id))).scalar_one()
    assert (sale.status, order.status, payment.status) == ("refused", "cancelled", "failed")
    with pytest.raises(SaleRefused):  # the same sale uploaded again: refused, the code not taken again
        await till.sell(sale_id=sale.sale_id, lines=[{"code": SKU0}],
                        tenders=[{"method": "code", "amount": total, "auth_code": CODE}])  # fmt: skip
    assert gateway.methods.count("alipay.trade.pay") == 1


async def test_the_code_is_taken_with_no_transaction_open(till, gateway, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    total, held = await _total(till), []
    gateway.script["alipay.trade.pay"] = [
        {**OK, "trade_no": "2026113022001404940500000010", "total_amount": format_amount(total, "CNY")}
    ]
    take = AlipayProvider.micropay

    async def watched(self, request, auth_code):  # type: ignore[no-untyped-def]
        held.append(db.engine.pool.checkedout())  # a connection checked out is a transaction (or session) open
        return await take(self, request, auth_code)

    monkeypatch.setattr(AlipayProvider, "micropay", watched)
    sale = await till.sell(lines=[{"code": SKU0}], tenders=[{"method": "code", "amount": total, "auth_code": CODE}])
    assert (sale.status, held) == ("completed", [0])
