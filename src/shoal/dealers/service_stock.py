"""Dealer stock in the one stock view: the brand ships an order from its warehouse to the dealer's location
(an inventory transfer: out of the warehouse with inventory's guarded statement, never below zero), the
dealer receives it, and reports its sell-through to its own shoppers and stores, which takes the units from
its location. A dealer's actor carries its location, so inventory's own scoping keeps it to its stock."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from shoal.catalog.service_variants import variants_for_pricing
from shoal.core.i18n import pick
from shoal.core.uow import UnitOfWork
from shoal.dealers import rules, scope
from shoal.dealers.errors import NoWarehouse, customer_not_found
from shoal.dealers.models import DealerCustomer, DealerOrder, SellThrough
from shoal.dealers.pricing import variant_ids_for
from shoal.dealers.schemas import CustomerIn, CustomerRead, DealerOrderRead, DealerStockRow, SaleIn, SaleRead, ShipIn
from shoal.dealers.service_accounts import load_dealer, my_dealer
from shoal.dealers.service_orders import get_order, move
from shoal.inventory import service as inventory
from shoal.inventory import service_stock, service_transfers
from shoal.inventory.schemas import TransferCreate, TransferLineIn


async def ship(uow: UnitOfWork, *, order_id: str, data: ShipIn) -> DealerOrderRead:
    """Approved (and paid, unless on account) -> shipped, with the transfer that takes the units from the
    warehouse (or the brand store named) in the same transaction: too little stock refuses the whole shipment
    (409 ``out_of_stock``)."""
    async with uow:
        uow.actor.require("orders.manage")
        order = await get_order(uow, order_id=order_id)
        source = await _source(uow, data.location_id)
        dealer = await load_dealer(uow, order.dealer_id)
        guard = (DealerOrder.status == "approved",
                 (DealerOrder.payment == "account") | (DealerOrder.payment_status == "paid"))  # fmt: skip
        await move(uow, order_id, "ship", guard, status="shipped", shipped_at=uow.clock.now())
        lines = [TransferLineIn(variant_id=line.variant_id, quantity=line.quantity) for line in order.lines]
        transfer = await service_transfers.create_transfer(
            uow,
            data=TransferCreate(
                source_location_id=source, destination_location_id=dealer.location_id, lines=lines, note=order.number
            ),
        )
        await service_transfers.ship_transfer(uow, transfer_id=transfer.id)
        await move(uow, order_id, "ship", (DealerOrder.transfer_id.is_(None),), transfer_id=transfer.id)
        uow.audit("dealer_order.ship", "dealer_order", order_id, {"from": source, "transfer": transfer.id})
        result = await get_order(uow, order_id=order_id)
        await uow.commit()
        return result


async def receive(uow: UnitOfWork, *, order_id: str) -> DealerOrderRead:
    """The dealer has the goods: they join its location's stock (once: the receipt is guarded)."""
    async with uow:
        scope.dealer_of(uow)
        guard = (DealerOrder.status.in_(("shipped", "invoiced")), DealerOrder.received_at.is_(None))
        order = await move(uow, order_id, "receive", guard, received_at=uow.clock.now())
        await service_transfers.receive_transfer(uow, transfer_id=order.transfer_id or "")
        result = await get_order(uow, order_id=order_id)
        await uow.commit()
        return result


async def my_stock(uow: UnitOfWork) -> list[DealerStockRow]:
    """What the dealer's location holds, by SKU."""
    async with uow:
        dealer = await my_dealer(uow)
        page = await service_stock.list_stock(uow, limit=100, location_id=dealer.location_id)
        snapshots = await variants_for_pricing(uow, variant_ids=[row.variant_id for row in page.items])
        return sorted(
            (
                DealerStockRow(
                    variant_id=row.variant_id,
                    sku=snapshots[row.variant_id].sku,
                    name=pick(snapshots[row.variant_id].name, "zh-CN"),
                    on_hand=row.on_hand,
                    available=row.available,
                )
                for row in page.items
                if row.variant_id in snapshots
            ),
            key=lambda row: row.sku,
        )


