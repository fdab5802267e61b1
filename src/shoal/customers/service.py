"""Shopper accounts: creation, reads for other domains, the shopper's own profile, and admin.

Who may read a customer: the customer themself (a shopper actor with that id), staff holding
``orders.read`` and the system; staff tied to a store only the customers who bought there (``store_scope``).
Anyone else gets 404, exactly as if the customer did not exist.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from shoal.core.errors import NotFound, Unauthenticated
from shoal.core.pagination import Page, decode_cursor, encode_cursor
from shoal.core.security import hash_password
from shoal.core.uow import UnitOfWork
from shoal.customers import rules
from shoal.customers.errors import EmailTaken, InvalidPhone, PhoneTaken
from shoal.customers.events import CustomerRegistered
from shoal.customers.identities import link_door
from shoal.customers.models import Address, Customer, CustomerIdentity
from shoal.customers.profile import segment, set_profile
from shoal.customers.schemas import (
    AddressRead,
    CustomerAdminUpdate,
    CustomerCreate,
    CustomerDetail,
    CustomerRead,
    CustomerSearch,
    MemberRead,
    MeUpdate,
)
from shoal.customers.store_scope import visible_to
from shoal.identity.rules import normalise_email

CUSTOMER_GROUP = "customer_group"  # the session check's fact: the shopper's pricing group


async def create_customer(uow: UnitOfWork, *, data: CustomerCreate) -> CustomerRead:
    async with uow:
        uow.actor.require("orders.manage")
        phone = phone_or_error(data.phone) if data.phone else None
        email = normalise_email(data.email) if data.email else None
        customer = await add_customer(
            uow,
            email=email,
            phone=phone,
            password=data.password,
            name=data.name or rules.default_name(email=email, phone=phone),
            locale=data.locale,
            customer_group=data.customer_group,
        )
        uow.emit(CustomerRegistered(customer_id=customer.id, method="admin"))
        uow.audit("customer.create", "customer", customer.id, {"email": email, "phone": phone})
        await uow.commit()
        return CustomerRead.model_validate(customer)


async def get_customer(uow: UnitOfWork, *, customer_id: str) -> CustomerRead:
    async with uow:
        require_reader(uow, customer_id)
        return CustomerRead.model_validate(await customer_row(uow, customer_id))


async def customer_group_of(uow: UnitOfWork, *, customer_id: str) -> str | None:
    """The pricing group of a customer (``None`` for none or unknown). No permission check: pricing asks
    it for whoever is shopping, and a group name says nothing private. For the shopper of the request it was
    read already, by the session check in this transaction (``service_auth``)."""
    guard = uow.guard
    if guard is not None and guard.passed and uow.actor.id == customer_id and CUSTOMER_GROUP in guard.facts:
        return guard.facts[CUSTOMER_GROUP]  # type: ignore[return-value]
    async with uow:
        return (
            await uow.s.execute(
                select(Customer.customer_group).where(Customer.tenant_id == uow.tenant_id, Customer.id == customer_id)
            )
        ).scalar_one_or_none()


async def first_order_offer_taken(uow: UnitOfWork, *, customer_id: str) -> bool:
    """Whether a live order of the customer holds their first-order offer (新客首单); pricing asks it."""
    async with uow:
        holder = await uow.s.scalar(
            select(Customer.first_order_offer_order_id).where(
                Customer.tenant_id == uow.tenant_id, Customer.id == customer_id
            )
        )
        return holder is not None


async def claim_first_order_offer(uow: UnitOfWork, *, customer_id: str, order_id: str) -> bool:
    """Give the customer's one first-order offer to ``order_id``, inside checkout's transaction: a guarded update,
    so of concurrent checkouts exactly one wins (the others wait on the row, then find it taken). Returns whether
    this order got it."""
    async with uow:
        claimed = await uow.s.execute(
            update(Customer)
            .where(
                Customer.tenant_id == uow.tenant_id,
                Customer.id == customer_id,
                Customer.first_order_offer_order_id.is_(None),
            )
            .values(first_order_offer_order_id=order_id)
            .execution_options(synchronize_session=False)
        )
        await uow.commit()
        return claimed.rowcount == 1


async def release_first_order_offer(uow: UnitOfWork, *, order_id: str) -> None:
    """The order holding a first-order offer was cancelled or closed: the shopper may have it again. Idempotent,
    and only that order's hold is released."""
    async with uow:
        await uow.s.execute(
            update(Customer)
            .where(Customer.tenant_id == uow.tenant_id, Customer.first_order_offer_order_id == order_id)
            .values(first_order_offer_order_id=None)
            .execution_options(synchronize_session=False)
        )
        await uow.commit()


