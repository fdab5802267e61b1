"""One customer, many doors (both databases): a phone, email, unionid or card number leads to one customer,
whatever signs in or registers by it; a merge moves the doors; operators find customers by door, tag and
profile."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from shoal.customers import service, service_auth, service_identities, service_merge, service_wechat
from shoal.customers.errors import EmailTaken, IdentityIsContact, IdentityTaken, InvalidIdentity, UnknownRegion
from shoal.customers.schemas import (
    CustomerAdminUpdate,
    CustomerCreate,
    CustomerSearch,
    IdentityCreate,
    MeUpdate,
    PhoneLink,
    RegisterRequest,
    TokenRequest,
)
from shoal.customers.wechat import FakeWeChatAuth
from tests.integration.customers.test_sign_in import ADDRESS, _code


async def _customer(uow_factory, **fields):  # type: ignore[no-untyped-def]
    return (await service.create_customer(uow_factory(), data=CustomerCreate(**fields))).id


async def _by_phone(anonymous_uow, settings, sms, phone):  # type: ignore[no-untyped-def]
    code = await _code(anonymous_uow, settings, sms, phone)
    signed = await service_auth.sign_in(
        anonymous_uow(), settings=settings, data=TokenRequest(phone=phone, code=code), locale="zh-CN", address=ADDRESS
    )
    return signed.customer.id


def _link(kind: str, value: str) -> IdentityCreate:
    return IdentityCreate(kind=kind, value=value)


async def test_every_door_leads_to_one_customer_and_a_merge_moves_them(
    uow_factory, anonymous_uow, settings, sms, clock
) -> None:  # fmt: skip
    anna = await _customer(uow_factory, email="anna@x.test", name="Anna")
    await service_identities.link_identity(uow_factory(), customer_id=anna, data=_link("card", "vip-0001 2345"))
    await service_identities.link_identity(uow_factory(), customer_id=anna, data=_link("phone", "13900139000"))
    assert await _by_phone(anonymous_uow, settings, sms, "+86 139 0013 9000") == anna  # a linked phone signs in
    with pytest.raises(EmailTaken):  # registering by a door of hers finds her door taken
        await service_auth.register(anonymous_uow(), settings=settings, locale="en",
                                    data=RegisterRequest(email="ANNA@x.test", password="secret-pass"))  # fmt: skip
    with pytest.raises(InvalidIdentity):
        await service_identities.link_identity(uow_factory(), customer_id=anna, data=_link("card", "#"))

    wechat = await service_wechat.sign_in_wechat(anonymous_uow(), settings=settings, wechat=FakeWeChatAuth("wx-a"),
                                                 code="oid-1:union-1", cart_id=None, locale="zh-CN")  # fmt: skip
    by_phone = await _by_phone(anonymous_uow, settings, sms, "13700137000")
    with pytest.raises(IdentityTaken):
        await service_identities.link_identity(uow_factory(), customer_id=by_phone, data=_link("card", "VIP00012345"))
    await service_merge.absorb_customer(uow_factory(), survivor_id=anna, merged_id=wechat.customer.id)
    await service_merge.absorb_customer(uow_factory(), survivor_id=anna, merged_id=by_phone)

    doors = await service_identities.list_identities(uow_factory(), customer_id=anna)
    assert sorted((d.kind, d.value) for d in doors) == [
        ("card", "VIP00012345"), ("email", "anna@x.test"), ("openid", "oid-1"), ("phone", "+8613700137000"),
        ("phone", "+8613900139000"), ("unionid", "union-1"),
    ]  # fmt: skip
    clock.advance(minutes=2)  # the next code may be sent
    assert await _by_phone(anonymous_uow, settings, sms, "13700137000") == anna
    other_app = await service_wechat.sign_in_wechat(
        anonymous_uow(), settings=settings, locale="zh-CN", wechat=FakeWeChatAuth("wx-b"), code="oid-2:union-1",
        cart_id=None,
    )  # fmt: skip
    assert other_app.customer.id == anna and other_app.customer.phone == "+8613900139000"
    with pytest.raises(IdentityIsContact):
        email = next(d for d in doors if d.kind == "email")
        await service_identities.unlink_identity(uow_factory(), customer_id=anna, identity_id=email.id)
    card = next(d for d in doors if d.kind == "card")
    await service_identities.unlink_identity(uow_factory(), customer_id=anna, identity_id=card.id)
    assert len(await service_identities.list_identities(uow_factory(), customer_id=anna)) == len(doors)  # openid-2


async def test_operators_find_customers_by_contact_door_tag_and_profile(uow_factory, shopper_uow) -> None:
    anna = await _customer(uow_factory, phone="13800138001", name="Anna Li")
    bo = await _customer(uow_factory, email="bo@x.test", name="Bo")
    await service_identities.link_identity(uow_factory(), customer_id=bo, data=_link("card", "C-778899"))
    await service.update_customer(uow_factory(), customer_id=anna, data=CustomerAdminUpdate(tags=["老客", "团长"]))
    await service.update_customer(uow_factory(), customer_id=bo, data=CustomerAdminUpdate(tags=["老客x"]))
    me = await service.update_me(shopper_uow(anna), data=MeUpdate(
        gender="female", birthday=date(1992, 2, 29), region_code="440305", marketing_consent=True))  # fmt: skip
    assert (me.gender, me.birthday, me.region_code, me.marketing_consent) == ("female", date(1992, 2, 29), "440305",
                                                                              True)  # fmt: skip
    with pytest.raises(UnknownRegion):
        await service.update_me(shopper_uow(anna), data=MeUpdate(region_code="999999"))

    async def found(q: str | None = None, **search: object) -> list[str]:
        page = await service.list_customers(uow_factory(), limit=10, cursor=None, q=q,
                                            search=CustomerSearch.model_validate(search))  # fmt: skip
        return [c.id for c in page.items]

    assert await found("13800138001") == [anna] and await found("anna l") == [anna]
    assert await found("c778899") == [bo]  # a card number, as typed on the card
    assert await found(tag="老客") == [anna] and await found(tag="老") == []
    assert await found(region="440000") == [anna] and await found(region="4403", gender="female") == [anna]
    assert await found(marketing_consent=False) == [bo]
    cleared = await service.update_me(shopper_uow(anna), data=MeUpdate.model_validate({"birthday": None}))
    assert cleared.birthday is None and cleared.gender == "female"


async def test_a_wechat_shopper_links_a_phone_by_its_code_and_signs_in_by_it(
    anonymous_uow, shopper_uow, settings, sms, clock
) -> None:  # fmt: skip
    wechat = await service_wechat.sign_in_wechat(anonymous_uow(), settings=settings, wechat=FakeWeChatAuth("wx-a"),
                                                 code="oid-9", cart_id=None, locale="zh-CN")  # fmt: skip
    me = wechat.customer.id
    code = await _code(anonymous_uow, settings, sms, "13600136000")
    linked = await service_identities.link_my_phone(shopper_uow(me), settings=settings,
                                                    data=PhoneLink(phone="13600136000", code=code))  # fmt: skip
    assert linked.phone == "+8613600136000"
    clock.advance(minutes=2)
    assert await _by_phone(anonymous_uow, settings, sms, "13600136000") == me  # no second account
    other = await service_wechat.sign_in_wechat(anonymous_uow(), settings=settings, wechat=FakeWeChatAuth("wx-a"),
                                                code="oid-10", cart_id=None, locale="zh-CN")  # fmt: skip
    clock.advance(minutes=2)
    code = await _code(anonymous_uow, settings, sms, "13600136000")
    with pytest.raises(IdentityTaken):
        await service_identities.link_my_phone(shopper_uow(other.customer.id), settings=settings,
                                               data=PhoneLink(phone="13600136000", code=code))  # fmt: skip


@pytest.mark.pg_only
async def test_a_door_leads_to_one_customer_under_concurrency(uow_factory, anonymous_uow, settings) -> None:
    customers = [await _customer(uow_factory, email=f"c{i}@x.test") for i in range(20)]

    async def link(customer_id: str) -> str:
        try:
            await service_identities.link_identity(uow_factory(), customer_id=customer_id, data=_link("card", "RACE01"))
        except IdentityTaken:
            return "taken"
        return "linked"

    assert sorted(await asyncio.gather(*(link(c) for c in customers))) == ["linked"] + ["taken"] * 19

    async def first_sign_in(number: int) -> str:
        signed = await service_wechat.sign_in_wechat(
            anonymous_uow(), settings=settings, wechat=FakeWeChatAuth(f"wx-{number % 2}"),
            code=f"oid-race-{number}:union-race", cart_id=None, locale="zh-CN",
        )  # fmt: skip
        return signed.customer.id

    assert len(set(await asyncio.gather(*(first_sign_in(n) for n in range(20))))) == 1  # one person, one customer
