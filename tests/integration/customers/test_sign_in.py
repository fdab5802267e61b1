"""Shopper sign-in services on both databases: passwords, SMS codes, WeChat linking, tokens."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from shoal.core.errors import Unauthenticated
from shoal.core.outbox import OutboxRow
from shoal.customers import rules, service_auth, service_wechat
from shoal.customers.errors import (
    AccountBlocked,
    InvalidCredentials,
    InvalidSmsCode,
    SmsCodeCooldown,
    SmsUnavailable,
    TooManyCodeAttempts,
    TooManySignInAttempts,
)
from shoal.customers.schemas import RegisterRequest, TokenRequest
from shoal.customers.wechat import FakeWeChatAuth
from shoal.identity.errors import InvalidRefreshToken

PHONE = "+8613800138000"
ADDRESS = "203.0.113.7"


async def _register(anonymous_uow, settings, email="s@x.test", cart_id=None):  # type: ignore[no-untyped-def]
    return await service_auth.register(
        anonymous_uow(),
        settings=settings,
        data=RegisterRequest(email=email, password="secret-pass", cart_id=cart_id),
        locale="en",
    )


async def _code(anonymous_uow, settings, sms, phone=PHONE) -> str:  # type: ignore[no-untyped-def]
    await service_auth.request_sms_code(anonymous_uow(), settings=settings, sms=sms, phone=phone, locale="zh-CN")
    code = sms.last_code(rules.normalise_phone(phone) or phone)
    assert code is not None
    return code


async def _by_code(anonymous_uow, settings, code, phone=PHONE):  # type: ignore[no-untyped-def]
    return await service_auth.sign_in(
        anonymous_uow(), settings=settings, data=TokenRequest(phone=phone, code=code), locale="zh-CN", address=ADDRESS
    )


async def test_register_then_sign_in_with_password(anonymous_uow, settings, db) -> None:
    registered = await _register(anonymous_uow, settings)
    signed_in = await service_auth.sign_in(
        anonymous_uow(),
        settings=settings,
        data=TokenRequest(email="S@x.test", password="secret-pass", cart_id="cart-1"),
        locale="en",
        address=ADDRESS,
    )
    assert signed_in.customer.id == registered.customer.id and signed_in.customer.locale == "en"
    principal, _sid = await service_auth.authenticate(db, settings=settings, token=signed_in.access_token)
    assert principal.actor.kind == "shopper" and principal.actor.id == registered.customer.id
    async with anonymous_uow() as uow:
        events = (
            (await uow.s.execute(select(OutboxRow).where(OutboxRow.tenant_id == uow.tenant_id).order_by(OutboxRow.id)))
            .scalars()
            .all()
        )
    assert sorted(e.name for e in events) == ["CustomerRegistered", "CustomerSignedIn", "CustomerSignedIn"]
    carts = {e.payload["anonymous_cart_id"] for e in events if e.name == "CustomerSignedIn"}
    assert carts == {None, "cart-1"}


async def test_wrong_passwords_are_refused_then_locked_out(anonymous_uow, settings, clock) -> None:
    await _register(anonymous_uow, settings)
    wrong = TokenRequest(email="s@x.test", password="wrong")
    for _ in range(settings.login_max_failures):
        with pytest.raises(InvalidCredentials):
            await service_auth.sign_in(anonymous_uow(), settings=settings, data=wrong, locale="en", address=ADDRESS)
    right = TokenRequest(email="s@x.test", password="secret-pass")
    with pytest.raises(TooManySignInAttempts):
        await service_auth.sign_in(anonymous_uow(), settings=settings, data=right, locale="en", address=ADDRESS)
    clock.advance(minutes=settings.login_failure_window_minutes + 1)
    signed_in = await service_auth.sign_in(anonymous_uow(), settings=settings, data=right, locale="en", address=ADDRESS)
    assert signed_in.access_token


async def test_a_phone_code_signs_in_and_creates_the_customer_once(anonymous_uow, settings, sms, clock) -> None:
    first = await _by_code(anonymous_uow, settings, await _code(anonymous_uow, settings, sms, "138 0013 8000"))
    assert first.customer.phone == PHONE and first.customer.name == "用户8000"
    with pytest.raises(InvalidSmsCode):  # a code works once
        await _by_code(anonymous_uow, settings, sms.last_code(PHONE))
    clock.advance(seconds=61)
    second = await _by_code(anonymous_uow, settings, await _code(anonymous_uow, settings, sms))
    assert second.customer.id == first.customer.id


async def test_codes_expire_after_five_minutes(anonymous_uow, settings, sms, clock) -> None:
    code = await _code(anonymous_uow, settings, sms)
    clock.advance(minutes=5)
    with pytest.raises(InvalidSmsCode):
        await _by_code(anonymous_uow, settings, code)


async def test_resend_waits_for_the_cooldown(anonymous_uow, settings, sms, clock) -> None:
    first = await _code(anonymous_uow, settings, sms)
    clock.advance(seconds=30)
    with pytest.raises(SmsCodeCooldown) as refused:
        await _code(anonymous_uow, settings, sms)
    assert refused.value.params["retry_after"] == 30
    clock.advance(seconds=30)
    await _code(anonymous_uow, settings, sms)
    if sms.last_code(PHONE) != first:  # the old code died with the new one (1 in a million they match)
        with pytest.raises(InvalidSmsCode):
            await _by_code(anonymous_uow, settings, first)


async def test_a_code_dies_after_too_many_wrong_tries(anonymous_uow, settings, sms) -> None:
    code = await _code(anonymous_uow, settings, sms)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(3):
        with pytest.raises(InvalidSmsCode):
            await _by_code(anonymous_uow, settings, wrong)
    with pytest.raises(TooManyCodeAttempts):
        await _by_code(anonymous_uow, settings, code)


async def test_a_failed_sms_withdraws_the_code(anonymous_uow, settings) -> None:
    class Broken:
        async def send(self, phone: str, text: str) -> None:
            raise OSError("gateway down")

    with pytest.raises(SmsUnavailable):
        await service_auth.request_sms_code(anonymous_uow(), settings=settings, sms=Broken(), phone=PHONE, locale="en")
    with pytest.raises(SmsUnavailable):  # no cool-down: the shopper may retry at once
        await service_auth.request_sms_code(anonymous_uow(), settings=settings, sms=Broken(), phone=PHONE, locale="en")


async def test_wechat_links_openids_of_one_unionid_to_one_customer(anonymous_uow, settings) -> None:
    mini, official = FakeWeChatAuth("wx-mini"), FakeWeChatAuth("wx-official")

    async def sign_in(auth: FakeWeChatAuth, code: str):  # type: ignore[no-untyped-def]
        return await service_wechat.sign_in_wechat(
            anonymous_uow(), settings=settings, wechat=auth, code=code, cart_id=None, locale="zh-CN"
        )

    first = await sign_in(mini, "openid-a:union-1")
    again = await sign_in(mini, "openid-a:union-1")
    other_app = await sign_in(official, "openid-b:union-1")
    stranger = await sign_in(mini, "openid-c")
    assert first.customer.id == again.customer.id == other_app.customer.id
    assert stranger.customer.id != first.customer.id
    async with anonymous_uow() as uow:
        registered = (
            await uow.s.execute(
                select(OutboxRow).where(OutboxRow.tenant_id == uow.tenant_id, OutboxRow.name == "CustomerRegistered")
            )
        ).all()
    assert len(registered) == 2


async def test_refresh_rotates_and_logout_revokes(anonymous_uow, settings, db) -> None:
    tokens = await _register(anonymous_uow, settings)
    rotated = await service_auth.refresh(db.uow(), settings=settings, refresh_token=tokens.refresh_token)
    principal, session_id = await service_auth.authenticate(db, settings=settings, token=rotated.access_token)
    await service_auth.sign_out(db.uow(tenant_id=principal.tenant.id), session_id=session_id)
    with pytest.raises(Unauthenticated):
        await service_auth.authenticate(db, settings=settings, token=rotated.access_token)


async def test_a_replayed_refresh_token_ends_the_whole_session(anonymous_uow, settings, db) -> None:
    tokens = await _register(anonymous_uow, settings)
    rotated = await service_auth.refresh(db.uow(), settings=settings, refresh_token=tokens.refresh_token)
    with pytest.raises(InvalidRefreshToken):
        await service_auth.refresh(db.uow(), settings=settings, refresh_token=tokens.refresh_token)
    with pytest.raises(InvalidRefreshToken):  # the thief's (or the owner's) newer token dies too
        await service_auth.refresh(db.uow(), settings=settings, refresh_token=rotated.refresh_token)
    with pytest.raises(Unauthenticated):
        await service_auth.authenticate(db, settings=settings, token=rotated.access_token)


async def test_a_blocked_customer_cannot_sign_in(anonymous_uow, settings, uow_factory) -> None:
    from shoal.customers import service
    from shoal.customers.schemas import CustomerAdminUpdate

    tokens = await _register(anonymous_uow, settings)
    await service.update_customer(
        uow_factory(), customer_id=tokens.customer.id, data=CustomerAdminUpdate(status="blocked")
    )
    with pytest.raises(AccountBlocked):
        await service_auth.sign_in(
            anonymous_uow(),
            settings=settings,
            data=TokenRequest(email="s@x.test", password="secret-pass"),
            locale="en",
            address=ADDRESS,
        )


@pytest.mark.pg_only
async def test_concurrent_requests_send_one_code(anonymous_uow, settings, sms) -> None:
    results = await asyncio.gather(
        *(
            service_auth.request_sms_code(anonymous_uow(), settings=settings, sms=sms, phone=PHONE, locale="en")
            for _ in range(8)
        ),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(isinstance(r, SmsCodeCooldown) for r in results if isinstance(r, Exception))


@pytest.mark.pg_only
async def test_one_code_signs_in_once_under_concurrency(anonymous_uow, settings, sms) -> None:
    code = await _code(anonymous_uow, settings, sms)
    results = await asyncio.gather(*(_by_code(anonymous_uow, settings, code) for _ in range(8)), return_exceptions=True)
    assert sum(not isinstance(r, Exception) for r in results) == 1
