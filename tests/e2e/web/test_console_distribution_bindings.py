"""Console 分销 > 客户绑定 over HTTP on both databases: staff find 李娜 by phone, see who bound her, when, how and
until when she is protected, and rebind her to 陈店长 with a reason inside 王小明's protection period; the
history then shows the staff rebind with its reason; a rebind without a reason is refused in words. A product's
commission rule is saved by finding the product by SKU, and the rules table names it."""

from __future__ import annotations

import httpx

from shoal.catalog.schemas import ProductCreate
from shoal.catalog.service import create_product
from shoal.distribution import service, service_promoters
from shoal.distribution.schemas import AppointIn
from tests.e2e.web.conftest import sign_in
from tests.integration.distribution.conftest import bind, customer, set_terms

HX = {"HX-Request": "true"}
PAGE = "/console/marketing/distribution/bindings"


async def test_staff_see_the_history_and_rebind(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await set_terms(uow_factory, binding_mode="first", protection_days=30)
    wang = await service_promoters.appoint(
        uow_factory(), data=AppointIn(customer_id=await customer(uow_factory, "王小明", "13800002222"), name="王小明")
    )
    chen = await service_promoters.appoint(
        uow_factory(), data=AppointIn(customer_id=await customer(uow_factory, "陈店长", "13900001111"), name="陈店长")
    )
    li_na = await customer(uow_factory, "李娜", "13700003333")
    await bind(uow_factory, li_na, wang.code)
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)

    found = await web.get(PAGE, params={"q": "13700003333"})
    assert found.status_code == 200 and f"customer_id={li_na}" in found.text and "客户绑定" in found.text
    page = (await web.get(PAGE, params={"customer_id": li_na})).text
    assert "保护期至" in page and "推广码" in page and "王小明" in page
    assert 'id="binding-history"' in page and page.count("<tr><td>") == 1

    refused = await web.post(f"{PAGE}/{li_na}/rebind", data={"promoter_id": chen.id, "reason": ""}, headers=HX)
    assert refused.headers.get("hx-retarget") == "#flash" and "字段无效" in refused.text
    moved = await web.post(f"{PAGE}/{li_na}/rebind", data={"promoter_id": chen.id, "reason": "到店由陈店长服务"},
                           headers=HX)  # fmt: skip
    assert moved.status_code == 204, moved.text
    page = (await web.get(PAGE, params={"customer_id": li_na})).text
    assert page.count("<tr><td>") == 2 and "员工改绑" in page and "到店由陈店长服务" in page


async def test_a_product_rule_is_chosen_by_sku(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    tea = await create_product(uow_factory(), data=ProductCreate(
        name="西湖龙井 250g", status="active", variants=[{"sku": "LJ-250", "price": 16800}]
    ))  # fmt: skip
    await create_product(uow_factory(), data=ProductCreate(name="碧螺春", status="active",
                                                           variants=[{"sku": "BLC-1", "price": 9800}]))  # fmt: skip
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    choices = (await web.get("/console/marketing/distribution/rules/products", params={"q": "LJ-250"})).text
    assert f'value="{tea.id}"' in choices and "西湖龙井" in choices and "碧螺春" not in choices
    form = {"scope": "product", "product_id": tea.id, "category_id": "", "mode": "percent", "tier1": "12.5"}
    saved = await web.post("/console/marketing/distribution/rules", data=form, headers=HX)
    assert saved.status_code == 204, saved.text
    [rule] = await service.list_rules(uow_factory())
    assert (rule.scope, rule.target_id, rule.tier1) == ("product", tea.id, 1250)
    page = (await web.get("/console/marketing/distribution/rules")).text
    assert "商品: 西湖龙井 250g" in page or "商品：西湖龙井 250g" in page
