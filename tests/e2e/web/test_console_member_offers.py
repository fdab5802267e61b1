"""Console 会员 pages over HTTP on both databases: a level's member prices typed as SKU lines (a wrong line
refused in words, nothing written), and a membership card and a points-mall item edited and withdrawn (下架)."""

from __future__ import annotations

import httpx

from shoal.loyalty import service_levels, service_mall, service_member_prices, service_membership_cards
from shoal.loyalty.schemas import CardCreate, LevelCreate, MallItemCreate
from shoal.marketing.service_queries import list_promotions
from tests.e2e.web.conftest import sign_in
from tests.integration.checkout.conftest import make_shop
from tests.integration.marketing.conftest import published_template

HX = {"HX-Request": "true"}
WRONG_LINES = (("NOPE 8", "NOPE"), ("SKU000 10", "低于"), ("SKU000 8.001", "元"), ("SKU000 8\nSKU000 7", "两次"))


async def test_a_levels_member_prices_are_typed_by_sku(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await make_shop(uow_factory, tenant, products=2)  # SKU000 ¥10.00, SKU001 ¥11.00
    data = LevelCreate(code="V2", name="黄金会员", threshold=1000)
    level = await service_levels.create_level(uow_factory(), data=data)
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    page = f"/console/members/levels/{level.id}"
    assert 'id="prices-form"' in (await web.get(page)).text
    for wrong, said in WRONG_LINES:
        refused = await web.post(f"{page}/prices", data={"prices": wrong}, headers=HX)
        assert refused.status_code == 422 and 'data-error-for="prices"' in refused.text and said in refused.text, wrong
    assert await list_promotions(uow_factory()) == []

    saved = await web.post(f"{page}/prices", data={"prices": "SKU000 8\nSKU001，9.90"}, headers=HX)
    assert saved.headers.get("hx-redirect") == f"{page}?done=prices"
    prices = await service_member_prices.member_prices(uow_factory(), level_id=level.id)
    assert [p.price for p in prices] == [800, 990]
    shown = (await web.get(f"{page}?done=prices")).text
    assert 'data-done="prices"' in shown and "SKU000 8.00\nSKU001 9.90" in shown
    started = await web.post(f"{page}/discount", data={"zhe": "9.5"}, headers=HX)  # member prices are no discount
    assert started.headers.get("hx-redirect") == f"{page}?done=discount"


async def test_a_card_and_a_mall_item_are_edited_and_withdrawn(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    card = await service_membership_cards.create_card(uow_factory(), data=CardCreate(name="年卡", price=9900, days=365))
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    edit = f"/console/members/cards/{card.id}"
    assert 'value="99.00"' in (await web.get(edit)).text
    form = {"name": "年卡会员", "price": "129", "days": "365", "active": "on"}
    bad = await web.post(edit, data=form | {"days": "0", "name": ""}, headers=HX)  # a blank is refused, not kept
    assert bad.status_code == 422 and 'data-error-for="days"' in bad.text and 'data-error-for="name"' in bad.text
    saved = await web.post(edit, data=form, headers=HX)
    assert saved.headers.get("hx-redirect") == "/console/members/cards?done=saved"
    withdrawn = await web.post(f"{edit}/withdraw", headers=HX)
    assert withdrawn.headers.get("hx-redirect") == "/console/members/cards?done=withdrawn"
    (card,) = await service_membership_cards.list_cards(uow_factory())
    assert (card.name, card.price, card.active) == ("年卡会员", 12900, False)
    assert "不再销售" in (await web.get("/console/members/cards?done=withdrawn")).text

    template = await published_template(uow_factory)
    data = MallItemCreate(name="10元券", coupon_template_id=template.id, points=300, stock=20)
    item = await service_mall.create_item(uow_factory(), data=data)
    edit = f"/console/members/points-mall/{item.id}"
    assert 'value="300"' in (await web.get(edit)).text and 'name="cash"' not in (await web.get(edit)).text
    form = {"name": "10元券", "points": "250", "stock": "30", "per_shopper_limit": "2", "active": "on"}
    bad = await web.post(edit, data=form | {"points": "0", "stock": ""}, headers=HX)
    assert bad.status_code == 422 and 'data-error-for="points"' in bad.text and 'data-error-for="stock"' in bad.text
    saved = await web.post(edit, data=form, headers=HX)
    assert saved.headers.get("hx-redirect") == "/console/members/points-mall?done=saved"
    withdrawn = await web.post(f"{edit}/withdraw", headers=HX)
    assert withdrawn.headers.get("hx-redirect") == "/console/members/points-mall?done=withdrawn"
    (item,) = await service_mall.list_items(uow_factory())
    assert (item.points, item.stock, item.per_shopper_limit, item.active) == (250, 30, 2, False)
    assert (await web.get("/console/members/points-mall/nope")).status_code == 404
