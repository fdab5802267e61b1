"""Carts: create, add/change/remove lines, read priced through the pipeline, merge on sign-in.

An anonymous cart is addressed by its unguessable id; a shopper's cart answers only to that shopper
(anyone else gets 404). A signed-in shopper's cart is found by who they are (``my_cart``), so it follows them
from phone to computer; the newest active one is theirs. A ``buy_now`` cart (立即购买) holds one product
checked out alone and is never taken for the shopper's cart. Line quantities change with single upserts,
never read-then-write.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Integer, bindparam, case, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from shoal.catalog.schemas import VariantSnapshot
from shoal.catalog.service_variants import variants_for_pricing
from shoal.checkout import extras
from shoal.checkout.errors import (
    CartClosed,
    CartLineLimit,
    ProductUnavailable,
    UnknownChannel,
    cart_line_not_found,
    cart_not_found,
)
from shoal.checkout.marketing import price_with_marketing
from shoal.checkout.models import Cart, CartLine
from shoal.checkout.rules import PricedLine, PricingState
from shoal.checkout.schemas import (
    MAX_QUANTITY,
    Allocation,
    CartLineAdd,
    CartLineRead,
    CartLineUpdate,
    CartPricing,
    CartRead,
    LinePricing,
    RuleOutcome,
    SearchReport,
)
from shoal.core.actors import Actor
from shoal.core.errors import NotFound
from shoal.core.i18n import pick
from shoal.core.ids import new_id
from shoal.core.shop_revision import remember_shop_revision, shop_revision_of
from shoal.core.tenancy import Tenant, tenant_by_id
from shoal.core.uow import Database, UnitOfWork
from shoal.customers.hooks import on_sign_in
from shoal.customers.service import customer_group_of, shopper_id
from shoal.marketing import engine
from shoal.marketing.engine import reasons

ACTIVE = "active"
ONLINE = "online"
CART = "cart"
BUY_NOW = "buy_now"


async def create_cart(
    uow: UnitOfWork, *, tenant: Tenant, locale: str, channel: str = ONLINE, purpose: str = CART
) -> CartRead:
    """A new cart, priced on ``channel`` for as long as it lives. Shoppers buy ``online``; a cart for a store's
    till or a dealer is started by staff (or a domain acting for them), so a shopper cannot claim a store price."""
    async with uow:
        if channel not in engine.CHANNELS:
            raise UnknownChannel(channel=channel, channels=", ".join(engine.CHANNELS))
        if channel != ONLINE:
            uow.actor.require("orders.manage")
        now = uow.clock.now()
        owner = uow.actor.id if uow.actor.kind == "shopper" else None
        cart = Cart(
            tenant_id=uow.tenant_id, customer_id=owner, status=ACTIVE, channel=channel, purpose=purpose,
            created_at=now, updated_at=now,
        )  # fmt: skip
        uow.s.add(cart)
        await uow.commit()
        return _empty(cart, tenant)


async def my_cart_id(uow: UnitOfWork) -> str | None:
    """The signed-in shopper's cart, whichever device filled it: their newest active cart (not a buy-now one)."""
    async with uow:
        return await _customer_cart_id(uow, shopper_id(uow))


async def my_cart(uow: UnitOfWork, *, tenant: Tenant, locale: str) -> CartRead:
    """The signed-in shopper's cart, priced now; 404 ``cart_not_found`` when they have none yet."""
    async with uow:
        cart_id = await _customer_cart_id(uow, shopper_id(uow))
        if cart_id is None:
            raise cart_not_found("mine")
        return await get_cart(uow, tenant=tenant, locale=locale, cart_id=cart_id)


