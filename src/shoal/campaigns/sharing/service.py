"""Share links: issuing one for a signed-in shopper, and following one (a visit, then the target's page).

A link is issued only for a target its kind's resolver finds in this tenant; every issue is one row
(a share in the funnel). Following a token checks its signature and expiry before anything is written,
so a tampered or expired token leaves no visit and can never lead to an attribution.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import update

from shoal.campaigns.sharing import rules, targets
from shoal.campaigns.sharing.events import ShareVisited
from shoal.campaigns.sharing.models import ShareLink, ShareVisit
from shoal.campaigns.sharing.targets import Target
from shoal.core.errors import NotFound, Unauthenticated
from shoal.core.tenancy import tenant_by_id
from shoal.core.uow import Database, UnitOfWork


@dataclass(frozen=True)
class IssuedLink:
    token: str
    link: ShareLink
    target: Target


@dataclass(frozen=True)
class Visit:
    claim: rules.ShareClaim
    target: Target


async def issue_link(
    uow: UnitOfWork, *, target_type: str, target_id: str, secret_key: str, days: int, locale: str
) -> IssuedLink:
    """A signed link for the signed-in shopper to share ``target``; 404 if the target is not this shop's."""
    async with uow:
        if uow.actor.kind != "shopper":
            raise Unauthenticated()
        target = await targets.resolve(uow, target_type, target_id, locale)
        now = uow.clock.now()
        link = ShareLink(
            tenant_id=uow.tenant_id,
            sharer_id=uow.actor.id,
            target_type=target_type,
            target_id=target_id,
            campaign_type=target.campaign_type,
            campaign_id=target.campaign_id,
            expires_at=now + timedelta(days=days),
            created_at=now,
        )
        uow.s.add(link)
        claim = rules.ShareClaim(uow.tenant_id, uow.actor.id, target_type, target_id, link.expires_at)
        token = rules.sign(claim, secret_key=secret_key)
        await uow.commit()
        return IssuedLink(token, link, target)


async def record_visit(
    uow: UnitOfWork, *, claim: rules.ShareClaim, customer_id: str | None, visitor_id: str | None, locale: str
) -> Visit:
    """Record a visit through a verified claim (``uow`` is the claim's tenant) and answer where it leads."""
    async with uow:
        target = await targets.resolve(uow, claim.target_type, claim.target_id, locale)
        visit = ShareVisit(
            tenant_id=uow.tenant_id,
            sharer_id=claim.sharer_id,
            target_type=claim.target_type,
            target_id=claim.target_id,
            campaign_type=target.campaign_type,
            campaign_id=target.campaign_id,
            customer_id=customer_id,
            visitor_id=visitor_id,
            visited_at=uow.clock.now(),
        )
        uow.s.add(visit)
        await uow.s.flush()
        if customer_id:
            uow.emit(ShareVisited.of(visit_id=visit.id, sharer_id=visit.sharer_id, customer_id=customer_id,
                                     visited_at=visit.visited_at))  # fmt: skip
        await uow.commit()
        return Visit(claim, target)


async def claim_visits(uow: UnitOfWork, *, visitor_id: str, customer_id: str) -> int:
    """Give the anonymous visits of this browser to the shopper who has now signed in, so their orders count
    (and each claimed visit is told as ``ShareVisited``, as if it had been made signed in)."""
    async with uow:
        claimed = (
            await uow.s.execute(
                update(ShareVisit)
                .where(
                    ShareVisit.tenant_id == uow.tenant_id,
                    ShareVisit.visitor_id == visitor_id,
                    ShareVisit.customer_id.is_(None),
                )
                .values(customer_id=customer_id)
                .returning(ShareVisit.id, ShareVisit.sharer_id, ShareVisit.visited_at)
                .execution_options(synchronize_session=False)
            )
        ).all()
        for visit_id, sharer_id, visited_at in sorted(claimed, key=lambda row: row[2]):
            uow.emit(ShareVisited.of(visit_id=visit_id, sharer_id=sharer_id, customer_id=customer_id,
                                     visited_at=visited_at))  # fmt: skip
        await uow.commit()
        return len(claimed)


async def link_target(uow: UnitOfWork, *, claim: rules.ShareClaim, locale: str) -> Target:
    """The target of a verified claim, as its poster shows it."""
    async with uow:
        return await targets.resolve(uow, claim.target_type, claim.target_id, locale)


async def tenant_slug(db: Database, tenant_id: str) -> str:
    """The shop's slug, for the storefront address a link leads to (the tenants table is global)."""
    async with db.session() as session:
        tenant = await tenant_by_id(session, tenant_id)
    if tenant is None:
        raise NotFound("tenant")
    return tenant.slug
