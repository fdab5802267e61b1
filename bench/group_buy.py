"""Group-buy benchmark on PostgreSQL: 1,000 shoppers joining 200 groups of 5 at once.

    .venv/bin/python bench/group_buy.py [--groups 200] [--shoppers 1000] [--concurrency 64]

It serves Shoal with one worker (the in-process scheduler delivers ``OrderPaid``, which takes the seats), publishes
a group-buy of groups of 5, lets ``--groups`` leaders open and pay a group each, then sends every shopper's join
and payment (``POST /api/v1/store/groups/{id}/join``, ``POST /api/v1/store/orders/{id}/payments``, the mock's
success) at once, ``--concurrency`` in flight, spread evenly over the groups: with 1,000 shoppers for 200 groups
of 4 open seats, one shopper in five pays for a group that fills first and is refunded. It prints joins per
second, p50/p99 of a join with its payment, groups completed and over-filled groups (more than 5 paid: must be
0). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, select

import shoal.main  # noqa: F401  (registers every domain's finders and handlers, as serving does)
from shoal.campaigns.group_buy.models import GroupBuyGroup, GroupBuyMember
from shoal.core.migrate import upgrade
from shoal.core.outbox import OutboxRow
from shoal.core.uow import Database

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import create_database, drop_database, free_port, report, start_server, stop_server, wait_ready
from flash_sale import ADDRESS, OWNER_EMAIL, OWNER_PASSWORD, SLUG, prepare

GROUP_SIZE = 5
SETTLE_WITHIN = 300.0  # seconds to wait for the outbox to deliver every payment
SCHEDULER = {"SHOAL_RUN_SCHEDULER": "true", "SHOAL_SCHEDULER_INTERVAL_SECONDS": "1"}  # it delivers OrderPaid


async def run(url: str, groups: int, shoppers: int, concurrency: int) -> None:
    variant, location_id, tokens = await prepare(url, groups + shoppers)
    leaders, joiners = tokens[:groups], tokens[groups:]
    port = free_port()
    server = start_server(url, port, workers=1, extra=SCHEDULER)
    base = f"http://127.0.0.1:{port}"
    try:
        await wait_ready(base)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=httpx.Limits(max_connections=concurrency)) as c:
            login = {"tenant": SLUG, "email": OWNER_EMAIL, "password": OWNER_PASSWORD}
            staff = {
                "Authorization": f"Bearer {(await c.post('/api/v1/auth/token', json=login)).json()['access_token']}"
            }
            now = datetime.fromisoformat(
                (await c.get("/api/v1/store/flash-sales", headers={"X-Shoal-Tenant": SLUG})).json()["now"]
            )
            body = {"name": "bench", "location_id": location_id, "starts_at": (now - timedelta(minutes=1)).isoformat(),
                    "ends_at": (now + timedelta(days=1)).isoformat(), "group_size": GROUP_SIZE, "group_minutes": 600,
                    "items": [{"variant_id": variant, "group_price": 100}]}  # fmt: skip
            activity = (await c.post("/api/v1/admin/group-buys", json=body, headers=staff)).json()
            assert (
                await c.post(f"/api/v1/admin/group-buys/{activity['id']}/publish", headers=staff)
            ).status_code == 200
            gate = asyncio.Semaphore(concurrency)
            order = {"variant_id": variant, "quantity": 1, "delivery": {"method": "ship", "address": ADDRESS}}

            async def enrol_and_pay(token: str, path: str) -> tuple[int, float, str | None]:
                shopper = {"Authorization": f"Bearer {token}"}
                async with gate:
                    began = time.perf_counter()
                    answer = await c.post(path, json=order, headers={**shopper, "Idempotency-Key": str(uuid.uuid4())})
                    if answer.status_code != 201:
                        return answer.status_code, time.perf_counter() - began, None
                    placed = answer.json()
                    payment = await c.post(f"/api/v1/store/orders/{placed['id']}/payments", json={"provider": "mock"},
                                           headers=shopper)  # fmt: skip
                    await c.post(f"/api/v1/payments/mock/{payment.json()['id']}/succeed", headers=staff)
                    return 201, time.perf_counter() - began, placed.get("group_id")

            opened = await asyncio.gather(
                *(enrol_and_pay(t, f"/api/v1/store/group-buys/{activity['id']}/groups") for t in leaders)
            )
            group_ids = [g for _, _, g in opened if g]
            began = time.perf_counter()
            results = await asyncio.gather(
                *(
                    enrol_and_pay(t, f"/api/v1/store/groups/{group_ids[i % len(group_ids)]}/join")
                    for i, t in enumerate(joiners)
                )
            )
            elapsed = time.perf_counter() - began
        completed, overfilled, pending = await settle(url)
        errors = sum(1 for s, _, _ in results if s not in (201, 409))
        print(f"{len(joiners)} shoppers joining {len(group_ids)} groups of {GROUP_SIZE}: "
              f"{len(joiners) / elapsed:.0f} joins/s; groups completed {completed}; over-filled groups {overfilled}; "
              f"events undelivered {pending}")  # fmt: skip
        report("join + pay", [s for _, s, _ in results], errors, elapsed)
    finally:
        stop_server(server)


async def settle(url: str) -> tuple[int, int, int]:
    """Wait for the outbox to deliver every payment, then count completed and over-filled groups."""
    db = Database(url, app_role=None, pool_size=1)
    try:
        deadline = time.monotonic() + SETTLE_WITHIN
        while True:
            async with db.session() as session:
                pending = (
                    await session.execute(select(func.count()).where(OutboxRow.dispatched_at.is_(None)))
                ).scalar_one()
            if pending == 0 or time.monotonic() > deadline:
                break
            await asyncio.sleep(1)
        async with db.session() as session:
            completed = (
                await session.execute(select(func.count()).where(GroupBuyGroup.status == "succeeded"))
            ).scalar_one()
            seated = (
                select(GroupBuyMember.group_id, func.count().label("paid"))
                .where(GroupBuyMember.status == "paid")
                .group_by(GroupBuyMember.group_id)
                .subquery()
            )
            overfilled = (
                await session.execute(select(func.count()).select_from(seated).where(seated.c.paid > GROUP_SIZE))
            ).scalar_one()
        return int(completed), int(overfilled), int(pending)
    finally:
        await db.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--shoppers", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    name = f"shoal_bench_group_{uuid.uuid4().hex[:6]}"
    url = await create_database(name)
    await asyncio.to_thread(upgrade, url)
    try:
        await run(url, args.groups, args.shoppers, args.concurrency)
    finally:
        await drop_database(name)


if __name__ == "__main__":
    asyncio.run(main())
