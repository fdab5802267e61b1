"""Sign-in, token refresh and revocation, tenant and staff creation.

Tokens: a short JWT access token naming its session, and an opaque refresh token
``<tenant_id>.<secret>`` whose digest is stored. Refresh rotates the secret with a guarded update,
so a stolen, already-used refresh token cannot be used again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from sqlalchemy import String, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shoal.config import Settings
from shoal.core import references, tenant_cache
from shoal.core.actors import Actor
from shoal.core.audit import AuditEntry
from shoal.core.errors import Unauthenticated, ValidationFailed
from shoal.core.guard import SessionGuard
from shoal.core.i18n import SUPPORTED_LOCALES
from shoal.core.pagination import Page, decode_cursor, encode_cursor
from shoal.core.security import (
    hash_password,
    verify_password,
)
from shoal.core.tenancy import Tenant, TenantNotFound, TenantRow, tenant_by_slug
from shoal.core.uow import Database, UnitOfWork
from shoal.identity import rules, sessions, throttle
from shoal.identity.errors import (
    EmailTaken,
    InvalidCredentials,
    SlugTaken,
)
from shoal.identity.models import StaffSession, StaffUser
from shoal.identity.schemas import AuditEntryRead, StaffCreate, StaffRead, TokenPair
from shoal.identity.service_staff import require_grant


@dataclass(frozen=True, slots=True)
class StaffPrincipal:
    tenant: Tenant
    actor: Actor
    locale: str


async def sign_in(
    uow: UnitOfWork, *, settings: Settings, tenant_slug: str, email: str, password: str, address: str
) -> TokenPair:
    """``address`` is the client's network address (``shoal.core.http.client_address``): the sign-in
    throttle counts attempts per account and address (``identity.throttle``)."""
    email = rules.normalise_email(email)
    async with uow:
        tenant = await _tenant_or_invalid(uow, tenant_slug)
        await uow.for_tenant(tenant.id)
        attempt = await throttle.admit(uow, settings, kind="staff", login=email, address=address)
        user = (
            await uow.s.execute(select(StaffUser).where(StaffUser.tenant_id == tenant.id, StaffUser.email == email))
        ).scalar_one_or_none()
        if not await verify_password(user.password_hash if user else None, password) or user.status != "active":
            raise InvalidCredentials()
        await throttle.succeeded(uow, attempt)
        pair = _open_session(uow, settings, tenant.id, user)
        await uow.commit()
        return pair


async def refresh(uow: UnitOfWork, *, settings: Settings, refresh_token: str) -> TokenPair:
    async with uow:
        session, user, new_refresh = await sessions.rotate(
            uow, StaffSession, StaffUser, StaffSession.user_id == StaffUser.id, refresh_token
        )
        await uow.commit()
        return _token_pair(settings, uow, session.tenant_id, session.id, user, new_refresh)  # type: ignore[arg-type]


async def sign_out(uow: UnitOfWork, *, settings: Settings, access_token: str) -> None:
    """Revoke the session this access token belongs to (its refresh token dies with it)."""
    claims = sessions.claims_of(settings, access_token, now=uow.clock.now(), kind="staff")
    await sessions.revoke(uow, StaffSession, session_id=claims["sid"])


async def set_locale(uow: UnitOfWork, *, locale: str) -> None:
    """Remember the signed-in staff user's language, so every page and message follows it."""
    if locale not in SUPPORTED_LOCALES:
        raise ValidationFailed(errors=[{"field": "locale", "code": "unsupported_locale", "message": locale}])
    async with uow:
        await uow.s.execute(
            update(StaffUser)
            .where(StaffUser.tenant_id == uow.tenant_id, StaffUser.id == uow.actor.id)
            .values(locale=locale)
        )
        await uow.commit()


async def authenticate(db: Database, *, settings: Settings, token: str) -> StaffPrincipal:
    """Turn a bearer token into the tenant and actor it speaks for, checking its session now (the console's
    pages, which answer in the user's current language)."""
    principal, guard = await claimed_principal(db, settings=settings, token=token)
    async with db.uow(tenant_id=principal.tenant.id, guard=guard):
        pass
    return StaffPrincipal(principal.tenant, principal.actor, guard.locale or principal.locale)


async def claimed_principal(db: Database, *, settings: Settings, token: str) -> tuple[StaffPrincipal, SessionGuard]:
    """Who a staff token speaks for, read from its signed claims, and the guard that checks, in the request's
    first transaction, that its session is live and the user still active with that role and store."""
    claims = sessions.claims_of(settings, token, now=db.clock.now(), kind="staff")
    tenant = await tenant_cache.tenant_by_id(db, claims["tid"])
    role, location_id = claims.get("role"), claims.get("loc")
    if tenant is None or not isinstance(role, str):
        raise Unauthenticated()
    actor = Actor(
        kind="staff", id=claims["sub"], role=role, permissions=rules.permissions_of(role), location_id=location_id
    )
    check = partial(_live_staff_locale, session_id=claims["sid"], actor=actor, tenant_id=tenant.id)
    return StaffPrincipal(tenant, actor, claims.get("lng") or tenant.default_locale), SessionGuard(check)


