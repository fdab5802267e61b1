"""Operators issue a coupon template to a list of customers: each in its own transaction, with a report."""

from __future__ import annotations

from collections.abc import Callable

from shoal.core.errors import ShoalError
from shoal.core.uow import UnitOfWork
from shoal.customers.service import active_customer_ids, customer_ids_in_group
from shoal.marketing.schemas import IssueReport
from shoal.marketing.service_coupons import claim_coupon


async def issue_coupons(
    new_uow: Callable[[], UnitOfWork], *, template_id: str, customer_ids: list[str], customer_group: str | None = None
) -> IssueReport:
    """One customer's refusal (limit reached, template exhausted) never stops the others; it is reported."""
    new_uow().actor.require("marketing.manage")
    if customer_group:
        customer_ids = [*customer_ids, *await customer_ids_in_group(new_uow(), group=customer_group)]
    wanted = list(dict.fromkeys(customer_ids))
    known = await active_customer_ids(new_uow(), ids=wanted)
    issued, skipped = 0, [{"customer_id": c, "code": "customer_not_found"} for c in wanted if c not in known]
    for customer_id in (c for c in wanted if c in known):
        try:
            await claim_coupon(new_uow(), template_id=template_id, customer_id=customer_id)
        except ShoalError as exc:
            skipped.append({"customer_id": customer_id, "code": exc.code})
            if exc.code in ("coupon_exhausted", "not_found"):
                skipped += [
                    {"customer_id": c, "code": exc.code} for c in customer_ids[customer_ids.index(customer_id) + 1 :]
                ]
                break
        else:
            issued += 1
    return IssueReport(issued=issued, skipped=skipped)
