"""Idempotency keys: a POST retried with the same ``Idempotency-Key`` returns the same result.

The first request claims the key **in the use case's own transaction**, as its first write, and stores the
response in the same transaction before the one commit: the order and the answer that names it commit
together or not at all, and a request is one transaction. (Claims used to be committed apart, so that twins
saw them at once; that cost every keyed POST a second transaction, and a crashed holder left a claim that only
a lease could free.)

* a replay with the same fingerprint gets the stored status and body;
* the same key with a different fingerprint is refused (422 ``idempotency_key_reused``);
* a twin arriving while the first is still running gets 409 ``idempotency_in_progress`` at once: on
  PostgreSQL the claim takes a transaction-level advisory lock on the key in the same statement
  (``pg_try_advisory_xact_lock``, which never waits), so the twin neither blocks a connection nor runs the
  work; SQLite runs one writing transaction at a time, so there the twin waits its turn and replays;
* a holder that crashes takes its claim and lock with its rolled-back transaction: a retry runs afresh;
* domain errors (4xx) roll the work back and are stored like successes, in a transaction of their own.

A claim left ``in_flight`` by an earlier release (which committed claims apart) is taken over once its lease
has run out. Keys live 24 hours, then a job purges them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String, UniqueConstraint, bindparam, delete, func, select, update
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

    ``uow`` is the use case's unit of work, not yet entered: the claim, the handler's services (their
    ``commit()`` only flushes) and the stored answer share its transaction and its one commit.
    """
    if not key or len(key) > 255 or not key.isprintable() or key.strip() != key:
        raise InvalidIdempotencyKey()
    claim = _Claim(uow.tenant_id or "", scope, key, request_fingerprint)
    try:
        async with uow:
            claimed = await _claim(uow, claim)
            if isinstance(claimed, Outcome):
                return claimed
            status, body = await handler(uow)
            if not await _store(uow, claimed, status, body):
                raise _AnsweredElsewhere()
            await uow.commit()
        return Outcome(status, body, replayed=False)
    except _AnsweredElsewhere:
        return await _stored(uow.db, claim)
    except (IdempotencyKeyReused, IdempotencyInProgress):
        raise
    except ShoalError as exc:  # refused: the work rolled back, and the refusal is the answer
        return await _refused(uow.db, claim, exc.status, exc.problem(locale))


@dataclass(frozen=True, slots=True)
class _Claim:
    tenant_id: str
    scope: str
    key: str
    fingerprint: str

    def lock_key(self) -> int:
        """The key's 64-bit advisory lock number on PostgreSQL (two keys sharing one, at the same moment, only
        answer the later request 409 for a retry)."""
        digest = hashlib.blake2b(f"{self.tenant_id}\n{self.scope}\n{self.key}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big", signed=True)

    def values(self, now: datetime, **answer: Any) -> dict[str, Any]:
        """The key's row: in flight, or (with ``answer``'s columns) already answered."""
        claimed = dict(
            id=new_id(), tenant_id=self.tenant_id, scope=self.scope, key=self.key, fingerprint=self.fingerprint,
            state="in_flight", created_at=now, lease_until=now + LEASE, expires_at=now + KEY_TTL,
        )  # fmt: skip
        return claimed | answer


_COLUMNS = ("id", "tenant_id", "scope", "key", "fingerprint", "state", "created_at", "lease_until", "expires_at")
_KEY = ["tenant_id", "scope", "key"]
_TABLE = IdempotencyKey.__table__
# Every keyed POST claims its key first: built once per dialect, bound per call. On PostgreSQL the row is
# inserted only if the key's advisory lock was free (``lock``), and not at all if the key exists already.
_CLAIMS = {
    False: sqlite.insert(IdempotencyKey).on_conflict_do_nothing(index_elements=_KEY),
    True: postgresql.insert(IdempotencyKey)
    .from_select(
        _COLUMNS,
        select(*(bindparam(name, type_=_TABLE.c[name].type) for name in _COLUMNS)).where(
            func.pg_try_advisory_xact_lock(bindparam("lock", type_=BigInteger))
        ),
    )
    .on_conflict_do_nothing(index_elements=_KEY),
}
_FIND = select(IdempotencyKey).where(
    IdempotencyKey.tenant_id == bindparam("tenant_id"),
    IdempotencyKey.scope == bindparam("scope"),
    IdempotencyKey.key == bindparam("key"),
)


