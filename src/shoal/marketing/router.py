"""Promotions and coupons over HTTP: operators manage and simulate; shoppers claim and hold coupons."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from shoal.core.openapi import CSV_RESPONSE
from shoal.customers.deps import OptionalShopperContext, ShopperContext
from shoal.identity.deps import StaffContext
from shoal.marketing import service_codes, service_issue, service_queries, service_redemptions, service_rules
from shoal.marketing.schemas import (
    CodesRequest,
    CouponTemplateCreate,
    CouponTemplateRead,
    IssueReport,
    IssueRequest,
    PromotionCreate,
    PromotionRead,
    RedeemRequest,
    RuleStats,
    ShopperCoupons,
    Simulation,
    SimulationRequest,
)
from shoal.marketing.service_coupons import claim_coupon

router = APIRouter(tags=["marketing"])
PROMOTIONS, COUPONS = "/api/v1/admin/promotions", "/api/v1/admin/coupons"
Action = Literal["publish", "pause"]
StatusFilter = Annotated[str | None, Query(max_length=16)]


@router.post(PROMOTIONS, response_model=PromotionRead, status_code=201, summary="Create a promotion (draft)")
async def create_promotion(body: PromotionCreate, ctx: StaffContext) -> PromotionRead:
    return await service_rules.create_promotion(ctx.uow(), data=body)


@router.get(PROMOTIONS, response_model=list[PromotionRead], summary="Promotions, with budget used")
async def list_promotions(ctx: StaffContext, status: StatusFilter = None) -> list[PromotionRead]:
    return await service_queries.list_promotions(ctx.uow(), status=status)


@router.post(PROMOTIONS + "/simulate", response_model=Simulation, summary="Price a cart against draft rules")
async def simulate(body: SimulationRequest, ctx: StaffContext) -> Simulation:
    return await service_queries.simulate(ctx.uow(), data=body)


@router.get(PROMOTIONS + "/{promotion_id}", response_model=PromotionRead, summary="A promotion")
async def get_promotion(promotion_id: str, ctx: StaffContext) -> PromotionRead:
    return await service_queries.get_promotion(ctx.uow(), promotion_id=promotion_id)


@router.get(PROMOTIONS + "/{rule_id}/stats", response_model=RuleStats, summary="Orders, discount given, GMV driven")
@router.get(COUPONS + "/{rule_id}/stats", response_model=RuleStats, summary="Issued, used, discount given, GMV driven")
async def stats(rule_id: str, ctx: StaffContext) -> RuleStats:
    return await service_redemptions.rule_stats(ctx.uow(), rule_id=rule_id)


@router.post(PROMOTIONS + "/{promotion_id}/{action}", status_code=status.HTTP_204_NO_CONTENT,
             summary="Publish or pause a promotion")  # fmt: skip
async def promotion_action(promotion_id: str, action: Action, ctx: StaffContext) -> None:
    await service_rules.set_status(ctx.uow(), entity="promotion", entity_id=promotion_id, action=action)


@router.post(COUPONS, response_model=CouponTemplateRead, status_code=201, summary="Create a coupon template (draft)")
async def create_template(body: CouponTemplateCreate, ctx: StaffContext) -> CouponTemplateRead:
    return await service_rules.create_coupon_template(ctx.uow(), data=body)


@router.get(COUPONS, response_model=list[CouponTemplateRead], summary="Coupon templates with issued and used counts")
async def list_templates(ctx: StaffContext, status: StatusFilter = None) -> list[CouponTemplateRead]:
    return await service_queries.list_templates(ctx.uow(), status=status)


@router.post(COUPONS + "/{template_id}/issue", response_model=IssueReport, summary="Issue to customers")
async def issue(template_id: str, body: IssueRequest, ctx: StaffContext) -> IssueReport:
    return await service_issue.issue_coupons(
        ctx.uow, template_id=template_id, customer_ids=body.customer_ids, customer_group=body.customer_group
    )


@router.post(COUPONS + "/{template_id}/codes", summary="Mint unique codes, returned as CSV",
             response_class=Response, responses=CSV_RESPONSE)  # fmt: skip
async def codes(template_id: str, body: CodesRequest, ctx: StaffContext) -> Response:
    text = await service_codes.generate_codes(ctx.uow(), template_id=template_id, count=body.count)
    disposition = f'attachment; filename="coupon-codes-{template_id}.csv"'
    return Response(text, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition})


@router.post(COUPONS + "/{template_id}/{action}", status_code=status.HTTP_204_NO_CONTENT,
             summary="Publish or pause a coupon template")  # fmt: skip
async def template_action(template_id: str, action: Action, ctx: StaffContext) -> None:
    await service_rules.set_status(ctx.uow(), entity="coupon_template", entity_id=template_id, action=action)


@router.get("/api/v1/store/coupons", response_model=ShopperCoupons, summary="Claimable coupons, and mine")
async def store_coupons(
    ctx: OptionalShopperContext,
    variant_ids: Annotated[
        str | None,
        Query(
            max_length=1900,
            description="Comma-separated variant ids (a product page's): only coupons that cover one of them.",
        ),
    ] = None,
) -> ShopperCoupons:
    customer = ctx.actor.id if ctx.actor.kind == "shopper" else None
    coupons = await service_queries.shopper_coupons(ctx.uow(), customer_id=customer)
    if variant_ids is None:
        return coupons
    wanted = [v.strip() for v in variant_ids.split(",") if v.strip()][:100]
    covering = await service_queries.coupons_for_variants(ctx.uow(), variant_ids=wanted)
    return coupons.model_copy(update={"claimable": covering})


@router.post("/api/v1/store/coupons/redeem", status_code=201, summary="Redeem a coupon code (兑换码)")
async def redeem(body: RedeemRequest, ctx: ShopperContext) -> dict[str, str]:
    coupon_id = await service_codes.redeem_code(ctx.uow(), code=body.code, customer_id=ctx.actor.id or "")
    return {"id": coupon_id}


@router.post("/api/v1/store/coupons/{template_id}/claim", status_code=201, summary="Claim a coupon (领券)")
async def claim(template_id: str, ctx: ShopperContext) -> dict[str, str]:
    coupon_id = await claim_coupon(ctx.uow(), template_id=template_id, customer_id=ctx.actor.id or "")
    return {"id": coupon_id, "template_id": template_id}
