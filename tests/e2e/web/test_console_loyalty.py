"""Console 会员 pages over HTTP on both databases: each list renders, a create works (amounts typed in yuan land
exactly in fen), and bad input comes back as a message next to the input with nothing written; a member's page
adjusts points and balance; another shop's member is not found."""

from __future__ import annotations

import re

import httpx

from shoal.customers.service import add_customer
from shoal.loyalty import service_levels, service_mall, service_membership_cards, service_points, service_terms
from shoal.loyalty.wallet import service as wallet
from shoal.loyalty.wallet import service_cards, service_top_ups
from shoal.marketing.service_queries import list_promotions
from tests.conftest import new_tenant, staff_actor
from tests.e2e.web.conftest import sign_in
from tests.integration.checkout.conftest import make_shop
from tests.integration.marketing.conftest import published_template

HX = {"HX-Request": "true"}


async def _member(db, tenant_id: str) -> str:  # type: ignore[no-untyped-def]
    uow = db.uow(tenant_id=tenant_id, actor=staff_actor())
    async with uow:
        customer = await add_customer(uow, name="王小明", locale="zh-CN", phone="13800000001")
        await uow.commit()
    return customer.id


async def test_levels_are_added_edited_and_refused_in_words(web: httpx.AsyncClient, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    assert "会员等级" in (await web.get("/console/members/levels")).text
    form = {"code": "V2", "name": "黄金会员", "threshold": "1000", "points_multiplier": "1.5", "birthday_points": "200",
            "free_shipping": "on", "benefits_note": "专属客服"}  # fmt: skip
    added = await web.post("/console/members/levels", data=form, headers=HX)
    assert added.headers.get("hx-redirect") == "/console/members/levels?done=created"
    (level,) = await service_levels.list_levels(uow_factory())
    assert (level.points_multiplier, level.free_shipping, level.birthday_points) == (150, True, 200)
    member = await _member(db, tenant.id)
    await service_levels.add_growth(uow_factory(), customer_id=member, amount=1200, reason="order", reference="o1")
    listed = await web.get(added.headers["hx-redirect"])
    assert 'data-done="created"' in listed.text and "1.5 ×" in listed.text and "data-members>1</td>" in listed.text

    taken = await web.post("/console/members/levels", data=form | {"name": "重复"}, headers=HX)
    assert taken.status_code == 422 and "已有相同编码或成长值门槛的等级" in taken.text and 'value="重复"' in taken.text
    odd_multiplier = form | {"code": "V3", "points_multiplier": "1.555"}
    odd = await web.post("/console/members/levels", data=odd_multiplier, headers=HX)
    assert odd.status_code == 422 and 'data-error-for="points_multiplier"' in odd.text
    assert len(await service_levels.list_levels(uow_factory())) == 1

    edit = f"/console/members/levels/{level.id}"
    assert 'value="1.5"' in (await web.get(edit)).text
    gift = await published_template(uow_factory)
    changes = {"threshold": "800", "points_multiplier": "2", "birthday_coupon_template_id": gift.id}
    saved = await web.post(edit, data=form | changes, headers=HX)
    assert saved.headers.get("hx-redirect") == "/console/members/levels?done=saved"
    bad = await web.post(edit, data=form | {"threshold": "很多"}, headers=HX)
    assert bad.status_code == 422 and 'data-error-for="threshold"' in bad.text
    (level,) = await service_levels.list_levels(uow_factory())
    assert (level.threshold, level.points_multiplier, level.birthday_coupon_template_id) == (800, 200, gift.id)
    assert "满100减10" in (await web.get("/console/members/levels")).text  # the birthday coupon, by its name
    member_page = (await web.get(f"/console/customers/{member}")).text
    assert 'data-level="V2"' in member_page and 'id="level-history"' in member_page  # their level and its change

    refused = await web.post(f"{edit}/discount", data={"zhe": "10"}, headers=HX)
    assert refused.status_code == 422 and 'data-error-for="zhe"' in refused.text
    started = await web.post(f"{edit}/discount", data={"zhe": "9.5"}, headers=HX)
    assert started.headers.get("hx-redirect") == f"{edit}?done=discount"
    (promotion,) = await list_promotions(uow_factory())
    assert promotion.status == "active" and promotion.condition["member_levels"] == ["V2"]
    assert promotion.benefit["tiers"] == [{"threshold": 0, "value": 500}]
    assert "9.5折" in (await web.get(edit)).text
    again = await web.post(f"{edit}/discount", data={"zhe": "9"}, headers=HX)
    assert again.status_code == 422 and "暂停" in again.text and len(await list_promotions(uow_factory())) == 1


async def test_a_members_points_and_balance_are_adjusted_on_their_page(web, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    member = await _member(db, tenant.id)
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    page = f"/console/customers/{member}"
    assert 'id="points-form"' in (await web.get(page)).text

    granted = await web.post(f"{page}/points", data={"points": "120", "reason": "物流延误补偿"}, headers=HX)
    assert granted.headers.get("hx-redirect") == f"{page}?done=points#loyalty"
    too_many = await web.post(f"{page}/points", data={"points": "-500", "reason": "扣回"}, headers=HX)
    assert too_many.status_code == 422 and "积分不足：需要 500，可用 120。" in too_many.text
    assert await service_points.points_balance(uow_factory(), customer_id=member) == 120

    added = await web.post(f"{page}/balance", data={"amount": "19.9", "reason": "门店现金充值", "principal": "on"},
                           headers=HX)  # fmt: skip
    assert added.headers.get("hx-redirect") == f"{page}?done=balance#loyalty"
    for amount in ("0.001", "十元", "0"):
        refused = await web.post(f"{page}/balance", data={"amount": amount, "reason": "试试"}, headers=HX)
        assert refused.status_code == 422 and 'data-error-for="amount"' in refused.text, amount
    assert await wallet.parts_of(uow_factory(), member) == (1990, 0)
    shown = (await web.get(f"{page}?done=balance")).text
    assert 'data-done="balance"' in shown and "¥19.90" in shown and "物流延误补偿" in shown and "+120" in shown
    listed = (await web.get("/console/customers")).text
    assert "data-points>120</td>" in listed and "¥19.90" in listed  # the member list's loyalty columns


async def test_top_up_plans_and_gift_cards(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    assert "充值方案" in (await web.get("/console/members/top-up-plans")).text
    form = {"name": "充500送50", "amount": "500", "bonus": "50.5", "active": "on"}
    added = await web.post("/console/members/top-up-plans", data=form, headers=HX)
    assert added.headers.get("hx-redirect") == "/console/members/top-up-plans?done=created"
    bad = await web.post("/console/members/top-up-plans", data=form | {"amount": "-5"}, headers=HX)
    assert bad.status_code == 422 and 'data-error-for="amount"' in bad.text
    (plan,) = await service_top_ups.list_plans(uow_factory())
    assert (plan.amount, plan.bonus, plan.active) == (50000, 5050, True)
    stopped = await web.post(f"/console/members/top-up-plans/{plan.id}/off", headers=HX)
    assert stopped.headers.get("hx-redirect") == "/console/members/top-up-plans?done=withdrawn"
    assert (await service_top_ups.list_plans(uow_factory(), active_only=True)) == []

    assert "礼品卡" in (await web.get("/console/members/gift-cards")).text
    card_form = {"batch": "2027 春节礼卡", "value": "100", "count": "3"}
    issued = await web.post("/console/members/gift-cards", data=card_form, headers=HX)
    cards = await service_cards.list_gift_cards(uow_factory())
    assert issued.status_code == 200 and 'data-issued="3"' in issued.text and {c.value for c in cards} == {10000}
    assert all(card.code in issued.text for card in cards)  # shown in full, this once
    listed = (await web.get("/console/members/gift-cards")).text
    assert not any(card.code in listed for card in cards) and "••••" in listed
    assert "¥300.00" in listed  # the batch's value issued
    exported = await web.get("/console/members/gift-cards.csv", params={"batch": "2027 春节礼卡"})
    assert all(card.code in exported.text for card in cards) and "100.00" in exported.text
    refused = await web.post("/console/members/gift-cards", data=card_form | {"count": "501"}, headers=HX)
    assert refused.status_code == 422 and 'data-error-for="count"' in refused.text
    assert len(await service_cards.list_gift_cards(uow_factory())) == 3


async def test_membership_cards_and_the_points_mall(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    assert "付费会员卡" in (await web.get("/console/members/cards")).text
    form = {"name": "年卡会员", "price": "99", "days": "365", "level_code": "", "active": "on"}
    added = await web.post("/console/members/cards", data=form, headers=HX)
    assert added.headers.get("hx-redirect") == "/console/members/cards?done=created"
    bad = await web.post("/console/members/cards", data=form | {"days": "0"}, headers=HX)
    assert bad.status_code == 422 and 'data-error-for="days"' in bad.text
    (card,) = await service_membership_cards.list_cards(uow_factory())
    assert (card.price, card.days, card.level_code) == (9900, 365, None)

    template = await published_template(uow_factory)
    assert "积分商城" in (await web.get("/console/members/points-mall")).text
    item = {"name": "10元券", "coupon_template_id": template.id, "points": "300", "stock": "20", "active": "on"}
    added = await web.post("/console/members/points-mall", data=item, headers=HX)
    assert added.headers.get("hx-redirect") == "/console/members/points-mall?done=created"
    unchosen = await web.post("/console/members/points-mall", data=item | {"coupon_template_id": ""}, headers=HX)
    assert unchosen.status_code == 422 and 'data-error-for="coupon_template_id"' in unchosen.text
    (saved,) = await service_mall.list_items(uow_factory())
    assert (saved.points, saved.stock, saved.per_shopper_limit) == (300, 20, 1)
    assert "满100减10" in (await web.get("/console/members/points-mall")).text

    shop = await make_shop(uow_factory, tenant, products=1)
    tea = {"name": "龙井茶", "kind": "sku", "sku": "SKU000", "location_id": shop.warehouse.id, "points": "1000",
           "cash": "9.9", "stock": "5"}  # fmt: skip
    unknown = await web.post("/console/members/points-mall", data=tea | {"sku": "NOPE", "location_id": ""}, headers=HX)
    assert unknown.status_code == 422 and "NOPE" in unknown.text and 'data-error-for="location_id"' in unknown.text
    added = await web.post("/console/members/points-mall", data=tea, headers=HX)
    assert added.headers.get("hx-redirect") == "/console/members/points-mall?done=created"
    sku_item = next(item for item in await service_mall.list_items(uow_factory()) if item.variant_id)
    assert (sku_item.points, sku_item.cash, sku_item.location_id) == (1000, 990, shop.warehouse.id)
    assert "1000 积分 + ¥9.90" in (await web.get("/console/members/points-mall")).text


async def test_another_shops_member_and_level_are_not_found(web, db, tenant) -> None:  # type: ignore[no-untyped-def]
    other = await new_tenant(db)
    theirs = await _member(db, other.id)
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    refused = await web.post(f"/console/customers/{theirs}/points", data={"points": "100", "reason": "x"}, headers=HX)
    assert refused.headers.get("hx-retarget") == "#flash"
    uow = db.uow(tenant_id=other.id, actor=staff_actor())
    assert await service_points.points_balance(uow, customer_id=theirs) == 0
    assert (await web.get("/console/members/levels/nope")).status_code == 404


async def test_points_rules_are_saved_and_a_bad_rate_refused(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    page = await web.get("/console/members/points-rules")
    assert "积分规则" in page.text and 'name="points_per_yuan_off" type="text" value="100"' in page.text
    form = dict(re.findall(r'name="(\w+)" type="text" value="(\w*)"', page.text)) | {"expiry": "never"}
    saved = await web.post("/console/members/points-rules", data=form | {"checkin_points": "10"}, headers=HX)
    assert saved.headers.get("hx-redirect") == "/console/members/points-rules?done=saved"
    refused = await web.post("/console/members/points-rules", data=form | {"max_points_percent": "150"}, headers=HX)
    assert refused.status_code == 422 and 'data-error-for="max_points_percent"' in refused.text
    terms = await service_terms.get_terms(uow_factory())
    assert (terms.checkin_points, terms.expiry, terms.max_points_percent) == (10, "never", 50)
