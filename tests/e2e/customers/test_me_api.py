"""The shopper's own account and address book over HTTP, and the shopper context dependencies."""

from __future__ import annotations

import httpx

from shoal.customers.deps import OptionalShopperContext, ShopperContext
from tests.conftest import TenantFixture, new_tenant
from tests.e2e.customers.conftest import bearer, register

ADDRESS = {
    "name": "李雷",
    "phone": "13800138000",
    "province": "上海市",
    "city": "上海市",
    "district": "黄浦区",
    "line1": "南京东路 1 号",
    "latitude": "31.238000",
    "longitude": "121.484000",
}


async def test_update_me(client, tenant: TenantFixture) -> None:
    headers = bearer(await register(client, tenant))
    response = await client.patch("/api/v1/store/me", json={"name": "Han Meimei", "locale": "en"}, headers=headers)
    assert response.status_code == 200 and response.json()["name"] == "Han Meimei"
    assert (await client.get("/api/v1/store/me", headers=headers)).json()["locale"] == "en"
    group = await client.patch("/api/v1/store/me", json={"customer_group": "vip"}, headers=headers)
    assert group.status_code == 422


async def test_me_needs_a_token(client, tenant: TenantFixture) -> None:
    response = await client.get("/api/v1/store/me", headers={"X-Shoal-Tenant": tenant.slug})
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


async def test_address_book_keeps_one_default(client, tenant: TenantFixture) -> None:
    headers = bearer(await register(client, tenant))
    first = (await client.post("/api/v1/store/me/addresses", json=ADDRESS, headers=headers)).json()
    second = (
        await client.post("/api/v1/store/me/addresses", json={**ADDRESS, "name": "韩梅梅"}, headers=headers)
    ).json()
    assert first["is_default"] and not second["is_default"]
    assert first["latitude"] == "31.238000"
    third = await client.post("/api/v1/store/me/addresses", json={**ADDRESS, "is_default": True}, headers=headers)
    assert third.status_code == 201 and third.json()["is_default"]
    book = (await client.get("/api/v1/store/me/addresses", headers=headers)).json()
    assert [a["id"] for a in book if a["is_default"]] == [third.json()["id"]] and book[0]["id"] == third.json()["id"]
    made = await client.patch(f"/api/v1/store/me/addresses/{first['id']}", json={"is_default": True}, headers=headers)
    assert made.status_code == 200 and made.json()["is_default"]
    deleted = await client.delete(f"/api/v1/store/me/addresses/{first['id']}", headers=headers)
    assert deleted.status_code == 204
    book = (await client.get("/api/v1/store/me/addresses", headers=headers)).json()
    assert [a["is_default"] for a in book].count(True) == 1 and book[0]["id"] == third.json()["id"]
    assert (await client.get(f"/api/v1/store/me/addresses/{first['id']}", headers=headers)).status_code == 404


