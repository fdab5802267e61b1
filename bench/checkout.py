"""Checkout benchmark on PostgreSQL: shoppers check out and pay (mock) in parallel over HTTP.

    .venv/bin/python bench/checkout.py [--shoppers 200] [--hot-stock 50] [--concurrency 32]

Scenario (a): every shopper wants the same hot SKU, which has ``--hot-stock`` units (most are refused).
Scenario (a2): every shopper wants one other hot SKU, with stock for all of them: the rate of paid orders
while every checkout and payment contends for that one stock row.
Scenario (b): shoppers spread over 1,000 SKUs with plenty of stock.
For each it prints orders/s, p50/p99 of the whole flow (cart, line, checkout, payment, mock success) and of
the checkout call alone, the server's CPU per paid order (user + system, from ``/proc``), and the oversell
count (orders beyond stock: must be 0). Beside them it prints the
rate of the same core writes issued directly with asyncpg (a guarded stock update plus an order insert) so
the ratio of our path to the raw SQL floor is visible, and the SQL statements of one checkout for a 1-line
and a 20-line cart. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
import uuid
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy import Select, event, insert, select

from shoal.config import Settings
from shoal.core.ids import new_id
from shoal.core.migrate import upgrade
from shoal.core.tenancy import TenantRow
from shoal.core.uow import Database
from shoal.inventory.models import Stock
from shoal.inventory.schemas import LocationCreate
from shoal.inventory.service import create_location
from shoal.main import create_app

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import (
    APP_ROLE,
    cpu_seconds,
    create_database,
    drop_database,
    free_port,
    report,
    start_server,
    stop_server,
    wait_ready,
)
from catalog import OWNER_EMAIL, OWNER_PASSWORD, SLUG, seed

ADDRESS = {"name": "压测", "phone": "13800000000", "province": "上海市", "city": "上海市", "district": "黄浦区",
           "line1": "南京东路 1 号"}  # fmt: skip
PASSWORD = "bench-shopper-1"


async def stock_everything(url: str, variant_ids: list[str], hot: str, hot_stock: int) -> None:
    """One warehouse holding plenty of every variant (the contended hot one too), and exactly ``hot_stock`` of
    the scarce hot one."""
    db = Database(url, app_role=APP_ROLE, pool_size=2)
    try:
        async with db.session() as session:
            tenant_id = (await session.execute(select_tenant())).scalar_one()
        location = await create_location(
            db.uow(tenant_id=tenant_id), data=LocationCreate(code="WH", kind="warehouse", name="WH", priority=1)
        )
        now = db.clock.now()
        rows = [
            {"id": new_id(), "tenant_id": tenant_id, "variant_id": v, "location_id": location.id,
             "on_hand": hot_stock if v == hot else 100_000, "reserved": 0, "updated_at": now}
            for v in variant_ids
        ]  # fmt: skip
        async with db.uow(tenant_id=tenant_id) as uow:
            await uow.s.execute(insert(Stock), rows)
            await uow.commit()
    finally:
        await db.dispose()


def select_tenant() -> Select[tuple[str]]:
    return select(TenantRow.id).where(TenantRow.slug == SLUG)


async def variant_ids_of(base: str, products: list[str]) -> list[str]:
    async with httpx.AsyncClient(base_url=base, headers={"X-Shoal-Tenant": SLUG}, timeout=30) as client:
        out = []
        for pid in products:
            out += [v["id"] for v in (await client.get(f"/api/v1/store/products/{pid}")).json()["variants"]]
        return out


async def shoppers(base: str, count: int) -> list[dict[str, str]]:
    async with httpx.AsyncClient(base_url=base, headers={"X-Shoal-Tenant": SLUG}, timeout=60) as client:

        async def register(i: int) -> dict[str, str]:
            body = {"email": f"s{i}-{uuid.uuid4().hex[:6]}@bench.test", "password": PASSWORD}
            token = (await client.post("/api/v1/store/auth/register", json=body)).json()["access_token"]
            return {"Authorization": f"Bearer {token}", "X-Shoal-Tenant": SLUG}

        gate = asyncio.Semaphore(16)

        async def limited(i: int) -> dict[str, str]:
            async with gate:
                return await register(i)

        return list(await asyncio.gather(*(limited(i) for i in range(count))))


async def buy(
    client: httpx.AsyncClient, headers: dict[str, str], variant: str, staff: dict[str, str]
) -> tuple[bool, float, float]:
    """One shopper's whole flow, the mock's success played by staff; returns (ordered and paid, flow seconds,
    checkout seconds)."""
    began = time.perf_counter()
    cart = (await client.post("/api/v1/store/carts", json={}, headers=headers)).json()
    await client.post(f"/api/v1/store/carts/{cart['id']}/lines", json={"variant_id": variant, "quantity": 1},
                      headers=headers)  # fmt: skip
    checkout_began = time.perf_counter()
    order = await client.post(
        "/api/v1/store/checkout", headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        json={"cart_id": cart["id"], "delivery": {"method": "ship", "address": ADDRESS}},
    )  # fmt: skip
    checkout_seconds = time.perf_counter() - checkout_began
    if order.status_code != 201:
        return False, time.perf_counter() - began, checkout_seconds
    payment = (await client.post(f"/api/v1/store/orders/{order.json()['id']}/payments", json={"provider": "mock"},
                                 headers=headers)).json()  # fmt: skip
    paid = await client.post(f"/api/v1/payments/mock/{payment['id']}/succeed", headers=staff)
    return paid.status_code == 200, time.perf_counter() - began, checkout_seconds


async def scenario(base: str, server_pid: int, label: str, people: list[dict[str, str]], pick, concurrency: int,  # type: ignore[no-untyped-def]
                   stock: int | None):  # fmt: skip
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        staff = await staff_headers(client)

        async def one(headers: dict[str, str]) -> tuple[bool, float, float]:
            async with gate:
                return await buy(client, headers, pick(), staff)

        cpu = cpu_seconds(server_pid)
        began = time.perf_counter()
        results = await asyncio.gather(*(one(h) for h in people))
        elapsed = time.perf_counter() - began
        cpu = cpu_seconds(server_pid) - cpu
    ok = sum(1 for r in results if r[0])
    oversold = max(0, ok - stock) if stock is not None else 0
    print(f"({label}) {ok} orders paid of {len(people)} shoppers in {elapsed:.1f} s: {ok / elapsed:.1f} orders/s, "
          f"server CPU {cpu * 1000 / max(1, ok):.1f} ms per paid order, oversold {oversold}")  # fmt: skip
    report("flows", [r[1] for r in results], 0, elapsed)
    report("checkout", [r[2] for r in results], 0, elapsed)
    return ok / elapsed


async def staff_headers(client: httpx.AsyncClient) -> dict[str, str]:
    """The bench shop's owner: completing a mock payment is a staff action."""
    body = {"tenant": SLUG, "email": OWNER_EMAIL, "password": OWNER_PASSWORD}
    token = (await client.post("/api/v1/auth/token", json=body)).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


