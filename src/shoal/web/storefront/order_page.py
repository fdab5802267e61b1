"""Everything the shopper's order page shows: the order and its money breakdown, what the balance can pay of
it (余额支付), its parcels with their tracking (物流轨迹), its pickup store and QR (once paid), its after-sales
requests and whether a new one may be made. One builder, so the page renders the same after a refused
after-sales form."""

from __future__ import annotations

from typing import Any

from shoal.aftersales import service as aftersales
from shoal.aftersales.rules import ORDER_STATUSES_ALLOWED
from shoal.core.context import RequestContext
from shoal.orders.service_tracking import my_shipments
from shoal.web.order_view import order_extras
from shoal.web.storefront.balance_pay import balance_offer
from shoal.web.storefront.qr import qr_svg

AFTER_SALE_KINDS = ("refund_only", "return_refund")
AFTER_SALE_REASONS = ("damaged", "wrong_item", "not_as_described", "changed_mind")


async def order_page(
    ctx: RequestContext, order: Any, values: dict[str, str] | None = None, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    cases = await aftersales.list_after_sales(ctx.uow(), limit=20, cursor=None, order_id=order.id)
    return {
        **await order_extras(ctx, order),
        "order": order,
        "shipments": await my_shipments(ctx.uow(), order_id=order.id),
        "pickup_qr": qr_svg(order.pickup_code) if order.pickup_code else None,
        "balance_offer": await balance_offer(ctx, order),
        "cases": cases.items,
        "may_request": order.status in ORDER_STATUSES_ALLOWED,
        "kinds": AFTER_SALE_KINDS,
        "reasons": AFTER_SALE_REASONS,
        "values": values or {},
        "errors": errors or {},
    }
