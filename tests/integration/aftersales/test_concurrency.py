"""PostgreSQL promises: the last unit is claimed once; an approved case is refunded once."""

from __future__ import annotations

import asyncio

import pytest

from shoal.aftersales import service, service_staff
from shoal.aftersales.errors import LineOverClaimed
from shoal.aftersales.schemas import AfterSaleCreate, Approve
from shoal.core.errors import InvalidState
from shoal.orders.service_queries import get_order_detail
from tests.integration.aftersales.conftest import CUP, shopper

pytestmark = pytest.mark.pg_only


async def test_twenty_requests_for_the_last_unit_open_one_case(uow_factory, paid) -> None:
    data = AfterSaleCreate(
        kind="refund_only", reason_code="x", lines=[{"order_line_id": paid.line(CUP), "quantity": 1}]
    )

    async def attempt() -> bool:
        try:
            await service.request_after_sale(shopper(uow_factory), order_id=paid.order.id, data=data)
        except LineOverClaimed:
            return False
        return True

    results = await asyncio.gather(*(attempt() for _ in range(20)))
    assert results.count(True) == 1


async def test_ten_refund_clicks_refund_once(uow_factory, paid) -> None:
    data = AfterSaleCreate(
        kind="refund_only", reason_code="x", lines=[{"order_line_id": paid.line(CUP), "quantity": 1}]
    )
    case = await service.request_after_sale(shopper(uow_factory), order_id=paid.order.id, data=data)
    await service_staff.approve(uow_factory(), after_sale_id=case.id, data=Approve())

    async def click() -> bool:
        try:
            await service_staff.refund(uow_factory(), providers=paid.providers, after_sale_id=case.id)
        except InvalidState:
            return False
        return True

    results = await asyncio.gather(*(click() for _ in range(10)))
    assert results.count(True) == 1
    order = await get_order_detail(uow_factory(), order_id=paid.order.id)
    assert order.refunded_amount == 500
