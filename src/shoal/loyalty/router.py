"""Loyalty routes: staff define levels and terms and adjust a member's points; shoppers read their
membership and points and check in."""

from __future__ import annotations

from fastapi import APIRouter

from shoal.core.openapi import problem
from shoal.customers.deps import ShopperContext
from shoal.identity.deps import StaffContext
from shoal.loyalty import checkout_points as _checkout_points  # noqa: F401  (registers the points pricing step)
from shoal.loyalty import (
    service_checkin,
    service_levels,
    service_member_prices,
    service_membership,
    service_merge,
    service_points,
    service_terms,
)
from shoal.loyalty.router_mall import router as mall_router
from shoal.loyalty.router_membership_cards import router as cards_router
from shoal.loyalty.schemas import (
    CheckInRead,
    CustomerMerge,
    LevelCreate,
    LevelRead,
    LevelUpdate,
    MemberPrice,
    MemberPrices,
    Membership,
    MergeRead,
    PointsAdjust,
    PointsStatement,
    TermsIn,
    TermsRead,
)

router = APIRouter(tags=["loyalty"])
router.include_router(mall_router)
router.include_router(cards_router)
LEVELS = "/api/v1/admin/member-levels"
CUSTOMER = "/api/v1/admin/customers/{customer_id}"
ME = "/api/v1/store/me"


@router.get(LEVELS, response_model=list[LevelRead], summary="Member levels, lowest threshold first")
async def list_levels(ctx: StaffContext) -> list[LevelRead]:
    return await service_levels.list_levels(ctx.uow())


@router.post(LEVELS, response_model=LevelRead, status_code=201, summary="Add a member level",
             responses={409: problem("member_level_taken")})  # fmt: skip
async def create_level(body: LevelCreate, ctx: StaffContext) -> LevelRead:
    return await service_levels.create_level(ctx.uow(), data=body)


@router.patch(LEVELS + "/{level_id}", response_model=LevelRead, summary="Change a level's threshold or benefits",
              responses={409: problem("member_level_taken")})  # fmt: skip
async def update_level(level_id: str, body: LevelUpdate, ctx: StaffContext) -> LevelRead:
    return await service_levels.update_level(ctx.uow(), level_id=level_id, data=body)


@router.get(LEVELS + "/{level_id}/prices", response_model=list[MemberPrice], summary="A level's member prices")
async def member_prices(level_id: str, ctx: StaffContext) -> list[MemberPrice]:
    return await service_member_prices.member_prices(ctx.uow(), level_id=level_id)


@router.put(LEVELS + "/{level_id}/prices", response_model=list[MemberPrice],
            summary="Replace a level's member prices (会员价), a promotion for its members; [] ends them")  # fmt: skip
async def set_member_prices(level_id: str, body: MemberPrices, ctx: StaffContext) -> list[MemberPrice]:
    return await service_member_prices.set_member_prices(ctx.uow(), level_id=level_id, data=body)


@router.get("/api/v1/admin/loyalty/terms", response_model=TermsRead, summary="Earning rates, check-in and expiry")
async def get_terms(ctx: StaffContext) -> TermsRead:
    return await service_terms.get_terms(ctx.uow())


@router.put("/api/v1/admin/loyalty/terms", response_model=TermsRead, summary="Replace the loyalty terms")
async def put_terms(body: TermsIn, ctx: StaffContext) -> TermsRead:
    return await service_terms.put_terms(ctx.uow(), data=body)


@router.post("/api/v1/admin/customers/merge", response_model=MergeRead, summary="Merge two customers into one",
             responses={409: problem("invalid_state")})  # fmt: skip
async def merge(body: CustomerMerge, ctx: StaffContext) -> MergeRead:
    return await service_merge.merge_customers(ctx.uow(), data=body)


@router.get(CUSTOMER + "/points", response_model=PointsStatement, summary="A member's points and ledger")
async def customer_points(customer_id: str, ctx: StaffContext) -> PointsStatement:
    return await service_points.points_statement(ctx.uow(), customer_id=customer_id)


@router.post(CUSTOMER + "/points", response_model=PointsStatement, status_code=201,
             summary="Grant or take points, with a reason (audited)",
             responses={409: problem("insufficient_points")})  # fmt: skip
async def adjust_points(customer_id: str, body: PointsAdjust, ctx: StaffContext) -> PointsStatement:
    return await service_points.adjust_points(ctx.uow(), customer_id=customer_id, data=body)


@router.get(CUSTOMER + "/membership", response_model=Membership, summary="A member's level, growth and points")
async def customer_membership(customer_id: str, ctx: StaffContext) -> Membership:
    return await service_membership.membership_of(ctx.uow(), customer_id=customer_id)


@router.get(ME + "/membership", response_model=Membership, summary="My level, growth, benefits, points, balance")
async def my_membership(ctx: ShopperContext) -> Membership:
    return await service_membership.my_membership(ctx.uow())


@router.get(ME + "/points", response_model=PointsStatement, summary="My points and their ledger")
async def my_points(ctx: ShopperContext) -> PointsStatement:
    return await service_points.points_statement(ctx.uow(), customer_id=ctx.actor.id or "")


@router.post(ME + "/check-ins", response_model=CheckInRead, status_code=201, summary="Check in today (签到)",
             responses={409: problem("already_checked_in")})  # fmt: skip
async def check_in(ctx: ShopperContext) -> CheckInRead:
    return await service_checkin.check_in(ctx.uow())
