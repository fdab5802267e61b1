"""Idempotency keys: one execution per key, replays identical, different bodies refused, twins held off;
the claim and the answer commit with the work, so no retry can run the work twice."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from shoal.core.audit import AuditEntry
from shoal.core.errors import Conflict
from shoal.core.idempotency import (
    IdempotencyInProgress,
    IdempotencyKey,
    IdempotencyKeyReused,
    InvalidIdempotencyKey,
    fingerprint,
    purge_expired_keys,
    run_once,
)
from shoal.core.ids import new_id


async def test_replay_returns_the_stored_outcome_without_running_again(db, tenant) -> None:
    calls = []

    async def handler(_uow):
        calls.append(1)
        return 201, {"order": len(calls)}

    first = await run_once(
        db.uow(tenant_id=tenant.id), scope="checkout", key="k1", request_fingerprint="a", locale="en", handler=handler
    )
    again = await run_once(
        db.uow(tenant_id=tenant.id), scope="checkout", key="k1", request_fingerprint="a", locale="en", handler=handler
    )
    assert (first.status, first.body, first.replayed) == (201, {"order": 1}, False)
    assert (again.status, again.body, again.replayed) == (201, {"order": 1}, True)
    assert calls == [1]


async def test_same_key_with_another_request_is_refused(db, tenant) -> None:
    async def handler(_uow):
        return 200, {}

    await run_once(
        db.uow(tenant_id=tenant.id), scope="s", key="k", request_fingerprint="a", locale="en", handler=handler
    )
    with pytest.raises(IdempotencyKeyReused):
        await run_once(
            db.uow(tenant_id=tenant.id), scope="s", key="k", request_fingerprint="b", locale="en", handler=handler
        )


async def test_domain_errors_are_stored_and_crashes_release_the_key(db, tenant) -> None:
    async def refuses(_uow):
        raise Conflict(detail="nope")

    async def crashes(_uow):
        raise RuntimeError("boom")

    refused = await run_once(
        db.uow(tenant_id=tenant.id), scope="s", key="e", request_fingerprint="a", locale="en", handler=refuses
    )
    assert refused.status == 409 and refused.body["code"] == "conflict"
    with pytest.raises(RuntimeError):
        await run_once(
            db.uow(tenant_id=tenant.id), scope="s", key="c", request_fingerprint="a", locale="en", handler=crashes
        )

    async def works(_uow):
        return 200, {"ok": True}

    retried = await run_once(
        db.uow(tenant_id=tenant.id), scope="s", key="c", request_fingerprint="a", locale="en", handler=works
    )
    assert retried.body == {"ok": True} and not retried.replayed


async def test_keys_are_per_tenant(db, tenant) -> None:
    from tests.conftest import new_tenant

    other = await new_tenant(db)

    async def handler(_uow):
        return 200, {}

    await run_once(
        db.uow(tenant_id=tenant.id), scope="s", key="k", request_fingerprint="a", locale="en", handler=handler
    )
    outcome = await run_once(
        db.uow(tenant_id=other.id), scope="s", key="k", request_fingerprint="b", locale="en", handler=handler
    )
    assert not outcome.replayed


async def test_invalid_keys_are_refused(db, tenant) -> None:
    async def handler(_uow):
        return 200, {}

    for key in ("", " padded ", "x" * 256):
        with pytest.raises(InvalidIdempotencyKey):
            await run_once(
                db.uow(tenant_id=tenant.id), scope="s", key=key, request_fingerprint="a", locale="en", handler=handler
            )


async def test_expired_keys_are_purged(db, tenant, clock) -> None:
    async def handler(_uow):
        return 200, {}

    await run_once(
        db.uow(tenant_id=tenant.id), scope="s", key="old", request_fingerprint="a", locale="en", handler=handler
    )
    clock.advance(hours=25)
    assert await purge_expired_keys(db) >= 1
    outcome = await run_once(
        db.uow(tenant_id=tenant.id), scope="s", key="old", request_fingerprint="b", locale="en", handler=handler
    )
    assert not outcome.replayed


def test_fingerprint_ignores_key_order() -> None:
    assert fingerprint({"a": 1, "b": [1, 2]}) == fingerprint({"b": [1, 2], "a": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})


@pytest.mark.pg_only
async def test_fifty_concurrent_twins_run_the_handler_once(db, tenant) -> None:
    calls = []

    async def handler(_uow):
        calls.append(1)
        await asyncio.sleep(0.2)
        return 201, {"id": "order-1"}

    async def attempt():
        try:
            return await run_once(
                db.uow(tenant_id=tenant.id),
                scope="checkout",
                key="same",
                request_fingerprint="f",
                locale="en",
                handler=handler,
            )
        except IdempotencyInProgress:
            return "in_progress"

    results = await asyncio.gather(*(attempt() for _ in range(50)))
    assert len(calls) == 1
    outcomes = [r for r in results if r != "in_progress"]
    assert outcomes and all(o.body == {"id": "order-1"} and o.status == 201 for o in outcomes)


async def _audited(db, tenant_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    async with db.uow(tenant_id=tenant_id) as uow:
        rows = await uow.s.execute(select(AuditEntry.action).where(AuditEntry.tenant_id == tenant_id))
        return sorted(rows.scalars())


async def test_a_refusal_keeps_none_of_the_work_and_is_the_answer(db, tenant) -> None:
    async def writes_then_refuses(uow):  # type: ignore[no-untyped-def]
        async with uow:
            uow.audit("half.done", "test", None, {})
            await uow.commit()
        raise Conflict(detail="nope")

    async def never(_uow):  # type: ignore[no-untyped-def]
        raise AssertionError("a replay must not run the work")

    refused = await run_once(
        db.uow(tenant_id=tenant.id), scope="s", key="r", request_fingerprint="a", locale="en",
        handler=writes_then_refuses,
    )  # fmt: skip
    replay = await run_once(
        db.uow(tenant_id=tenant.id), scope="s", key="r", request_fingerprint="a", locale="en", handler=never
    )
    assert (refused.status, replay.status, replay.body, replay.replayed) == (409, 409, refused.body, True)
    assert await _audited(db, tenant.id) == []


@pytest.mark.pg_only
async def test_a_twin_is_answered_at_once_while_the_first_works(db, tenant) -> None:
    """The first request holds the key in its own transaction: a twin gets 409 without waiting and without
    running the work; once the first commits, a retry replays its answer."""
    started, go_on = asyncio.Event(), asyncio.Event()

    async def slow(uow):  # type: ignore[no-untyped-def]
        started.set()
        await go_on.wait()
        async with uow:
            uow.audit("slow.done", "test", None, {})
            await uow.commit()
        return 201, {"by": "slow"}

    async def never(_uow):  # type: ignore[no-untyped-def]
        raise AssertionError("a twin must not run the work")

    def attempt(handler):  # type: ignore[no-untyped-def]
        return run_once(
            db.uow(tenant_id=tenant.id), scope="s", key="busy", request_fingerprint="a", locale="en", handler=handler
        )

    first = asyncio.create_task(attempt(slow))
    await started.wait()
    with pytest.raises(IdempotencyInProgress):
        await asyncio.wait_for(attempt(never), timeout=5)
    go_on.set()
    assert (await first).body == {"by": "slow"}
    assert (await attempt(never)).replayed
    assert await _audited(db, tenant.id) == ["slow.done"]


async def test_a_claim_an_earlier_release_left_in_flight_is_taken_over_after_its_lease(db, tenant, clock) -> None:
    """Claims used to be committed apart: one a crashed request left behind frees the key once its lease ran
    out, and not before."""
    now = clock.now()
    async with db.uow(tenant_id=tenant.id) as uow:
        uow.s.add(
            IdempotencyKey(
                id=new_id(), tenant_id=tenant.id, scope="s", key="old", fingerprint="a", state="in_flight",
                created_at=now, lease_until=now + timedelta(seconds=60), expires_at=now + timedelta(hours=24),
            )
        )  # fmt: skip
        await uow.commit()

    async def works(_uow):  # type: ignore[no-untyped-def]
        return 201, {"ran": True}

    def attempt():  # type: ignore[no-untyped-def]
        return run_once(
            db.uow(tenant_id=tenant.id), scope="s", key="old", request_fingerprint="a", locale="en", handler=works
        )

    with pytest.raises(IdempotencyInProgress):
        await attempt()
    clock.advance(minutes=2)
    taken = await attempt()
    assert taken.body == {"ran": True} and not taken.replayed
    assert (await attempt()).replayed
