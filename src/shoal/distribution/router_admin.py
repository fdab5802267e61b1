"""Distribution for staff (``marketing.manage``): promoters, applications, levels, commission rules, terms,
withdrawals to review and the programme's report. Paths as pinned by the issue; the rest under
``/api/v1/admin/distribution``."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from shoal.core.openapi import problem
from shoal.distribution import service, service_promoters, service_rebinding, service_reports, service_withdrawals
from shoal.distribution.deps import PayoutsDep
from shoal.distribution.schemas import (
    ApplicationRead,
    AppointIn,
    BindingHistory,
    DistributionReport,
    LevelIn,
    LevelRead,
    PromoterRead,
    PromoterUpdate,
    RebindIn,
    RejectIn,
    RuleIn,
    RuleRead,
    TermsIO,
    TermsRead,
    WithdrawalRead,
)
from shoal.identity.deps import StaffContext

router = APIRouter(tags=["distribution"])
ADMIN = "/api/v1/admin"
STATE = {409: problem("invalid_state")}


@router.get(ADMIN + "/promoters", response_model=list[PromoterRead], summary="Promoters, newest first")
async def promoters(
    ctx: StaffContext, status: Annotated[Literal["active", "suspended"] | None, Query()] = None
) -> list[PromoterRead]:
    return await service_promoters.list_promoters(ctx.uow(), status=status)


@router.post(ADMIN + "/promoters", response_model=PromoterRead, status_code=201,
             summary="Appoint a shopper as promoter (e.g. a store clerk)",
             responses={409: problem("already_promoter")})  # fmt: skip
async def appoint(body: AppointIn, ctx: StaffContext) -> PromoterRead:
    return await service_promoters.appoint(ctx.uow(), data=body)


@router.get(ADMIN + "/promoters/{promoter_id}", response_model=PromoterRead, summary="A promoter and its balances")
async def promoter(promoter_id: str, ctx: StaffContext) -> PromoterRead:
    return await service_promoters.get_promoter(ctx.uow(), promoter_id=promoter_id)


@router.patch(ADMIN + "/promoters/{promoter_id}", response_model=PromoterRead,
              summary="Set a promoter's level or store; suspend or reinstate")  # fmt: skip
async def update_promoter(promoter_id: str, body: PromoterUpdate, ctx: StaffContext) -> PromoterRead:
    return await service_promoters.update_promoter(ctx.uow(), promoter_id=promoter_id, patch=body)


@router.get(ADMIN + "/distribution/bindings/{customer_id}", response_model=BindingHistory,
            summary="A shopper's promoter and binding history (who, when, how, protected until)")  # fmt: skip
async def binding_history(customer_id: str, ctx: StaffContext) -> BindingHistory:
    return await service_rebinding.binding_history(ctx.uow(), customer_id=customer_id)


@router.post(ADMIN + "/distribution/bindings/{customer_id}/rebind", response_model=BindingHistory,
             summary="Rebind a shopper by hand, with a reason (even within the protection period; audited)",
             responses=STATE)  # fmt: skip
async def rebind(customer_id: str, body: RebindIn, ctx: StaffContext) -> BindingHistory:
    return await service_rebinding.rebind(ctx.uow(), customer_id=customer_id, data=body)


@router.get(ADMIN + "/promoter-applications", response_model=list[ApplicationRead], summary="Applications")
async def applications(
    ctx: StaffContext, status: Annotated[Literal["pending", "approved", "rejected"] | None, Query()] = "pending"
) -> list[ApplicationRead]:
    return await service_promoters.list_applications(ctx.uow(), status=status)


@router.post(ADMIN + "/promoter-applications/{application_id}/approve", response_model=ApplicationRead,
             summary="Approve: the shopper becomes a promoter", responses=STATE)  # fmt: skip
async def approve_application(application_id: str, ctx: StaffContext) -> ApplicationRead:
    return await service_promoters.decide_application(ctx.uow(), application_id=application_id, approve=True)


@router.post(ADMIN + "/promoter-applications/{application_id}/reject", response_model=ApplicationRead,
             summary="Reject an application", responses=STATE)  # fmt: skip
async def reject_application(application_id: str, ctx: StaffContext) -> ApplicationRead:
    return await service_promoters.decide_application(ctx.uow(), application_id=application_id, approve=False)


@router.get(ADMIN + "/commission-rules", response_model=list[RuleRead], summary="Commission rules")
async def rules(ctx: StaffContext) -> list[RuleRead]:
    return await service.list_rules(ctx.uow())


@router.post(ADMIN + "/commission-rules", response_model=RuleRead, status_code=201,
             summary="Save the rule of a product, category or the default (per level or for all)")  # fmt: skip
async def save_rule(body: RuleIn, ctx: StaffContext) -> RuleRead:
    return await service.save_rule(ctx.uow(), data=body)


@router.delete(ADMIN + "/commission-rules/{rule_id}", status_code=204, summary="Delete a commission rule")
async def delete_rule(rule_id: str, ctx: StaffContext) -> Response:
    await service.delete_rule(ctx.uow(), rule_id=rule_id)
    return Response(status_code=204)


@router.get(ADMIN + "/distribution/levels", response_model=list[LevelRead], summary="Promoter levels")
async def levels(ctx: StaffContext) -> list[LevelRead]:
    return await service.list_levels(ctx.uow())


@router.post(ADMIN + "/distribution/levels", response_model=LevelRead, status_code=201, summary="Add a level")
async def add_level(body: LevelIn, ctx: StaffContext) -> LevelRead:
    return await service.create_level(ctx.uow(), data=body)


@router.get(ADMIN + "/distribution/settings", response_model=TermsRead, summary="The programme's terms")
async def terms(ctx: StaffContext) -> TermsRead:
    return await service.get_terms(ctx.uow())


@router.put(ADMIN + "/distribution/settings", response_model=TermsRead, summary="Replace the programme's terms")
async def save_terms(body: TermsIO, ctx: StaffContext) -> TermsRead:
    return await service.save_terms(ctx.uow(), data=body)


@router.get(ADMIN + "/withdrawals", response_model=list[WithdrawalRead], summary="Withdrawals, newest first")
async def withdrawals(
    ctx: StaffContext, status: Annotated[str | None, Query(max_length=24)] = None
) -> list[WithdrawalRead]:
    return await service_withdrawals.list_withdrawals(ctx.uow(), status=status)


@router.post(ADMIN + "/withdrawals/{withdrawal_id}/approve", response_model=WithdrawalRead,
             summary="Approve: pay out through the provider (then awaiting the receiver's confirmation)",
             responses={**STATE, 502: problem("payment_provider_failed")})  # fmt: skip
async def approve_withdrawal(withdrawal_id: str, ctx: StaffContext, payouts: PayoutsDep) -> WithdrawalRead:
    return await service_withdrawals.approve(ctx.uow(), payouts=payouts, withdrawal_id=withdrawal_id)


@router.post(ADMIN + "/withdrawals/{withdrawal_id}/reject", response_model=WithdrawalRead,
             summary="Reject: the amount goes back to the promoter's balance", responses=STATE)  # fmt: skip
async def reject_withdrawal(withdrawal_id: str, body: RejectIn, ctx: StaffContext) -> WithdrawalRead:
    return await service_withdrawals.reject(ctx.uow(), withdrawal_id=withdrawal_id, reason=body.reason)


@router.get(ADMIN + "/reports/distribution", response_model=DistributionReport,
            summary="GMV and commission by promoter, store and product; ROI; unusual patterns")  # fmt: skip
async def report(ctx: StaffContext) -> DistributionReport:
    return await service_reports.report(ctx.uow())
