"""A store's day (门店日报): sales, orders, average order value, top SKUs and figures by clerk, per store.

Built from the till's own records (each completed sale keeps its lines and its refunds), so the report reads no
other domain's tables. A sale belongs to the day the till sold it (``sold_at``, in the shop's time zone): a sale
queued offline before midnight counts for that day even if it reached the server after.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from shoal.core.tenancy import Tenant
from shoal.core.uow import UnitOfWork
from shoal.identity.service_staff import staff_names
from shoal.inventory.errors import location_not_found
from shoal.inventory.service import list_locations
from shoal.pos import rules
from shoal.pos.models import Sale
from shoal.pos.schemas import ClerkFigure, SkuFigure, StoreFigures, StoreReport


async def store_report(uow: UnitOfWork, *, tenant: Tenant, day: date, location_id: str | None = None) -> StoreReport:
    """Staff tied to a store see their store only (naming another is a 404, as in inventory); others every store,
    or the one named."""
    async with uow:
        uow.actor.require("orders.read")
        start = datetime.combine(day, time(), ZoneInfo(tenant.timezone)).astimezone(UTC)
        scope = [Sale.tenant_id == uow.tenant_id, Sale.sold_at >= start, Sale.sold_at < start + timedelta(days=1)]
        own = uow.actor.location_id
        if own and location_id and location_id != own:
            raise location_not_found(location_id)
        where = own or location_id
        if where:
            scope.append(Sale.location_id == where)
        sales = (await uow.s.execute(select(Sale).where(*scope, Sale.status == rules.COMPLETED))).scalars().all()
        flagged = (await uow.s.execute(select(func.count()).where(*scope, Sale.status == rules.FLAGGED))).scalar_one()
        days = rules.store_day(sales)
        stores = {loc.id: loc.name for loc in await list_locations(uow, kind="store")}
        clerks = await staff_names(uow, ids={clerk for d in days.values() for clerk in d.clerks})
    figures = [
        StoreFigures(
            location_id=d.location_id, name=stores.get(d.location_id, ""), sales=d.sales, refunds=d.refunds,
            net_sales=d.net_sales, orders=d.orders, average_order_value=d.average_order_value,
            top_skus=[SkuFigure(sku=sku, name=name, quantity=units, amount=amount)
                      for sku, name, units, amount in d.top_skus()],
            by_clerk=[ClerkFigure(clerk_id=c, name=clerks.get(c, ""), orders=o, sales=s)
                      for c, (o, s) in sorted(d.clerks.items(), key=lambda kv: -kv[1][1])],
        )
        for d in sorted(days.values(), key=lambda d: -d.sales)
    ]  # fmt: skip
    return StoreReport(day=day, currency=tenant.currency, stores=figures, flagged=flagged)
