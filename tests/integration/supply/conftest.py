"""Supply fixtures: a warehouse, a supplier with items, and a sent purchase order (catalog stood in)."""

from __future__ import annotations

import pytest

from shoal.inventory.schemas import LocationRead
from shoal.supply import service_orders, service_suppliers
from shoal.supply.schemas import PurchaseOrderCreate, PurchaseOrderLineIn, SupplierCreate, SupplierItemIn
from tests.integration.inventory.conftest import make_location
from tests.stand_ins import stand_in_for_catalog


@pytest.fixture(autouse=True)
def _catalog_stood_in(monkeypatch: pytest.MonkeyPatch) -> None:
    stand_in_for_catalog(monkeypatch)


@pytest.fixture
async def warehouse(uow_factory) -> LocationRead:  # type: ignore[no-untyped-def]
    return await make_location(uow_factory(), "WH-S", "warehouse", priority=1)


@pytest.fixture
async def supplier(uow_factory):  # type: ignore[no-untyped-def]
    made = await service_suppliers.create_supplier(
        uow_factory(), data=SupplierCreate(code="TEA-1", name="福鼎茶厂", contact_name="王经理", payment_terms="net_30")
    )
    for variant, cost, pack, moq in (("v-tea", 1500, 12, 24), ("v-cup", 800, 6, 6)):
        item = SupplierItemIn(variant_id=variant, cost_price=cost, pack_size=pack, min_order_quantity=moq)
        await service_suppliers.save_item(uow_factory(), supplier_id=made.id, data=item)
    return made


async def sent_order(uow_factory, supplier_id: str, location_id: str, **quantities: int):  # type: ignore[no-untyped-def]
    lines = [PurchaseOrderLineIn(variant_id=v, quantity=q) for v, q in quantities.items()]
    draft = await service_orders.create_order(
        uow_factory(), data=PurchaseOrderCreate(supplier_id=supplier_id, location_id=location_id, lines=lines)
    )
    return await service_orders.move_order(uow_factory(), order_id=draft.id, action="send")
