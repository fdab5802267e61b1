"""Checkout routes: carts and checkout (``/api/v1/store``), shipping templates (``/api/v1/admin``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, status
from fastapi.responses import JSONResponse

from shoal.checkout import service, service_checkout, service_shipping
from shoal.checkout.schemas import (
    CartCreate,
    CartLineAdd,
    CartLineUpdate,
    CartPricing,
    CartRead,
    CheckoutRequest,
    ShippingTemplateIn,
    ShippingTemplateRead,
)
from shoal.core.http import PROBLEM_JSON
from shoal.core.idempotency import fingerprint, run_once
from shoal.core.openapi import problem
from shoal.core.overload import checkout_slot
from shoal.core.uow import UnitOfWork
from shoal.customers.deps import OptionalShopperContext, ShopperContext
from shoal.identity.deps import StaffContext
from shoal.orders.schemas import OrderRead

router = APIRouter(tags=["checkout"])
CARTS = "/api/v1/store/carts"
TEMPLATES = "/api/v1/admin/shipping-templates"
IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", description="A new UUID per checkout attempt.")]


@router.post(CARTS, response_model=CartRead, status_code=201, summary="Start a cart (anonymous or mine)")
async def create_cart(ctx: OptionalShopperContext, body: CartCreate | None = None) -> CartRead:
    channel = body.channel if body is not None else "online"
    return await service.create_cart(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, channel=channel)


@router.get(CARTS + "/mine", response_model=CartRead, summary="My cart, on whichever device it was filled")
async def my_cart(ctx: ShopperContext) -> CartRead:
    """The signed-in shopper's cart (their newest active one), found by who they are rather than by a cart id a
    device remembers; 404 ``cart_not_found`` until they start one."""
    return await service.my_cart(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale)


@router.get(CARTS + "/{cart_id}", response_model=CartRead, summary="A cart, priced now")
async def get_cart(cart_id: str, ctx: OptionalShopperContext) -> CartRead:
    return await service.get_cart(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, cart_id=cart_id)


@router.get(
    CARTS + "/{cart_id}/pricing",
    response_model=CartPricing,
    tags=["marketing"],
    summary="The cart's price, explained: every promotion and coupon considered, applied or not, and why",
)
async def cart_pricing(
    cart_id: str,
    ctx: OptionalShopperContext,
    coupon_ids: Annotated[
        str | None,
        Query(
            max_length=400,
            description="Comma-separated coupon ids to price with; empty: no coupon; omitted: the best of those held.",
        ),
    ] = None,
    points: Annotated[int, Query(ge=0, le=100_000_000, description="Points to pay with, as at checkout.")] = 0,
) -> CartPricing:
    chosen = None if coupon_ids is None else [c.strip() for c in coupon_ids.split(",") if c.strip()]
    return await service.cart_pricing(
        ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, cart_id=cart_id, coupon_ids=chosen, points=points
    )


@router.post(CARTS + "/{cart_id}/lines", response_model=CartRead, summary="Add a variant (or add to it)")
async def add_line(cart_id: str, body: CartLineAdd, ctx: OptionalShopperContext) -> CartRead:
    return await service.add_line(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, cart_id=cart_id, data=body)


@router.patch(CARTS + "/{cart_id}/lines/{line_id}", response_model=CartRead, summary="Change a quantity")
async def update_line(cart_id: str, line_id: str, body: CartLineUpdate, ctx: OptionalShopperContext) -> CartRead:
    return await service.update_line(
        ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, cart_id=cart_id, line_id=line_id, data=body
    )


@router.delete(CARTS + "/{cart_id}/lines/{line_id}", response_model=CartRead, summary="Remove a line")
async def remove_line(cart_id: str, line_id: str, ctx: OptionalShopperContext) -> CartRead:
    return await service.remove_line(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, cart_id=cart_id, line_id=line_id)


@router.post(CARTS + "/{cart_id}/merge", response_model=CartRead, summary="Take an anonymous cart into mine")
async def merge_cart(cart_id: str, ctx: ShopperContext) -> CartRead:
    return await service.merge_cart(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, cart_id=cart_id)


@router.post(
    "/api/v1/store/checkout",
    response_model=OrderRead,
    status_code=201,
    summary="Place an order from a cart (idempotent)",
    responses={409: problem("price_changed, out_of_stock, cart_closed or idempotency_in_progress")},
    dependencies=[Depends(checkout_slot)],
)
async def checkout(body: CheckoutRequest, ctx: ShopperContext, request: Request, key: IdempotencyKey) -> JSONResponse:
    minutes = request.app.state.settings.unpaid_order_minutes

    async def place(uow: UnitOfWork) -> tuple[int, dict[str, object]]:
        order = await service_checkout.checkout(uow, tenant=ctx.tenant, data=body, unpaid_minutes=minutes)
        return 201, order.model_dump(mode="json")

    outcome = await run_once(
        ctx.uow(),
        scope=f"checkout:{ctx.actor.id}",
        key=key,
        request_fingerprint=fingerprint(body.model_dump(mode="json")),
        locale=ctx.locale,
        handler=place,
    )
    media = PROBLEM_JSON if outcome.status >= 400 else "application/json"
    return JSONResponse(outcome.body, status_code=outcome.status, media_type=media)


@router.get(TEMPLATES, response_model=list[ShippingTemplateRead], summary="Shipping templates")
async def list_templates(ctx: StaffContext) -> list[ShippingTemplateRead]:
    return await service_shipping.list_templates(ctx.uow())


@router.post(TEMPLATES, response_model=ShippingTemplateRead, status_code=201, summary="Create a shipping template")
async def create_template(body: ShippingTemplateIn, ctx: StaffContext) -> ShippingTemplateRead:
    return await service_shipping.create_template(ctx.uow(), data=body)


@router.get(TEMPLATES + "/{template_id}", response_model=ShippingTemplateRead, summary="A shipping template")
async def get_template(template_id: str, ctx: StaffContext) -> ShippingTemplateRead:
    return await service_shipping.get_template(ctx.uow(), template_id=template_id)


@router.put(TEMPLATES + "/{template_id}", response_model=ShippingTemplateRead, summary="Replace a shipping template")
async def replace_template(template_id: str, body: ShippingTemplateIn, ctx: StaffContext) -> ShippingTemplateRead:
    return await service_shipping.replace_template(ctx.uow(), template_id=template_id, data=body)


@router.delete(TEMPLATES + "/{template_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a template")
async def delete_template(template_id: str, ctx: StaffContext) -> None:
    await service_shipping.delete_template(ctx.uow(), template_id=template_id)
