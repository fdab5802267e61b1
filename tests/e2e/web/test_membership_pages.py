"""The shop's membership pages over HTTP on both databases: the member centre's level card, points with the
daily check-in, the points mall, the balance with top-ups and gift cards, membership cards, points at checkout
and paying an order from the balance. Each group: the page renders, its action works, and a refused action
says why in the page and changes nothing."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import httpx
import pytest

from tests.conftest import staff_headers
from tests.e2e.marketing.test_marketing_api import publish
from tests.integration.checkout.conftest import make_shop

HTMX = {"HX-Request": "true", "Accept-Language": "en"}
HOME = {"name": "张三", "phone": "13800138000", "province": "浙江省", "city": "杭州市", "district": "西湖区",
        "line1": "龙井路 1 号"}  # fmt: skip


@dataclass
class Member:
    base: str
    staff: dict[str, str]
    customer_id: str


async def _register(web: httpx.AsyncClient, tenant) -> Member:  # type: ignore[no-untyped-def]
    base = f"/shop/{tenant.slug}"
    form = {"mode": "register", "email": "member@example.com", "password": "member-pass-1", "next": ""}
    assert (await web.post(f"{base}/login", data=form, headers=HTMX)).headers.get("hx-redirect")
    staff = await staff_headers(web, tenant)
    customers = (await web.get("/api/v1/admin/customers", headers=staff)).json()["items"]
    return Member(base, staff, customers[0]["id"])


@pytest.fixture
async def member(web: httpx.AsyncClient, tenant) -> Member:  # type: ignore[no-untyped-def]
    return await _register(web, tenant)


async def _grant(web: httpx.AsyncClient, member: Member, points: int) -> None:
    url = f"/api/v1/admin/customers/{member.customer_id}/points"
    assert (await web.post(url, json={"points": points, "reason": "活动"}, headers=member.staff)).status_code == 201


async def _figure(web: httpx.AsyncClient, member: Member, name: str) -> str:
    centre = (await web.get(f"{member.base}/me", headers=HTMX)).text
    found = re.search(rf'data-figure="{name}"><b>([^<]+)</b>', centre)
    assert found, centre
    return found.group(1)


async def test_centre_shows_level_progress_and_check_in_once_a_day(web: httpx.AsyncClient, member: Member) -> None:
    levels = "/api/v1/admin/member-levels"
    for body in (
        {"code": "V1", "name": "Silver", "threshold": 0},
        {"code": "V2", "name": "Gold", "threshold": 10, "points_multiplier": 150, "free_shipping": True},
    ):
        assert (await web.post(levels, json=body, headers=member.staff)).status_code == 201  # fmt: skip
    centre = (await web.get(f"{member.base}/me", headers=HTMX)).text
    assert 'id="member-level">Silver<' in centre and "10 more growth to reach Gold" in centre
    assert (await _figure(web, member, "points"), await _figure(web, member, "balance")) == ("0", "¥0.00")

    page = (await web.get(f"{member.base}/me/points", headers=HTMX)).text
    assert 'data-state="open"' in page and "No points yet" in page
    first = await web.post(f"{member.base}/me/check-in", headers=HTMX)
    assert first.status_code == 200 and 'data-outcome="checked-in"' in first.text and "+5 points" in first.text
    assert 'id="points-figure" hx-swap-oob="true">5<' in first.text and 'data-state="done"' in first.text
    assert 'id="points-ledger" hx-swap-oob="true"' in first.text and 'data-reason="checkin"' in first.text
    again = await web.post(f"{member.base}/me/check-in", headers=HTMX)
    assert 'data-outcome="already"' in again.text and "already checked in today" in again.text
    page = (await web.get(f"{member.base}/me/points", headers=HTMX)).text
    assert page.count('data-reason="checkin"') == 1 and 'data-streak="1"' in page
    assert await _figure(web, member, "points") == "5"


async def test_points_mall_exchanges_and_says_why_not(web: httpx.AsyncClient, member: Member) -> None:
    coupon = {"name": {"zh-CN": "10元券", "en": "¥10 off"},
              "benefit": {"kind": "amount_off", "tiers": [{"threshold": 0, "value": 1000}]}}  # fmt: skip
    template = await publish(web, member.staff, "coupons", coupon)
    body = {"name": "10元券", "coupon_template_id": template, "points": 50, "stock": 5, "per_shopper_limit": 1}
    item = (await web.post("/api/v1/admin/points-mall/items", json=body, headers=member.staff)).json()["id"]
    exchange = f"{member.base}/me/mall/{item}/exchange"

    poor = await web.post(exchange, data={"key": str(uuid.uuid4())}, headers=HTMX)
    assert poor.status_code == 422 and 'data-code="insufficient_points"' in poor.text
    assert "Not enough points: 50 needed, 0 available" in poor.text
    await _grant(web, member, 120)
    done = await web.post(exchange, data={"key": str(uuid.uuid4())}, headers=HTMX)
    assert done.status_code == 200 and 'data-outcome="exchanged"' in done.text
    assert 'id="points-figure" hx-swap-oob="true">70<' in done.text
    limited = await web.post(exchange, data={"key": str(uuid.uuid4())}, headers=HTMX)
    assert limited.status_code == 422 and 'data-code="limit_reached"' in limited.text
    mall = (await web.get(f"{member.base}/me/mall", headers=HTMX)).text
    assert "4 left" in mall and await _figure(web, member, "points") == "70"


async def test_balance_top_up_gift_card_and_membership_card(web: httpx.AsyncClient, member: Member) -> None:
    plan = {"name": "充100送10", "amount": 10_000, "bonus": 1_000}
    plan_id = (await web.post("/api/v1/admin/top-up-plans", json=plan, headers=member.staff)).json()["id"]
    page = (await web.get(f"{member.base}/me/balance", headers=HTMX)).text
    assert "+¥10.00 bonus" in page and 'id="top-up-pay"' in page

    unknown = await web.post(f"{member.base}/me/balance/top-ups", data={"plan_id": "nope"}, headers=HTMX)
    assert unknown.status_code == 422 and "data-refused" in unknown.text
    assert await _figure(web, member, "balance") == "¥0.00"
    paid = await web.post(f"{member.base}/me/balance/top-ups", data={"plan_id": plan_id}, headers=HTMX)
    assert paid.headers.get("hx-redirect") == f"{member.base}/me/balance?topped=1", paid.text
    assert await _figure(web, member, "balance") == "¥110.00"

    batch = {"batch": "礼卡", "value": 500, "count": 1}
    code = (await web.post("/api/v1/admin/gift-cards", json=batch, headers=member.staff)).json()[0]["code"]
    wrong = await web.post(f"{member.base}/me/balance/gift-cards", data={"code": "NOTACARD123"}, headers=HTMX)
    assert wrong.status_code == 422 and "unknown or already redeemed" in wrong.text
    redeemed = await web.post(f"{member.base}/me/balance/gift-cards", data={"code": code}, headers=HTMX)
    assert redeemed.headers.get("hx-redirect", "").endswith("/me/balance?redeemed=1")
    statement = (await web.get(f"{member.base}/me/balance", headers=HTMX)).text
    assert 'id="balance-figure">¥115.00<' in statement and 'data-reason="gift_card"' in statement
    again = await web.post(f"{member.base}/me/balance/gift-cards", data={"code": code}, headers=HTMX)
    assert again.status_code == 422 and await _figure(web, member, "balance") == "¥115.00"

    card = {"name": "PLUS 年卡", "price": 20_000, "days": 365, "benefits_note": "95折"}
    card_id = (await web.post("/api/v1/admin/membership-cards", json=card, headers=member.staff)).json()["id"]
    assert "PLUS 年卡" in (await web.get(f"{member.base}/me/cards", headers=HTMX)).text
    short = await web.post(f"{member.base}/me/cards/{card_id}/buy", data={"provider": "balance"}, headers=HTMX)
    assert short.status_code == 422 and "Not enough balance" in short.text
    bought = await web.post(f"{member.base}/me/cards/{card_id}/buy", data={"provider": "mock"}, headers=HTMX)
    assert bought.headers.get("hx-redirect", "").endswith("/me/cards?bought=1"), bought.text
    assert 'data-holding="PLUS 年卡"' in (await web.get(f"{member.base}/me/cards", headers=HTMX)).text
    assert await _figure(web, member, "balance") == "¥115.00"


async def test_points_at_checkout_then_balance_pays_part_and_the_rest(
    web: httpx.AsyncClient, member: Member, tenant, uow_factory
) -> None:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant)  # ¥10.00 a unit
    await _grant(web, member, 800)
    await web.post(f"{member.base}/cart", data={"variant_id": shop.variants[0]}, headers=HTMX)
    cart = (await web.get(f"{member.base}/cart", headers=HTMX)).text
    assert 'data-usable="500"' in cart and "Use 500 points" in cart and "-¥5.00" in cart  # 50% cap of ¥10
    assert 'id="cart-total">¥10.00<' in cart
    priced = (await web.get(f"{member.base}/cart/pricing", params={"use_points": "1"}, headers=HTMX)).text
    assert 'id="points-deduction">-¥5.00<' in priced and 'id="cart-total">¥5.00<' in priced
    assert 'name="points" value="500"' in priced and 'name="expected_total" value="500"' in priced

    stale = {**HOME, "method": "ship", "use_points": "1", "points": "500", "expected_total": "1000"}
    refused = await web.post(f"{member.base}/checkout", data=stale, headers=HTMX)
    assert refused.status_code == 422 and (await _figure(web, member, "points")) == "800"
    form = {**HOME, "method": "ship", "use_points": "1", "points": "500", "expected_total": "500"}
    placed = await web.post(f"{member.base}/checkout", data=form, headers=HTMX)
    assert placed.status_code == 204, placed.text
    order_url = placed.headers["hx-redirect"]
    assert await _figure(web, member, "points") == "300"

    adjust = f"/api/v1/admin/customers/{member.customer_id}/balance"
    assert (await web.post(adjust, json={"amount": 200, "reason": "补偿"}, headers=member.staff)).status_code == 201
    order = (await web.get(order_url, headers=HTMX)).text
    assert "Points (500)" in order  # the deduction named on the order
    assert "¥2.00 available" in order and 'id="pay-balance-part"' in order and "then pay ¥3.00" in order
    whole = await web.post(f"{order_url}/pay/balance", headers=HTMX)  # all of it: too little balance
    assert whole.status_code == 422 and "Not enough balance" in whole.text
    assert await _figure(web, member, "balance") == "¥2.00"
    part = await web.post(f"{order_url}/pay/balance", data={"part": "1"}, headers=HTMX)
    assert part.status_code == 204, part.text
    order = (await web.get(order_url, headers=HTMX)).text
    assert 'id="balance-held"' in order and "Pay the rest ¥3.00 (test payment)" in order
    await web.post(f"{order_url}/pay", headers=HTMX)
    assert 'data-shortcut="paid"><strong>1<' in (await web.get(f"{member.base}/me", headers=HTMX)).text
    assert await _figure(web, member, "balance") == "¥0.00"


async def test_outside_development_the_web_takes_no_top_up(settings, db, tmp_path, tenant) -> None:  # type: ignore[no-untyped-def]
    """A staging server runs the mock for staff only: no top-up button, a forged top-up or card purchase by the
    test payment (or a provider the page cannot complete) is refused, and no top-up is started."""
    from shoal.main import create_app

    staging = {"environment": "staging", "allow_mock_payments_outside_development": True}
    app = create_app(settings.model_copy(update={"media_dir": str(tmp_path / "media"), **staging}), db=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test") as web:
        member = await _register(web, tenant)
        plan = {"name": "充100", "amount": 10_000}
        plan_id = (await web.post("/api/v1/admin/top-up-plans", json=plan, headers=member.staff)).json()["id"]
        assert 'id="top-up-pay"' not in (await web.get(f"{member.base}/me/balance", headers=HTMX)).text
        refused = await web.post(f"{member.base}/me/balance/top-ups", data={"plan_id": plan_id}, headers=HTMX)
        assert refused.status_code == 422 and "mini program" in refused.text
        card = {"name": "PLUS", "price": 100, "days": 30}
        card_id = (await web.post("/api/v1/admin/membership-cards", json=card, headers=member.staff)).json()["id"]
        for provider in ("mock", "wechatpay"):
            buy = await web.post(f"{member.base}/me/cards/{card_id}/buy", data={"provider": provider}, headers=HTMX)
            assert buy.status_code == 422 and "mini program" in buy.text
        assert (await web.get("/api/v1/admin/payments", headers=member.staff)).json()["items"] == []


async def test_a_product_from_the_points_mall_asks_where_it_goes_then_its_order_is_paid(
    web: httpx.AsyncClient, member: Member, tenant, uow_factory
) -> None:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=1)
    body = {"name": "Teacup", "variant_id": shop.variants[0], "location_id": shop.warehouse.id, "points": 200,
            "cash": 500, "stock": 3}  # fmt: skip
    item = (await web.post("/api/v1/admin/points-mall/items", json=body, headers=member.staff)).json()["id"]
    await _grant(web, member, 300)
    mall = (await web.get(f"{member.base}/me/mall", headers=HTMX)).text
    assert "200 points + ¥5.00" in mall and f'href="{member.base}/me/mall/{item}"' in mall
    page = (await web.get(f"{member.base}/me/mall/{item}", headers=HTMX)).text
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert 'id="mall-exchange"' in page and 'name="line1"' in page

    order_url = f"{member.base}/me/mall/{item}/order"
    missing = await web.post(order_url, data={"key": key, "address_id": "new", "name": "张三"}, headers=HTMX)
    assert missing.status_code == 422 and 'data-error-for="phone"' in missing.text
    assert await _figure(web, member, "points") == "300"  # nothing spent
    placed = await web.post(order_url, data={"key": key, "address_id": "new", **HOME}, headers=HTMX)
    order = placed.headers.get("hx-redirect", "")
    assert placed.status_code == 204 and order.startswith(f"{member.base}/orders/"), placed.text
    assert await _figure(web, member, "points") == "100"
    shown = (await web.get(order, headers=HTMX)).text
    assert 'id="pay"' in shown and "¥5.00" in shown  # the cash part (and shipping) to pay like any order
    assert (await web.post(f"{order}/pay", headers=HTMX)).status_code < 400
    assert 'id="pay"' not in (await web.get(order, headers=HTMX)).text
    book = (await web.get(f"{member.base}/me/addresses", headers=HTMX)).text
    assert "龙井路 1 号" in book  # the new address was saved to the book
