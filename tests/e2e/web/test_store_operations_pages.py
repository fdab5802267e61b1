"""Store operations over HTTP: the shopper API and the product page's 门店库存 block, and the console's 门店订单
(an owner chooses the store, a clerk sees its own and 404 for another's)."""

from __future__ import annotations

from decimal import Decimal

from shoal.identity.schemas import StaffCreate
from shoal.identity.service import create_staff
from shoal.inventory import service as inventory
from shoal.inventory.schemas import LocationCreate, LocationUpdate
from tests.e2e.web.conftest import sign_in
from tests.integration.checkout.conftest import make_shop
from tests.integration.stores.conftest import HANGZHOU_HOME, order_to, pay

CLERK = ("clerk@store.test", "clerk-pass-123")


async def _shop_with_two_stores(uow_factory, tenant):  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=1)
    hangzhou = LocationUpdate(name_translations={"zh-CN": "西湖店", "en": "West Lake store"},
                              address={"province": "浙江省", "city": "杭州市", "line1": "龙井路 1 号"})  # fmt: skip
    await inventory.update_location(uow_factory(), location_id=shop.store.id, data=hangzhou)
    shanghai = await inventory.create_location(
        uow_factory(),
        data=LocationCreate(
            code="ST-SH", kind="store", name="南京路店", name_translations={"en": "Nanjing Road store"},
            address={"province": "上海市", "city": "上海市"},
            latitude=Decimal("31.2304"), longitude=Decimal("121.4737"),
        ),
    )  # fmt: skip
    return shop, shanghai


async def test_shopper_api_and_product_page_block(web, uow_factory, tenant) -> None:  # type: ignore[no-untyped-def]
    shop, _ = await _shop_with_two_stores(uow_factory, tenant)
    product = (await web.get("/api/v1/store/products", headers={"X-Shoal-Tenant": tenant.slug})).json()["items"][0]
    url = f"/api/v1/store/products/{product['id']}/stores"
    headers = {"X-Shoal-Tenant": tenant.slug, "Accept-Language": "en"}
    found = (await web.get(url, params={"latitude": "31.2", "longitude": "121.4"}, headers=headers)).json()
    assert [(s["name"], s["level"]) for s in found["stores"]] == [
        ("Nanjing Road store", "none"),
        ("West Lake store", "in_stock"),
    ]
    assert found["nearest"]["name"] == "West Lake store" and found["variant_id"] == shop.variants[0]
    half = await web.get(url, params={"latitude": "31.2"}, headers=headers)
    assert half.status_code == 422 and half.json()["code"] == "point_incomplete"
    other = await web.get(url, params={"variant_id": shop.store.id}, headers=headers)
    assert other.status_code == 404

    page = f"/shop/{tenant.slug}/p/{product['id']}"
    assert f'hx-get="{page}/stores"' in (await web.get(page)).text
    block = (await web.get(f"{page}/stores", params={"city": "上海市"}, headers={"Accept-Language": "zh-CN"})).text
    assert "门店库存" in block and "最近有货门店" in block and "西湖店" in block and "无货" in block
    assert shop.store.id not in block.replace(f'value="{shop.store.id}"', "")  # no ids shown, only in a form value
    tampered = await web.get(f"{page}/stores", params={"latitude": "north", "longitude": "1e999"})
    assert tampered.status_code == 200 and "data-store-level" in tampered.text


async def test_console_store_orders(web, db, uow_factory, tenant, clock) -> None:  # type: ignore[no-untyped-def]
    shop, shanghai = await _shop_with_two_stores(uow_factory, tenant)
    await create_staff(
        uow_factory(),
        data=StaffCreate(email=CLERK[0], name="店员", password=CLERK[1], role="clerk", location_id=shop.store.id),
    )
    routed = await order_to(shop, uow_factory, HANGZHOU_HOME, shop.variants[0])
    pickup = await order_to(shop, uow_factory, {"method": "pickup", "location_id": shop.store.id}, shop.variants[0])
    for order in (routed, pickup):
        await pay(uow_factory, order, clock)

    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    page = (await web.get("/console/stores", params={"location_id": shop.store.id})).text
    pickups, shipments = page.split('id="store-shipments"')
    assert pickup.number in pickups and routed.number not in pickups and routed.number in shipments
    empty = (await web.get("/console/stores", params={"location_id": shanghai.id})).text
    assert routed.number not in empty and pickup.number not in empty
    assert "/console/stores?location_id=" in (await web.get("/console/settings/locations")).text

    web.cookies.clear()
    await sign_in(web, tenant.slug, *CLERK)
    own = await web.get("/console/stores")
    assert own.status_code == 200 and routed.number in own.text and "门店发货" in own.text
    assert (await web.get("/console/stores", params={"location_id": shanghai.id})).status_code == 404

    body = {"tenant": tenant.slug, "email": CLERK[0], "password": CLERK[1]}
    clerk = {"Authorization": f"Bearer {(await web.post('/api/v1/auth/token', json=body)).json()['access_token']}"}
    api = f"/api/v1/admin/stores/{shop.store.id}/orders"
    listed = (await web.get(api, params={"queue": "pickup"}, headers=clerk)).json()
    assert [o["number"] for o in listed] == [pickup.number]
    assert [o["number"] for o in (await web.get(api, headers=clerk)).json()] == [routed.number]
    assert (await web.get(api, params={"queue": "later"}, headers=clerk)).status_code == 422
    assert (await web.get(f"/api/v1/admin/stores/{shanghai.id}/orders", headers=clerk)).status_code == 404
