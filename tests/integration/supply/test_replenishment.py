"""Replenishment on both databases: suggestions from the latest forecast (stored here as a finished run), the
cheapest supplier's MOQ and packs, stock and open orders counted, and accepting them as draft purchase orders."""

from __future__ import annotations

from datetime import timedelta

from shoal.inventory import service as inventory
from shoal.supply import rules_replenishment, service_replenishment, service_suppliers
from shoal.supply.models import ForecastPoint, ForecastRun
from shoal.supply.schemas import SupplierCreate, SupplierItemIn
from shoal.supply.schemas_replenishment import AcceptIn


async def _forecast(uow, clock, location_id: str, weekly: dict[str, tuple[float, float]]) -> None:  # type: ignore[no-untyped-def]
    async with uow:
        run = ForecastRun(tenant_id=uow.tenant_id, status="done", frequency="week", horizon=4, done=1, total=1,
                          created_by="test", created_at=clock.now())  # fmt: skip
        uow.s.add(run)
        await uow.s.flush()
        for variant, (mean, sd) in weekly.items():
            for k in range(4):
                uow.s.add(ForecastPoint(
                    tenant_id=uow.tenant_id, run_id=run.id, variant_id=variant, location_id=location_id,
                    period=clock.now().date() + timedelta(weeks=k), forecast=mean, lo80=mean, hi80=mean,
                    method="auto_ets", error_sd=sd,
                ))  # fmt: skip
        await uow.commit()


async def test_suggestions_respect_moq_packs_stock_and_become_draft_orders(uow_factory, clock, warehouse, supplier):
    cheaper = await service_suppliers.create_supplier(uow_factory(), data=SupplierCreate(code="CUP-2", name="景德镇"))
    await service_suppliers.save_item(uow_factory(), supplier_id=cheaper.id, data=SupplierItemIn(
        variant_id="v-cup", cost_price=700, pack_size=10, min_order_quantity=30, lead_time_days=14))  # fmt: skip
    await inventory.receive_stock(uow_factory(), variant_id="v-tea", location_id=warehouse.id, quantity=5)
    await inventory.receive_stock(uow_factory(), variant_id="v-cup", location_id=warehouse.id, quantity=500)
    await _forecast(uow_factory(), clock, warehouse.id, {"v-tea": (10.0, 3.0), "v-cup": (10.0, 3.0)})

    found = await service_replenishment.suggestions(uow_factory(), service_level=0.95)
    assert [(s.supplier_id, [x.variant_id for x in s.lines]) for s in found] == [(supplier.id, ["v-tea"])]
    line = found[0].lines[0]
    target = rules_replenishment.levels([10.0] * 4, 3.0, 1.0, 0.95)  # tea: 7 days' lead time, one week
    assert (line.reorder_point, line.order_up_to, line.available) == (target.reorder_point, target.order_up_to, 5)
    assert line.quantity == 24 and line.quantity >= target.order_up_to - 5  # MOQ 24 in packs of 12
    assert found[0].total_cost == 24 * 1500

    made = await service_replenishment.accept(uow_factory(), data=AcceptIn())
    assert [(o.status, o.supplier_id, [(x.variant_id, x.quantity) for x in o.lines]) for o in made] == [
        ("draft", supplier.id, [("v-tea", 24)])
    ]
    assert await service_replenishment.suggestions(uow_factory()) == []  # the draft's units are on order now

    clock.advance(days=1)  # a newer run, where cups sell far faster than the shelf holds
    await _forecast(uow_factory(), clock, warehouse.id, {"v-cup": (300.0, 20.0)})
    cups = await service_replenishment.suggestions(uow_factory())
    assert [(s.supplier_id, s.lines[0].quantity % 10) for s in cups] == [(cheaper.id, 0)]  # the cheaper supplier
