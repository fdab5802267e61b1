"""Sign-in of a dealer's staff: the same sessions, throttle and token mechanism as staff and shoppers
(``identity.sessions``, ``identity.throttle``), with tokens of kind ``dealer`` naming the dealer.

The token's actor is a ``dealer`` actor carrying its dealer and that dealer's stock location: the location
lets inventory's own store scoping (``can_see``) keep the dealer to its stock, the dealer id lets
``dealers.scope`` keep it to its orders, prices and customers. The session guard re-checks on every request
that the session is live and the user and the dealer are still active.
"""

from __future__ import annotations

from functools import partial

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shoal.config import Settings
from shoal.core import tenant_cache
from shoal.core.actors import Actor
from shoal.core.errors import Unauthenticated, ValidationFailed
from shoal.core.guard import SessionGuard
from shoal.core.i18n import SUPPORTED_LOCALES
from shoal.core.security import verify_password
from shoal.core.tenancy import Tenant, TenantNotFound, tenant_by_slug
from shoal.core.uow import Database, UnitOfWork
from shoal.dealers.models import Dealer, DealerSession, DealerUser
from shoal.identity import rules as identity_rules
from shoal.identity import sessions, throttle
from shoal.identity.errors import InvalidCredentials
from shoal.identity.schemas import TokenPair

KIND = "dealer"
# What a dealer's staff may do through the shared services: read the catalog (SKU codes) and move stock,
# which inventory confines to the actor's location (the dealer's own).
PERMISSIONS = frozenset({"catalog.read", "inventory.read", "inventory.write"})


async def sign_in(
    uow: UnitOfWork, *, settings: Settings, tenant_slug: str, email: str, password: str, address: str
) -> TokenPair:
    email = identity_rules.normalise_email(email)
    async with uow:
        try:
            tenant = await tenant_by_slug(uow.s, tenant_slug)
        except TenantNotFound as exc:  # an unknown shop must look exactly like a wrong password
            raise InvalidCredentials() from exc
        await uow.for_tenant(tenant.id)
        attempt = await throttle.admit(uow, settings, kind=KIND, login=email, address=address)
        found = (
            await uow.s.execute(
                select(DealerUser, Dealer)
                .join(Dealer, Dealer.id == DealerUser.dealer_id)
                .where(DealerUser.tenant_id == tenant.id, DealerUser.email == email)
            )
        ).one_or_none()
        user, dealer = found if found else (None, None)
        if not await verify_password(user.password_hash if user else None, password) or not _active(user, dealer):
            raise InvalidCredentials()
        await throttle.succeeded(uow, attempt)
        session, refresh_token = sessions.new_session(
            DealerSession, tenant_id=tenant.id, now=uow.clock.now(), settings=settings, user_id=user.id
        )
        uow.s.add(session)
        pair = _token_pair(settings, uow, session.id, user, dealer, refresh_token)  # type: ignore[arg-type]
        await uow.commit()
        return pair


async def refresh(uow: UnitOfWork, *, settings: Settings, refresh_token: str) -> TokenPair:
    async with uow:
        session, user, new_refresh = await sessions.rotate(
            uow, DealerSession, DealerUser, DealerSession.user_id == DealerUser.id, refresh_token
        )
        dealer = await uow.s.get(Dealer, user.dealer_id)  # type: ignore[attr-defined]
        if dealer is None or dealer.status != "active":
            raise Unauthenticated()
        await uow.commit()
        return _token_pair(settings, uow, session.id, user, dealer, new_refresh)  # type: ignore[arg-type]


async def sign_out(uow: UnitOfWork, *, session_id: str) -> None:
    await sessions.revoke(uow, DealerSession, session_id=session_id)


async def authenticate(db: Database, *, settings: Settings, token: str) -> tuple[Tenant, Actor, str, str]:
    """(tenant, actor, current locale, session id) of a dealer token, its session checked now (the portal's
    pages, which answer in the user's current language)."""
    tenant, actor, _locale, session_id, guard = await claimed(db, settings=settings, token=token)
    async with db.uow(tenant_id=tenant.id, guard=guard):
        pass
    return tenant, actor, guard.locale or _locale, session_id


async def set_locale(uow: UnitOfWork, *, locale: str) -> None:
    """Remember the signed-in dealer user's language for the portal's pages and messages."""
    if locale not in SUPPORTED_LOCALES:
        raise ValidationFailed(errors=[{"field": "locale", "code": "unsupported_locale", "message": locale}])
    async with uow:
        await uow.s.execute(
            update(DealerUser)
            .where(DealerUser.tenant_id == uow.tenant_id, DealerUser.id == uow.actor.id)
            .values(locale=locale)
        )
        await uow.commit()


async def claimed(db: Database, *, settings: Settings, token: str) -> tuple[Tenant, Actor, str, str, SessionGuard]:
    """(tenant, actor, locale, session id, guard) of a dealer token, from its signed claims; the guard checks
    the session in the request's first transaction."""
    claims = sessions.claims_of(settings, token, now=db.clock.now(), kind=KIND)
    tenant = await tenant_cache.tenant_by_id(db, claims["tid"])
    dealer_id, location_id = claims.get("dlr"), claims.get("loc")
    if tenant is None or not isinstance(dealer_id, str) or not isinstance(location_id, str):
        raise Unauthenticated()
    actor = Actor(
        kind=KIND, id=claims["sub"], role=KIND, permissions=PERMISSIONS, location_id=location_id, dealer_id=dealer_id
    )
    check = partial(_live_locale, session_id=claims["sid"], actor=actor, tenant_id=tenant.id)
    return tenant, actor, claims.get("lng") or tenant.default_locale, claims["sid"], SessionGuard(check)


async def _live_locale(session: AsyncSession, *, session_id: str, actor: Actor, tenant_id: str) -> str | None:
    """The user's locale while the session is live and the user and its dealer active; None otherwise."""
    return (
        await session.execute(
            select(DealerUser.locale)
            .join(DealerSession, DealerSession.user_id == DealerUser.id)
            .join(Dealer, Dealer.id == DealerUser.dealer_id)
            .where(
                DealerSession.id == session_id,
                DealerSession.tenant_id == tenant_id,
                DealerSession.revoked_at.is_(None),
                DealerUser.id == actor.id,
                DealerUser.status == "active",
                Dealer.id == actor.dealer_id,
                Dealer.status == "active",
                Dealer.location_id == actor.location_id,
            )
        )
    ).scalar_one_or_none()


def _active(user: DealerUser | None, dealer: Dealer | None) -> bool:
    return user is not None and dealer is not None and user.status == "active" and dealer.status == "active"


def _token_pair(
    settings: Settings, uow: UnitOfWork, session_id: str, user: DealerUser, dealer: Dealer, refresh_token: str
) -> TokenPair:
    access = sessions.access_token(
        settings, now=uow.clock.now(), kind=KIND, subject=user.id, tenant_id=user.tenant_id, session_id=session_id,
        dlr=dealer.id, loc=dealer.location_id, lng=user.locale,
    )  # fmt: skip
    return TokenPair(access_token=access, refresh_token=refresh_token, expires_in=settings.access_token_minutes * 60)