async def test_address_updates_and_validation(client, tenant: TenantFixture) -> None:
    headers = bearer(await register(client, tenant))
    created = (await client.post("/api/v1/store/me/addresses", json=ADDRESS, headers=headers)).json()
    path = f"/api/v1/store/me/addresses/{created['id']}"
    changed = await client.patch(path, json={"line2": "2 楼", "postal_code": "200001"}, headers=headers)
    assert changed.json()["line2"] == "2 楼" and changed.json()["name"] == "李雷"
    assert (await client.patch(path, json={"is_default": False}, headers=headers)).status_code == 422
    assert (await client.patch(path, json={"owner": "x"}, headers=headers)).status_code == 422
    assert (await client.patch(path, json={"line1": None}, headers=headers)).status_code == 422
    cleared = await client.patch(path, json={"line2": None}, headers=headers)
    assert cleared.status_code == 200 and cleared.json()["line2"] is None
    bad = await client.post("/api/v1/store/me/addresses", json={**ADDRESS, "latitude": "91"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "latitude"


async def test_a_shopper_cannot_reach_another_shoppers_address(client, tenant: TenantFixture, db) -> None:
    owner = bearer(await register(client, tenant, "owner@x.test"))
    thief = bearer(await register(client, tenant, "thief@x.test"))
    address = (await client.post("/api/v1/store/me/addresses", json=ADDRESS, headers=owner)).json()
    path = f"/api/v1/store/me/addresses/{address['id']}"
    for method in ("GET", "DELETE"):
        response = await client.request(method, path, headers=thief)
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert (await client.patch(path, json={"name": "x"}, headers=thief)).status_code == 404
    assert (await client.get("/api/v1/store/me/addresses", headers=thief)).json() == []
    other = await new_tenant(db)
    stranger = bearer(await register(client, other, "owner@x.test"))
    assert (await client.get(path, headers=stranger)).status_code == 404
    assert (await client.get(path, headers=owner)).status_code == 200


async def test_shopper_context_dependencies(settings, db, tenant: TenantFixture) -> None:
    """What cart and orders will rely on: who the context says is acting, and for which tenant."""
    from shoal.main import create_app

    app = create_app(settings, db=db)

    @app.get("/probe/optional")
    async def optional(ctx: OptionalShopperContext) -> dict:
        return {"kind": ctx.actor.kind, "id": ctx.actor.id, "tenant": ctx.tenant.slug}

    @app.get("/probe/required")
    async def required(ctx: ShopperContext) -> dict:
        return {"kind": ctx.actor.kind, "id": ctx.actor.id, "locale": ctx.locale}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test") as http:
        tokens = await register(http, tenant)
        anonymous = await http.get("/probe/optional", headers={"X-Shoal-Tenant": tenant.slug})
        assert anonymous.json() == {"kind": "anonymous", "id": None, "tenant": tenant.slug}
        signed_in = await http.get("/probe/optional", headers=bearer(tokens))
        assert signed_in.json() == {"kind": "shopper", "id": tokens["customer"]["id"], "tenant": tenant.slug}
        assert (await http.get("/probe/optional")).json()["code"] == "tenant_required"
        required_ok = await http.get("/probe/required", headers={**bearer(tokens), "Accept-Language": "en"})
        assert required_ok.json() == {"kind": "shopper", "id": tokens["customer"]["id"], "locale": "en"}
        assert (await http.get("/probe/required", headers={"X-Shoal-Tenant": tenant.slug})).status_code == 401
        # These probes open no unit of work: the session is still checked before they answer.
        assert (await http.post("/api/v1/store/auth/logout", headers=bearer(tokens))).status_code == 204
        assert (await http.get("/probe/required", headers=bearer(tokens))).status_code == 401
        assert (await http.get("/probe/optional", headers=bearer(tokens))).status_code == 401


async def test_an_address_is_a_real_place_and_keeps_its_region_code(client, tenant: TenantFixture) -> None:
    headers = bearer(await register(client, tenant))
    book = "/api/v1/store/me/addresses"
    saved = (await client.post(book, json=ADDRESS, headers=headers)).json()
    assert saved["region_code"] == "310101" and saved["district"] == "黄浦区"
    by_code = await client.post(
        book, json={**ADDRESS, "province": "浙江省", "city": "杭州市", "district": "西湖区", "region_code": "330106"},
        headers=headers,
    )  # fmt: skip
    assert by_code.status_code == 201 and by_code.json()["region_code"] == "330106"
    for wrong, field in [
        ({"district": "西湖区"}, "district"),  # 西湖区 is in 杭州市, not in 上海市
        ({"city": "杭州市"}, "city"),
        ({"province": "火星省"}, "province"),
        ({"region_code": "330106"}, "province"),  # the code says 浙江省, the names say 上海市
        ({"region_code": "999999"}, "region_code"),
    ]:
        refused = await client.post(book, json={**ADDRESS, **wrong}, headers=headers)
        assert refused.status_code == 422 and refused.json()["code"] == "unknown_region", wrong
        assert refused.json()["errors"][0]["field"] == field, wrong
    not_a_phone = await client.post(book, json={**ADDRESS, "phone": "12345"}, headers=headers)
    assert not_a_phone.status_code == 422 and not_a_phone.json()["code"] == "invalid_phone"
    moved = await client.patch(f"{book}/{saved['id']}", json={"district": "静安区"}, headers=headers)
    assert moved.status_code == 200 and moved.json()["region_code"] == "310106"
    astray = await client.patch(f"{book}/{saved['id']}", json={"city": "杭州市"}, headers=headers)
    assert astray.status_code == 422 and astray.json()["errors"][0]["field"] == "city"
    assert len((await client.get(book, headers=headers)).json()) == 2
