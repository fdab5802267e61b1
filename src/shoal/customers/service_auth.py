"""Shopper sign-in: email and password, phone and SMS code, WeChat mini-program; refresh, sign-out.

Tokens follow staff sign-in (``shoal.identity.service``): a short JWT access token naming its session
(``typ: "shopper"``, ``sub`` customer, ``tid`` tenant, ``sid`` session) and an opaque refresh token
``<tenant_id>.<secret>`` stored as a digest and rotated by a guarded update.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from shoal.config import Settings
from shoal.core import tenant_cache
from shoal.core.actors import Actor
from shoal.core.errors import Unauthenticated
from shoal.core.guard import SessionGuard
from shoal.core.ids import new_id
from shoal.core.security import verify_password
from shoal.core.tenancy import Tenant, TenantRow
from shoal.core.uow import Database, UnitOfWork
from shoal.customers import rules
from shoal.customers.errors import (
    AccountBlocked,
    InvalidCredentials,
    InvalidSmsCode,
    PhoneTaken,
    SmsCodeCooldown,
    SmsUnavailable,
    TooManyCodeAttempts,
    TooManySignInAttempts,
)
from shoal.customers.events import CustomerRegistered, CustomerSignedIn
from shoal.customers.hooks import signed_in_with_cart
from shoal.customers.identities import customer_by_door
from shoal.customers.models import Customer, ShopperSession, SmsCode
from shoal.customers.schemas import CustomerRead, RegisterRequest, ShopperTokens, SmsCodeSent, TokenRequest
from shoal.customers.service import CUSTOMER_GROUP, add_customer, phone_or_error
from shoal.customers.sms import SmsProvider
from shoal.identity import sessions, throttle
from shoal.identity.rules import normalise_email


@dataclass(frozen=True, slots=True)
class ShopperPrincipal:
    tenant: Tenant
    actor: Actor
    locale: str


async def register(uow: UnitOfWork, *, settings: Settings, data: RegisterRequest, locale: str) -> ShopperTokens:
    email = normalise_email(data.email)
    async with uow:
        customer = await add_customer(
            uow, email=email, password=data.password, name=data.name or rules.default_name(email=email), locale=locale
        )
        uow.emit(CustomerRegistered(customer_id=customer.id, method="email"))
        tokens = _open_session(uow, settings, customer, method="email", cart_id=data.cart_id)
        await uow.commit()
    if data.cart_id:
        await signed_in_with_cart(uow.db, tenant_id=customer.tenant_id, customer_id=customer.id, cart_id=data.cart_id)
    return tokens


async def sign_in(
    uow: UnitOfWork, *, settings: Settings, data: TokenRequest, locale: str, address: str
) -> ShopperTokens:
    """Email + password, or phone + code (which creates the customer on first use). Both take a slot
    of the sign-in throttle shared with staff (``identity.throttle``) before the secret is checked;
    ``address`` is the client's network address."""
    if data.email is not None and data.password is not None:
        login = normalise_email(data.email)
        return await _sign_in_with_password(uow, settings, login, data.password, data.cart_id, address)
    assert data.phone is not None and data.code is not None  # TokenRequest guarantees one pair
    phone = phone_or_error(data.phone)
    return await _sign_in_with_code(uow, settings, phone, data.code, data.cart_id, locale, address)


async def request_sms_code(
    uow: UnitOfWork, *, settings: Settings, sms: SmsProvider, phone: str, locale: str
) -> SmsCodeSent:
    """Store a fresh code's digest, then text the code. The upsert only replaces a code older than the
    cool-down, so two racing requests cannot both send. If the SMS fails, the code is withdrawn so the
    shopper may ask again at once."""
    phone = phone_or_error(phone)
    code = rules.generate_code()
    async with uow:
        now = uow.clock.now()
        fresh = {
            "code_digest": rules.code_digest(settings.secret_key, uow.tenant_id or "", phone, code),
            "sent_at": now,
            "expires_at": rules.code_expires_at(now),
            "attempts": 0,
            "consumed_at": None,
        }
        insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
        statement = (
            insert(SmsCode)
            .values(id=new_id(), tenant_id=uow.tenant_id, phone=phone, **fresh)
            .on_conflict_do_update(
                index_elements=["tenant_id", "phone"],
                set_=fresh,
                where=SmsCode.sent_at <= rules.resend_allowed_before(now),
            )
        )
        if (await uow.s.execute(statement)).rowcount != 1:
            sent_at = (await uow.s.execute(_code_query(uow, phone).with_only_columns(SmsCode.sent_at))).scalar_one()
            raise SmsCodeCooldown(retry_after=rules.resend_wait_seconds(sent_at, now))
        await uow.commit()
    try:
        await sms.send(phone, rules.sms_text(code, locale))
    except Exception as exc:
        async with uow:
            await uow.s.execute(delete(SmsCode).where(SmsCode.tenant_id == uow.tenant_id, SmsCode.phone == phone))
            await uow.commit()
        raise SmsUnavailable() from exc
    return SmsCodeSent(
        expires_in=int(rules.CODE_TTL.total_seconds()), resend_after=int(rules.RESEND_COOLDOWN.total_seconds())
    )


