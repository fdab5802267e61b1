"""Guards of every page, over HTTP on both databases: sign-in redirect, CSRF refusal, other shop's 404."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.conftest import new_tenant
from tests.e2e.web.conftest import sign_in
from tests.stand_ins import stand_in_for_catalog


@pytest.fixture(autouse=True)
def _catalog_stood_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """The orders of ``tests.integration.payments`` and ``tests.integration.aftersales`` name made-up variants."""
    stand_in_for_catalog(monkeypatch)


async def _sign_in(web: httpx.AsyncClient, t) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, t.slug, t.owner_email, t.owner_password)


async def test_console_needs_sign_in(web: httpx.AsyncClient) -> None:
    response = await web.get("/console/products")
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login?next=%2Fconsole%2Fproducts"


async def test_field_attributes_reach_the_browser_unescaped(web: httpx.AsyncClient) -> None:
    page = (await web.get("/console/login")).text
    assert 'autocomplete="username"' in page and "&#34;" not in page


async def test_post_without_htmx_header_is_refused_and_signs_nobody_in(web: httpx.AsyncClient, tenant) -> None:  # type: ignore[no-untyped-def]
    form = {"tenant": tenant.slug, "email": tenant.owner_email, "password": tenant.owner_password}
    response = await web.post("/console/login", data=form)
    assert response.status_code == 403
    assert "shoal_staff" not in response.cookies


async def test_wrong_password_is_shown_in_the_form(web: httpx.AsyncClient, tenant) -> None:  # type: ignore[no-untyped-def]
    form = {"tenant": tenant.slug, "email": tenant.owner_email, "password": "wrong"}
    response = await web.post("/console/login", data=form, headers={"HX-Request": "true", "Accept-Language": "en"})
    assert response.status_code == 422
    assert "The shop, email or password is wrong" in response.text
    assert f'value="{tenant.owner_email}"' in response.text


async def test_another_shops_product_is_not_found(web: httpx.AsyncClient, db, tenant) -> None:  # type: ignore[no-untyped-def]
    from shoal.catalog.schemas import ProductCreate
    from shoal.catalog.service import create_product
    from tests.conftest import staff_actor

    other = await new_tenant(db)
    product = await create_product(
        db.uow(tenant_id=other.id, actor=staff_actor()),
        data=ProductCreate(name="Secret", variants=[{"sku": "S1", "price": 100}]),
    )
    await _sign_in(web, tenant)
    assert (await web.get(f"/console/products/{product.id}")).status_code == 404
    assert (await web.get(f"/shop/{tenant.slug}/p/{product.id}")).status_code == 404


async def test_console_marketing_creates_a_promotion_and_refuses_a_bad_amount(web: httpx.AsyncClient, tenant) -> None:  # type: ignore[no-untyped-def]
    await _sign_in(web, tenant)
    htmx = {"HX-Request": "true", "Accept-Language": "en"}
    bad = await web.post("/console/marketing/promotions", data={"name_zh": "满减", "threshold": "abc", "amount": "5"},
                         headers=htmx)  # fmt: skip
    assert bad.status_code == 422 and 'data-error-for="threshold"' in bad.text
    assert 'value="满减"' in bad.text
    created = await web.post(
        "/console/marketing/promotions",
        data={"name_zh": "满100减10", "name_en": "10 off 100", "threshold": "100", "amount": "10"},
        headers=htmx,
    )
    assert created.status_code == 204, created.text
    page = await web.get("/console/marketing")
    assert "满100减10" in page.text and 'data-status="draft"' in page.text


async def test_pickup_page_says_when_a_code_is_wrong(web: httpx.AsyncClient, tenant) -> None:  # type: ignore[no-untyped-def]
    await _sign_in(web, tenant)
    assert (await web.get("/console/orders/pickup")).status_code == 200
    wrong = await web.post(
        "/console/orders/pickup", data={"code": "123456"}, headers={"HX-Request": "true", "Accept-Language": "en"}
    )
    assert wrong.status_code == 422 and 'data-error-for="__form__"' in wrong.text
    malformed = await web.post("/console/orders/pickup", data={"code": "12"}, headers={"HX-Request": "true"})
    assert malformed.status_code == 422 and 'data-error-for="code"' in malformed.text


PHOTO = "0192f0c0-0000-7000-8000-0000000000aa.png"


async def test_console_after_sales_review_approves_and_refunds(
    web: httpx.AsyncClient, tenant, uow_factory, clock
) -> None:  # type: ignore[no-untyped-def]
    from shoal.aftersales import service as aftersales
    from shoal.aftersales.schemas import AfterSaleCreate
    from tests.integration.aftersales.conftest import CUP, make_paid, shopper

    buyer = "0192f0c0-0000-7000-8000-00000000beaf"
    paid = await make_paid(uow_factory, tenant, clock, buyer)
    data = AfterSaleCreate(
        kind="refund_only",
        reason_code="damaged",
        lines=[{"order_line_id": paid.line(CUP), "quantity": 1}],
        photos=[f"/media/{tenant.id}/after-sales/{PHOTO}"],
    )
    case = await aftersales.request_after_sale(shopper(uow_factory, buyer), order_id=paid.order.id, data=data)
    await _sign_in(web, tenant)
    listed = await web.get("/console/after-sales")
    assert f'data-case="{case.id}"' in listed.text and 'data-status="requested"' in listed.text
    assert f'src="/media/{tenant.id}/after-sales/{PHOTO}"' in listed.text  # the shopper's photo, for the reviewer
    htmx = {"HX-Request": "true"}
    assert (await web.post(f"/console/after-sales/{case.id}/approve", headers=htmx)).status_code == 204
    assert (await web.post(f"/console/after-sales/{case.id}/refund", headers=htmx)).status_code == 204
    assert 'data-status="refunded"' in (await web.get("/console/after-sales")).text


async def test_storefront_coupon_centre_claims_a_coupon(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.marketing.conftest import published_template

    template = await published_template(uow_factory)
    htmx = {"HX-Request": "true"}
    signed = await web.post(
        f"/shop/{tenant.slug}/login",
        data={"mode": "register", "email": "fan@example.com", "password": "fan-pass-12", "next": ""},
        headers=htmx,
    )
    assert signed.headers.get("hx-redirect"), signed.text
    centre = await web.get(f"/shop/{tenant.slug}/coupons")
    assert f'data-claim="{template.id}"' in centre.text
    claimed = await web.post(f"/shop/{tenant.slug}/coupons/{template.id}/claim", headers=htmx)
    assert claimed.status_code == 200 and "data-claimed" in claimed.text  # the card says 已领取 on the spot
    assert 'data-status="available"' in (await web.get(f"/shop/{tenant.slug}/coupons")).text


async def test_console_import_reports_rows_it_skipped(web: httpx.AsyncClient, tenant) -> None:  # type: ignore[no-untyped-def]
    from tests.unit.imports.test_parsers import FIXTURE

    await _sign_in(web, tenant)
    assert (await web.get("/console/import")).status_code == 200
    report = await web.post(
        "/console/import",
        files={"file": ("products.csv", FIXTURE.read_bytes(), "text/csv")},
        headers={"HX-Request": "true", "Accept-Language": "en"},
    )
    assert report.status_code == 200, report.text
    job = re.search(r'data-job="([^"]+)"', report.text)
    assert job, report.text
    # The import ran after the response (the ASGI test client waits for background tasks); the page polls:
    polled = await web.get(f"/console/import/jobs/{job.group(1)}")
    assert 'data-status="done"' in polled.text and 'data-row="5"' in polled.text
    assert "hx-trigger" not in polled.text  # a finished job stops the polling
    chinese_excel = FIXTURE.read_text(encoding="utf-8").encode("gb18030")  # Excel in Chinese saves CSV so
    gbk = await web.post(
        "/console/import", files={"file": ("excel.csv", chinese_excel, "text/csv")}, headers={"HX-Request": "true"}
    )
    assert gbk.status_code == 200 and 'data-job="' in gbk.text
    junk = await web.post(
        "/console/import", files={"file": ("x.csv", b"\x89PNG", "text/csv")}, headers={"HX-Request": "true"}
    )
    assert junk.status_code == 422 and 'data-error-for="__form__"' in junk.text


async def test_console_cancels_a_paid_order(web: httpx.AsyncClient, tenant, uow_factory, clock) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.aftersales.conftest import make_paid

    paid = await make_paid(uow_factory, tenant, clock, "0192f0c0-0000-7000-8000-0000000ca9ce")
    await _sign_in(web, tenant)
    assert 'id="cancel-order"' in (await web.get(f"/console/orders/{paid.order.id}")).text
    done = await web.post(
        f"/console/orders/{paid.order.id}/cancel", data={"reason": "缺货"}, headers={"HX-Request": "true"}
    )
    assert done.status_code == 204
    assert 'data-status="cancelled"' in (await web.get(f"/console/orders/{paid.order.id}")).text


async def test_console_categories_tree_and_a_name_is_required(web: httpx.AsyncClient, tenant) -> None:  # type: ignore[no-untyped-def]
    await _sign_in(web, tenant)
    htmx = {"HX-Request": "true"}
    missing = await web.post("/console/categories", data={"name": "", "parent_id": ""}, headers=htmx)
    assert missing.status_code == 422 and 'data-error-for="name"' in missing.text
    assert (
        await web.post("/console/categories", data={"name": "茶叶", "name_en": "Tea"}, headers=htmx)
    ).status_code == 204
    page = await web.get("/console/categories")
    assert 'data-category="茶叶"' in page.text


async def test_console_renames_and_deletes_only_empty_categories(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    from shoal.catalog.schemas import ProductCreate
    from shoal.catalog.schemas_taxonomy import CategoryCreate
    from shoal.catalog.service import create_product
    from shoal.catalog.service_taxonomy import create_category, list_categories

    empty = await create_category(uow_factory(), data=CategoryCreate(name="旧名"))
    used = await create_category(uow_factory(), data=CategoryCreate(name="茶具"))
    await create_product(uow_factory(), data=ProductCreate(name="杯", price=100, sku="CUP-C", category_ids=[used.id]))
    await _sign_in(web, tenant)
    htmx = {"HX-Request": "true", "Accept-Language": "en"}
    renamed = await web.post(f"/console/categories/{empty.id}", data={"name": "新名", "name_en": "New"}, headers=htmx)
    assert renamed.headers.get("hx-redirect") == "/console/categories"
    names = {c.id: (c.name, c.translations.get("en", {}).get("name")) for c in await list_categories(uow_factory())}
    assert names[empty.id] == ("新名", "New")
    refused = await web.post(f"/console/categories/{used.id}/delete", headers=htmx)
    assert refused.headers.get("hx-retarget") == "#flash"
    assert (await web.post(f"/console/categories/{empty.id}/delete", headers=htmx)).status_code == 204
    assert [c.id for c in await list_categories(uow_factory())] == [used.id]
