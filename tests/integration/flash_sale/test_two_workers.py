"""Two ``shoal worker --once`` processes side by side over the same due work never do a piece of it twice
(issue 13): unpaid flash orders to close and give back, a finished session to end, and outbox events to
deliver. Each round starts both workers at once; the second round delivers the events the first one wrote."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shoal.campaigns.flash_sale.models import FlashSale, FlashSaleBucket, FlashSaleOrder, FlashSaleShopper
from shoal.core.outbox import OutboxRow
from shoal.inventory.models import Stock
from shoal.orders.models import Order
from tests.conftest import PG_ADMIN_URL
from tests.integration.flash_sale.conftest import attempt, code_of, live_sale
from tests.schema import build_schema, drop_pg_database, make_pg_database

pytestmark = pytest.mark.pg_only
UNITS = 12
BACKLOG = 80  # outbox events beyond the sale's own, within a tick's batch (100): enough that the two workers overlap
SHOAL = str(Path(sys.executable).with_name("shoal"))


@pytest.fixture
def database_url(postgres_url: str) -> Iterator[str]:
    """A database of this test's own, on the test run's PostgreSQL server: a worker sweeps every tenant of its
    database, and the run's shared one holds every earlier test's due work."""
    name = f"{postgres_url.rsplit('/', 1)[-1]}_workers"
    url = make_pg_database(PG_ADMIN_URL, name)
    build_schema(url)
    yield url
    drop_pg_database(PG_ADMIN_URL, name)


async def _two_workers_once(database_url: str) -> None:
    """Both workers run every job once, at the same time, as the app role (as in production); the test's
    frozen clock lies days behind the workers' real one, so all the test's work is due for them."""
    env = {**os.environ, "SHOAL_DATABASE_URL": database_url, "SHOAL_REDIS_URL": ""}
    workers = [
        await asyncio.create_subprocess_exec(
            SHOAL, "worker", "--once", env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        for _ in range(2)
    ]
    for worker in workers:
        _, errors = await worker.communicate()
        assert worker.returncode == 0, errors.decode()
        assert b"Traceback" not in errors, errors.decode()  # no job nor handler failed


async def _backlog(db, tenant_id: str, clock) -> None:  # type: ignore[no-untyped-def]
    """Due events no handler listens to: a delivery is still a claim, counted in ``attempts``."""
    async with db.uow(tenant_id=tenant_id) as uow:
        now = clock.now()
        uow.s.add_all(
            OutboxRow(tenant_id=tenant_id, name="WorkerProbe", payload={"n": n}, created_at=now, next_attempt_at=now)
            for n in range(BACKLOG)
        )
        await uow.commit()


async def test_two_workers_do_each_piece_of_work_once(db, database_url, uow_factory, tenant, clock) -> None:
    sale = await live_sale(uow_factory, tenant, clock, units=UNITS, limit=1)
    for i in range(UNITS):
        assert code_of(await attempt(uow_factory, sale, f"buyer-{i}")) == "ordered"  # none pays

    await _backlog(db, tenant.id, clock)

    await _two_workers_once(database_url)
    await _two_workers_once(database_url)

    async with db.uow(tenant_id=tenant.id) as uow:
        scoped = (OutboxRow.tenant_id == tenant.id,)
        events = (
            await uow.s.execute(select(OutboxRow.name, OutboxRow.attempts, OutboxRow.dispatched_at).where(*scoped))
        ).all()
        closings = (
            await uow.s.execute(select(func.count()).where(*scoped, OutboxRow.name == "OrderStatusChanged"))
        ).scalar_one()
        orders = (await uow.s.execute(select(Order.status).where(Order.tenant_id == tenant.id))).scalars().all()
        admissions = (
            (await uow.s.execute(select(FlashSaleOrder.status).where(FlashSaleOrder.tenant_id == tenant.id)))
            .scalars()
            .all()
        )
        counts = (
            (await uow.s.execute(select(FlashSaleShopper.quantity).where(FlashSaleShopper.tenant_id == tenant.id)))
            .scalars()
            .all()
        )
        buckets = (
            (await uow.s.execute(select(FlashSaleBucket.units_left).where(FlashSaleBucket.tenant_id == tenant.id)))
            .scalars()
            .all()
        )
        sale_status = (await uow.s.execute(select(FlashSale.status).where(FlashSale.id == sale.sale_id))).scalar_one()
        shelf = (
            await uow.s.execute(select(Stock).where(Stock.tenant_id == tenant.id, Stock.variant_id == sale.variant_id))
        ).scalar_one()
    assert set(orders) == {"closed"} and len(orders) == UNITS
    assert closings == UNITS  # each order closed once, by one worker
    assert set(admissions) == {"returned"} and sum(counts) == 0
    assert sum(buckets) == UNITS  # each order's unit given back to the sale once
    assert sale_status == "ended" and (shelf.on_hand, shelf.reserved) == (
        UNITS + 10,
        0,
    )  # the sale's hold released once
    assert events and all(dispatched is not None for _, _, dispatched in events)
    assert {attempts for _, attempts, _ in events} == {1}  # each event delivered by one worker, once