async def add_customer(uow: UnitOfWork, *, data: CustomerIn) -> CustomerRead:
    async with uow:
        customer = DealerCustomer(
            tenant_id=uow.tenant_id, dealer_id=scope.dealer_of(uow), **data.model_dump(), created_at=uow.clock.now()
        )
        uow.s.add(customer)
        await uow.s.flush()
        result = CustomerRead.model_validate(customer)
        await uow.commit()
        return result


async def list_customers(uow: UnitOfWork) -> list[CustomerRead]:
    async with uow:
        scope.dealer_of(uow)
        rows = await uow.s.execute(scope.owned(uow, DealerCustomer).order_by(DealerCustomer.id.desc()).limit(200))
        return [CustomerRead.model_validate(row) for row in rows.scalars()]


async def get_customer(uow: UnitOfWork, *, customer_id: str) -> CustomerRead:
    async with uow:
        scope.dealer_of(uow)
        return CustomerRead.model_validate(await _customer(uow, customer_id))


async def report_sale(uow: UnitOfWork, *, data: SaleIn) -> tuple[SaleRead, bool]:
    """Record a sale to the dealer's own customer and take its units from the dealer's stock; (sale, new).
    Reported again under the same reference, it answers the first record and moves nothing."""
    async with uow:
        dealer = await my_dealer(uow)
        if data.customer_id:
            await _customer(uow, data.customer_id)
        earlier = await _sale(uow, data.reference)
        if earlier is not None:
            return SaleRead.model_validate(earlier), False
        quantities = rules.merged((line.sku, line.quantity) for line in data.lines)
        ids = await variant_ids_for(uow, [sku for sku, _ in quantities])
        sale = SellThrough(
            tenant_id=uow.tenant_id,
            dealer_id=dealer.id,
            reference=data.reference,
            customer_id=data.customer_id,
            lines=[line.model_dump() | {"variant_id": ids[line.sku]} for line in data.lines],
            total=sum(line.amount for line in data.lines),
            sold_at=uow.clock.now(),
        )
        try:
            async with uow.s.begin_nested():
                uow.s.add(sale)
        except IntegrityError:  # the same report, sent twice at once: the first one counts
            return SaleRead.model_validate(await _sale(uow, data.reference)), False
        for sku, quantity in quantities:
            await service_stock.adjust_stock(
                uow,
                variant_id=ids[sku],
                location_id=dealer.location_id,
                delta=-quantity,
                reason="adjustment",
                reference=f"dealer-sale:{sale.id}",
            )
        uow.audit("dealer.sale", "dealer_sale", sale.id, {"reference": data.reference, "total": sale.total})
        result = SaleRead.model_validate(sale)
        await uow.commit()
        return result, True


async def _customer(uow: UnitOfWork, customer_id: str) -> DealerCustomer:
    return await scope.load(uow, DealerCustomer, customer_id, customer_not_found(customer_id))


async def _sale(uow: UnitOfWork, reference: str) -> SellThrough | None:
    return await uow.s.scalar(scope.owned(uow, SellThrough).where(SellThrough.reference == reference))


async def _source(uow: UnitOfWork, location_id: str | None) -> str:
    """The brand location named (an active warehouse, or a store: a dealer near a flagship store may be sent
    its stock), else the first active warehouse by priority; ``NoWarehouse`` if there is none (a dealer's
    location is never a source: its units are the dealer's)."""
    kinds = ("warehouse", "store") if location_id else ("warehouse",)
    own = [loc for loc in await inventory.list_locations(uow) if loc.active and loc.kind in kinds]
    chosen = [loc for loc in own if location_id in (None, loc.id)]
    if not chosen:
        raise NoWarehouse()
    return min(chosen, key=lambda loc: loc.priority).id
