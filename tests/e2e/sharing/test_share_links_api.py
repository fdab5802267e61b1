"""Share links over HTTP: a shopper shares a flash sale, a friend follows the link (302 to the shop's page,
one visit) and orders; the order is attributed to the last sharer followed within the window, and the funnel
counts shares, visits, orders and paid GMV. A tampered or expired token answers a friendly 404 page and
records nothing, so no order is attributed. The poster is a PNG with drawn Chinese text. Another shop's
target is 404."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from shoal.catalog.schemas import ProductCreate
from shoal.catalog.service import create_product
from shoal.config import Settings
from shoal.core.dispatcher import dispatch_pending
from tests.conftest import new_tenant, staff_headers
from tests.e2e.checkout.conftest import shopper_headers
from tests.integration.checkout.conftest import ADDRESS, add_product, make_shop, stock

FUNNEL = "/api/v1/admin/reports/share-funnel"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, run_scheduler=False, mock_payments_enabled=True,
                    media_dir=str(tmp_path / "media"))  # fmt: skip


async def _live_sale(client, db, uow_factory, tenant, staff) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=0)
    hot = await add_product(uow_factory, "HOT", price=9900)
    await stock(uow_factory, hot, shop.warehouse.id, 20)
    now = db.clock.now()
    created = await client.post("/api/v1/admin/flash-sales", headers=staff, json={
        "name": "好友分享场", "location_id": shop.warehouse.id, "starts_at": (now - timedelta(minutes=1)).isoformat(),
        "ends_at": (now + timedelta(days=20)).isoformat(), "payment_minutes": 5,
        "items": [{"variant_id": hot, "flash_price": 990, "quantity": 10, "per_shopper_limit": 5}],
    })  # fmt: skip
    assert created.status_code == 201, created.text
    assert (
        await client.post(f"/api/v1/admin/flash-sales/{created.json()['id']}/publish", headers=staff)
    ).status_code == 200
    return created.json()["id"], hot


async def _share(client, headers, kind: str, target_id: str) -> dict:  # type: ignore[no-untyped-def]
    response = await client.post("/api/v1/store/share-links", json={"target_type": kind, "target_id": target_id},
                                 headers=headers)  # fmt: skip
    assert response.status_code == 201, response.text
    return response.json()


async def _buy_and_pay(client, db, sale_id: str, variant_id: str, buyer, staff) -> None:  # type: ignore[no-untyped-def]
    body = {"variant_id": variant_id, "quantity": 1, "delivery": {"method": "ship", "address": ADDRESS}}
    ordered = await client.post(f"/api/v1/store/flash-sales/{sale_id}/orders", json=body,
                                headers={**buyer, "Idempotency-Key": str(uuid.uuid4())})  # fmt: skip
    assert ordered.status_code == 201, ordered.text
    started = await client.post(f"/api/v1/store/orders/{ordered.json()['id']}/payments", json={"provider": "mock"},
                                headers=buyer)  # fmt: skip
    assert (
        await client.post(f"/api/v1/payments/mock/{started.json()['id']}/succeed", headers=staff)
    ).status_code == 200
    await dispatch_pending(db)
    await dispatch_pending(db)


async def _funnel(client, staff, sale_id: str) -> dict:  # type: ignore[no-untyped-def]
    response = await client.get(FUNNEL, params={"campaign_type": "flash_sale", "campaign_id": sale_id}, headers=staff)
    assert response.status_code == 200, response.text
    return response.json()


async def test_last_touch_within_the_window_is_attributed_and_counted(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    sale_id, hot = await _live_sale(client, db, uow_factory, tenant, staff)
    alice = await shopper_headers(client, tenant.slug, "alice@example.com")
    bob = await shopper_headers(client, tenant.slug, "bob@example.com")
    friend = await shopper_headers(client, tenant.slug, "friend@example.com")
    first, second = await _share(client, alice, "flash_sale", sale_id), await _share(client, bob, "flash_sale", sale_id)
    assert first["url"].startswith("http://shoal.test/s/") and first["poster_url"].endswith("/poster.png")

    for link in (first, second):  # alice's link, then bob's: bob is the last touch
        followed = await client.get(f"/s/{link['token']}", headers=friend)
        assert followed.status_code == 302 and followed.headers["location"] == f"/shop/{tenant.slug}/flash-sales"
    await _buy_and_pay(client, db, sale_id, hot, friend, staff)

    funnel = await _funnel(client, staff, sale_id)
    totals = {
        k: funnel["totals"][k] for k in ("shares", "visits", "groups_opened", "orders", "paid_orders", "paid_gmv")
    }
    assert totals == {"shares": 2, "visits": 2, "groups_opened": 0, "orders": 1, "paid_orders": 1, "paid_gmv": 990}
    by_sharer = {
        row["sharer_name"] or row["sharer_id"]: (row["visits"], row["orders"], row["paid_gmv"])
        for row in funnel["sharers"]
    }
    assert sorted(by_sharer.values()) == [(1, 0, 0), (1, 1, 990)]
    bob_id = (await client.get("/api/v1/store/me", headers=bob)).json()["id"]
    assert next(row for row in funnel["sharers"] if row["orders"])["sharer_id"] == bob_id


async def test_an_order_after_the_window_is_not_attributed(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    sale_id, hot = await _live_sale(client, db, uow_factory, tenant, staff)
    alice = await shopper_headers(client, tenant.slug, "alice@example.com")
    friend = await shopper_headers(client, tenant.slug, "friend@example.com")
    link = await _share(client, alice, "flash_sale", sale_id)
    assert (await client.get(f"/s/{link['token']}", headers=friend)).status_code == 302
    db.clock.advance(days=7, seconds=1)  # SHOAL_SHARE_ATTRIBUTION_DAYS defaults to 7
    friend, staff = await _sign_in(client, tenant.slug, "friend@example.com"), await staff_headers(client, tenant)
    await _buy_and_pay(client, db, sale_id, hot, friend, staff)
    totals = (await _funnel(client, staff, sale_id))["totals"]
    assert (totals["visits"], totals["orders"], totals["paid_gmv"]) == (1, 0, 0)


async def _sign_in(client, slug: str, email: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    response = await client.post("/api/v1/store/auth/token", json={"email": email, "password": "shopper-pass-1"},
                                 headers={"X-Shoal-Tenant": slug})  # fmt: skip
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}", "X-Shoal-Tenant": slug}


async def test_a_tampered_or_expired_token_is_refused_with_no_visit_and_no_attribution(
    client, db, tenant, uow_factory
) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    sale_id, hot = await _live_sale(client, db, uow_factory, tenant, staff)
    alice = await shopper_headers(client, tenant.slug, "alice@example.com")
    friend = await shopper_headers(client, tenant.slug, "friend@example.com")
    token = (await _share(client, alice, "flash_sale", sale_id))["token"]
    payload, mac = token.split(".")
    tampered = [f"{payload[:-1]}{'A' if payload[-1] != 'A' else 'B'}.{mac}", f"{payload}.{mac[::-1]}", "not-a-token"]
    for bad in tampered:
        refused = await client.get(f"/s/{bad}", headers={**friend, "Accept-Language": "zh-CN"})
        assert refused.status_code == 404 and "分享链接已失效" in refused.text and "data-share-refused" in refused.text
    refused = await client.get(f"/s/{tampered[0]}/poster.png", headers={"Accept-Language": "en"})
    assert refused.status_code == 404 and "no longer works" in refused.text
    db.clock.advance(days=30, seconds=1)  # SHOAL_SHARE_LINK_DAYS defaults to 30
    assert (await client.get(f"/s/{token}", headers=friend)).status_code == 404
    db.clock.advance(days=-30)  # back inside the sale; the order must still find no visit
    friend, staff = await _sign_in(client, tenant.slug, "friend@example.com"), await staff_headers(client, tenant)
    await _buy_and_pay(client, db, sale_id, hot, friend, staff)
    totals = (await _funnel(client, staff, sale_id))["totals"]
    assert (totals["shares"], totals["visits"], totals["orders"]) == (1, 0, 0)


async def test_the_poster_is_a_png_with_drawn_chinese_text(client, db, tenant, uow_factory, settings) -> None:  # type: ignore[no-untyped-def]
    product = await create_product(uow_factory(), data=ProductCreate(name="白牡丹茶饼", status="active", price=12800,
                                                                      sku="BMD", handle="bmd"))  # fmt: skip
    alice = await shopper_headers(client, tenant.slug, "alice@example.com")
    link = await _share(client, alice, "product", product.id)
    followed = await client.get(f"/s/{link['token']}")
    assert followed.status_code == 302 and followed.headers["location"] == f"/shop/{tenant.slug}/p/{product.id}"
    assert "shoal_visitor" in followed.headers["set-cookie"]
    poster = await client.get(link["poster_url"].removeprefix("http://shoal.test"))
    assert poster.status_code == 200 and poster.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(poster.content)).convert("RGB")
    assert image.size == (750, 1200)
    name_band = image.crop((40, 740, 710, 800))  # where the product's name is drawn on white
    colours = {colour for _count, colour in name_band.getcolors(maxcolors=1 << 20) or []}
    assert len(colours) > 2 and (29, 36, 48) in colours
    assert _cached_posters(Path(settings.media_dir), tenant.id)  # cached on disk


def _cached_posters(media: Path, tenant_id: str) -> list[Path]:
    return list((media / "share-posters" / tenant_id).glob("*.png"))


async def test_another_shops_target_and_funnel_are_not_seen(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    sale_id, _hot = await _live_sale(client, db, uow_factory, tenant, staff)
    other = await new_tenant(db, "other")
    stranger = await shopper_headers(client, other.slug, "stranger@example.com")
    refused = await client.post("/api/v1/store/share-links", json={"target_type": "flash_sale", "target_id": sale_id},
                                headers=stranger)  # fmt: skip
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    unknown = await client.post("/api/v1/store/share-links", json={"target_type": "nothing", "target_id": "x"},
                                headers=stranger)  # fmt: skip
    assert unknown.status_code == 404
    anonymous = await client.post("/api/v1/store/share-links", json={"target_type": "flash_sale", "target_id": sale_id},
                                  headers={"X-Shoal-Tenant": tenant.slug})  # fmt: skip
    assert anonymous.status_code == 401
    alice = await shopper_headers(client, tenant.slug, "alice@example.com")
    await _share(client, alice, "flash_sale", sale_id)
    other_staff = await staff_headers(client, other)
    seen = await client.get(FUNNEL, params={"campaign_id": sale_id}, headers=other_staff)
    assert seen.status_code == 200 and seen.json()["totals"]["shares"] == 0