async def get_me(uow: UnitOfWork) -> CustomerRead:
    async with uow:
        return CustomerRead.model_validate(await customer_row(uow, shopper_id(uow)))


async def update_me(uow: UnitOfWork, *, data: MeUpdate) -> CustomerRead:
    async with uow:
        customer = await customer_row(uow, shopper_id(uow))
        set_profile(uow, customer, data)
        for field, value in data.model_dump(include={"name", "locale"}, exclude_unset=True).items():
            setattr(customer, field, value)
        await uow.commit()
        return CustomerRead.model_validate(customer)


async def list_customers(
    uow: UnitOfWork, *, limit: int, cursor: str | None, q: str | None, search: CustomerSearch | None = None
) -> Page[MemberRead]:
    """Newest first; ``q`` matches part of the email, phone or name ignoring case, or a door (a card number)
    exactly; ``search`` narrows to a tag, gender, region (any code inside it) or marketing consent."""
    async with uow:
        uow.actor.require("orders.read")
        query = select(Customer).where(Customer.tenant_id == uow.tenant_id, *segment(uow, search))
        scope = visible_to(uow.actor, uow.tenant_id)
        if scope is not None:
            query = query.where(scope)
        if q:
            pattern = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            door = select(CustomerIdentity.id).where(
                CustomerIdentity.tenant_id == uow.tenant_id, CustomerIdentity.customer_id == Customer.id,
                CustomerIdentity.value.in_({q.strip(), q.strip().upper(), q.strip().lower()}),
            )  # fmt: skip
            contacts = (
                func.lower(c).like(pattern, escape="\\") for c in (Customer.email, Customer.phone, Customer.name)
            )
            query = query.where(or_(*contacts, door.exists()))
        after = decode_cursor(cursor)
        if after:
            query = query.where(Customer.id < str(after[0]))
        rows = (await uow.s.execute(query.order_by(Customer.id.desc()).limit(limit + 1))).scalars().all()
    items = [MemberRead.model_validate(r) for r in rows[:limit]]
    return Page(items=items, next_cursor=encode_cursor([rows[limit - 1].id]) if len(rows) > limit else None)


async def get_customer_detail(uow: UnitOfWork, *, customer_id: str) -> CustomerDetail:
    async with uow:
        uow.actor.require("orders.read")
        customer = await customer_row(uow, customer_id)
        addresses = (
            (
                await uow.s.execute(
                    select(Address)
                    .where(Address.tenant_id == uow.tenant_id, Address.customer_id == customer_id)
                    .order_by(Address.created_at.desc(), Address.id.desc())
                )
            )
            .scalars()
            .all()
        )
        return CustomerDetail(
            **MemberRead.model_validate(customer).model_dump(),
            addresses=[AddressRead.model_validate(a) for a in addresses],
        )


async def update_customer(uow: UnitOfWork, *, customer_id: str, data: CustomerAdminUpdate) -> MemberRead:
    async with uow:
        uow.actor.require("orders.manage")
        customer = await customer_row(uow, customer_id)
        changes: dict[str, Any] = {}
        if "customer_group" in data.model_fields_set:
            changes["customer_group"] = data.customer_group or None
        if data.status is not None:
            changes["status"] = data.status
        if data.tags is not None:
            changes["tags"] = list(dict.fromkeys(data.tags))  # the same tag twice is one tag
        for field, value in changes.items():
            setattr(customer, field, value)
        changes.update(set_profile(uow, customer, data))
        uow.audit("customer.update", "customer", customer.id, changes)
        await uow.commit()
        return MemberRead.model_validate(customer)


async def add_customer(
    uow: UnitOfWork,
    *,
    name: str,
    locale: str,
    email: str | None = None,
    phone: str | None = None,
    password: str | None = None,
    customer_group: str | None = None,
) -> Customer:
    """Insert a customer inside a savepoint, so that a taken email or phone is a clean 409 and the
    caller's transaction survives (phone sign-in retries the lookup when a concurrent twin won)."""
    customer = Customer(
        tenant_id=uow.tenant_id,
        email=email,
        phone=phone,
        password_hash=await hash_password(password) if password else None,
        name=name,
        customer_group=customer_group,
        locale=locale,
        status="active",
        created_at=uow.clock.now(),
    )
    try:
        async with uow.s.begin_nested():
            uow.s.add(customer)
            await uow.s.flush()
            await _open_contact_doors(uow, customer.id, phone=phone, email=email)
    except IntegrityError as exc:
        if phone and "phone" in str(exc.orig):
            raise PhoneTaken(phone=phone) from exc
        raise EmailTaken(email=email) from exc
    return customer


