"""Flash sale benchmark on PostgreSQL: a crowd of buyers for a few units, on the Redis path and the database path.

    .venv/bin/python bench/flash_sale.py [--buyers 2000] [--units 100] [--concurrency 64] [--rate 0]
                                         [--redis redis://127.0.0.1:6379/0]

For each path it serves Shoal with one worker, publishes a live session of one SKU with ``--units`` units and a
limit of 1, and sends every buyer's ``POST /api/v1/store/flash-sales/{id}/orders``: all at once over
``--concurrency`` connections (the rate the server can answer), or arriving at ``--rate`` buyers per second (the
latency a buyer sees at that rate; see ``crowd``). It prints buyers answered per second (admitted or refused: the
admission rate), p50/p99 of the admission call, orders created and units oversold (orders beyond the units: must be
0), the server's CPU per buyer (the figure a busy, shared machine moves least), and beside them the floor: the same
crowd on ``GET /healthz``, which is the HTTP stack and the client alone. Shoppers are signed in beforehand, in
process, so the figures are of admission alone. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, select

import shoal.main  # noqa: F401  (registers every domain's finders, as serving does)
from shoal.catalog.schemas import ProductCreate
from shoal.catalog.service import create_product
from shoal.config import Settings
from shoal.core.migrate import upgrade
from shoal.core.uow import Database
from shoal.customers.models import Customer
from shoal.customers.service_auth import finish_sign_in
from shoal.identity.service import create_tenant
from shoal.inventory.schemas import LocationCreate
from shoal.inventory.service import create_location
from shoal.inventory.service_stock import receive_stock
from shoal.orders.models import Order

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import (
    APP_ROLE,
    KeepAliveClient,
    cpu_seconds,
    create_database,
    drop_database,
    free_port,
    report,
    start_server,
    stop_server,
    wait_ready,
)

SLUG, OWNER_EMAIL, OWNER_PASSWORD = "bench", "owner@bench.test", "bench-pass-1"

ADDRESS = {"name": "压测", "phone": "13800000000", "province": "上海市", "city": "上海市", "district": "黄浦区",
           "line1": "南京东路 1 号"}  # fmt: skip


async def prepare(url: str, buyers: int) -> tuple[str, str, list[str]]:
    """A shop with one product in stock at a warehouse, and ``buyers`` signed-in shoppers' tokens."""
    db = Database(url, app_role=APP_ROLE, pool_size=4)
    settings = Settings(database_url=url)
    try:
        tenant = await create_tenant(
            db.uow(), slug=SLUG, name="Bench", owner_email=OWNER_EMAIL, owner_password=OWNER_PASSWORD
        )
        tenant_id = tenant.id
        location = await create_location(
            db.uow(tenant_id=tenant_id), data=LocationCreate(code="WH", kind="warehouse", name="WH")
        )
        product = await create_product(
            db.uow(tenant_id=tenant_id),
            data=ProductCreate(name="秒杀茶", status="active", price=9900, sku="FLASH-1", handle="flash-tea"),
        )
        variant = product.variants[0].id
        await receive_stock(db.uow(tenant_id=tenant_id), variant_id=variant, location_id=location.id, quantity=10_000)
        tokens = []
        for i in range(buyers):
            async with db.uow(tenant_id=tenant_id) as uow:
                customer = Customer(
                    tenant_id=tenant_id,
                    email=f"b{i}@bench.test",
                    name=f"b{i}",
                    locale="zh-CN",
                    status="active",
                    created_at=uow.clock.now(),
                    tags=[],
                )
                uow.s.add(customer)
                await uow.s.flush()
                tokens.append(
                    (await finish_sign_in(uow, settings, customer, method="bench", cart_id=None)).access_token
                )
        return variant, location.id, tokens
    finally:
        await db.dispose()


Request = tuple[str, str, bytes, dict[str, str]]  # method, path, body, headers
Answer = tuple[int, float]  # status, seconds


