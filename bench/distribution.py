"""Distribution benchmark on PostgreSQL: many paid orders through promoters at once, then concurrent withdrawals.

    .venv/bin/python bench/distribution.py [--promoters 20] [--shoppers 400] [--orders 2000] [--concurrency 32]

In process, through the services the API and the outbox call (no HTTP, so the figure is the domain's, not the
server's): a shop with a default rule (10% to the promoter, 3% to its inviter; half the promoters were invited
by the first), ``--shoppers`` shoppers bound by their promoter's code, and ``--orders`` orders of two lines plus
shipping, each placed, paid and commissioned (``record_paid_order``, what ``OrderPaid`` runs), ``--concurrency``
at once. One order in five is then refunded in part before settlement (one line, named, as after-sales does) and,
after every order settles, one in ten after it (a clawback, which may take a balance below zero). Last, every
promoter sends ten withdrawal requests of a fifth of its balance at once: the guarded update lets at most five
through. It prints orders/s with p50/p99, commission entries written, withdrawals accepted, and the ledger check:
every promoter whose balance or pending differs from the sum of its entries (must be 0 mismatches), and any
balance overdrawn by a withdrawal. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import case, func, select

import shoal.main  # noqa: F401  (registers every domain's finders and handlers, as serving does)
from shoal.catalog.schemas import ProductCreate
from shoal.catalog.service import create_product
from shoal.core.actors import Actor
from shoal.core.errors import ShoalError
from shoal.core.migrate import upgrade
from shoal.core.uow import Database
from shoal.customers.schemas import CustomerCreate
from shoal.customers.service import create_customer
from shoal.distribution import service, service_binding, service_commission, service_promoters
from shoal.distribution import service_withdrawals as withdrawals
from shoal.distribution.models import LedgerEntry, Promoter
from shoal.distribution.schemas import AppointIn, BindIn, RuleIn, TermsIO
from shoal.identity.service import create_tenant
from shoal.inventory.rules import ReserveLine
from shoal.inventory.schemas import LocationCreate
from shoal.inventory.service import create_location
from shoal.inventory.service_stock import receive_stock
from shoal.orders import service as orders
from shoal.orders.schemas import DraftLine, LineRefund, OrderDraft
from shoal.orders.service_queries import get_order_detail

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import APP_ROLE, create_database, drop_database, report

PRICES = (12_800, 4_990)  # two lines of tea, in fen
SHIPPING = 1_000
WITHDRAW_TRIES = 10


async def prepare(db: Database, promoters: int, shoppers: int, orders_n: int):  # type: ignore[no-untyped-def]
    """The shop, its programme, promoters (half invited by the first) and shoppers bound to them."""
    tenant = await create_tenant(db.uow(), slug=f"dist{uuid.uuid4().hex[:6]}", name="Bench",
                                 owner_email="owner@bench.test", owner_password="bench-pass-1")  # fmt: skip
    uow = lambda actor=None: db.uow(tenant_id=tenant.id, **({"actor": actor} if actor else {}))  # noqa: E731
    location = await create_location(uow(), data=LocationCreate(code="WH", kind="warehouse", name="WH"))
    variants = []
    for i, price in enumerate(PRICES):
        product = await create_product(uow(), data=ProductCreate(name=f"茶{i}", status="active", price=price,
                                                                 sku=f"DIST-{i}", handle=f"dist-tea-{i}"))  # fmt: skip
        variants.append(product.variants[0])
        await receive_stock(uow(), variant_id=product.variants[0].id, location_id=location.id, quantity=orders_n * 2)
    await service.save_terms(uow(), data=TermsIO.model_validate(
        {"settle_days": 0, "min_withdrawal": 100, "daily_withdrawal_limit": 10**9}
    ))  # fmt: skip
    await service.save_rule(uow(), data=RuleIn(scope="default", mode="percent", tier1=1000, tier2=300))
    made = []
    for i in range(promoters):
        customer = await create_customer(uow(), data=CustomerCreate(name=f"推广员{i}", phone=f"1390000{i:04d}"))
        made.append(await service_promoters.appoint(uow(), data=AppointIn(customer_id=customer.id, name=f"推广员{i}")))
    async with uow() as session:  # half the promoters were invited by the first (tier 2)
        for promoter in made[1 : promoters // 2 + 1]:
            (await service_promoters.load_promoter(session, promoter.id)).inviter_id = made[0].id
        await session.commit()
    buyers = []
    for i in range(shoppers):
        customer = await create_customer(uow(), data=CustomerCreate(name=f"顾客{i}", phone=f"1380000{i:04d}"))
        shopper = uow(Actor(kind="shopper", id=customer.id))
        await service_binding.bind_by_code(shopper, data=BindIn(code=made[i % promoters].code))
        buyers.append(customer.id)
    return tenant, location.id, variants, made, buyers


def draft(customer_id: str, location_id: str, variants) -> OrderDraft:  # type: ignore[no-untyped-def]
    lines = [DraftLine(variant_id=v.id, product_id=v.product_id, sku=v.sku, name={"zh-CN": v.sku}, title="",
                       options=[], image=None, unit_price=p, quantity=1, discount=0, line_total=p,
                       location_id=location_id) for v, p in zip(variants, PRICES, strict=True)]  # fmt: skip
    return OrderDraft(customer_id=customer_id, currency="CNY", subtotal=sum(PRICES), discount=0,
                      shipping_fee=SHIPPING, total=sum(PRICES) + SHIPPING, delivery_method="shipping", lines=lines,
                      reserve=[ReserveLine(v.id, location_id, 1) for v in variants], unpaid_minutes=30)  # fmt: skip


async def run(url: str, promoters: int, shoppers: int, orders_n: int, concurrency: int) -> None:
    db = Database(url, app_role=APP_ROLE, pool_size=concurrency + 4)
    try:
        tenant, location_id, variants, made, buyers = await prepare(db, promoters, shoppers, orders_n)
        gate = asyncio.Semaphore(concurrency)

        async def buy(i: int) -> tuple[bool, float, str]:
            async with gate:
                began = time.perf_counter()
                placed = await orders.place_order(
                    db.uow(tenant_id=tenant.id),
                    tenant=tenant,
                    draft=draft(buyers[i % len(buyers)], location_id, variants),
                )
                await orders.mark_paid(db.uow(tenant_id=tenant.id), order_id=placed.id, amount=placed.total,
                                       payment_id=f"pay-{i}", paid_at=placed.created_at)  # fmt: skip
                earned = await service_commission.record_paid_order(db, tenant.id, order_id=placed.id)
                return earned, time.perf_counter() - began, placed.id

        began = time.perf_counter()
        bought = await asyncio.gather(*(buy(i) for i in range(orders_n)))
        elapsed = time.perf_counter() - began
        ids = [order_id for _, _, order_id in bought]
        await asyncio.gather(*(refund(db, tenant.id, order_id, gate) for order_id in ids[::5]))  # reversals
        for order_id in ids:
            await service_commission.start_window(db, tenant.id, order_id=order_id)
        settled = await service_commission.settle_due(db)
        await asyncio.gather(*(refund(db, tenant.id, order_id, gate, line=0) for order_id in ids[1::10]))  # clawbacks
        accepted = await withdraw_all(db, tenant.id, made, gate)
        entries, mismatches, overdrawn = await check(db, tenant.id)
        print(f"{orders_n} paid orders through {promoters} promoters ({shoppers} shoppers), {concurrency} at once: "
              f"{orders_n / elapsed:.0f} orders/s; commissioned {sum(1 for e, _, _ in bought if e)}; "
              f"settled {settled}")  # fmt: skip
        report("order", [s for _, s, _ in bought], 0, elapsed)
        print(f"commission entries written {entries}; withdrawals accepted {accepted} of "
              f"{WITHDRAW_TRIES * len(made)} requests")  # fmt: skip
        print(f"ledger check: {mismatches} mismatches (balance or pending != sum of entries); "
              f"{overdrawn} balances overdrawn by a withdrawal")  # fmt: skip
    finally:
        await db.dispose()


async def refund(db: Database, tenant_id: str, order_id: str, gate: asyncio.Semaphore, line: int = 1) -> None:
    """Half of one line back, the line named (as an after-sales refund names it), and its commission taken back."""
    async with gate:
        order = await get_order_detail(db.uow(tenant_id=tenant_id), order_id=order_id)
        target = order.lines[line]
        amount = target.line_total // 2
        done = await orders.record_refund(db.uow(tenant_id=tenant_id), order_id=order_id, amount=amount,
                                          line_refunds=[LineRefund(target.id, 0, amount)])  # fmt: skip
        await service_commission.apply_refund(db, tenant_id, order_id=order_id, refunded_total=done.refunded_amount)


async def withdraw_all(db: Database, tenant_id: str, made, gate: asyncio.Semaphore) -> int:  # type: ignore[no-untyped-def]
    """Every promoter asks ``WITHDRAW_TRIES`` times at once for a fifth of its balance: at most five pass."""
    async with db.uow(tenant_id=tenant_id) as uow:
        balances = dict((await uow.s.execute(select(Promoter.id, Promoter.balance))).all())

    async def ask(promoter, amount: int) -> bool:  # type: ignore[no-untyped-def]
        async with gate:
            shopper = db.uow(tenant_id=tenant_id, actor=Actor(kind="shopper", id=promoter.customer_id))
            try:
                outcome = await withdrawals.request_withdrawal(shopper, amount=amount, key=str(uuid.uuid4()),
                                                               locale="zh-CN")  # fmt: skip
            except ShoalError:  # a refusal (not enough balance) is an answer here, not a failure of the bench
                return False
            return outcome.status == 201

    tries = [ask(p, balances[p.id] // 5) for p in made if balances[p.id] // 5 >= 100 for _ in range(WITHDRAW_TRIES)]
    return sum(await asyncio.gather(*tries))


async def check(db: Database, tenant_id: str) -> tuple[int, int, int]:
    """Commission entries written, promoters whose balances differ from their entries, and balances a
    withdrawal took below zero (a clawback may, a withdrawal never)."""
    async with db.uow(tenant_id=tenant_id) as uow:
        written = await uow.s.scalar(select(func.count()).where(LedgerEntry.kind == "commission"))
        sums = (
            select(
                LedgerEntry.promoter_id,
                func.sum(case((LedgerEntry.status == "settled", LedgerEntry.amount), else_=0)).label("settled"),
                func.sum(case((LedgerEntry.status == "pending", LedgerEntry.amount), else_=0)).label("pending"),
                func.sum(case((LedgerEntry.kind == "clawback", LedgerEntry.amount), else_=0)).label("clawed"),
            )
            .group_by(LedgerEntry.promoter_id)
            .subquery()
        )
        rows = (await uow.s.execute(
            select(Promoter.balance, Promoter.pending, sums.c.settled, sums.c.pending, sums.c.clawed)
            .join(sums, sums.c.promoter_id == Promoter.id, isouter=True)
        )).all()  # fmt: skip
    mismatches = sum(1 for b, p, s, q, _ in rows if (b, p) != (s or 0, q or 0))
    overdrawn = sum(1 for b, _, _, _, clawed in rows if b < 0 and b < (clawed or 0))
    return int(written or 0), mismatches, overdrawn


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--promoters", type=int, default=20)
    parser.add_argument("--shoppers", type=int, default=400)
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    name = f"shoal_bench_distribution_{uuid.uuid4().hex[:6]}"
    url = await create_database(name)
    await asyncio.to_thread(upgrade, url)
    try:
        await run(url, args.promoters, args.shoppers, args.orders, args.concurrency)
    finally:
        await drop_database(name)


if __name__ == "__main__":
    asyncio.run(main())
