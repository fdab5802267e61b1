"""The unique keys, not the pre-checks, are the wall: concurrent creates with one SKU or handle."""

from __future__ import annotations

import asyncio

import pytest

from shoal.catalog import service
from shoal.catalog.errors import HandleTaken, SkuTaken
from tests.integration.catalog.conftest import tea


@pytest.mark.pg_only
async def test_concurrent_creates_with_one_sku_leave_one_product(uow_factory) -> None:
    results = await asyncio.gather(
        *(service.create_product(uow_factory(), data=tea(f"h{i}", sku="SAME")) for i in range(8)),
        return_exceptions=True,
    )
    created = [r for r in results if not isinstance(r, BaseException)]
    assert len(created) == 1
    assert all(isinstance(r, SkuTaken) for r in results if isinstance(r, BaseException))


@pytest.mark.pg_only
async def test_concurrent_upserts_of_one_handle_never_duplicate(uow_factory) -> None:
    results = await asyncio.gather(
        *(service.upsert_product(uow_factory(), data=tea("same")) for _ in range(6)), return_exceptions=True
    )
    ok = [r for r in results if not isinstance(r, BaseException)]
    assert sum(created for _, created in ok) == 1
    assert len({product.id for product, _ in ok}) == 1
    assert all(isinstance(r, SkuTaken | HandleTaken) for r in results if isinstance(r, BaseException))
    page = await service.list_products(uow_factory(), limit=10)
    assert len(page.items) == 1