async def refresh(uow: UnitOfWork, *, settings: Settings, refresh_token: str) -> ShopperTokens:
    async with uow:
        session, customer, new_refresh = await sessions.rotate(
            uow, ShopperSession, Customer, ShopperSession.customer_id == Customer.id, refresh_token
        )
        await uow.commit()
        return _tokens(settings, uow, session.id, customer, new_refresh)  # type: ignore[arg-type]


async def sign_out(uow: UnitOfWork, *, session_id: str) -> None:
    await sessions.revoke(uow, ShopperSession, session_id=session_id)


async def authenticate(db: Database, *, settings: Settings, token: str) -> tuple[ShopperPrincipal, str]:
    """Turn a shopper bearer token into its tenant, actor and locale (and its session id), checking now that the
    session is live and the customer active (the storefront's pages, in the shopper's current language)."""
    principal, session_id, guard = await claimed_principal(db, settings=settings, token=token)
    async with db.uow(tenant_id=principal.tenant.id, guard=guard):
        pass
    return ShopperPrincipal(principal.tenant, principal.actor, guard.locale or principal.locale), session_id


async def claimed_principal(
    db: Database, *, settings: Settings, token: str
) -> tuple[ShopperPrincipal, str, SessionGuard]:
    """Who a shopper token speaks for, from its signed claims, with its session id and the guard that checks, in
    the request's first transaction, that the session is live, the customer active and the shop open."""
    claims = sessions.claims_of(settings, token, now=db.clock.now(), kind="shopper")
    tenant = await tenant_cache.tenant_by_id(db, claims["tid"])
    if tenant is None:
        raise Unauthenticated()
    actor = Actor(kind="shopper", id=claims["sub"])
    facts: dict[str, object] = {}
    check = partial(_live_customer_locale, session_id=claims["sid"], actor=actor, tenant_id=tenant.id, facts=facts)
    guard = SessionGuard(check, facts=facts)
    return ShopperPrincipal(tenant, actor, claims.get("lng") or tenant.default_locale), claims["sid"], guard


# Every shopper request runs it: built once, bound per request, executed past the ORM (``UnitOfWork.run``).
_LIVE_CUSTOMER = (
    select(Customer.locale, Customer.customer_group)
    .join(ShopperSession, ShopperSession.customer_id == Customer.id)
    .join(TenantRow, TenantRow.id == Customer.tenant_id)
    .where(
        ShopperSession.id == bindparam("session_id"),
        ShopperSession.tenant_id == bindparam("tenant_id"),
        ShopperSession.revoked_at.is_(None),
        Customer.id == bindparam("customer_id"),
        Customer.status == "active",
        TenantRow.status == "active",
    )
)


async def _live_customer_locale(
    session: AsyncSession, *, session_id: str, actor: Actor, tenant_id: str, facts: dict[str, object]
) -> str | None:  # fmt: skip
    """The customer's locale if the session is live, the customer active and the shop open. Their pricing group,
    read on the way, is kept in ``facts`` for the request (``service.customer_group_of``)."""
    params = {"session_id": session_id, "tenant_id": tenant_id, "customer_id": actor.id}
    live = (await (await session.connection()).execute(_LIVE_CUSTOMER, params)).first()
    if live is None:
        return None
    facts[CUSTOMER_GROUP] = live.customer_group
    return live.locale


async def _sign_in_with_password(
    uow: UnitOfWork, settings: Settings, email: str, password: str, cart_id: str | None, address: str
) -> ShopperTokens:
    async with uow:
        attempt = await _admit(uow, settings, email, address)
        customer = await customer_by_door(uow, "email", email)  # a second email linked by staff signs in too
        # Verified even without such a customer (against a dummy hash), so timing does not tell who has an account.
        valid = await verify_password(customer.password_hash if customer else None, password)
        if customer is None or not valid:
            raise InvalidCredentials()
        await throttle.succeeded(uow, attempt)
        return await finish_sign_in(uow, settings, customer, method="email", cart_id=cart_id)