async def raw_floor(url: str, variants: list[str], rounds: int, concurrency: int) -> float:
    """The same core writes with asyncpg and no framework: guarded stock update + an order row."""
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    pool = await asyncpg.create_pool(dsn, min_size=concurrency, max_size=concurrency)
    await pool.execute("CREATE TABLE IF NOT EXISTS bench_raw_orders (id text, variant text, at timestamptz)")
    tenant = await pool.fetchval("SELECT id FROM tenants WHERE slug = $1", SLUG)

    async def one() -> None:
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "UPDATE inventory_stock SET reserved = reserved + 1 WHERE tenant_id = $1 AND variant_id = $2 "
                "AND on_hand - reserved >= 1", tenant, random.choice(variants),
            )  # fmt: skip
            await conn.execute("INSERT INTO bench_raw_orders VALUES ($1, $2, now())", new_id(), "v")

    began = time.perf_counter()
    gate = asyncio.Semaphore(concurrency)

    async def limited() -> None:
        async with gate:
            await one()

    await asyncio.gather(*(limited() for _ in range(rounds)))
    rate = rounds / (time.perf_counter() - began)
    await pool.close()
    return rate


async def statements_per_checkout(url: str, variants: list[str]) -> dict[int, int]:
    """Count SQL statements of one checkout, in-process, for a 1-line and a 20-line cart, in the steady state:
    a first checkout fills the per-process caches (promotions, shipping rules, pricing snapshots)."""
    db = Database(url, app_role=APP_ROLE, pool_size=4)
    app = create_app(Settings(database_url=url, run_scheduler=False, log_level="WARNING"), db=db)
    counts: dict[int, int] = {}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
        [headers] = await shoppers_via(client, 1)
        for size in (1, 1, 20):  # the first 1-line count is overwritten by the second
            cart = (await client.post("/api/v1/store/carts", json={}, headers=headers)).json()
            for variant in variants[1 : size + 1]:
                await client.post(f"/api/v1/store/carts/{cart['id']}/lines", json={"variant_id": variant},
                                  headers=headers)  # fmt: skip
            seen: list[str] = []

            def listener(*args: object, seen: list[str] = seen) -> None:
                seen.append(str(args[2]))

            event.listen(db.engine.sync_engine, "before_cursor_execute", listener)
            response = await client.post(
                "/api/v1/store/checkout", headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
                json={"cart_id": cart["id"], "delivery": {"method": "ship", "address": ADDRESS}},
            )  # fmt: skip
            event.remove(db.engine.sync_engine, "before_cursor_execute", listener)
            assert response.status_code == 201, response.text
            counts[size] = len(seen)
    await db.dispose()
    return counts