# Every staff request runs it: built once, bound per request, executed past the ORM (``UnitOfWork.run``).
_LIVE_STAFF = (
    select(StaffUser.locale)
    .join(StaffSession, StaffSession.user_id == StaffUser.id)
    .where(
        StaffSession.id == bindparam("session_id"),
        StaffSession.tenant_id == bindparam("tenant_id"),
        StaffSession.revoked_at.is_(None),
        StaffUser.id == bindparam("user_id"),
        StaffUser.status == "active",
        StaffUser.role == bindparam("role"),
        StaffUser.location_id.is_not_distinct_from(bindparam("location_id", type_=String)),
    )
)


async def _live_staff_locale(session: AsyncSession, *, session_id: str, actor: Actor, tenant_id: str) -> str | None:
    """The user's locale if the session is live and the user active with the token's role and store."""
    params = {
        "session_id": session_id, "tenant_id": tenant_id, "user_id": actor.id, "role": actor.role,
        "location_id": actor.location_id,
    }  # fmt: skip
    return (await (await session.connection()).execute(_LIVE_STAFF, params)).scalar_one_or_none()


async def create_tenant(
    uow: UnitOfWork,
    *,
    slug: str,
    name: str,
    owner_email: str,
    owner_password: str,
    currency: str = "CNY",
    locale: str = "zh-CN",
) -> Tenant:
    async with uow:
        now = uow.clock.now()
        row = TenantRow(slug=slug, name=name, currency=currency, default_locale=locale, created_at=now)
        uow.s.add(row)
        try:
            await uow.s.flush()
        except IntegrityError as exc:
            raise SlugTaken(slug=slug) from exc
        await uow.for_tenant(row.id)
        owner = StaffCreate(
            email=owner_email, name=owner_email.split("@")[0], password=owner_password, role="owner", locale=locale
        )
        await _add_staff(uow, row.id, owner)
        await uow.commit()
        return Tenant.of(row)


async def create_staff(uow: UnitOfWork, *, data: StaffCreate) -> StaffRead:
    async with uow:
        uow.actor.require("staff.manage")
        require_grant(uow, data.role)
        await references.require(uow, "location", data.location_id)
        user = await _add_staff(uow, uow.tenant_id or "", data)
        uow.audit("staff.create", "staff_user", user.id, {"email": user.email, "role": user.role})
        await uow.commit()
        return StaffRead.model_validate(user)


async def list_audit_log(
    uow: UnitOfWork, *, limit: int, cursor: str | None, entity: str | None = None
) -> Page[AuditEntryRead]:
    async with uow:
        uow.actor.require("audit.read")
        query = select(AuditEntry).where(AuditEntry.tenant_id == uow.tenant_id)
        if entity:
            query = query.where(AuditEntry.entity == entity)
        after = decode_cursor(cursor)
        if after:
            query = query.where(AuditEntry.id < after[0])
        rows = (await uow.s.execute(query.order_by(AuditEntry.id.desc()).limit(limit + 1))).scalars().all()
    items = [AuditEntryRead.model_validate(r) for r in rows[:limit]]
    return Page(items=items, next_cursor=encode_cursor([rows[limit - 1].id]) if len(rows) > limit else None)


async def _tenant_or_invalid(uow: UnitOfWork, slug: str) -> Tenant:
    try:
        return await tenant_by_slug(uow.s, slug)
    except TenantNotFound as exc:  # an unknown shop must look exactly like a wrong password
        raise InvalidCredentials() from exc


async def _add_staff(uow: UnitOfWork, tenant_id: str, data: StaffCreate) -> StaffUser:
    user = StaffUser(
        tenant_id=tenant_id,
        email=rules.normalise_email(data.email),
        name=data.name,
        password_hash=await hash_password(data.password),
        role=data.role,
        location_id=data.location_id,
        locale=data.locale,
        created_at=uow.clock.now(),
    )
    uow.s.add(user)
    try:
        await uow.s.flush()
    except IntegrityError as exc:
        raise EmailTaken(email=data.email) from exc
    return user


def _open_session(uow: UnitOfWork, settings: Settings, tenant_id: str, user: StaffUser) -> TokenPair:
    session, refresh_token = sessions.new_session(
        StaffSession, tenant_id=tenant_id, now=uow.clock.now(), settings=settings, user_id=user.id
    )
    uow.s.add(session)
    return _token_pair(settings, uow, tenant_id, session.id, user, refresh_token)


def _token_pair(
    settings: Settings, uow: UnitOfWork, tenant_id: str, session_id: str, user: StaffUser, refresh_token: str
) -> TokenPair:
    access = sessions.access_token(
        settings, now=uow.clock.now(), kind="staff", subject=user.id, tenant_id=tenant_id, session_id=session_id,
        role=user.role, lng=user.locale, **({"loc": user.location_id} if user.location_id else {}),
    )  # fmt: skip
    return TokenPair(access_token=access, refresh_token=refresh_token, expires_in=settings.access_token_minutes * 60)