async def _customer_cart_id(uow: UnitOfWork, customer_id: str) -> str | None:
    return (
        await uow.s.execute(
            select(Cart.id)
            .where(
                Cart.tenant_id == uow.tenant_id, Cart.customer_id == customer_id, Cart.status == ACTIVE,
                Cart.purpose == CART,
            )
            .order_by(Cart.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()  # fmt: skip


async def get_cart(uow: UnitOfWork, *, tenant: Tenant, locale: str, cart_id: str) -> CartRead:
    async with uow:
        cart = await load_cart(uow, cart_id)
        return await _priced(uow, tenant, locale, cart, await cart_lines(uow, cart.id))


async def add_line(uow: UnitOfWork, *, tenant: Tenant, locale: str, cart_id: str, data: CartLineAdd) -> CartRead:
    """Add a variant, or raise its quantity if it is already in the cart (capped at ``MAX_QUANTITY``)."""
    async with uow:
        cart, held = await _open_cart_with_lines(uow, cart_id)
        # One read of the catalog serves both the check of the new variant and the pricing of the whole cart,
        # which is priced before the commit: one transaction for the request.
        snapshots = await shopper_snapshots(uow, [line.variant_id for line in held] + [data.variant_id], cart.channel)
        snapshot = snapshots.get(data.variant_id)
        if snapshot is None:
            raise NotFound("variant", variant_id=data.variant_id)
        if snapshot.product_status != "active":
            raise ProductUnavailable(variant_id=data.variant_id, sku=snapshot.sku)
        added = await _upsert_line(uow, cart.id, data.variant_id, data.quantity)
        # The cart's lines are the ones read plus what the upsert returned: no second read of them.
        lines = sorted([line for line in held if line.variant_id != added.variant_id] + [added], key=_by_id)
        priced = await _priced(uow, tenant, locale, cart, lines, snapshots)
        await uow.commit()
        return priced


async def update_line(
    uow: UnitOfWork, *, tenant: Tenant, locale: str, cart_id: str, line_id: str, data: CartLineUpdate
) -> CartRead:
    async with uow:
        cart = await _open_cart(uow, cart_id)
        changed = await uow.s.execute(
            update(CartLine)
            .where(CartLine.tenant_id == uow.tenant_id, CartLine.cart_id == cart.id, CartLine.id == line_id)
            .values(quantity=data.quantity)
            .execution_options(synchronize_session=False)
        )
        if changed.rowcount != 1:
            raise cart_line_not_found(line_id)
        return await _commit_priced(uow, tenant, locale, cart)


async def remove_line(uow: UnitOfWork, *, tenant: Tenant, locale: str, cart_id: str, line_id: str) -> CartRead:
    async with uow:
        cart = await _open_cart(uow, cart_id)
        removed = await uow.s.execute(
            delete(CartLine)
            .where(CartLine.tenant_id == uow.tenant_id, CartLine.cart_id == cart.id, CartLine.id == line_id)
            .execution_options(synchronize_session=False)
        )
        if removed.rowcount != 1:
            raise cart_line_not_found(line_id)
        return await _commit_priced(uow, tenant, locale, cart)


async def merge_cart(uow: UnitOfWork, *, tenant: Tenant, locale: str, cart_id: str) -> CartRead:
    """The signed-in shopper takes over an anonymous cart: its lines join their own active cart (or,
    if they have none, the cart itself becomes theirs). The anonymous cart is then ``merged``."""
    async with uow:
        customer_id = shopper_id(uow)
        source = await _open_cart(uow, cart_id)
        if source.customer_id == customer_id:
            return await _priced(uow, tenant, locale, source, await cart_lines(uow, source.id))
        target_id = await _customer_cart_id(uow, customer_id)
        target = await load_cart(uow, target_id) if target_id else None
        if target is None:
            await claim_cart(uow, source.id, ACTIVE, customer_id=customer_id)
            await uow.commit()
            return await get_cart(uow, tenant=tenant, locale=locale, cart_id=source.id)
        await claim_cart(uow, source.id, "merged")
        for line in await cart_lines(uow, source.id):
            await _upsert_line(uow, target.id, line.variant_id, line.quantity, cap=True)
        return await _commit_priced(uow, tenant, locale, target)


async def load_cart(uow: UnitOfWork, cart_id: str) -> Cart:
    """The tenant's cart, if the caller may see it: anonymous carts by id, a shopper's only by them."""
    cart = (
        await uow.s.execute(
            select(Cart)
            .where(Cart.tenant_id == uow.tenant_id, Cart.id == cart_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    return _visible(uow, cart, cart_id)


def _visible(uow: UnitOfWork, cart: Cart | None, cart_id: str) -> Cart:
    if cart is None:
        raise cart_not_found(cart_id)
    if cart.customer_id is not None and not (uow.actor.kind == "shopper" and uow.actor.id == cart.customer_id):
        raise cart_not_found(cart_id)
    return cart


# Adding a line, and checking out, read these: built once, bound per call.
_OPEN_CART_WITH_LINES = (
    select(Cart, CartLine, shop_revision_of(Cart.tenant_id))
    .outerjoin(CartLine, (CartLine.tenant_id == Cart.tenant_id) & (CartLine.cart_id == Cart.id))
    .where(Cart.tenant_id == bindparam("tenant"), Cart.id == bindparam("cart"))
    .order_by(CartLine.id)
    .execution_options(populate_existing=True)
)
_CART_LINES = (
    select(CartLine, shop_revision_of(CartLine.tenant_id))
    .where(CartLine.tenant_id == bindparam("tenant"), CartLine.cart_id == bindparam("cart"))
    .order_by(CartLine.id)
    .execution_options(populate_existing=True)
)
_CLAIM_FOR_ORDER = (
    update(Cart)
    .where(
        Cart.tenant_id == bindparam("tenant"),
        Cart.id == bindparam("cart"),
        Cart.status == ACTIVE,
        or_(Cart.customer_id.is_(None), Cart.customer_id == bindparam("customer")),
    )
    .values(
        status="checked_out",
        customer_id=bindparam("customer"),
        order_id=bindparam("order"),
        updated_at=bindparam("at"),
    )
    .returning(Cart)
    .execution_options(synchronize_session=False, populate_existing=True)
)


async def _open_cart_with_lines(uow: UnitOfWork, cart_id: str) -> tuple[Cart, list[CartLine]]:
    """An open cart the caller may see and its lines, in one statement that brings the shop revision too."""
    rows = (await uow.s.execute(_OPEN_CART_WITH_LINES, {"tenant": uow.tenant_id, "cart": cart_id})).all()
    cart = _still_open(_visible(uow, rows[0][0] if rows else None, cart_id))
    remember_shop_revision(uow, rows[0].shop_revision)  # for the pricing that follows
    return cart, [line for _, line, _ in rows if line is not None]


def _by_id(line: CartLine) -> str:
    return line.id


async def cart_lines(uow: UnitOfWork, cart_id: str) -> list[CartLine]:
    """The cart's lines; the read brings the shop revision along for the pricing that follows (a cart without
    lines is not priced)."""
    rows = (await uow.s.execute(_CART_LINES, {"tenant": uow.tenant_id, "cart": cart_id})).all()
    if rows:
        remember_shop_revision(uow, rows[0].shop_revision)
    return [line for line, _ in rows]


async def shopper_snapshots(
    uow: UnitOfWork, variant_ids: list[str], channel: str = ONLINE
) -> dict[str, VariantSnapshot]:
    """Catalog snapshots priced for the cart's channel and this shopper's customer group, through the catalog's
    revision-keyed cache (carts and checkout never write the catalog)."""
    group = await customer_group_of(uow, customer_id=uow.actor.id) if uow.actor.kind == "shopper" else None
    return await variants_for_pricing(uow, variant_ids=variant_ids, channel=channel, customer_group=group, cached=True)


def initial_state(tenant: Tenant, lines: list[CartLine], snapshots: dict[str, VariantSnapshot]) -> PricingState:
    """The pipeline's input: every line still for sale, at its catalog price."""
    priced = tuple(
        PricedLine(
            key=line.id,
            variant_id=line.variant_id,
            quantity=line.quantity,
            unit_price=snapshots[line.variant_id].unit_price,
            weight_grams=snapshots[line.variant_id].weight_grams,
        )
        for line in lines
        if _for_sale(snapshots.get(line.variant_id))
    )
    return PricingState(currency=tenant.currency, lines=priced)


async def _priced(
    uow: UnitOfWork, tenant: Tenant, locale: str, cart: Cart, lines: list[CartLine],
    snapshots: dict[str, VariantSnapshot] | None = None,
) -> CartRead:  # fmt: skip
    """The cart priced now (``snapshots``: the catalog's, when the caller has read them already)."""
    if not lines:
        return _empty(cart, tenant)
    if snapshots is None:
        snapshots = await shopper_snapshots(uow, [line.variant_id for line in lines], cart.channel)
    state, _ = await price_with_marketing(
        uow, state=initial_state(tenant, lines, snapshots), snapshots=snapshots, customer_id=cart.customer_id,
        channel=cart.channel,
    )  # fmt: skip
    by_key = {pl.key: pl for pl in state.lines}
    reads = []
    for line in lines:
        snap, pl = snapshots.get(line.variant_id), by_key.get(line.id)
        reads.append(
            CartLineRead(
                id=line.id,
                variant_id=line.variant_id,
                sku=snap.sku if snap else "",
                name=pick(snap.name, locale) if snap else "",
                title=snap.title if snap else "",
                image=snap.image if snap else None,
                available=pl is not None,
                quantity=line.quantity,
                unit_price=pl.unit_price if pl else 0,
                line_total=pl.total if pl else 0,
                discount=pl.discount if pl else 0,
            )
        )
    return CartRead(
        id=cart.id,
        customer_id=cart.customer_id,
        status=cart.status,
        channel=cart.channel,
        purpose=cart.purpose,
        currency=state.currency,
        subtotal=state.subtotal,
        discount=state.discount,
        shipping=state.shipping,
        total=state.total,
        lines=reads,
    )


async def _commit_priced(
    uow: UnitOfWork, tenant: Tenant, locale: str, cart: Cart, snapshots: dict[str, VariantSnapshot] | None = None
) -> CartRead:
    """Price the changed cart, then commit: the answer and the change are one transaction."""
    priced = await _priced(uow, tenant, locale, cart, await cart_lines(uow, cart.id), snapshots)
    await uow.commit()
    return priced


def _empty(cart: Cart, tenant: Tenant) -> CartRead:
    """An empty cart costs nothing: no catalog, customer or promotion is read to say so."""
    return CartRead(
        id=cart.id, customer_id=cart.customer_id, status=cart.status, channel=cart.channel, purpose=cart.purpose,
        currency=tenant.currency, subtotal=0, discount=0, shipping=0, total=0, lines=[],
    )  # fmt: skip


def _for_sale(snapshot: VariantSnapshot | None) -> bool:
    return snapshot is not None and snapshot.product_status == "active"


async def _open_cart(uow: UnitOfWork, cart_id: str) -> Cart:
    return _still_open(await load_cart(uow, cart_id))


def _still_open(cart: Cart) -> Cart:
    if cart.status != ACTIVE:
        raise CartClosed(status=cart.status)
    return cart


async def claim_cart(uow: UnitOfWork, cart_id: str, status: str, **values: str | None) -> None:
    """Guarded ``active -> status`` move of a cart; a cart already taken elsewhere is refused."""
    moved = await uow.s.execute(
        update(Cart)
        .where(Cart.tenant_id == uow.tenant_id, Cart.id == cart_id, Cart.status == ACTIVE)
        .values(status=status, updated_at=uow.clock.now(), **values)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise CartClosed(status="closed")


async def claim_cart_for_order(uow: UnitOfWork, cart_id: str, customer_id: str, order_id: str) -> Cart:
    """Guarded ``active -> checked_out`` move of the shopper's cart (or an anonymous one, which becomes theirs),
    naming the order it will become, in one ``UPDATE ... RETURNING``: of two checkouts of one cart the second
    waits here, then is refused. The order is placed later in the same transaction, so a checkout that fails
    rolls the claim back with it. A cart that does not move is read to say why (not found, or closed)."""
    params = {"tenant": uow.tenant_id, "cart": cart_id, "customer": customer_id, "order": order_id}
    claimed = (await uow.s.execute(_CLAIM_FOR_ORDER, {**params, "at": uow.clock.now()})).scalar_one_or_none()
    if claimed is None:
        await load_cart(uow, cart_id)  # not found, or another shopper's
        raise CartClosed(status="closed")
    return claimed


async def _upsert_line(uow: UnitOfWork, cart_id: str, variant_id: str, quantity: int, *, cap: bool = False) -> CartLine:
    """One statement: insert the line or add to its quantity. Beyond ``MAX_QUANTITY`` it is refused,
    or with ``cap`` (merging) held at the maximum. Answers the line as stored (not attached to the session)."""
    params = {
        "line_id": new_id(), "tenant": uow.tenant_id, "cart": cart_id, "variant": variant_id,
        "wanted": min(quantity, MAX_QUANTITY), "at": uow.clock.now(),
    }  # fmt: skip
    stored = (await uow.run(_upsert_statement(uow.db.dialect, cap), params)).first()
    if stored is None:
        raise CartLineLimit(max_quantity=MAX_QUANTITY)
    return CartLine(
        id=stored.id, tenant_id=uow.tenant_id, cart_id=cart_id, variant_id=variant_id, quantity=stored.quantity,
        created_at=stored.created_at,
    )  # fmt: skip


@functools.cache
def _upsert_statement(dialect: str, cap: bool) -> Any:
    """The line upsert, built once per dialect and mode (every added line runs it) and bound per call."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(CartLine).values(
        id=bindparam("line_id"), tenant_id=bindparam("tenant"), cart_id=bindparam("cart"),
        variant_id=bindparam("variant"), quantity=bindparam("wanted", type_=Integer), created_at=bindparam("at"),
    )  # fmt: skip
    added = CartLine.quantity + statement.excluded.quantity
    if cap:
        statement = statement.on_conflict_do_update(
            index_elements=["tenant_id", "cart_id", "variant_id"],
            set_={"quantity": case((added > MAX_QUANTITY, MAX_QUANTITY), else_=added)},
        )
    else:
        statement = statement.on_conflict_do_update(
            index_elements=["tenant_id", "cart_id", "variant_id"], set_={"quantity": added}, where=added <= MAX_QUANTITY
        )
    return statement.returning(CartLine.id, CartLine.quantity, CartLine.created_at)


@on_sign_in
async def merge_on_sign_in(db: Database, tenant_id: str, customer_id: str, cart_id: str) -> None:
    """A shopper who signs in with the anonymous cart they filled finds it in their account."""
    async with db.session() as session:
        tenant = await tenant_by_id(session, tenant_id)
    if tenant is not None:
        shopper = db.uow(tenant_id=tenant_id, actor=Actor(kind="shopper", id=customer_id))
        await merge_cart(shopper, tenant=tenant, locale=tenant.default_locale, cart_id=cart_id)


async def cart_pricing(
    uow: UnitOfWork, *, tenant: Tenant, locale: str, cart_id: str, coupon_ids: list[str] | None = None,
    points: int = 0,
) -> CartPricing:  # fmt: skip
    """The cart's totals with every promotion and coupon considered, applied or not, and why.

    ``coupon_ids`` as checkout reads it: ``None`` the best combination of the coupons held, ``[]`` none,
    a list only those; so the price shown for a choice is the price checkout charges for it.
    """
    async with uow:
        cart = await load_cart(uow, cart_id)
        lines = await cart_lines(uow, cart.id)
        snapshots = await shopper_snapshots(uow, [line.variant_id for line in lines], cart.channel)
        state, result = await price_with_marketing(
            uow,
            state=initial_state(tenant, lines, snapshots),
            snapshots=snapshots,
            customer_id=cart.customer_id,
            channel=cart.channel,
            coupon_ids=coupon_ids,
            extras=await extras.steps_for(uow, customer_id=cart.customer_id, choices={"points": points}),
        )
    return CartPricing(
        cart_id=cart.id, currency=state.currency, subtotal=state.subtotal, discount=state.discount,
        shipping=state.shipping, total=state.total,
        lines=[LinePricing(line_id=line.key, subtotal=line.subtotal, discount=line.discount, total=line.total)
               for line in state.lines],
        rules=[
            RuleOutcome(rule_id=e.rule_id, coupon_id=e.coupon_id, source=e.source, stage=str(e.stage),
                        applied=e.applied, reason=e.reason, message=pick(e.message, locale), messages=e.message,
                        discount=e.discount)
            for e in (result.explanation if result else ())
        ],
        allocations=[
            Allocation(source=a.source, amount=a.amount, line_id=a.line_key) for a in state.applied
        ],
        search=_search(result, locale),
    )  # fmt: skip


def _search(result: engine.PricingResult | None, locale: str) -> SearchReport:
    """How the offers were combined; a search cut short says so in the shopper's language."""
    if result is None:
        return SearchReport(combinations_evaluated=0, capped=False, message=None)
    message = pick(reasons.render(reasons.SEARCH_CAPPED, {}), locale) if result.search_capped else None
    return SearchReport(combinations_evaluated=result.combinations_evaluated, capped=result.search_capped,
                        message=message)  # fmt: skip
