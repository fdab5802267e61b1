"""The shop's 个人资料 page over HTTP on both databases: the shopper sets gender, birthday, region (省/市 by name)
and marketing consent, bad input is said next to its field and writes nothing, a phone is linked by its texted
code (a wrong code and a phone of another account refused in words), and another shop's page is not theirs."""

from __future__ import annotations

import httpx
import pytest

from shoal.customers.schemas import CustomerRead
from shoal.customers.service import add_customer, list_customers
from tests.conftest import new_tenant

HTMX = {"HX-Request": "true", "Accept-Language": "en"}


async def _register(web: httpx.AsyncClient, slug: str, email: str) -> str:
    base = f"/shop/{slug}"
    form = {"mode": "register", "email": email, "password": "member-pass-1", "next": ""}
    assert (await web.post(f"{base}/login", data=form, headers=HTMX)).headers.get("hx-redirect")
    return base


async def _stored(uow_factory, email: str) -> CustomerRead:  # type: ignore[no-untyped-def]
    return (await list_customers(uow_factory(), limit=1, cursor=None, q=email)).items[0]


@pytest.fixture
async def shopper(web: httpx.AsyncClient, tenant) -> str:  # type: ignore[no-untyped-def]
    return await _register(web, tenant.slug, "member@example.com")


async def test_the_shopper_edits_their_profile_and_bad_input_writes_nothing(
    web: httpx.AsyncClient, shopper: str, uow_factory
) -> None:  # type: ignore[no-untyped-def]
    page = await web.get(f"{shopper}/me/profile")
    assert page.status_code == 200 and 'id="profile-form"' in page.text and ">广东省<" in page.text
    assert (
        'href="/shop/' in (await web.get(f"{shopper}/me")).text
        and "/me/profile" in (await web.get(f"{shopper}/me")).text
    )
    cities = await web.get(f"{shopper}/me/profile/regions", params={"province_code": "33"})
    assert ">杭州市<" in cities.text
    form = {"gender": "male", "birthday": "1992-02-29", "province_code": "33", "city_code": "3301",
            "marketing_consent": "on"}  # fmt: skip
    saved = await web.post(f"{shopper}/me/profile", data=form, headers=HTMX)
    assert saved.headers.get("hx-redirect") == f"{shopper}/me/profile?done=saved"
    stored = await _stored(uow_factory, "member@example.com")
    assert (stored.gender, str(stored.birthday), stored.region_code, stored.marketing_consent) == (
        "male",
        "1992-02-29",
        "3301",
        True,
    )
    shown = (await web.get(f"{shopper}/me/profile?done=saved")).text
    assert 'value="3301" selected' in shown and 'data-done="saved"' in shown and "checked" in shown

    bad_inputs = (
        ({"birthday": "2990-01-01"}, "birthday"),
        ({"birthday": "20-02-1992"}, "birthday"),
        ({"province_code": "99", "city_code": ""}, "region"),
        ({"gender": "robot"}, "gender"),
    )
    for bad, field in bad_inputs:
        refused = await web.post(f"{shopper}/me/profile", data={**form, "marketing_consent": "", **bad}, headers=HTMX)
        assert refused.status_code == 422 and f'data-error-for="{field}"' in refused.text, bad
    assert await _stored(uow_factory, "member@example.com") == stored

    cleared = await web.post(f"{shopper}/me/profile", data={"gender": "", "birthday": ""}, headers=HTMX)
    assert cleared.status_code == 204
    after = await _stored(uow_factory, "member@example.com")
    assert (after.gender, after.birthday, after.region_code, after.marketing_consent) == (None, None, None, False)


async def test_a_phone_is_linked_by_its_code(web: httpx.AsyncClient, shopper: str, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    sms = web._transport.app.state  # type: ignore[attr-defined]
    bad = await web.post(f"{shopper}/me/profile/code", data={"phone": "12"}, headers=HTMX)
    assert bad.status_code == 422 and 'data-error-for="phone"' in bad.text
    sent = await web.post(f"{shopper}/me/profile/code", data={"phone": "138 0013 8000"}, headers=HTMX)
    assert sent.status_code == 200 and 'id="code-sent"' in sent.text and 'value="138 0013 8000"' in sent.text
    code = sms.sms_provider.last_code("+8613800138000")
    wrong = await web.post(
        f"{shopper}/me/profile/phone",
        data={"phone": "13800138000", "code": "000000" if code != "000000" else "111111"},
        headers=HTMX,
    )
    assert wrong.status_code == 422 and 'data-error-for="code"' in wrong.text
    assert (await _stored(uow_factory, "member@example.com")).phone is None
    linked = await web.post(f"{shopper}/me/profile/phone", data={"phone": "13800138000", "code": code}, headers=HTMX)
    assert linked.headers.get("hx-redirect") == f"{shopper}/me/profile?done=phone"
    assert (await _stored(uow_factory, "member@example.com")).phone == "+8613800138000"

    uow = uow_factory()
    async with uow:
        await add_customer(uow, name="李雷", locale="zh-CN", phone="+8613900139000")
        await uow.commit()
    await web.post(f"{shopper}/me/profile/code", data={"phone": "13900139000"}, headers=HTMX)
    theirs = sms.sms_provider.last_code("+8613900139000")
    taken = await web.post(f"{shopper}/me/profile/phone", data={"phone": "13900139000", "code": theirs}, headers=HTMX)
    assert taken.status_code == 422 and "already belongs to another customer" in taken.text
    assert 'value="13900139000"' in taken.text


async def test_another_shops_profile_is_not_the_shoppers(web: httpx.AsyncClient, shopper: str, db) -> None:  # type: ignore[no-untyped-def]
    other = await new_tenant(db)
    page = await web.get(f"/shop/{other.slug}/me/profile")
    assert page.status_code != 200 and "member@example.com" not in page.text
    refused = await web.post(f"/shop/{other.slug}/me/profile", data={"gender": "male"}, headers=HTMX)
    assert refused.status_code in (401, 403, 404) or "hx-redirect" in refused.headers
