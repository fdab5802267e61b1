"""A campaign's order (a flash sale's 秒杀 order, a bargain's 砍价 order): one variant at the campaign's price.

The campaign price is the pipeline's priced input: the line starts at that unit price and runs through the one
pricing pipeline (shipping, totals), so the price the campaign shows is the price the order charges. Promotions
and coupons do not stack on a campaign price. Units come from the campaign's inventory hold (``reserve_from``)
when it has one, else from the location's stock, and the order is placed by the orders domain like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from shoal.checkout import pricing, rules
from shoal.checkout.errors import CampaignDeliveryUnavailable, ProductUnavailable
from shoal.checkout.schemas import DeliveryIn
from shoal.checkout.service import shopper_snapshots
from shoal.checkout.service_checkout import draft_line, resolve_delivery
from shoal.core.tenancy import Tenant
from shoal.core.uow import UnitOfWork
from shoal.customers.service import shopper_id
from shoal.inventory.rules import ReserveLine
from shoal.orders.schemas import OrderDraft, OrderRead
from shoal.orders.service import place_order


@dataclass(frozen=True, slots=True)
class CampaignPurchase:
    """What the campaign fixed: the variant, how many, at what price, at which location, from which hold (or
    ``None``: from the location's stock)."""

    variant_id: str
    quantity: int
    unit_price: int
    location_id: str
    reserve_from: str | None
    remark: str
    fulfilment_hold: str | None = None  # the goods wait for the campaign (a group-buy's group) to let go


async def campaign_checkout(
    uow: UnitOfWork, *, tenant: Tenant, purchase: CampaignPurchase, delivery: DeliveryIn, unpaid_minutes: int
) -> OrderRead:
    """Price and place the order in the caller's transaction; ``out_of_stock`` if the hold (or stock) is short."""
    async with uow:
        customer_id = shopper_id(uow)
        snapshots = await shopper_snapshots(uow, [purchase.variant_id])
        snap = snapshots.get(purchase.variant_id)
        if snap is None or snap.product_status != "active":
            raise ProductUnavailable(variant_id=purchase.variant_id, sku=snap.sku if snap else purchase.variant_id)
        resolved = await resolve_delivery(uow, customer_id, delivery)
        if resolved.location_id not in (None, purchase.location_id):
            raise CampaignDeliveryUnavailable(location_id=resolved.location_id)
        line = rules.PricedLine(
            key=purchase.variant_id, variant_id=purchase.variant_id, quantity=purchase.quantity,
            unit_price=purchase.unit_price, weight_grams=snap.weight_grams,
        )  # fmt: skip
        state = pricing.price(rules.PricingState(currency=tenant.currency, lines=(line,), delivery=resolved.pricing))
        draft = OrderDraft(
            customer_id=customer_id, currency=state.currency, subtotal=state.subtotal, discount=state.discount,
            shipping_fee=state.shipping, total=state.total, delivery_method=delivery.method,
            lines=[draft_line(state.lines[0], snap, purchase.location_id)],
            reserve=[ReserveLine(purchase.variant_id, purchase.location_id, purchase.quantity)],
            unpaid_minutes=unpaid_minutes, shipping_address=resolved.address,
            pickup_location_id=resolved.location_id if delivery.method == rules.PICKUP else None,
            remarks=[purchase.remark], reserve_from=purchase.reserve_from, fulfilment_hold=purchase.fulfilment_hold,
        )  # fmt: skip
        order = await place_order(uow, tenant=tenant, draft=draft)
        await uow.commit()
        return order
