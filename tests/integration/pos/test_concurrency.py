"""The till's promises under real concurrency (PostgreSQL): an offline queue uploaded twice at once records each
sale once, and tills racing for the last units never sell more than the store holds."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from shoal.pos import service_sales, service_shifts
from shoal.pos.schemas import SaleCreate, ShiftOpen
from tests.integration.pos.conftest import clerk_of
from tests.integration.pos.test_sales import on_shelf

pytestmark = pytest.mark.pg_only


async def test_twenty_offline_sales_uploaded_twice_each_in_parallel_are_each_recorded_once(till) -> None:
    queue = [
        SaleCreate(sale_id=uuid.uuid4().hex, lines=[{"code": "SKU000"}], cash_tendered=1_000, offline=True)
        for _ in range(20)
    ]
    results = await asyncio.gather(
        *(
            service_sales.record_sale(till.uow(), tenant=till.shop.tenant.tenant, providers=till.providers, data=sale)
            for sale in queue + queue
        )
    )
    by_sale: dict[str, set[str]] = {}
    for result in results:
        by_sale.setdefault(result.sale_id, set()).add(result.id)
    assert len(by_sale) == 20 and all(len(ids) == 1 for ids in by_sale.values())
    completed = [r for r in results if r.status == "completed"]
    flagged = {r.id for r in results if r.status == "flagged"}
    assert len({r.order_id for r in completed}) == 10 and len(flagged) == 10  # 10 on the shelf: none dropped
    assert await on_shelf(till, till.shop.variants[0]) == 0


async def test_tills_racing_for_five_units_sell_five(till, uow_factory) -> None:
    second = clerk_of(till.shop.store.id)
    await service_shifts.open_shift(uow_factory(second), data=ShiftOpen(opening_float=0))
    clerks = [till.clerk, second]
    results = await asyncio.gather(
        *(
            service_sales.record_sale(
                uow_factory(clerks[i % 2]), tenant=till.shop.tenant.tenant, providers=till.providers,
                data=SaleCreate(sale_id=uuid.uuid4().hex, lines=[{"code": "SKU001", "quantity": 2}],
                                cash_tendered=2_200),
            )
            for i in range(20)
        ),
        return_exceptions=True,
    )  # fmt: skip
    sold = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(sold) == 5 and all(getattr(r, "code", "") == "out_of_stock" for r in refused)
    assert await on_shelf(till, till.shop.variants[1]) == 0
