"""A member's loyalty on their console page: level and growth, points and balance with their ledgers, and the
forms staff adjust them with (points with a reason; an amount in yuan with a reason, converted exactly to fen).

The customer page (``customers``) shows this next to the customer; the services keep every rule (never below
zero, audited, one entry per adjustment), so these functions only read the forms and fetch what is shown.
"""

from __future__ import annotations

from fastapi import Request

from shoal.core.context import RequestContext
from shoal.loyalty import service_levels, service_membership, service_points
from shoal.loyalty.schemas import PointsAdjust
from shoal.loyalty.wallet import service as wallet
from shoal.loyalty.wallet.schemas import BalanceAdjust
from shoal.web.console.member_forms import amounts_in_fen, attempt, not_zero, ticked

POINTS_FIELDS = {"points", "reason"}
BALANCE_FIELDS = {"amount", "reason", "principal"}


async def loyalty_of(ctx: RequestContext, customer_id: str) -> dict[str, object]:
    """What the member page shows of their loyalty account (an account not used yet shows zeros)."""
    return {
        "membership": await service_membership.membership_of(ctx.uow(), customer_id=customer_id),
        "points": await service_points.points_statement(ctx.uow(), customer_id=customer_id),
        "balance": await wallet.balance_statement(ctx.uow(), customer_id=customer_id),
        "level_names": {level.code: level.name for level in await service_levels.list_levels(ctx.uow())},
    }


async def loyalty_columns(ctx: RequestContext, customer_ids: list[str]) -> dict[str, object]:
    """The member list's loyalty columns: each listed member's level name, points and balance."""
    members = await service_levels.members_of(ctx.uow(), customer_ids=customer_ids)
    names = {level.code: level.name for level in await service_levels.list_levels(ctx.uow())}
    return {
        "levels": {cid: names.get(m.level_code or "", "") for cid, m in members.items()},
        "points": {cid: m.points for cid, m in members.items()},
        "balances": await wallet.balances_of(ctx.uow(), customer_ids=customer_ids),
    }


async def adjust_points(
    request: Request, ctx: RequestContext, customer_id: str, values: dict[str, str]
) -> dict[str, str]:
    """Grant (positive) or take (negative) points with a reason; the form's errors, empty when done."""

    async def adjust() -> None:
        data = PointsAdjust.model_validate({"points": values.get("points", ""), "reason": values.get("reason", "")})
        not_zero(request, data.points, "points")
        await service_points.adjust_points(ctx.uow(), customer_id=customer_id, data=data)

    return await attempt(request, POINTS_FIELDS, adjust)


async def adjust_balance(
    request: Request, ctx: RequestContext, customer_id: str, values: dict[str, str]
) -> dict[str, str]:
    """Add (positive, as bonus unless paid in at the till) or take (negative) an amount typed in yuan."""

    async def adjust() -> None:
        amount = amounts_in_fen(request, values, ["amount"], ctx.tenant.currency, signed=True)
        data = BalanceAdjust.model_validate(amount | {"reason": values.get("reason", "")} | ticked(values, "principal"))
        not_zero(request, data.amount, "amount")
        await wallet.adjust_balance(ctx.uow(), customer_id=customer_id, data=data)

    return await attempt(request, BALANCE_FIELDS, adjust)
