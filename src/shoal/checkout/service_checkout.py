"""Checkout: turn a shopper's cart into an order awaiting payment, in one transaction.

cart (guarded active -> checked_out) -> catalog snapshots -> delivery -> pricing pipeline ->
expected total check -> stock plan -> ``orders.place_order`` (reserves stock, all or nothing).
Any refusal (``out_of_stock``, ``price_changed``, ...) rolls everything back: nothing is written.
The HTTP layer wraps this in an idempotency key, so a retried request returns the same order.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from shoal.checkout import extras, rules
from shoal.checkout.errors import (
    AddressNotLocated,
    CartEmpty,
    DeliveryIncomplete,
    NotEnoughStock,
    PickupUnavailable,
    PriceChanged,
    ProductUnavailable,
)
from shoal.checkout.marketing import FirstOrderOfferTaken, commit_marketing, price_with_marketing
from shoal.checkout.rules import Delivery
from shoal.checkout.schemas import CheckoutRequest, DeliveryIn
from shoal.checkout.service import (
    cart_lines,
    claim_cart_for_order,
    initial_state,
    shopper_snapshots,
)
from shoal.checkout.service_shipping import active_rules
from shoal.checkout.shipping import SAME_CITY, nearest_same_city
from shoal.core.errors import NotFound
from shoal.core.ids import new_id
from shoal.core.tenancy import Tenant
from shoal.core.uow import UnitOfWork
from shoal.customers.regions import normalised
from shoal.customers.service import shopper_id
from shoal.customers.service_addresses import get_address
from shoal.inventory.errors import OutOfStock
from shoal.inventory.rules import ReserveLine, haversine_metres
from shoal.inventory.service import (
    availability,
    availability_by_location,
    get_location,
    list_locations,
    plan_fulfilment,
)
from shoal.orders.schemas import DraftLine, OrderDraft, OrderRead
from shoal.orders.service import place_order

# How often checkout re-plans when a location it chose sells out under it (bounded; then out_of_stock).
PLAN_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class ResolvedDelivery:
    pricing: Delivery
    address: dict[str, Any] | None
    location_id: str | None  # the pickup or same-city store; None lets inventory plan the shipment
    destination: tuple[float, float] | None


@dataclass(frozen=True, slots=True)
class PricedCheckout:
    """Everything an order is drafted from once the cart is priced: what is charged is fixed here."""

    data: CheckoutRequest
    customer_id: str
    order_id: str  # written on the cart by its claim, so the order must have it
    state: rules.PricingState
    marketing: Any
    delivery: ResolvedDelivery
    snapshots: dict[str, Any]
    gift_snaps: dict[str, Any]


async def checkout(uow: UnitOfWork, *, tenant: Tenant, data: CheckoutRequest, unpaid_minutes: int) -> OrderRead:
    async with uow:
        customer_id = shopper_id(uow)
        order_id = new_id()
        cart = await claim_cart_for_order(uow, data.cart_id, customer_id, order_id)
        lines = await cart_lines(uow, cart.id)
        if not lines:
            raise CartEmpty()
        snapshots = await shopper_snapshots(uow, [line.variant_id for line in lines], cart.channel)
        for line in lines:
            snap = snapshots.get(line.variant_id)
            if snap is None or snap.product_status != "active":
                raise ProductUnavailable(variant_id=line.variant_id, sku=snap.sku if snap else line.variant_id)
        wanted = merged_lines([(line.variant_id, line.quantity) for line in lines])
        delivery = await resolve_delivery(uow, customer_id, data.delivery, wanted=wanted)

        steps = await extras.steps_for(uow, customer_id=customer_id, choices={"points": data.points})

        async def price() -> tuple[rules.PricingState, Any]:
            return await price_with_marketing(
                uow, state=replace(initial_state(tenant, lines, snapshots), delivery=delivery.pricing),
                snapshots=snapshots, customer_id=customer_id, channel=cart.channel, coupon_ids=data.coupon_ids,
                extras=steps,
            )  # fmt: skip

        state, marketing = await price()
        if data.expected_total is not None and data.expected_total != state.total:
            raise PriceChanged(expected_total=data.expected_total, total=state.total)
        gifts, gift_snaps, left_out = await givable_gifts(uow, marketing, delivery, state.lines)
        priced = PricedCheckout(data, customer_id, order_id, state, marketing, delivery, snapshots, gift_snaps)
        try:
            order = await _place(uow, tenant, priced, gifts, left_out, unpaid_minutes)
        except FirstOrderOfferTaken:
            # A concurrent checkout of this shopper placed the first order since this one was priced: the price
            # without the first-order offer is the price now, for the shopper to confirm.
            now, _ = await price()
            raise PriceChanged(expected_total=state.total, total=now.total) from None
        await uow.commit()
        return order


async def _place(
    uow: UnitOfWork, tenant: Tenant, priced: PricedCheckout, gifts: list[Any], left_out: list[str], unpaid_minutes: int
) -> OrderRead:
    """Reserve and place the order, then commit what its pricing used (coupons, budgets, extras).

    A gift that sells out under us is left out (a gift is free: the total does not change; each gift is
    dropped at most once). A location we chose that sells out is planned again on fresh counts, a bounded
    number of times; a store the shopper chose is final. An attempt refused for stock has written nothing
    (``place_order`` reserves first, all or nothing), so the next one needs no savepoint.
    """
    replans = 0
    while True:
        reserve = await _reservation_plan(uow, priced.delivery, wanted_units(priced.state, gifts))
        draft = _draft(priced, gifts, reserve, unpaid_minutes, [gift_left_out(sku) for sku in left_out])
        try:
            order = await place_order(uow, tenant=tenant, draft=draft)
        except OutOfStock as exc:
            short = exc.params["variant_id"]
            if any(g.variant_id == short for g in gifts):
                gifts = [g for g in gifts if g.variant_id != short]
                known = priced.gift_snaps.get(short)
                left_out = [*left_out, known.sku if known else short]
                continue
            replans += 1
            if priced.delivery.location_id or replans >= PLAN_ATTEMPTS:
                known = {**priced.snapshots, **priced.gift_snaps}.get(short)
                raise NotEnoughStock(**exc.params, sku=known.sku if known else short) from exc
            continue
        await commit_marketing(
            uow, result=priced.marketing, customer_id=priced.customer_id, order_id=order.id, order_total=order.total
        )
        await extras.commit_extras(uow, customer_id=priced.customer_id, order_id=order.id, state=priced.state)
        return order


def wanted_units(state: rules.PricingState, gifts: list[Any]) -> list[tuple[str, int]]:
    """One (variant, quantity) per variant of what an order takes: the bought lines and the gifts."""
    return merged_lines(
        [(pl.variant_id, pl.quantity) for pl in state.lines] + [(g.variant_id, g.quantity) for g in gifts]
    )


def gift_left_out(sku: str) -> str:
    """The order-history line that tells staff (in both languages) why a promised gift is not on the order."""
    return f"赠品 {sku} 库存不足，未随单赠送 / Gift {sku} was out of stock and is not included"


def _draft(
    priced: PricedCheckout, gifts: list[Any], reserve: list[ReserveLine], unpaid_minutes: int, remarks: list[str]
) -> OrderDraft:
    state, delivery, method = priced.state, priced.delivery, priced.data.delivery.method
    where = {r.variant_id: r.location_id for r in reserve}
    return OrderDraft(
        customer_id=priced.customer_id,
        currency=state.currency,
        subtotal=state.subtotal,
        discount=state.discount,
        shipping_fee=state.shipping,
        total=state.total,
        delivery_method=method,
        lines=[draft_line(pl, priced.snapshots[pl.variant_id], where.get(pl.variant_id)) for pl in state.lines]
        + [gift_line(g, priced.gift_snaps[g.variant_id], where.get(g.variant_id)) for g in gifts],
        reserve=reserve,
        unpaid_minutes=unpaid_minutes,
        adjustments=[asdict(a) for a in state.applied],
        shipping_address=delivery.address,
        pickup_location_id=delivery.location_id if method == rules.PICKUP else None,
        note=priced.data.note,
        remarks=remarks,
        order_id=priced.order_id,
    )


async def _reservation_plan(
    uow: UnitOfWork, delivery: ResolvedDelivery, wanted: list[tuple[str, int]]
) -> list[ReserveLine]:
    if delivery.location_id:
        return [ReserveLine(v, delivery.location_id, q) for v, q in wanted]
    region = (delivery.address or {}).get("region_code")
    plan = await plan_fulfilment(uow, lines=wanted, destination=delivery.destination, region_code=region)
    return [ReserveLine(a.variant_id, a.location_id, a.quantity) for a in plan.allocations]


async def resolve_delivery(
    uow: UnitOfWork, customer_id: str, delivery: DeliveryIn, *, wanted: list[tuple[str, int]] | None = None
) -> ResolvedDelivery:
    """Where the order goes and what delivery costs. Same-city delivery comes from the nearest store within its
    radius that holds all of ``wanted`` now (else the nearest, whose shortage checkout then reports)."""
    if delivery.method == rules.PICKUP:
        if not delivery.location_id:
            raise DeliveryIncomplete(method=delivery.method, needs="location_id")
        try:
            store = await get_location(uow, location_id=delivery.location_id)
        except NotFound as exc:
            raise PickupUnavailable(location_id=delivery.location_id) from exc
        if not (store.active and store.pickup_enabled):
            raise PickupUnavailable(location_id=delivery.location_id)
        return ResolvedDelivery(Delivery(method=rules.PICKUP), None, store.id, None)
    address = await _address(uow, customer_id, delivery)
    point = _point(address)
    if delivery.method == rules.SHIP:
        express = await active_rules(uow)
        return ResolvedDelivery(
            Delivery(method=rules.SHIP, province=address["province"], rules=tuple(express)), address, None, point
        )
    if point is None:
        raise AddressNotLocated()
    same_city = await active_rules(uow, mode=SAME_CITY)
    stores = {loc.id: loc for loc in await list_locations(uow, kind="store")}
    distances = {
        r.id: haversine_metres(point, (stores[r.location_id].latitude, stores[r.location_id].longitude))
        for r in same_city
        if r.location_id in stores and stores[r.location_id].latitude is not None
    }
    if wanted:
        stocked = await _stores_holding(uow, wanted)
        nearby = {
            r.id: distances[r.id]
            for r in same_city
            if r.id in distances and distances[r.id] <= r.radius_metres and r.location_id in stocked
        }
        distances = nearby or distances
    rule, distance = nearest_same_city(same_city, distances)
    return ResolvedDelivery(
        Delivery(method=rules.SAME_CITY, distance_metres=distance, rules=(rule,)), address, rule.location_id, point
    )


async def _stores_holding(uow: UnitOfWork, wanted: list[tuple[str, int]]) -> set[str]:
    """The locations that hold every wanted unit now (a same-city order leaves from one store). A read to choose
    by: the reservation's guarded statement still decides."""
    by_location = await availability_by_location(uow, variant_ids=[v for v, _ in wanted])
    holding = [{loc for loc, units in by_location[v].items() if units >= q} for v, q in wanted]
    return set.intersection(*holding) if holding else set()


