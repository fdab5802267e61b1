"""Sign-in throttling: one mechanism for staff passwords, shopper passwords and shopper SMS codes.

Counting failures after the fact lets parallel requests all pass the count before any failure is
written (40 parallel guesses checked 17-29 passwords instead of 5). So an attempt first *takes a slot*
in each of its buckets, one guarded upsert per bucket, and commits that before any secret is checked.
A full bucket refuses in the same statement that would count, so however many requests run at once,
at most ``limit`` secrets are checked per bucket and window. A right secret gives its slots back.

The buckets (``rules.sign_in_buckets``, limits in settings, one window of
``login_failure_window_minutes``): the account from this address (``login_max_failures``), the account
from anywhere (``login_max_failures_per_account``) and this address over all accounts
(``login_max_failures_per_address``). The first refusal of a bucket's window is written to the audit
log (``sign_in.locked_out``), once, so a flood of refused guesses cannot flood the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from shoal.config import Settings, get_settings
from shoal.core.scheduler import tenant_ids
from shoal.core.uow import Database, UnitOfWork
from shoal.identity import rules
from shoal.identity.errors import TooManyAttempts
from shoal.identity.models import SignInThrottle
from shoal.identity.rules import ThrottleBucket


@dataclass(frozen=True, slots=True)
class SignInAttempt:
    """Slots taken for one attempt; hand it back to ``succeeded`` when the secret was right."""

    buckets: tuple[ThrottleBucket, ...]


async def admit(
    uow: UnitOfWork,
    settings: Settings,
    *,
    kind: str,
    login: str,
    address: str,
    refusal: type[TooManyAttempts] = TooManyAttempts,
) -> SignInAttempt:
    """Take a slot in every bucket of this attempt and commit, or take none and raise ``refusal``.

    ``kind`` is ``"staff"`` or ``"shopper"``; ``uow`` must be open and bound to the tenant.
    """
    buckets = rules.sign_in_buckets(
        kind,
        login,
        address,
        per_account_address=settings.login_max_failures,
        per_account=settings.login_max_failures_per_account,
        per_address=settings.login_max_failures_per_address,
    )
    now = uow.clock.now()
    window = timedelta(minutes=settings.login_failure_window_minutes)
    for bucket in buckets:
        if not await _take_slot(uow, bucket, now, window):
            await uow.rollback()  # the slots taken in the other buckets are given back
            window_start = await _record_lockout(uow, bucket, kind=kind, login=login, address=address, now=now)
            raise refusal(retry_after=rules.retry_after_seconds(window_start, now, window))
    await uow.commit()
    return SignInAttempt(buckets)


async def succeeded(uow: UnitOfWork, attempt: SignInAttempt) -> None:
    """The secret was right: give the attempt's slots back, in the caller's transaction."""
    for bucket in attempt.buckets:
        row = (SignInThrottle.tenant_id == uow.tenant_id, SignInThrottle.bucket == bucket.key)
        if bucket.clears_on_success:
            await uow.s.execute(delete(SignInThrottle).where(*row))
        else:
            await uow.s.execute(
                update(SignInThrottle)
                .where(*row, SignInThrottle.attempts > 0)
                .values(attempts=SignInThrottle.attempts - 1)
            )


async def purge_ended_windows(db: Database) -> int:
    """Drop counters whose window has ended: the next attempt would start them afresh anyway."""
    window = timedelta(minutes=get_settings().login_failure_window_minutes)
    purged = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id) as uow:
            result = await uow.s.execute(
                delete(SignInThrottle).where(
                    SignInThrottle.tenant_id == tenant_id, SignInThrottle.window_start <= uow.clock.now() - window
                )
            )
            purged += result.rowcount or 0
            await uow.commit()
    return purged


async def _take_slot(uow: UnitOfWork, bucket: ThrottleBucket, now: datetime, window: timedelta) -> bool:
    """Count one attempt unless the bucket's current window is full; a window that has ended starts
    afresh. One statement, so concurrent attempts queue on the row instead of racing a read."""
    expired = SignInThrottle.window_start <= now - window
    insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
    statement = (
        insert(SignInThrottle)
        .values(tenant_id=uow.tenant_id, bucket=bucket.key, window_start=now, attempts=1, locked_at=None)
        .on_conflict_do_update(
            index_elements=["tenant_id", "bucket"],
            set_={
                "attempts": case((expired, 1), else_=SignInThrottle.attempts + 1),
                "window_start": case((expired, now), else_=SignInThrottle.window_start),
            },
            where=or_(expired, SignInThrottle.attempts < bucket.limit),
        )
    )
    return (await uow.s.execute(statement)).rowcount == 1


async def _record_lockout(
    uow: UnitOfWork, bucket: ThrottleBucket, *, kind: str, login: str, address: str, now: datetime
) -> datetime:
    """Audit the first refusal of this bucket's window (a guarded mark makes it once) and commit;
    the window's start, for ``Retry-After``."""
    row = (SignInThrottle.tenant_id == uow.tenant_id, SignInThrottle.bucket == bucket.key)
    marked = await uow.s.execute(
        update(SignInThrottle)
        .where(*row, or_(SignInThrottle.locked_at.is_(None), SignInThrottle.locked_at < SignInThrottle.window_start))
        .values(locked_at=now)
    )
    if marked.rowcount == 1:
        entity = "staff_user" if kind == "staff" else "customer"
        details = {"login": login, "address": address, "scope": bucket.scope, "limit": bucket.limit}
        uow.audit("sign_in.locked_out", entity, None, details)
    window_start = (await uow.s.execute(select(SignInThrottle.window_start).where(*row))).scalar_one()
    await uow.commit()
    return window_start
