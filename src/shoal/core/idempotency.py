"""Idempotency keys: a POST retried with the same ``Idempotency-Key`` returns the same result.

The first request claims the key with ``INSERT ... ON CONFLICT DO NOTHING`` in its own short transaction
(so the claim is visible to concurrent twins at once), then runs the use case and stores its response
**in the use case's own transaction**: the order and the answer that names it commit together or not at
all. (Stored in a second transaction, a crash between the two left the order placed and the key without
its answer, and the retry ran checkout again on the closed cart: ``cart_closed`` instead of the order.)

* a replay with the same fingerprint gets the stored status and body;
* the same key with a different fingerprint is refused (422 ``idempotency_key_reused``);
* a twin arriving while the first is still running gets 409 ``idempotency_in_progress``, unless the
  first holder's lease has run out (it crashed), in which case the twin takes the key over; the answer is
  stored with a guarded update, so of a holder and its usurper only one commits its work;
* domain errors (4xx) roll the work back and are stored like successes; unexpected failures release the
  key for a retry.

Keys live 24 hours, then a job purges them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Index, Integer, String, UniqueConstraint, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import Base, id_column, tenant_column
from shoal.core.errors import ShoalError
from shoal.core.ids import new_id
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.uow import Database, UnitOfWork

KEY_TTL = timedelta(hours=24)
LEASE = timedelta(seconds=60)


class IdempotencyKey(Base):
    __tablename__ = "core_idempotency_keys"
    __table_args__ = (
        UniqueConstraint("tenant_id", "scope", "key"),
        Index("ix_core_idempotency_keys_expiry", "tenant_id", "expires_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    scope: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(12))  # in_flight | done
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime]
    lease_until: Mapped[datetime]
    expires_at: Mapped[datetime]


class IdempotencyKeyReused(ShoalError):
    status = 422
    code = "idempotency_key_reused"
    message = {
        "en": "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
        "zh-CN": "该 Idempotency-Key 已用于另一个不同的请求，新请求请使用新的键。",
    }


class IdempotencyInProgress(ShoalError):
    status = 409
    code = "idempotency_in_progress"
    message = {
        "en": "The first request with this Idempotency-Key is still running. Retry in a moment.",
        "zh-CN": "使用该 Idempotency-Key 的首个请求仍在处理中，请稍后重试。",
    }


class InvalidIdempotencyKey(ShoalError):
    status = 400
    code = "invalid_idempotency_key"
    message = {
        "en": "The Idempotency-Key header must be 1 to 255 visible characters, e.g. a UUID.",
        "zh-CN": "Idempotency-Key 请求头须为 1 至 255 个可见字符，例如 UUID。",
    }


@dataclass(frozen=True, slots=True)
class Outcome:
    status: int
    body: dict[str, Any]
    replayed: bool


Handler = Callable[[UnitOfWork], Awaitable[tuple[int, dict[str, Any]]]]


class _AnsweredElsewhere(Exception):
    """The key was answered by another holder while this one worked: its work must not commit."""


def fingerprint(payload: Any) -> str:
    """A stable digest of what the request asked for (canonical JSON)."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def run_once(
    uow: UnitOfWork, *, scope: str, key: str, request_fingerprint: str, locale: str, handler: Handler
) -> Outcome:
    """Run ``handler(uow)`` at most once per (tenant, scope, key); replay its stored outcome afterwards.

    ``uow`` is the use case's unit of work, not yet entered: the handler's services join its transaction
    (their ``commit()`` only flushes), and the answer is stored in it before the one real commit.
    """
    if not key or len(key) > 255 or not key.isprintable() or key.strip() != key:
        raise InvalidIdempotencyKey()
    db, tenant_id = uow.db, uow.tenant_id or ""
    claim_id = await _claim(db, tenant_id, scope, key, request_fingerprint)
    if isinstance(claim_id, Outcome):
        return claim_id
    try:
        async with uow:
            status, body = await handler(uow)
            if not await _store(uow, claim_id, status, body):
                raise _AnsweredElsewhere()
            await uow.commit()
        return Outcome(status, body, replayed=False)
    except _AnsweredElsewhere:
        return await _stored(db, tenant_id, claim_id)
    except ShoalError as exc:  # refused: the work rolled back, and the refusal is the answer
        return await _refused(db, tenant_id, claim_id, exc.status, exc.problem(locale))
    except BaseException:
        await _release(db, tenant_id, claim_id)
        raise