async def _claim(uow: UnitOfWork, claim: _Claim) -> str | Outcome:
    """Claim the key in ``uow``'s transaction: its claim id, or the stored outcome to replay."""
    now = uow.clock.now()
    values = claim.values(now)
    on_postgresql = uow.db.dialect == "postgresql"
    if on_postgresql:
        values["lock"] = claim.lock_key()
    if (await uow.run(_CLAIMS[on_postgresql], values)).rowcount == 1:
        return str(values["id"])
    found = (await uow.s.execute(_FIND, _named(claim))).scalar_one_or_none()
    if found is None:  # not stored, yet not claimable: a twin holds the key's lock and is working
        raise IdempotencyInProgress()
    if found.fingerprint != claim.fingerprint:
        raise IdempotencyKeyReused()
    if found.state == "done":
        return Outcome(found.response_status or 200, found.response_body or {}, replayed=True)
    taken = await uow.s.execute(  # an earlier release's claim, committed apart: ours once its lease ran out
        update(IdempotencyKey)
        .where(IdempotencyKey.id == found.id, IdempotencyKey.state == "in_flight", IdempotencyKey.lease_until < now)
        .values(lease_until=now + LEASE)
    )
    if taken.rowcount != 1:
        raise IdempotencyInProgress()
    return found.id


async def _store(uow: UnitOfWork, claim_id: str, status: int, body: dict[str, Any]) -> bool:
    """Answer the key inside ``uow``'s transaction; False if it is no longer this holder's to answer."""
    stored = await uow.run(_ANSWER, {"claim": claim_id, "answered": "done", "status": status, "body": body})
    return stored.rowcount == 1


_ANSWER = (  # every keyed POST stores its answer: built once, bound per call
    update(IdempotencyKey)
    .where(IdempotencyKey.id == bindparam("claim"), IdempotencyKey.state == "in_flight")
    .values(
        state=bindparam("answered"),
        response_status=bindparam("status", type_=Integer),
        response_body=bindparam("body", type_=_TABLE.c.response_body.type),
    )
)


async def _refused(db: Database, claim: _Claim, status: int, body: dict[str, Any]) -> Outcome:
    """Store a refusal as the key's answer, in a transaction of its own (the work's rolled back, claim and all);
    if another request answered the key meanwhile, its answer is the one."""
    answer = {"state": "done", "response_status": status, "response_body": body}
    insert = postgresql.insert if db.dialect == "postgresql" else sqlite.insert
    statement = insert(IdempotencyKey).values(**claim.values(db.clock.now(), **answer))
    statement = statement.on_conflict_do_update(
        index_elements=_KEY,
        set_=answer,
        where=(IdempotencyKey.state == "in_flight") & (IdempotencyKey.fingerprint == claim.fingerprint),
    )
    async with db.uow(tenant_id=claim.tenant_id) as uow:
        answered = (await uow.s.execute(statement)).rowcount == 1
        await uow.commit()
    return Outcome(status, body, replayed=False) if answered else await _stored(db, claim)


async def _stored(db: Database, claim: _Claim) -> Outcome:
    async with db.uow(tenant_id=claim.tenant_id) as uow:
        found = (await uow.s.execute(_FIND, _named(claim))).scalar_one()
        if found.fingerprint != claim.fingerprint:
            raise IdempotencyKeyReused()
        return Outcome(found.response_status or 200, found.response_body or {}, replayed=True)


def _named(claim: _Claim) -> dict[str, str]:
    return {"tenant_id": claim.tenant_id, "scope": claim.scope, "key": claim.key}


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
