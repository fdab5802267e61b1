"""Storefront read benchmark: seed a fresh PostgreSQL database, serve it, and measure list and detail reads.

    .venv/bin/python bench/catalog.py [--products 10000] [--clients 32] [--seconds 10]

Creates ``shoal_bench_<pid>`` (dropped at the end), runs the migrations, bulk-inserts N active products
with two variants and an image each, starts ``shoal serve`` on a free loopback port, then runs
``--clients`` concurrent httpx clients against ``GET /api/v1/store/products`` and
``GET /api/v1/store/products/{id}`` for ``--seconds`` each. Figures are printed, never asserted.
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

import httpx
from sqlalchemy import insert

from shoal.catalog.models import Product, ProductImage, Variant
from shoal.catalog.search import SearchSource, search_text
from shoal.core.ids import new_id
from shoal.core.migrate import upgrade
from shoal.core.uow import Database
from shoal.identity.service import create_tenant

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import (
    APP_ROLE,
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


async def drive(base: str, clients: int, seconds: float, path_for: Callable[[], str]) -> tuple[list[float], int]:
    """Run ``clients`` loops for ``seconds``; return every latency (seconds) and the error count."""
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds

    async def one_client() -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, headers={"X-Shoal-Tenant": SLUG}, timeout=30) as client:
            while time.monotonic() < deadline:
                began = time.perf_counter()
                response = await client.get(path_for())
                latencies.append(time.perf_counter() - began)
                errors += response.status_code != 200

    await asyncio.gather(*(one_client() for _ in range(clients)))
    return latencies, errors


async def main(args: argparse.Namespace) -> None:
    name = f"shoal_bench_{os.getpid()}"
    url = await create_database(name)
    server = None
    try:
        await asyncio.to_thread(upgrade, url)
        began = time.perf_counter()
        ids = await seed(url, args.products)
        print(f"seeded {len(ids)} products in {time.perf_counter() - began:.1f} s")
        port = free_port()
        server = start_server(url, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        await wait_ready(base)
        sorts = ["-created_at", "price", "-price", "name"]
        phases = {
            "list": lambda: f"/api/v1/store/products?limit=20&sort={random.choice(sorts)}",
            "detail": lambda: f"/api/v1/store/products/{random.choice(ids)}",
        }
        print(f"{args.clients} clients, {args.seconds:g} s per endpoint")
        for label, path_for in phases.items():
            latencies, errors = await drive(base, args.clients, args.seconds, path_for)
            report(label, latencies, errors, args.seconds)
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