async def _sign_in_with_code(
    uow: UnitOfWork, settings: Settings, phone: str, code: str, cart_id: str | None, locale: str, address: str
) -> ShopperTokens:
    async with uow:
        attempt = await _admit(uow, settings, phone, address)
        await consume_code(uow, settings, phone, code)
        customer = await _customer_by_phone(uow, phone)
        if customer is None:
            try:
                customer = await add_customer(uow, phone=phone, name=rules.default_name(phone=phone), locale=locale)
                uow.emit(CustomerRegistered(customer_id=customer.id, method="phone"))
            except PhoneTaken:  # a concurrent first sign-in with another code created it a moment ago
                customer = await _customer_by_phone(uow, phone)
                assert customer is not None
        await throttle.succeeded(uow, attempt)
        return await finish_sign_in(uow, settings, customer, method="phone", cart_id=cart_id)


async def consume_code(uow: UnitOfWork, settings: Settings, phone: str, code: str) -> None:
    """Use the phone's live code once (a guarded update), or count the failed try and refuse: proof that whoever
    typed it holds the phone, for signing in by it or linking it to one's account."""
    now = uow.clock.now()
    consumed = await uow.s.execute(
        update(SmsCode)
        .where(
            SmsCode.tenant_id == uow.tenant_id,
            SmsCode.phone == phone,
            SmsCode.code_digest == rules.code_digest(settings.secret_key, uow.tenant_id or "", phone, code),
            SmsCode.consumed_at.is_(None),
            SmsCode.expires_at > now,
            SmsCode.attempts < rules.MAX_CODE_ATTEMPTS,
        )
        .values(consumed_at=now)
    )
    if consumed.rowcount != 1:
        await _refuse_wrong_code(uow, phone)


async def _refuse_wrong_code(uow: UnitOfWork, phone: str) -> None:
    """Count the failed try against the live code (guarded, so attempts never pass the maximum), commit
    that, and refuse. The sign-in throttle already counted the attempt."""
    now = uow.clock.now()
    row = (await uow.s.execute(_code_query(uow, phone))).scalar_one_or_none()
    attempts_before = row.attempts if row is not None else 0
    usable = row is not None and rules.code_is_usable(
        expires_at=row.expires_at, attempts=row.attempts, consumed_at=row.consumed_at, now=now
    )
    if usable:
        await uow.s.execute(
            update(SmsCode)
            .where(SmsCode.id == row.id, SmsCode.consumed_at.is_(None), SmsCode.attempts < rules.MAX_CODE_ATTEMPTS)
            .values(attempts=SmsCode.attempts + 1)
        )
    await uow.commit()
    exhausted = attempts_before >= rules.MAX_CODE_ATTEMPTS
    if row is not None and row.consumed_at is None and exhausted and now < row.expires_at:
        raise TooManyCodeAttempts(retry_after=rules.resend_wait_seconds(row.sent_at, now))
    raise InvalidSmsCode()


async def finish_sign_in(
    uow: UnitOfWork, settings: Settings, customer: Customer, *, method: str, cart_id: str | None
) -> ShopperTokens:
    if customer.status != "active":
        raise AccountBlocked()
    tokens = _open_session(uow, settings, customer, method=method, cart_id=cart_id)
    await uow.commit()
    if cart_id:
        await signed_in_with_cart(uow.db, tenant_id=customer.tenant_id, customer_id=customer.id, cart_id=cart_id)
    return tokens


def _open_session(
    uow: UnitOfWork, settings: Settings, customer: Customer, *, method: str, cart_id: str | None
) -> ShopperTokens:
    session, refresh_token = sessions.new_session(
        ShopperSession, tenant_id=customer.tenant_id, now=uow.clock.now(), settings=settings, customer_id=customer.id
    )
    uow.s.add(session)
    uow.emit(CustomerSignedIn(customer_id=customer.id, method=method, anonymous_cart_id=cart_id))
    return _tokens(settings, uow, session.id, customer, refresh_token)


def _tokens(
    settings: Settings, uow: UnitOfWork, session_id: str, customer: Customer, refresh_token: str
) -> ShopperTokens:
    access = sessions.access_token(
        settings,
        now=uow.clock.now(),
        kind="shopper",
        subject=customer.id,
        tenant_id=customer.tenant_id,
        session_id=session_id,
        lng=customer.locale,
    )
    return ShopperTokens(
        access_token=access,
        refresh_token=refresh_token,
        expires_in=settings.access_token_minutes * 60,
        customer=CustomerRead.model_validate(customer),
    )


async def _admit(uow: UnitOfWork, settings: Settings, login: str, address: str) -> throttle.SignInAttempt:
    return await throttle.admit(
        uow, settings, kind="shopper", login=login, address=address, refusal=TooManySignInAttempts
    )


async def _customer_by_phone(uow: UnitOfWork, phone: str) -> Customer | None:
    """Whoever the phone leads to: its contact's customer, one it was linked to, or the survivor of a merge."""
    return await customer_by_door(uow, "phone", phone)


def _code_query(uow: UnitOfWork, phone: str):  # type: ignore[no-untyped-def]
    return select(SmsCode).where(SmsCode.tenant_id == uow.tenant_id, SmsCode.phone == phone)