# Every POST with a key claims it: the insert is built once per dialect and takes its values as parameters.
_CLAIMS = {
    on_postgresql: (postgresql.insert if on_postgresql else sqlite.insert)(IdempotencyKey).on_conflict_do_nothing(
        index_elements=["tenant_id", "scope", "key"]
    )
    for on_postgresql in (False, True)
}


async def _claim(db: Database, tenant_id: str, scope: str, key: str, fp: str) -> str | Outcome:
    now = db.clock.now()
    claim_id = new_id()
    values = dict(
        id=claim_id,
        tenant_id=tenant_id,
        scope=scope,
        key=key,
        fingerprint=fp,
        state="in_flight",
        created_at=now,
        lease_until=now + LEASE,
        expires_at=now + KEY_TTL,
    )
    async with db.uow(tenant_id=tenant_id) as uow:  # its own transaction: nothing pending to flush first
        if (await uow.run(_CLAIMS[db.dialect == "postgresql"], values)).rowcount == 1:
            await uow.commit()
            return claim_id
        row = (
            await uow.s.execute(
                select(IdempotencyKey).where(
                    IdempotencyKey.tenant_id == tenant_id, IdempotencyKey.scope == scope, IdempotencyKey.key == key
                )
            )
        ).scalar_one()
        if row.fingerprint != fp:
            raise IdempotencyKeyReused()
        if row.state == "done":
            return Outcome(row.response_status or 200, row.response_body or {}, replayed=True)
        taken = await uow.s.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.id == row.id, IdempotencyKey.state == "in_flight", IdempotencyKey.lease_until < now)
            .values(lease_until=now + LEASE)
        )
        if taken.rowcount != 1:
            raise IdempotencyInProgress()
        await uow.commit()
        return row.id


async def _store(uow: UnitOfWork, claim_id: str, status: int, body: dict[str, Any]) -> bool:
    """Answer the key inside ``uow``'s transaction; False if it is no longer this holder's to answer."""
    stored = await uow.s.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.id == claim_id, IdempotencyKey.state == "in_flight")
        .values(state="done", response_status=status, response_body=body)
    )
    return stored.rowcount == 1


async def _refused(db: Database, tenant_id: str, claim_id: str, status: int, body: dict[str, Any]) -> Outcome:
    async with db.uow(tenant_id=tenant_id) as uow:
        answered = await _store(uow, claim_id, status, body)
        await uow.commit()
    return Outcome(status, body, replayed=False) if answered else await _stored(db, tenant_id, claim_id)


async def _stored(db: Database, tenant_id: str, claim_id: str) -> Outcome:
    async with db.uow(tenant_id=tenant_id) as uow:
        row = (await uow.s.execute(select(IdempotencyKey).where(IdempotencyKey.id == claim_id))).scalar_one()
        return Outcome(row.response_status or 200, row.response_body or {}, replayed=True)


async def _release(db: Database, tenant_id: str, claim_id: str) -> None:
    """Free the key after an unexpected failure. Guarded: if the failure came after the commit (the answer
    is stored), the key keeps its answer."""
    async with db.uow(tenant_id=tenant_id) as uow:
        await uow.s.execute(
            delete(IdempotencyKey).where(IdempotencyKey.id == claim_id, IdempotencyKey.state == "in_flight")
        )
        await uow.commit()


async def purge_expired_keys(db: Database) -> int:
    purged = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id) as uow:
            result = await uow.s.execute(
                delete(IdempotencyKey).where(
                    IdempotencyKey.tenant_id == tenant_id, IdempotencyKey.expires_at < uow.clock.now()
                )
            )
            purged += result.rowcount or 0
            await uow.commit()
    return purged


register_job("core.idempotency_purge", purge_expired_keys)
