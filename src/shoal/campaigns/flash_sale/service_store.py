"""What the storefront shows: the sessions on now and to come, with their SKUs, prices and what is left."""

from __future__ import annotations

from sqlalchemy import select

from shoal.campaigns.flash_sale import rules
from shoal.campaigns.flash_sale.models import FlashSale
from shoal.campaigns.flash_sale.schemas import StoreFlashItem, StoreFlashSale, StoreFlashSales
from shoal.campaigns.flash_sale.service import items_of, units_left
from shoal.catalog.service_variants import variants_for_pricing
from shoal.core.uow import UnitOfWork

SESSIONS_SHOWN = 20


async def store_flash_sales(uow: UnitOfWork) -> StoreFlashSales:
    """Published sessions not yet over, soonest first. ``left`` is the database's count (the gate is only ever
    stricter, and a unit it refused comes back here when an unpaid order returns it)."""
    async with uow:
        now = uow.clock.now()
        sales = list(
            (
                await uow.s.execute(
                    select(FlashSale)
                    .where(
                        FlashSale.tenant_id == uow.tenant_id,
                        FlashSale.status == rules.PUBLISHED,
                        FlashSale.ends_at > now,
                    )
                    .order_by(FlashSale.starts_at)
                    .limit(SESSIONS_SHOWN)
                )
            ).scalars()
        )
        items = await items_of(uow, [s.id for s in sales])
        every = [i for group in items.values() for i in group]
        left = await units_left(uow, [i.id for i in every])
        snaps = await variants_for_pricing(uow, variant_ids=sorted({i.variant_id for i in every}))
    sessions = []
    for sale in sales:
        shown = [
            StoreFlashItem(
                variant_id=i.variant_id,
                product_id=snap.product_id,
                sku=snap.sku,
                name=dict(snap.name),
                title=snap.title,
                image=snap.image,
                price=snap.unit_price,
                flash_price=i.flash_price,
                per_shopper_limit=i.per_shopper_limit,
                quantity=i.quantity,
                left=left.get(i.id, 0),
                sold_out=left.get(i.id, 0) == 0,
            )
            for i in items.get(sale.id, [])
            if (snap := snaps.get(i.variant_id)) is not None and snap.product_status == "active"
        ]
        state = rules.session_state(sale.status, sale.starts_at, sale.ends_at, now)
        sessions.append(
            StoreFlashSale(
                id=sale.id,
                name=sale.name,
                starts_at=sale.starts_at,
                ends_at=sale.ends_at,
                state=state,  # type: ignore[arg-type]
                payment_minutes=sale.payment_minutes,
                items=shown,
            )
        )
    return StoreFlashSales(now=now, sessions=sessions)