async def shoppers_via(client: httpx.AsyncClient, count: int) -> list[dict[str, str]]:
    out = []
    for _ in range(count):
        body = {"email": f"c-{uuid.uuid4().hex[:8]}@bench.test", "password": PASSWORD}
        token = (await client.post("/api/v1/store/auth/register", json=body, headers={"X-Shoal-Tenant": SLUG})).json()
        out.append({"Authorization": f"Bearer {token['access_token']}", "X-Shoal-Tenant": SLUG})
    return out


async def main(args: argparse.Namespace) -> None:
    name = f"shoal_bench_checkout_{os.getpid()}"
    url = await create_database(name)
    server = None
    try:
        await asyncio.to_thread(upgrade, url)
        products = await seed(url, 500)  # 500 products with 2 variants each: 1,000 SKUs
        port = free_port()
        server = start_server(url, port)
        base = f"http://127.0.0.1:{port}"
        await wait_ready(base)
        variants = await variant_ids_of(base, products)
        hot, contended = variants[0], variants[1]
        await stock_everything(url, variants, hot, args.hot_stock)
        people = await shoppers(base, args.shoppers)
        print(f"{args.shoppers} shoppers, concurrency {args.concurrency}, hot SKU stock {args.hot_stock}")
        pid, gate = server.pid, args.concurrency
        await scenario(base, pid, f"a: one hot SKU, {args.hot_stock} units", people, lambda: hot, gate, args.hot_stock)
        hot_rate = await scenario(base, pid, "a2: one hot SKU, stock for all", people, lambda: contended, gate, None)
        wide_rate = await scenario(base, pid, "b: 1,000 SKUs", people, lambda: random.choice(variants[2:]), gate, None)
        floor = await raw_floor(url, variants[2:], args.shoppers * 5, args.concurrency)
        print(f"raw asyncpg floor (guarded update + insert): {floor:.1f} tx/s; "
              f"ratio ours/floor: a2 {hot_rate / floor:.3f}, b {wide_rate / floor:.3f}")  # fmt: skip
        counts = await statements_per_checkout(url, variants)
        print(f"SQL statements per checkout: 1 line {counts[1]}, 20 lines {counts[20]}")
    finally:
        stop_server(server)
        await drop_database(name)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shoppers", type=int, default=200)
    parser.add_argument("--hot-stock", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    if not (1 <= args.shoppers <= 5000 and 0 <= args.hot_stock <= 100_000 and 1 <= args.concurrency <= 256):
        parser.error("keep it bounded: shoppers 1..5000, concurrency 1..256")
    return args


if __name__ == "__main__":
    asyncio.run(main(parse()))
