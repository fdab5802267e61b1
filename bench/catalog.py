"""Storefront read benchmark: seed a fresh PostgreSQL database, serve it, and measure list and detail reads.

    .venv/bin/python bench/catalog.py [--products 10000] [--clients 32] [--seconds 10]

Creates ``shoal_bench_<pid>`` (dropped at the end), runs the migrations, bulk-inserts N active products
with two variants and an image each, starts ``shoal serve`` on a free loopback port, then runs
``--clients`` concurrent keep-alive clients (``_harness.KeepAliveClient``) for ``--seconds`` per phase: the
HTTP floor (``/healthz``), the storefront list and detail (``/api/v1/store/products``), the same read by
repeat readers sending their ``If-None-Match``, and the shop's HTML home and product pages; each with
requests/s, p50/p99 and the server's CPU per request. Then the raw floor (the detail's reads through asyncpg
alone), and the SQL statements of each read (first and repeat), counted in-process. Figures are printed,
never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy import event, insert

from shoal.catalog.models import Product, ProductImage, Variant
from shoal.catalog.search import SearchSource, search_text
from shoal.config import Settings
from shoal.core.ids import new_id
from shoal.core.migrate import upgrade
from shoal.core.uow import Database
from shoal.identity.service import create_tenant
from shoal.main import create_app

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

SLUG = "bench"
OWNER_EMAIL, OWNER_PASSWORD = "owner@bench.test", "bench-pass-1"
BATCH = 1000


async def seed(url: str, products: int) -> list[str]:
    """Insert products in batches with one statement per table and batch (the fast path)."""
    db = Database(url, app_role=APP_ROLE, pool_size=2)
    try:
        tenant = await create_tenant(
            db.uow(), slug=SLUG, name="Bench", owner_email=OWNER_EMAIL, owner_password=OWNER_PASSWORD
        )
        ids: list[str] = []
        start = datetime(2026, 1, 1, tzinfo=UTC)
        for offset in range(0, products, BATCH):
            rows, variants, images = [], [], []
            for i in range(offset, min(offset + BATCH, products)):
                pid, at = new_id(), start + timedelta(minutes=i)
                name, en = f"茶品 {i} 号", f"Tea number {i}"
                skus = [f"B{i}-1", f"B{i}-2"]
                price = 1000 + (i * 37) % 50_000
                rows.append(
                    {
                        "id": pid,
                        "tenant_id": tenant.id,
                        "handle": f"tea-{i}",
                        "name": name,
                        "description": "基准测试商品",
                        "translations": {"en": {"name": en, "description": "Benchmark product"}},
                        "status": "active",
                        "tags": [],
                        "attributes": {},
                        "search_text": search_text(SearchSource(names=(name, en), skus=tuple(skus))),
                        "price_min": price,
                        "created_at": at,
                        "updated_at": at,
                    }
                )
                images.append(
                    {"id": new_id(), "tenant_id": tenant.id, "product_id": pid, "url": f"/media/{i}.svg", "alt": ""}
                )
                for position, sku in enumerate(skus):
                    variants.append(
                        {
                            "id": new_id(),
                            "tenant_id": tenant.id,
                            "product_id": pid,
                            "sku": sku,
                            "title": ("50g", "100g")[position],
                            "options": [("50g", "100g")[position]],
                            "weight_grams": 50 * (position + 1),
                            "price": price + position * 1000,
                            "position": position,
                            "created_at": at,
                        }
                    )
                ids.append(pid)
            async with db.uow(tenant_id=tenant.id) as uow:
                await uow.s.execute(insert(Product), rows)
                await uow.s.execute(insert(ProductImage), images)
                await uow.s.execute(insert(Variant), variants)
                await uow.commit()
        return ids
    finally:
        await db.dispose()


async def drive(
    base: str, clients: int, seconds: float, path_for: Callable[[], str], revalidate: bool = False
) -> tuple[list[float], int]:
    """Run ``clients`` loops for ``seconds``; return every latency (seconds) and the error count. With
    ``revalidate`` each client sends back the ETag it was given for a path (a repeat reader): 304 counts."""
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds

    async def one_client() -> None:
        nonlocal errors
        tags: dict[str, str] = {}
        host, port = base.removeprefix("http://").split(":")
        client = KeepAliveClient(host, int(port), {"X-Shoal-Tenant": SLUG})
        try:
            while time.monotonic() < deadline:
                path = path_for()
                headers = {"If-None-Match": tags[path]} if path in tags else {}
                began = time.perf_counter()
                status, fields, _ = await client.get(path, headers)
                latencies.append(time.perf_counter() - began)
                errors += status not in (200, 304)
                if revalidate and "etag" in fields:
                    tags[path] = fields["etag"]
        finally:
            await client.close()

    await asyncio.gather(*(one_client() for _ in range(clients)))
    return latencies, errors


async def raw_floor(url: str, ids: list[str], clients: int, seconds: float) -> float:
    """What PostgreSQL answers with asyncpg and no framework, per second: one product detail's catalog and
    stock reads (product, variants with their prices, images, stock) in one transaction. Each read names the
    tenant, as Shoal's do: the indexes lead with ``tenant_id``, and without it the variants and images were
    sequential scans that made the floor a third of what it is."""
    pool = await asyncpg.create_pool(url.replace("postgresql+asyncpg://", "postgresql://"), max_size=clients)
    deadline, done = time.monotonic() + seconds, 0

    async def one_client() -> None:
        nonlocal done
        while time.monotonic() < deadline:
            product = random.choice(ids)
            async with pool.acquire() as conn, conn.transaction():
                found = await conn.fetchrow(
                    "SELECT id, tenant_id, name, translations, price_min FROM catalog_products WHERE id = $1", product
                )
                tenant = found["tenant_id"]
                variants = await conn.fetch(
                    "SELECT v.id, v.price, p.price FROM catalog_variants v LEFT JOIN catalog_channel_prices p "
                    "ON p.tenant_id = v.tenant_id AND p.variant_id = v.id AND p.channel = 'online' "
                    "WHERE v.tenant_id = $1 AND v.product_id = $2", tenant, product,
                )  # fmt: skip
                await conn.fetch(
                    "SELECT id, url FROM catalog_product_images WHERE tenant_id = $1 AND product_id = $2",
                    tenant, product,
                )  # fmt: skip
                await conn.fetch(
                    "SELECT variant_id, sum(on_hand - reserved) FROM inventory_stock WHERE tenant_id = $1 "
                    "AND variant_id = any($2) GROUP BY variant_id", tenant, [v[0] for v in variants],
                )  # fmt: skip
            done += 1

    await asyncio.gather(*(one_client() for _ in range(clients)))
    await pool.close()
    return done / seconds


async def statements_per_read(url: str, ids: list[str]) -> dict[str, tuple[int, int]]:
    """SQL statements of each read, in-process: (first read, repeat read) per endpoint, once the tenant is in
    memory (a categories read first), each page on a product not read before."""
    db = Database(url, app_role=APP_ROLE, pool_size=2)
    app = create_app(Settings(database_url=url, run_scheduler=False, log_level="WARNING"), db=db)
    paths = {
        "list": "/api/v1/store/products?limit=20",
        "detail": f"/api/v1/store/products/{ids[0]}",
        "shop home": f"/shop/{SLUG}",
        "shop product": f"/shop/{SLUG}/p/{ids[1]}",
    }
    counts: dict[str, tuple[int, int]] = {}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
        await client.get("/api/v1/store/categories", headers={"X-Shoal-Tenant": SLUG})
        for label, path in paths.items():
            seen: list[str] = []

            def listener(*args: object, seen: list[str] = seen) -> None:
                seen.append(str(args[2]))

            event.listen(db.engine.sync_engine, "before_cursor_execute", listener)
            first = await client.get(path, headers={"X-Shoal-Tenant": SLUG})
            cold = len(seen)
            await client.get(path, headers={"X-Shoal-Tenant": SLUG})
            event.remove(db.engine.sync_engine, "before_cursor_execute", listener)
            assert first.status_code == 200, first.text
            counts[label] = (cold, len(seen) - cold)
    await db.dispose()
    return counts


async def main(args: argparse.Namespace) -> None:
    name = f"shoal_bench_{os.getpid()}"
    url = await create_database(name)
    server = None
    try:
        await asyncio.to_thread(upgrade, url)
        began = time.perf_counter()
        ids = await seed(url, args.products)
        print(f"seeded {len(ids)} products in {time.perf_counter() - began:.1f} s")
        for label, (cold, warm) in (await statements_per_read(url, ids)).items():
            print(f"SQL statements, {label}: {cold} first read, {warm} repeat read")
        port = free_port()
        server = start_server(url, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        await wait_ready(base)
        sorts = ["-created_at", "price", "-price", "name"]
        hot = ids[:50]
        phases: dict[str, tuple[Callable[[], str], bool]] = {
            "floor: GET /healthz (HTTP stack and client, no database)": (lambda: "/healthz", False),
            "list": (lambda: f"/api/v1/store/products?limit=20&sort={random.choice(sorts)}", False),
            "detail": (lambda: f"/api/v1/store/products/{random.choice(ids)}", False),
            "list, repeat readers (If-None-Match)": (
                lambda: f"/api/v1/store/products?sort={random.choice(sorts)}",
                True,
            ),
            "detail, repeat readers (50 products, If-None-Match)": (
                lambda: f"/api/v1/store/products/{random.choice(hot)}",
                True,
            ),
            "shop home page (HTML)": (lambda: f"/shop/{SLUG}", False),
            "shop product page (HTML)": (lambda: f"/shop/{SLUG}/p/{random.choice(ids)}", False),
        }
        print(f"{args.clients} clients, {args.seconds:g} s per endpoint, {args.workers} server worker(s)")
        for label, (path_for, revalidate) in phases.items():
            cpu = cpu_seconds(server.pid)
            latencies, errors = await drive(base, args.clients, args.seconds, path_for, revalidate)
            per_request = (cpu_seconds(server.pid) - cpu) * 1000 / max(1, len(latencies))
            print(f"{label}:")
            report("", latencies, errors, args.seconds, f"   server CPU {per_request:.2f} ms/request")
        floor = await raw_floor(url, ids, args.clients, args.seconds)
        print(f"raw floor: asyncpg, one product's catalog and stock reads: {floor:.1f} reads/s")
    finally:
        stop_server(server)
        await drop_database(name)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    args = parser.parse_args()
    if not (1 <= args.products <= 1_000_000 and 1 <= args.clients <= 512 and 0 < args.seconds <= 600):
        parser.error("keep it bounded: products 1..1e6, clients 1..512, seconds up to 600")
    return args


if __name__ == "__main__":
    asyncio.run(main(parse()))
