"""A till's basket priced by the one pricing pipeline, on the store channel.

Two facts reach the pipeline that an online cart never carries: the store's own prices (catalog channel prices
named ``store:<location id>``) and the engine's channel ``store``, so only promotions and coupons valid in store
apply. The member's points (``checkout.extras``, loyalty's step) pay as at checkout. Lines come as codes (a
scanned barcode or a typed SKU); the same variant scanned twice is one line.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from shoal.catalog.service_lookup import variant_ids_by_code
from shoal.catalog.service_variants import variants_for_pricing
from shoal.checkout import extras
from shoal.checkout import rules as pricing_rules
from shoal.checkout.errors import ProductUnavailable
from shoal.checkout.marketing import price_with_marketing
from shoal.checkout.service_checkout import (
    ResolvedDelivery,
    draft_line,
    gift_left_out,
    gift_line,
    givable_gifts,
    wanted_units,
)
from shoal.core.errors import NotFound
from shoal.core.tenancy import Tenant
from shoal.core.uow import UnitOfWork
from shoal.customers.service import active_customer_ids, customer_group_of
from shoal.inventory.rules import ReserveLine
from shoal.orders.schemas import OrderDraft
from shoal.pos.errors import UnknownCode
from shoal.pos.schemas import Quote, QuoteIn, QuoteLine

STORE = "store"  # the marketing engine's channel of every till
IN_STORE = "in_store"  # the order's delivery: handed over at the counter
UNPAID_MINUTES = 15  # a till's order is paid at once (a payment code within a minute); this only bounds the hold


def store_channel(location_id: str) -> str:
    """The catalog channel of one store's own prices (``ChannelPrice.channel``)."""
    return f"{STORE}:{location_id}"


@dataclass(frozen=True, slots=True)
class Gifts:
    """What a buy-X-get-Y promotion gives with the sale, as far as the store has it (the rest is left out)."""

    given: list[Any] = field(default_factory=list)
    snapshots: dict[str, Any] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PricedSale:
    location_id: str
    customer_id: str | None
    state: pricing_rules.PricingState
    marketing: Any
    snapshots: dict[str, Any]

    async def gifts(self, uow: UnitOfWork) -> Gifts:
        """The promotion's gifts the store can give beside what is bought (checkout's own rule)."""
        here = ResolvedDelivery(pricing_rules.Delivery(method=pricing_rules.PICKUP), None, self.location_id, None)
        return Gifts(*await givable_gifts(uow, self.marketing, here, self.state.lines))

    def quote(self, gifts: Gifts) -> Quote:
        lines = [
            QuoteLine(variant_id=pl.variant_id, sku=self.snapshots[pl.variant_id].sku,
                      name=dict(self.snapshots[pl.variant_id].name), quantity=pl.quantity, unit_price=pl.unit_price,
                      discount=pl.discount, total=pl.total)
            for pl in self.state.lines
        ]  # fmt: skip
        discounts = [{"source": a.source, "amount": a.amount} for a in self.state.applied]
        given = [{"sku": gifts.snapshots[g.variant_id].sku, "name": dict(gifts.snapshots[g.variant_id].name),
                  "quantity": g.quantity} for g in gifts.given]  # fmt: skip
        return Quote(lines=lines, subtotal=self.state.subtotal, discount=self.state.discount, total=self.state.total,
                     discounts=discounts, gifts=given)  # fmt: skip

    def draft(self, remark: str, gifts: Gifts) -> OrderDraft:
        """The order of channel ``store``: its units (gifts at no charge too) come from this store's stock, at once."""
        state, here = self.state, self.location_id
        return OrderDraft(
            customer_id=self.customer_id, currency=state.currency, subtotal=state.subtotal, discount=state.discount,
            shipping_fee=0, total=state.total, delivery_method=IN_STORE, channel=STORE,
            lines=[draft_line(pl, self.snapshots[pl.variant_id], here) for pl in state.lines]
            + [gift_line(g, gifts.snapshots[g.variant_id], here) for g in gifts.given],
            reserve=[ReserveLine(variant, here, quantity) for variant, quantity in wanted_units(state, gifts.given)],
            unpaid_minutes=UNPAID_MINUTES, adjustments=[asdict(a) for a in state.applied],
            remarks=[remark, *(gift_left_out(sku) for sku in gifts.left_out)],
        )  # fmt: skip


async def price_sale(uow: UnitOfWork, *, tenant: Tenant, location_id: str, data: QuoteIn) -> PricedSale:
    """Price the basket for this store and (when named) this member: 422 ``unknown_code`` for a code no variant
    has, 409 ``product_unavailable`` for one no longer for sale."""
    async with uow:
        ids = await variant_ids_by_code(uow, codes=[line.code for line in data.lines])
        quantities: dict[str, int] = {}
        for line in data.lines:
            if line.code not in ids:
                raise UnknownCode(code=line.code)
            quantities[ids[line.code]] = quantities.get(ids[line.code], 0) + line.quantity
        customer_id = data.customer_id
        group = None
        if customer_id is not None:
            if not await active_customer_ids(uow, ids=[customer_id]):
                raise NotFound("customer")
            group = await customer_group_of(uow, customer_id=customer_id)
        snapshots = await variants_for_pricing(
            uow, variant_ids=list(quantities), channel=store_channel(location_id), customer_group=group
        )
        lines = []
        for variant_id, quantity in quantities.items():
            snap = snapshots.get(variant_id)
            if snap is None or snap.product_status != "active":
                raise ProductUnavailable(variant_id=variant_id, sku=snap.sku if snap else variant_id)
            lines.append(
                pricing_rules.PricedLine(
                    key=variant_id, variant_id=variant_id, quantity=quantity, unit_price=snap.unit_price,
                    weight_grams=snap.weight_grams,
                )
            )  # fmt: skip
        state = pricing_rules.PricingState(
            currency=tenant.currency, lines=tuple(lines), delivery=pricing_rules.Delivery(method=pricing_rules.PICKUP)
        )
        steps = await extras.steps_for(uow, customer_id=customer_id, choices={"points": data.points})
        priced, result = await price_with_marketing(
            uow, state=state, snapshots=snapshots, customer_id=customer_id, channel=STORE,
            coupon_ids=data.coupon_ids if customer_id else [], extras=steps,
        )  # fmt: skip
        return PricedSale(location_id, customer_id, priced, result, snapshots)
