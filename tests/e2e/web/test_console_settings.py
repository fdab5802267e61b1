"""Console shop details and payment settings over HTTP on both databases, and the API beside them: the shop's
name, logo and service phone reach the storefront header, footer and member centre; payment keys are typed in
and never shown back (已设置 and the last four characters); operators see neither page."""

from __future__ import annotations

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from shoal.identity import service as identity
from shoal.identity.schemas import StaffCreate
from shoal.payments import service_settings
from tests.e2e.web.conftest import sign_in
from tests.unit.payments.conftest import private_pem, public_pem

HX = {"HX-Request": "true", "Accept-Language": "en"}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d"
    "0000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def app_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


async def test_shop_details_reach_the_storefront(web: httpx.AsyncClient, tenant) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    assert (await web.get("/console/settings/shop")).status_code == 200
    form = {"name": "青屿茶生活", "service_phone": "400-820-8820"}
    saved = await web.post(
        "/console/settings/shop", data=form, files={"logo": ("logo.png", PNG, "image/png")}, headers=HX
    )
    assert saved.headers.get("hx-redirect") == "/console/settings/shop", saved.text
    shop = (await web.get("/api/v1/admin/shop", headers={"Authorization": ""})).status_code  # console cookies only
    assert shop == 401
    page = (await web.get(f"/shop/{tenant.slug}")).text
    assert "青屿茶生活" in page and 'class="shop-logo"' in page and f"/media/{tenant.id}/shop/" in page
    assert 'id="service-phone"' in page and 'href="tel:400-820-8820"' in page
    web.cookies.clear()
    register = {"mode": "register", "email": "m@example.com", "password": "member-pass-1", "next": ""}
    await web.post(f"/shop/{tenant.slug}/login", data=register, headers=HX)
    assert 'id="me-service-phone"' in (await web.get(f"/shop/{tenant.slug}/me")).text


async def test_bad_shop_details_are_refused_inline(web: httpx.AsyncClient, tenant) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    bad = await web.post("/console/settings/shop", data={"name": "", "service_phone": "call me"}, headers=HX)
    assert bad.status_code == 422
    assert 'data-error-for="name"' in bad.text and 'data-error-for="service_phone"' in bad.text
    not_image = await web.post(
        "/console/settings/shop", data={"name": "X"}, files={"logo": ("a.txt", b"hi", "text/plain")}, headers=HX
    )
    assert not_image.status_code == 422 and 'data-error-for="logo"' in not_image.text
    assert f"Tenant {tenant.slug}" in (await web.get(f"/shop/{tenant.slug}")).text


async def test_payment_keys_go_in_and_never_come_back(web: httpx.AsyncClient, tenant, uow_factory, app_key) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    page = await web.get("/console/settings/payments")
    assert page.status_code == 200 and f"/api/v1/payments/alipay/notify/{tenant.id}" in page.text
    pem = private_pem(app_key)
    form = {"app_id": "2021000000000001", "notify_url": "https://shop.example/n", "app_private_key": pem,
            "alipay_public_key": public_pem(app_key)}  # fmt: skip
    saved = await web.post("/console/settings/payments/alipay", data=form, headers=HX)
    assert saved.headers.get("hx-redirect") == "/console/settings/payments", saved.text
    shown = (await web.get("/console/settings/payments")).text
    body = pem.split("-----")[2].strip().splitlines()[1]
    assert body not in shown and 'data-configured="alipay"' in shown
    assert f"···{''.join(pem.split('-----')[2].split())[-4:]}" in shown

    kept = await web.post(
        "/console/settings/payments/alipay", data=form | {"app_private_key": "", "alipay_public_key": ""}, headers=HX
    )
    assert kept.status_code == 204
    [stored] = await service_settings.list_credentials(uow_factory())
    assert stored.version == 2 and set(stored.secrets) == {"app_private_key", "alipay_public_key"}
    bad = await web.post("/console/settings/payments/wechatpay", data={"mchid": "abc", "notify_url": "x"}, headers=HX)
    assert bad.status_code == 422 and 'data-error-for="mchid"' in bad.text and 'data-error-for="notify_url"' in bad.text


async def test_operators_see_neither_page_nor_the_api(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await identity.create_staff(
        uow_factory(), data=StaffCreate(email="op@shop.test", name="Op", password="operator-pass-1", role="operator")
    )
    await sign_in(web, tenant.slug, "op@shop.test", "operator-pass-1")
    assert (await web.get("/console/settings/payments")).status_code == 403
    assert (await web.get("/console/settings/shop")).status_code == 403
    refused = await web.post("/console/settings/shop", data={"name": "Mine"}, headers=HX)
    assert refused.headers.get("hx-retarget") == "#flash"
    assert f"Tenant {tenant.slug}" in (await web.get(f"/shop/{tenant.slug}")).text
    menu = (await web.get("/console")).text
    assert 'href="/console/settings/payments"' not in menu and 'href="/console/settings/shipping"' in menu