async def _address(uow: UnitOfWork, customer_id: str, delivery: DeliveryIn) -> dict[str, Any]:
    """The order's copy of the address, with its region code. A typed address must be a real place, as in the
    address book (浙江/杭州 is stored as 浙江省/杭州市; 422 ``unknown_region`` names the field otherwise)."""
    if delivery.address is not None:
        return normalised(delivery.address.model_dump(mode="json"))
    if delivery.address_id:
        saved = await get_address(uow, customer_id=customer_id, address_id=delivery.address_id)
        keep = ("name", "phone", "province", "city", "district", "region_code", "line1", "line2", "postal_code")
        snapshot: dict[str, Any] = {k: getattr(saved, k) for k in keep}
        snapshot["latitude"] = float(saved.latitude) if saved.latitude is not None else None
        snapshot["longitude"] = float(saved.longitude) if saved.longitude is not None else None
        return snapshot
    raise DeliveryIncomplete(method=delivery.method, needs="address or address_id")


def _point(address: dict[str, Any]) -> tuple[float, float] | None:
    if address.get("latitude") is None or address.get("longitude") is None:
        return None
    return float(address["latitude"]), float(address["longitude"])


async def givable_gifts(
    uow: UnitOfWork, result: Any, delivery: ResolvedDelivery, bought: Any
) -> tuple[list[Any], dict[str, Any], list[str]]:
    """Gift SKUs a promotion adds (buy X get Y), with their catalog snapshots. A gift no longer for sale, or
    without the stock to give it (beside what is bought of the same SKU), is left out rather than blocking
    the order; checkout still drops one that sells out in a race while reserving."""
    wanted = list(result.gifts) if result is not None else []
    if not wanted:
        return [], {}, []
    ids = [g.variant_id for g in wanted]
    snaps = await shopper_snapshots(uow, ids)
    where = [delivery.location_id] if delivery.location_id else None
    left = await availability(uow, variant_ids=ids, location_ids=where)
    for line in bought:
        if line.variant_id in left:
            left[line.variant_id] -= line.quantity
    givable, left_out = [], []
    for gift in wanted:
        snap = snaps.get(gift.variant_id)
        if snap is not None and snap.product_status == "active" and left[gift.variant_id] >= gift.quantity:
            left[gift.variant_id] -= gift.quantity
            givable.append(gift)
        else:
            left_out.append(snap.sku if snap else gift.variant_id)
    return givable, snaps, left_out


def merged_lines(lines: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """One (variant, quantity) per variant: a bought SKU may also be the gift."""
    totals: dict[str, int] = {}
    for variant_id, quantity in lines:
        totals[variant_id] = totals.get(variant_id, 0) + quantity
    return list(totals.items())


def gift_line(gift: Any, snap: Any, location_id: str | None) -> DraftLine:
    """A gift goes on the order at zero price, so refunds and stock treat it like any other line."""
    return DraftLine(
        variant_id=gift.variant_id, product_id=snap.product_id, sku=snap.sku, name=dict(snap.name), title=snap.title,
        options=list(snap.options), image=snap.image, unit_price=0, quantity=gift.quantity, discount=0, line_total=0,
        location_id=location_id,
    )  # fmt: skip


def draft_line(pl: rules.PricedLine, snap: Any, location_id: str | None) -> DraftLine:
    return DraftLine(
        variant_id=pl.variant_id,
        product_id=snap.product_id,
        sku=snap.sku,
        name=dict(snap.name),
        title=snap.title,
        options=list(snap.options),
        image=snap.image,
        unit_price=pl.unit_price,
        quantity=pl.quantity,
        discount=pl.discount,
        line_total=pl.total,
        location_id=location_id,
    )
