"""Console marketing over HTTP on both databases: promotions and coupons of every kind created from the forms,
refused input shown inline with nothing saved, bulk issue, unique codes as CSV, and another shop's coupon."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import httpx
import pytest

from shoal.catalog import service_taxonomy as taxonomy
from shoal.catalog.schemas_taxonomy import CategoryCreate
from shoal.customers.service import add_customer, phone_or_error
from shoal.marketing import service_queries
from tests.conftest import new_tenant, staff_actor
from tests.e2e.web.conftest import sign_in
from tests.integration.marketing.conftest import published_template

HX = {"HX-Request": "true", "Accept-Language": "en"}


@pytest.fixture
async def owner(web: httpx.AsyncClient, tenant) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    return web


async def _customer(db, tenant_id: str, name: str, phone: str, group: str | None = None) -> str:  # type: ignore[no-untyped-def]
    uow = db.uow(tenant_id=tenant_id, actor=staff_actor())
    async with uow:
        customer = await add_customer(uow, name=name, locale="zh-CN", phone=phone_or_error(phone), customer_group=group,
                                      email=f"{phone}@example.com")  # fmt: skip
        await uow.commit()
    return customer.id


async def _promotions(uow_factory) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return {p.name["zh-CN"]: p for p in await service_queries.list_promotions(uow_factory())}


async def _templates(uow_factory) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return {t.name["zh-CN"]: t for t in await service_queries.list_templates(uow_factory())}


async def test_every_kind_of_promotion_is_created_from_the_form(owner, uow_factory) -> None:  # type: ignore[no-untyped-def]
    shoes = await taxonomy.create_category(uow_factory(), data=CategoryCreate(name="鞋"))
    for kind in ("amount_off", "percent_off", "n_items", "free_shipping"):
        page = await owner.get("/console/marketing/promotions/new", params={"kind": kind})
        assert page.status_code == 200 and f'name="kind" value="{kind}"' in page.text
    forms = [
        {"kind": "amount_off", "name_zh": "满减", "name_en": "Tiers", "threshold": "199", "amount": "20",
         "threshold_2": "299", "amount_2": "40", "threshold_3": "499", "amount_3": "80.50"},
        {"kind": "amount_off", "name_zh": "每满减", "threshold": "100", "amount": "10", "repeat": "on"},
        {"kind": "percent_off", "name_zh": "满折", "threshold": "300", "percent": "15", "cap": "100",
         "category_ids": [shoes.id], "customer_group": "vip", "starts_on": "2026-12-01", "ends_on": "2026-12-12",
         "priority": "5", "budget": "5000"},
        {"kind": "n_items", "name_zh": "第二件半价", "n": "2", "percent": "50", "every_nth": "nth"},
        {"kind": "free_shipping", "name_zh": "满99包邮", "threshold": "99"},
    ]  # fmt: skip
    for form in forms:
        response = await owner.post("/console/marketing/promotions", data=form, headers=HX)
        assert response.status_code == 204, response.text
    saved = await _promotions(uow_factory)
    tiers = saved["满减"].benefit["tiers"]
    assert [(t["threshold"], t["value"]) for t in tiers] == [(19900, 2000), (29900, 4000), (49900, 8050)]
    assert saved["满减"].name == {"zh-CN": "满减", "en": "Tiers"} and saved["满减"].status == "draft"
    assert saved["每满减"].benefit["repeat"] is True
    percent = saved["满折"]
    assert percent.benefit["tiers"] == [{"threshold": 30000, "value": 1500}] and percent.benefit["cap"] == 10000
    assert percent.condition["category_ids"] == [shoes.id] and percent.condition["customer_groups"] == ["vip"]
    starts = datetime.fromisoformat(percent.condition["starts_at"])
    ends = datetime.fromisoformat(percent.condition["ends_at"])
    assert (starts, ends) == (datetime(2026, 11, 30, 16, tzinfo=UTC), datetime(2026, 12, 12, 16, tzinfo=UTC))
    assert (percent.priority, percent.budget) == (5, 500000)
    assert saved["第二件半价"].benefit == {"kind": "n_items", "n": 2, "pay_bp": 5000, "every_nth": True}
    assert saved["满99包邮"].benefit["kind"] == "free_shipping" and saved["满99包邮"].condition["min_spend"] == 9900
    listed = await owner.get("/console/marketing")
    for words in ("满199减20，满299减40，满499减80.50", "每满100减10", "满300享8.5折", "第2件5折", "满99包邮"):
        assert words in listed.text
    assert listed.text.count('data-status="draft"') == 5


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"kind": "amount_off", "threshold": "19.999", "amount": "5"}, "threshold"),
        ({"kind": "amount_off", "threshold": "100", "amount": "0"}, "amount"),
        ({"kind": "percent_off", "threshold": "100", "percent": "120"}, "percent"),
        ({"kind": "percent_off", "threshold": "100", "percent": "0"}, "percent"),
        ({"kind": "amount_off", "amount": "5", "starts_on": "2026-12-12", "ends_on": "2026-12-01"}, "ends_on"),
        ({"kind": "n_items", "n": "0", "percent": "50"}, "n"),
    ],
)
async def test_a_refused_promotion_is_shown_inline_and_nothing_is_saved(owner, uow_factory, form, field) -> None:  # type: ignore[no-untyped-def]
    response = await owner.post("/console/marketing/promotions", data={"name_zh": "坏活动", **form}, headers=HX)
    assert response.status_code == 422 and f'data-error-for="{field}"' in response.text
    assert 'value="坏活动"' in response.text
    assert await service_queries.list_promotions(uow_factory()) == []


async def test_every_kind_of_coupon_is_created_from_the_form(owner, uow_factory) -> None:  # type: ignore[no-untyped-def]
    new = await owner.get("/console/marketing/coupons/new")
    assert new.status_code == 200 and 'name="stacks_with_promotions" checked' in new.text
    forms = [
        {"kind": "amount_off", "name_zh": "满100减10", "threshold": "100", "amount": "10", "valid_from": "2026-12-01",
         "valid_until": "2026-12-31", "total_quantity": "1000", "per_customer_claims": "2", "daily_issue_limit": "100",
         "public_code": "xmas-10", "stacks_with_promotions": "on"},
        {"kind": "percent_off", "name_zh": "九折券", "percent": "10", "cap": "50", "valid_days": "7",
         "per_customer_claims": "1", "stacks_with_coupons": "on"},
        {"kind": "free_shipping", "name_zh": "包邮券", "threshold": "59", "per_customer_claims": "1"},
    ]  # fmt: skip
    for form in forms:
        response = await owner.post("/console/marketing/coupons", data=form, headers=HX)
        assert response.status_code == 204, response.text
    saved = await _templates(uow_factory)
    fixed = saved["满100减10"]
    assert fixed.benefit["tiers"] == [{"threshold": 10000, "value": 1000}]
    assert (fixed.total_quantity, fixed.per_customer_claims, fixed.daily_issue_limit) == (1000, 2, 100)
    assert fixed.public_code == "XMAS-10" and fixed.stacks_with_promotions and not fixed.stacks_with_coupons
    assert fixed.valid_until == datetime(2026, 12, 31, 16, tzinfo=UTC)
    percent = saved["九折券"]
    assert percent.benefit["tiers"][0]["value"] == 1000 and percent.benefit["cap"] == 5000
    assert percent.valid_days == 7 and percent.stacks_with_coupons and not percent.stacks_with_promotions
    assert saved["包邮券"].benefit["kind"] == "free_shipping" and saved["包邮券"].condition["min_spend"] == 5900


async def test_a_refused_coupon_is_shown_inline_and_nothing_is_saved(owner, uow_factory) -> None:  # type: ignore[no-untyped-def]
    cases = [
        ({"kind": "percent_off", "percent": "100.5"}, "percent"),
        ({"kind": "amount_off", "amount": "abc"}, "amount"),
        ({"kind": "amount_off", "amount": "5", "valid_from": "2026-12-31", "valid_until": "2026-12-01"}, "valid_until"),
        ({"kind": "amount_off", "amount": "5", "valid_from": "2026-12-01", "valid_days": "7"}, "valid_days"),
        ({"kind": "amount_off", "amount": "5", "public_code": "no spaces"}, "public_code"),
    ]
    for form, field in cases:
        response = await owner.post("/console/marketing/coupons", data={"name_zh": "坏券", **form}, headers=HX)
        assert response.status_code == 422 and f'data-error-for="{field}"' in response.text, field
        assert 'value="坏券"' in response.text
    assert await service_queries.list_templates(uow_factory()) == []
    await published_template(uow_factory, public_code="TAKEN-1")
    taken = await owner.post("/console/marketing/coupons",
                             data={"name_zh": "重码", "amount": "5", "public_code": "taken-1"}, headers=HX)  # fmt: skip
    assert taken.status_code == 422 and 'data-error-for="public_code"' in taken.text
    assert len(await service_queries.list_templates(uow_factory())) == 1


async def test_bulk_issue_to_a_group_issues_to_exactly_that_group(owner, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    vips = [await _customer(db, tenant.id, f"VIP{n}", f"1380000000{n}", "vip") for n in (1, 2)]
    other = await _customer(db, tenant.id, "普通", "13900000009", "regular")
    template = await published_template(uow_factory)
    page = await owner.get(f"/console/marketing/coupons/{template.id}")
    assert page.status_code == 200 and 'id="issue-form"' in page.text
    report = await owner.post(f"/console/marketing/coupons/{template.id}/issue", data={"customer_group": "vip"},
                              headers=HX)  # fmt: skip
    assert report.status_code == 200 and 'data-issued="2"' in report.text
    for customer_id, held in [*((v, 1) for v in vips), (other, 0)]:
        mine = (await service_queries.shopper_coupons(uow_factory(), customer_id=customer_id)).mine
        assert [c.template_id for c in mine] == [template.id] * held
    again = await owner.post(
        f"/console/marketing/coupons/{template.id}/issue",
        data={"recipients": "13900000009\n13800000001@example.com\n13700000000"},
        headers=HX,
    )
    assert 'data-issued="1"' in again.text
    assert 'data-skipped="coupon_limit_reached"' in again.text and 'data-skipped="customer_not_found"' in again.text
    assert "+8613700000000" in again.text
    assert (await service_queries.get_template(uow_factory(), template_id=template.id)).issued == 3
    nobody = await owner.post(f"/console/marketing/coupons/{template.id}/issue", data={}, headers=HX)
    assert nobody.status_code == 422 and 'data-error-for="recipients"' in nobody.text


async def test_unique_codes_download_as_csv(owner, uow_factory) -> None:  # type: ignore[no-untyped-def]
    template = await published_template(uow_factory, total_quantity=20)
    minted = await owner.post(f"/console/marketing/coupons/{template.id}/codes", data={"count": "12"}, headers=HX)
    assert minted.headers.get("hx-redirect") == f"/console/marketing/coupons/{template.id}?minted=12"
    assert 'id="minted"' in (await owner.get(minted.headers["hx-redirect"])).text
    download = await owner.get(f"/console/marketing/coupons/{template.id}/codes.csv")
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    codes = [row["code"] for row in csv.DictReader(io.StringIO(download.text))]
    assert len(codes) == 12 and len(set(codes)) == 12
    too_many = await owner.post(f"/console/marketing/coupons/{template.id}/codes", data={"count": "9"}, headers=HX)
    assert too_many.status_code == 422 and 'data-error-for="__form__"' in too_many.text
    bad = await owner.post(f"/console/marketing/coupons/{template.id}/codes", data={"count": "0"}, headers=HX)
    assert bad.status_code == 422 and 'data-error-for="count"' in bad.text
    assert (await service_queries.get_template(uow_factory(), template_id=template.id)).issued == 12


async def test_another_shops_coupon_is_not_found_and_unchanged(owner, db, uow_factory) -> None:  # type: ignore[no-untyped-def]
    other = await new_tenant(db)
    theirs_uow = lambda: db.uow(tenant_id=other.id, actor=staff_actor())  # noqa: E731
    theirs = await published_template(theirs_uow)
    base = f"/console/marketing/coupons/{theirs.id}"
    assert (await owner.get(base)).status_code == 404
    assert (await owner.get(f"{base}/codes.csv")).status_code == 404
    for path, data in [(f"{base}/issue", {"customer_group": "vip"}), (f"{base}/codes", {"count": "5"}),
                       (f"{base}/pause", {})]:  # fmt: skip
        refused = await owner.post(path, data=data, headers=HX)
        assert refused.headers.get("hx-retarget") == "#flash", path
    after = await service_queries.get_template(theirs_uow(), template_id=theirs.id)
    assert (after.issued, after.status) == (0, "active")
    assert await service_queries.list_templates(uow_factory()) == []