async def _open_contact_doors(uow: UnitOfWork, customer_id: str, *, phone: str | None, email: str | None) -> None:
    """A new customer's phone and email are doors too; one that leads to another customer already (linked to
    them as a second phone, say) is taken, exactly as if it were their contact."""
    if phone and await link_door(uow, customer_id, "phone", phone) != customer_id:
        raise PhoneTaken(phone=phone)
    if email and await link_door(uow, customer_id, "email", email) != customer_id:
        raise EmailTaken(email=email)


async def customer_row(uow: UnitOfWork, customer_id: str) -> Customer:
    """The tenant's customer, if the actor may see them (store staff: only their store's); else 404."""
    query = select(Customer).where(Customer.tenant_id == uow.tenant_id, Customer.id == customer_id)
    scope = visible_to(uow.actor, uow.tenant_id)
    if scope is not None:
        query = query.where(scope)
    customer = (await uow.s.execute(query)).scalar_one_or_none()
    if customer is None:
        raise NotFound("customer")
    return customer


def shopper_id(uow: UnitOfWork) -> str:
    """The signed-in shopper's customer id; anything else acting here is not signed in as a shopper."""
    if uow.actor.kind != "shopper" or not uow.actor.id:
        raise Unauthenticated()
    return uow.actor.id


def require_reader(uow: UnitOfWork, customer_id: str) -> None:
    if uow.actor.kind == "shopper":
        if uow.actor.id != customer_id:
            raise NotFound("customer")
        return
    uow.actor.require("orders.read")


def phone_or_error(raw: str) -> str:
    phone = rules.normalise_phone(raw)
    if phone is None:
        raise InvalidPhone(phone=raw)
    return phone


async def customer_ids_in_group(uow: UnitOfWork, *, group: str) -> list[str]:
    """Active customers of a customer group (marketing issues coupons to them)."""
    async with uow:
        uow.actor.require("marketing.manage")
        rows = await uow.s.execute(
            select(Customer.id)
            .where(Customer.tenant_id == uow.tenant_id, Customer.customer_group == group, Customer.status == "active")
            .order_by(Customer.id)
        )
        return list(rows.scalars())


async def customer_ids_born_on(uow: UnitOfWork, *, month_days: tuple[int, ...]) -> list[str]:
    """Active customers whose birthday falls on one of ``month_days`` (``rules.birthdays_on``); the birthday
    gift job asks, as the system."""
    async with uow:
        rows = await uow.s.execute(
            select(Customer.id)
            .where(
                Customer.tenant_id == uow.tenant_id,
                Customer.birth_month_day.in_(month_days),
                Customer.status == "active",
            )
            .order_by(Customer.id)
        )
        return list(rows.scalars())


async def active_customer_ids(uow: UnitOfWork, *, ids: list[str]) -> set[str]:
    """Which of ``ids`` name active customers of this shop (others are reported, never issued to)."""
    async with uow:
        rows = await uow.s.execute(
            select(Customer.id).where(
                Customer.tenant_id == uow.tenant_id, Customer.id.in_(ids), Customer.status == "active"
            )
        )
        return set(rows.scalars())


async def customer_ids_by_contact(uow: UnitOfWork, *, emails: list[str], phones: list[str]) -> dict[str, str]:
    """Email or phone -> customer id, for those that lead to a customer of this shop (a contact, or a door staff
    linked), in one query.

    Contacts are matched as stored: emails lower-case, phones in E.164 (``normalise_phone``); a caller
    normalises what an operator typed first.
    """
    if not (emails or phones):
        return {}
    async with uow:
        uow.actor.require("orders.read")
        rows = await uow.s.execute(
            select(CustomerIdentity.value, CustomerIdentity.customer_id).where(
                CustomerIdentity.tenant_id == uow.tenant_id,
                or_(
                    (CustomerIdentity.kind == "email") & CustomerIdentity.value.in_(emails),
                    (CustomerIdentity.kind == "phone") & CustomerIdentity.value.in_(phones),
                ),
            )
        )
        return dict(rows.all())
