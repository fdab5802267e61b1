"""Sign-in sessions, one mechanism for staff and shoppers.

A session row holds the digest of its refresh token (never the token), so a leaked table cannot be
replayed. Refreshing rotates the token with a guarded update on the old digest: of two concurrent
refreshes with one token, one wins and the other is refused. The old digest is kept
(``identity_retired_refresh_tokens``): a rotated token presented again was copied, by a thief or from
a thief, so the whole session (every token descended from that sign-in) is ended at once. Access
tokens name their session (``sid``), so revoking the session signs out every access token issued for
it. The refresh token starts with the tenant id, so it can be resolved before the tenant is known
(row-level security).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import delete, select, update
from sqlalchemy.sql import ColumnElement

from shoal.config import Settings
from shoal.core.errors import Unauthenticated
from shoal.core.ids import new_id
from shoal.core.scheduler import tenant_ids
from shoal.core.security import digest, issue_access_token, new_secret_token, read_access_token
from shoal.core.uow import Database, UnitOfWork
from shoal.identity.errors import InvalidRefreshToken
from shoal.identity.models import RetiredRefreshToken


class SessionRow(Protocol):
    id: str
    tenant_id: str
    refresh_digest: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


class Holder(Protocol):
    """The staff user or customer a session belongs to."""

    id: str
    status: str


def new_session(model: Any, *, tenant_id: str, now: datetime, settings: Settings, **owner: str) -> tuple[Any, str]:
    """A fresh session row of ``model`` (not yet added) and its refresh token."""
    refresh_token = _refresh_token(tenant_id)
    session = model(
        id=new_id(),
        tenant_id=tenant_id,
        refresh_digest=digest(refresh_token),
        created_at=now,
        expires_at=now + timedelta(days=settings.refresh_token_days),
        **owner,
    )
    return session, refresh_token


def access_token(
    settings: Settings, *, now: datetime, kind: str, subject: str, tenant_id: str, session_id: str, **extra: str
) -> str:
    claims = {"typ": kind, "sub": subject, "tid": tenant_id, "sid": session_id, **extra}
    return issue_access_token(settings.secret_key, now=now, minutes=settings.access_token_minutes, claims=claims)


def claims_of(settings: Settings, token: str, *, now: datetime, kind: str) -> dict[str, str]:
    """The claims of a valid, unexpired access token of ``kind`` (``tid`` tenant, ``sid`` session, ``sub``
    subject, and what its issuer added); ``Unauthenticated`` for any other token."""
    claims = read_access_token(settings.secret_key, token, now=now)
    if claims.get("typ") != kind or not all(isinstance(claims.get(name), str) for name in ("tid", "sid", "sub")):
        raise Unauthenticated()
    return claims


async def rotate(
    uow: UnitOfWork, model: Any, holder: Any, joined_on: ColumnElement[bool], refresh_token: str
) -> tuple[SessionRow, Holder, str]:
    """Swap a live refresh token for a new one; (session, its holder, the new token).

    Refused when the token is unknown, revoked, expired or its holder is no longer active. A token
    that was already swapped (a replay, or the loser of two concurrent refreshes with one token)
    means two parties hold the session's tokens: the whole session is ended and that is committed
    before refusing. The caller owns the transaction otherwise (``uow`` must be open).
    """
    tenant_id = refresh_token.partition(".")[0]
    await uow.for_tenant(tenant_id)
    old = digest(refresh_token)
    row = (
        await uow.s.execute(
            select(model, holder)
            .join(holder, joined_on)
            .where(model.tenant_id == tenant_id, model.refresh_digest == old)
        )
    ).one_or_none()
    if row is None:
        await _end_session_of_retired(uow, model, old)
        raise InvalidRefreshToken()
    session, owner = row
    if session.revoked_at is not None or session.expires_at <= uow.clock.now() or owner.status != "active":
        raise InvalidRefreshToken()
    new_token = _refresh_token(tenant_id)
    rotated = await uow.s.execute(
        update(model)
        .where(model.id == session.id, model.refresh_digest == old, model.revoked_at.is_(None))
        .values(refresh_digest=digest(new_token))
    )
    if rotated.rowcount != 1:
        await _end_session(uow, model, session.id)
        raise InvalidRefreshToken()
    uow.s.add(
        RetiredRefreshToken(
            tenant_id=tenant_id, refresh_digest=old, session_id=session.id, expires_at=session.expires_at
        )
    )
    return session, owner, new_token


async def purge_retired_tokens(db: Database) -> int:
    """Forget retired tokens once their session has expired: they can no longer be replayed anyway."""
    purged = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id) as uow:
            result = await uow.s.execute(
                delete(RetiredRefreshToken).where(
                    RetiredRefreshToken.tenant_id == tenant_id, RetiredRefreshToken.expires_at < uow.clock.now()
                )
            )
            purged += result.rowcount or 0
            await uow.commit()
    return purged


async def revoke(uow: UnitOfWork, model: Any, *, session_id: str) -> None:
    """End a session: its refresh token stops working and so does every access token naming it."""
    async with uow:
        await uow.s.execute(
            update(model)
            .where(model.tenant_id == uow.tenant_id, model.id == session_id, model.revoked_at.is_(None))
            .values(revoked_at=uow.clock.now())
        )
        await uow.commit()


async def _end_session_of_retired(uow: UnitOfWork, model: Any, old_digest: str) -> None:
    retired = await uow.s.execute(
        select(RetiredRefreshToken.session_id).where(
            RetiredRefreshToken.tenant_id == uow.tenant_id, RetiredRefreshToken.refresh_digest == old_digest
        )
    )
    session_id = retired.scalar_one_or_none()
    if session_id is not None:
        await _end_session(uow, model, session_id)


async def _end_session(uow: UnitOfWork, model: Any, session_id: str) -> None:
    """A rotated refresh token came back: revoke the session (its live refresh token and every access
    token naming it), audit it, and commit, so the refusal that follows cannot roll it back."""
    ended = await uow.s.execute(
        update(model)
        .where(model.tenant_id == uow.tenant_id, model.id == session_id, model.revoked_at.is_(None))
        .values(revoked_at=uow.clock.now())
    )
    if ended.rowcount == 1:
        uow.audit("session.refresh_token_reused", model.__tablename__, session_id, {"revoked": True})
    await uow.commit()


def _refresh_token(tenant_id: str) -> str:
    return f"{tenant_id}.{new_secret_token()}"