async def crowd(port: int, requests: list[Request], concurrency: int, rate: float) -> tuple[list[Answer], float]:
    """Send every request over ``concurrency`` keep-alive connections; answers ``(status, latency)`` of each and
    the seconds it all took.

    ``rate`` 0: a closed loop, each connection sending its next request as soon as the last is answered (the
    crowd all at once: the rate the server can answer). ``rate`` > 0: an open loop, request *i* due at
    ``i / rate`` seconds whatever the server does, its latency counted from when it was due (so a request that
    waited for a free connection counts that wait: no coordinated omission). That is how "N buyers/s with p99
    under X" reads: the latency a buyer sees while buyers arrive at N per second."""
    free: asyncio.Queue[KeepAliveClient] = asyncio.Queue()
    for _ in range(concurrency):
        free.put_nowait(KeepAliveClient("127.0.0.1", port, {}))
    results: list[Answer] = []
    began = time.perf_counter()

    async def send(request: Request, due: float) -> None:
        method, path, body, headers = request
        client = await free.get()
        try:
            if method == "GET":
                status, _, _ = await client.get(path, headers)
            else:
                status, _, _ = await client.post(path, body, headers)
        finally:
            free.put_nowait(client)
        results.append((status, time.perf_counter() - due))

    if rate > 0:
        tasks = []
        for i, request in enumerate(requests):
            due = began + i / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            tasks.append(asyncio.create_task(send(request, due)))
        await asyncio.gather(*tasks)
    else:
        pending = iter(requests)

        async def connection() -> None:  # takes the next request until none is left
            for request in pending:
                await send(request, time.perf_counter())

        await asyncio.gather(*(connection() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    while not free.empty():
        await free.get_nowait().close()
    return results, elapsed


async def run_path(
    url: str, label: str, redis_url: str, buyers: int, units: int, concurrency: int, rate: float
) -> None:
    name = url.rsplit("/", 1)[1]
    variant, location_id, tokens = await prepare(url, buyers)
    port = free_port()
    extra = {"SHOAL_REDIS_URL": redis_url, "SHOAL_REDIS_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}"}
    server = start_server(url, port, workers=1, extra=extra)
    base = f"http://127.0.0.1:{port}"
    try:
        await wait_ready(base)
        async with httpx.AsyncClient(
            base_url=base, timeout=60, limits=httpx.Limits(max_connections=concurrency)
        ) as client:
            staff_token = (
                await client.post(
                    "/api/v1/auth/token", json={"tenant": SLUG, "email": OWNER_EMAIL, "password": OWNER_PASSWORD}
                )
            ).json()["access_token"]
            staff = {"Authorization": f"Bearer {staff_token}"}
            now = (await client.get("/api/v1/store/flash-sales", headers={"X-Shoal-Tenant": SLUG})).json()["now"]
            start = datetime.fromisoformat(now) - timedelta(minutes=1)
            item = {"variant_id": variant, "flash_price": 100, "quantity": units, "per_shopper_limit": 1}
            body = {"name": "bench", "location_id": location_id, "starts_at": start.isoformat(),
                    "ends_at": (start + timedelta(hours=1)).isoformat(),
                    "items": [item]}  # fmt: skip
            sale = (await client.post("/api/v1/admin/flash-sales", json=body, headers=staff)).json()
            assert (
                await client.post(f"/api/v1/admin/flash-sales/{sale['id']}/publish", headers=staff)
            ).status_code == 200
            order = {"variant_id": variant, "quantity": 1, "delivery": {"method": "ship", "address": ADDRESS}}
            path, payload = f"/api/v1/store/flash-sales/{sale['id']}/orders", json.dumps(order).encode()
            cpu = cpu_seconds(server.pid)
            floor_results, floor_elapsed = await crowd(port, [("GET", "/healthz", b"", {})] * buyers, concurrency, rate)
            floor_cpu, cpu = cpu_seconds(server.pid) - cpu, cpu_seconds(server.pid)
            requests = [
                ("POST", path, payload, {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())})
                for token in tokens
            ]
            results, elapsed = await crowd(port, requests, concurrency, rate)
            cpu = cpu_seconds(server.pid) - cpu
        db = Database(url, app_role=None, pool_size=1)
        async with db.session() as session:
            created = (await session.execute(select(func.count()).select_from(Order))).scalar_one()
        await db.dispose()
        statuses = [s for s, _ in results]
        errors = sum(1 for s in statuses if s not in (201, 409))
        print(f"[{label}] {buyers} buyers for {units} units: {buyers / elapsed:.0f} admitted/s, "
              f"orders created {created}, oversold {max(0, created - units)}")  # fmt: skip
        per_buyer = f"   server CPU {1000 * cpu / buyers:.2f} ms/buyer"
        report("admission", [s for _, s in results], errors, elapsed, per_buyer)
        for status, kind in ((201, "admitted"), (409, "refused")):  # the tail is whose?
            report(f"  {kind}", [s for code, s in results if code == status], 0, elapsed)
        per_request = f"   server CPU {1000 * floor_cpu / buyers:.2f} ms/request"
        report("floor: GET /healthz (HTTP stack and client, no database, no Redis)",
               [s for _, s in floor_results], 0, floor_elapsed, per_request)  # fmt: skip
    finally:
        stop_server(server)
        await drop_database(name)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--buyers", type=int, default=2000)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--rate", type=float, default=0, help="buyers arriving per second (0: all at once)")
    args = parser.parse_args()
    for label, redis_url in (("redis", args.redis), ("database", "")):
        name = f"shoal_bench_flash_{uuid.uuid4().hex[:6]}"
        url = await create_database(name)
        await asyncio.to_thread(upgrade, url)
        await run_path(url, label, redis_url, args.buyers, args.units, args.concurrency, args.rate)


if __name__ == "__main__":
    asyncio.run(main())
