"""The shop the OpenAPI fuzz test runs against: a fresh tenant on PostgreSQL with one of each object.

Random ids only ever reach a 404, so the fuzz test aims path ids at these objects part of the time and
gets past the lookup into the code that validates and writes. Everything here goes through the HTTP
API, so the seed itself is a smoke test of the documented flows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from shoal.config import Settings
from shoal.core.uow import Database
from shoal.customers.wechat import FakeWeChatAuth
from shoal.main import create_app
from tests.conftest import new_tenant, staff_headers
from tests.integration.checkout.conftest import ADDRESS

BASE_URL = "http://shoal.test"


@dataclass
class FuzzShop:
    """The app under test, the credentials of its owner and a shopper, and the ids of seeded objects."""

    client: httpx.AsyncClient
    db: Database
    slug: str
    staff: dict[str, str]
    shopper: dict[str, str]
    ids: dict[str, str] = field(default_factory=dict)

    async def close(self) -> None:
        await self.client.aclose()
        await self.db.dispose()


async def open_fuzz_shop(postgres_url: str) -> FuzzShop:
    """Build the app on PostgreSQL (as the row-secured app role, like production) and seed one shop."""
    db = Database(postgres_url, app_role="shoal_app", pool_size=5)
    app = create_app(Settings(database_url=postgres_url, run_scheduler=False), db=db)
    app.state.wechat_auth = FakeWeChatAuth()  # WeChat's code exchange is a network call: stand in for it
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)
    tenant = await new_tenant(db, prefix="fuzz")
    staff = await staff_headers(client, tenant)
    registered = await _ok(
        client.post(
            "/api/v1/store/auth/register",
            json={"email": "fuzz-shopper@example.com", "password": "shopper-pass-1"},
            headers={"X-Shoal-Tenant": tenant.slug},
        )
    )
    shopper = {"Authorization": f"Bearer {registered['access_token']}", "X-Shoal-Tenant": tenant.slug}
    shop = FuzzShop(client, db, tenant.slug, staff, shopper)
    await _seed(shop)
    return shop


async def _seed(shop: FuzzShop) -> None:
    post, ids = shop.client.post, shop.ids
    staff, shopper = shop.staff, shop.shopper
    ids["location_id"] = (await _ok(post("/api/v1/admin/locations", json=_LOCATION, headers=staff)))["id"]
    ids["category_id"] = (await _ok(post("/api/v1/admin/categories", json={"name": "茶"}, headers=staff)))["id"]
    ids["brand_id"] = (await _ok(post("/api/v1/admin/brands", json={"name": "西湖"}, headers=staff)))["id"]
    product = await _ok(post("/api/v1/admin/products", json=_PRODUCT, headers=staff))
    ids["product_id"], ids["variant_id"] = product["id"], product["variants"][0]["id"]
    receipt = {"variant_id": ids["variant_id"], "location_id": ids["location_id"], "quantity": 50}
    await _ok(post("/api/v1/admin/stock/receipts", json=receipt, headers=staff))
    ids["address_id"] = (await _ok(post("/api/v1/store/me/addresses", json=ADDRESS, headers=shopper)))["id"]
    ids["customer_id"] = (await _ok(shop.client.get("/api/v1/store/me", headers=shopper)))["id"]
    ids["order_id"] = await _place_order(shop)
    ids["cart_id"] = (await _ok(post("/api/v1/store/carts", headers=shopper)))["id"]
    line = {"variant_id": ids["variant_id"], "quantity": 1}
    cart = await _ok(post(f"/api/v1/store/carts/{ids['cart_id']}/lines", json=line, headers=shopper))
    ids["line_id"] = cart["lines"][0]["id"]


async def _place_order(shop: FuzzShop) -> str:
    post, shopper = shop.client.post, shop.shopper
    cart_id = (await _ok(post("/api/v1/store/carts", headers=shopper)))["id"]
    line = {"variant_id": shop.ids["variant_id"], "quantity": 2}
    await _ok(post(f"/api/v1/store/carts/{cart_id}/lines", json=line, headers=shopper))
    checkout = {"cart_id": cart_id, "delivery": {"method": "ship", "address": ADDRESS}}
    order = await _ok(post("/api/v1/store/checkout", json=checkout, headers={**shopper, "Idempotency-Key": "seed"}))
    return str(order["id"])


async def _ok(request: Any) -> dict[str, Any]:
    response: httpx.Response = await request
    assert response.status_code < 300, f"seeding the fuzz shop failed: {response.status_code} {response.text}"
    return dict(response.json())


_LOCATION = {"code": "WH-FUZZ", "kind": "warehouse", "name": "Fuzz warehouse", "priority": 1}
_PRODUCT = {"handle": "fuzz-tea", "name": "龙井", "status": "active", "price": 1000, "sku": "FUZZ-1"}
