"""Checkout's bridge to marketing: promotions and coupons priced by the engine as one pipeline step.

Marketing never imports checkout or orders; checkout calls it. Carts and checkout both price through
``price_with_marketing``, so the total a shopper is shown is the total they are charged. The engine's
per-line shares become line discounts to the fen (kept on the order for partial refunds). Coupons are
locked to the order, promotion budgets charged and the shopper's first-order offer claimed in checkout's
transaction; order events release or spend the coupons, and give the first-order offer back, afterwards.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from shoal.catalog.schemas import VariantSnapshot
from shoal.checkout import pricing
from shoal.checkout.pricing import Step
from shoal.checkout.rules import Adjustment, PricingState
from shoal.core.actors import SYSTEM
from shoal.core.outbox import subscribe
from shoal.core.uow import Database, UnitOfWork
from shoal.customers.hooks import member_level_of
from shoal.customers.service import (
    claim_first_order_offer,
    customer_group_of,
    first_order_offer_taken,
    release_first_order_offer,
)
from shoal.marketing import engine
from shoal.marketing.service_coupons import lock_coupons, mark_coupons_used, release_coupons
from shoal.marketing.service_redemptions import record_redemptions, void_redemptions
from shoal.marketing.service_rules import consume_budget, rules_in_force
from shoal.orders.events import OrderPaid, OrderRefunded, OrderStatusChanged
from shoal.orders.service import get_payable
from shoal.orders.service_customers import live_order_count

RELEASING_STATUSES = ("cancelled", "closed")


class FirstOrderOfferTaken(Exception):
    """Another order of the shopper took their first-order offer after this checkout was priced with it."""


async def price_with_marketing(
    uow: UnitOfWork, *, state: PricingState, snapshots: dict[str, VariantSnapshot], customer_id: str | None,
    channel: str = "online", coupon_ids: list[str] | None = None, extras: Sequence[Step] = (),
) -> tuple[PricingState, engine.PricingResult | None]:  # fmt: skip
    """Run the pipeline with a marketing step after shipping; without rules in force, the plain pipeline.

    Coupons checkout would refuse (used up, or the shopper's own limit reached) are left out of "the best of
    those held"; named in ``coupon_ids``, they are refused here with checkout's own error. ``extras``
    (``checkout.extras``: points) run after marketing, before the totals."""
    pipeline = pricing.PIPELINE
    for step in extras:
        pipeline = pipeline.with_step(step, before="totals")
    promotions, held = await rules_in_force(uow, customer_id=customer_id, coupon_ids=coupon_ids)
    held = [c for c in held if c.status == engine.CouponStatus.AVAILABLE]
    if coupon_ids is not None:
        held = [c for c in held if c.id in set(coupon_ids)]
    if not promotions and not held:
        return pipeline.run(state), None
    customer = await shopper_facts(uow, customer_id=customer_id)
    outcome: dict[str, engine.PricingResult] = {}

    def marketing_step(current: PricingState) -> PricingState:
        cart = engine.CartSnapshot(
            lines=tuple(_cart_line(line.key, line.variant_id, line.unit_price, line.quantity, snapshots)
                        for line in current.lines),
            now=uow.clock.now(), customer=customer, channel=channel, shipping_fee=current.delivery_fee,
            free_shipping_over=current.free_shipping_over, currency=current.currency,
        )  # fmt: skip
        outcome["result"] = engine.price(cart, promotions, held)
        return apply_result(current, outcome["result"])

    priced = pipeline.with_step(Step("marketing", marketing_step), after="shipping").run(state)
    return priced, outcome.get("result")


async def shopper_facts(uow: UnitOfWork, *, customer_id: str | None) -> engine.CustomerFacts:
    """What audience conditions ask of the shopper, each from the domain that owns it: the customer group, the
    member level (``customers.hooks.member_level_of``, which the loyalty domain fills) and whether this is a
    first order: no order that is not cancelled or closed, and no live order holding the first-order offer (it is
    given back when that order's cancellation is dispatched). An anonymous cart has none of them."""
    if customer_id is None:
        return engine.CustomerFacts()
    group = await customer_group_of(uow, customer_id=customer_id)
    return engine.CustomerFacts(
        id=customer_id,
        groups=frozenset({group} if group else ()),
        member_level=await member_level_of(uow, customer_id=customer_id),
        is_new_customer=await live_order_count(uow, customer_id=customer_id) == 0
        and not await first_order_offer_taken(uow, customer_id=customer_id),
    )


def _cart_line(key: str, variant_id: str, unit_price: int, quantity: int, snapshots: dict[str, Any]) -> Any:
    return engine.line_of(key, variant_id, snapshots[variant_id], unit_price=unit_price, quantity=quantity)


def apply_result(state: PricingState, result: engine.PricingResult) -> PricingState:
    """The engine's discounts as line discounts (its exact shares), and the shipping fee as the engine judged it:
    its free-over threshold on the discounted goods, then shipping benefits."""
    shares: dict[str, int] = defaultdict(int)
    applied = list(state.applied)
    for discount in result.discounts:
        source = f"coupon:{discount.coupon_id}" if discount.coupon_id else f"promotion:{discount.rule_id}"
        for share in discount.allocations:
            shares[share.line_id] += share.amount
            applied.append(Adjustment(source, share.amount, share.line_id))
        if discount.shipping:
            applied.append(Adjustment(source + ":shipping", discount.shipping))
    lines = tuple(replace(line, order_discount=line.order_discount + shares[line.key]) for line in state.lines)
    shipping = result.shipping_fee - result.shipping_discount
    return replace(state, lines=lines, applied=tuple(applied), shipping=shipping)


async def commit_marketing(
    uow: UnitOfWork, *, result: engine.PricingResult | None, customer_id: str, order_id: str, order_total: int
) -> None:
    """Inside checkout's transaction: claim the shopper's first-order offer if a first-order rule applied (one
    live order may have it: ``FirstOrderOfferTaken`` when another took it since pricing), lock the coupons used,
    charge promotion budgets (guarded), and record what each rule gave for the stats."""
    if result is None or not result.discounts:
        return
    if result.first_order_offer and not await claim_first_order_offer(uow, customer_id=customer_id, order_id=order_id):
        raise FirstOrderOfferTaken()
    if result.applied_coupon_ids:
        await lock_coupons(uow, coupon_ids=list(result.applied_coupon_ids), customer_id=customer_id, order_id=order_id)
    for discount in sorted(result.discounts, key=lambda d: d.rule_id):
        if discount.source == "promotion":
            await consume_budget(uow, promotion_id=discount.rule_id, amount=discount.amount + discount.shipping)
    given = [(d.source, d.rule_id, d.coupon_id, d.amount + d.shipping) for d in result.discounts]
    await record_redemptions(uow, order_id=order_id, order_total=order_total, given=given)


async def _order_status_changed(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    if payload.get("to_status") in RELEASING_STATUSES:
        await release_coupons(db.uow(tenant_id=tenant_id, actor=SYSTEM), order_id=payload["order_id"])
        await void_redemptions(db.uow(tenant_id=tenant_id, actor=SYSTEM), order_id=payload["order_id"])
        await release_first_order_offer(db.uow(tenant_id=tenant_id, actor=SYSTEM), order_id=payload["order_id"])


async def _order_refunded(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    """A wholly refunded order gives its coupons back, as a cancelled one does."""
    order = await get_payable(db.uow(tenant_id=tenant_id, actor=SYSTEM), order_id=payload["order_id"])
    if payload.get("refunded_total", 0) >= order.total:
        await release_coupons(db.uow(tenant_id=tenant_id, actor=SYSTEM), order_id=order.id, from_status="used")
        await void_redemptions(db.uow(tenant_id=tenant_id, actor=SYSTEM), order_id=order.id)


async def _order_paid(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    await mark_coupons_used(db.uow(tenant_id=tenant_id, actor=SYSTEM), order_id=payload["order_id"])


subscribe(OrderStatusChanged, _order_status_changed)
subscribe(OrderPaid, _order_paid)
subscribe(OrderRefunded, _order_refunded)
