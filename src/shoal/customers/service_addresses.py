"""The shopper's address book. Exactly one address is the default whenever the book is not empty.

An address is checked before it is written: its phone must be a phone number and its province, city and district
one chain of the national divisions (``customers.regions``); the district's code is stored beside the names.

Every write first locks the customer's row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's
``BEGIN IMMEDIATE`` already serialises writers), so concurrent edits of one book queue up; the partial
unique index on ``is_default`` is the last wall should anything slip through.
"""

from __future__ import annotations

from sqlalchemy import func, select, update

from shoal.core.errors import NotFound
from shoal.core.uow import UnitOfWork
from shoal.customers import rules
from shoal.customers.errors import AddressBookFull, InvalidPhone
from shoal.customers.models import Address, Customer
from shoal.customers.regions import normalised
from shoal.customers.schemas import AddressCreate, AddressRead, AddressUpdate
from shoal.customers.service import require_reader, shopper_id


async def list_my_addresses(uow: UnitOfWork) -> list[AddressRead]:
    """Default first, then newest first. The book is capped (``MAX_ADDRESSES``), so no paging."""
    async with uow:
        rows = (
            (
                await uow.s.execute(
                    _book(uow, shopper_id(uow)).order_by(
                        Address.is_default.desc(), Address.created_at.desc(), Address.id.desc()
                    )
                )
            )
            .scalars()
            .all()
        )
        return [AddressRead.model_validate(r) for r in rows]


async def get_my_address(uow: UnitOfWork, *, address_id: str) -> AddressRead:
    async with uow:
        return AddressRead.model_validate(await _address(uow, shopper_id(uow), address_id))


async def get_address(uow: UnitOfWork, *, customer_id: str, address_id: str) -> AddressRead:
    """For checkout and orders: the address must belong to ``customer_id`` (else 404)."""
    async with uow:
        require_reader(uow, customer_id)
        return AddressRead.model_validate(await _address(uow, customer_id, address_id))


async def add_address(uow: UnitOfWork, *, data: AddressCreate) -> AddressRead:
    fields = _checked(data.model_dump(exclude={"is_default"}))
    async with uow:
        customer_id = shopper_id(uow)
        await _lock_book(uow, customer_id)
        size = (
            await uow.s.execute(
                select(func.count()).where(Address.tenant_id == uow.tenant_id, Address.customer_id == customer_id)
            )
        ).scalar_one()
        if size >= rules.MAX_ADDRESSES:
            raise AddressBookFull(limit=rules.MAX_ADDRESSES)
        is_default = rules.is_default_on_create(book_size=size, requested=data.is_default)
        if is_default:
            await _clear_default(uow, customer_id)
        now = uow.clock.now()
        address = Address(
            tenant_id=uow.tenant_id,
            customer_id=customer_id,
            **fields,
            is_default=is_default,
            created_at=now,
            updated_at=now,
        )
        uow.s.add(address)
        await uow.commit()
        return AddressRead.model_validate(address)


async def update_address(uow: UnitOfWork, *, address_id: str, data: AddressUpdate) -> AddressRead:
    async with uow:
        customer_id = shopper_id(uow)
        await _lock_book(uow, customer_id)
        address = await _address(uow, customer_id, address_id)
        changes = data.model_dump(exclude_unset=True, exclude={"is_default"})
        if changes.keys() & REGION_FIELDS:
            # A new city or district moves the address: its code is worked out again unless a new one is sent.
            current = {field: getattr(address, field) for field in ("province", "city", "district")}
            changes = _checked(current | {"region_code": None} | changes)
        elif "phone" in changes:
            changes = _checked(changes)
        for field, value in changes.items():
            setattr(address, field, value)
        if data.is_default and not address.is_default:
            await _clear_default(uow, customer_id)
            address.is_default = True
        address.updated_at = uow.clock.now()
        await uow.commit()
        return AddressRead.model_validate(address)


async def delete_address(uow: UnitOfWork, *, address_id: str) -> None:
    async with uow:
        customer_id = shopper_id(uow)
        await _lock_book(uow, customer_id)
        address = await _address(uow, customer_id, address_id)
        was_default = address.is_default
        await uow.s.delete(address)
        await uow.s.flush()
        if was_default:
            remaining = (
                (
                    await uow.s.execute(
                        select(Address.id)
                        .where(Address.tenant_id == uow.tenant_id, Address.customer_id == customer_id)
                        .order_by(Address.created_at.desc(), Address.id.desc())
                    )
                )
                .scalars()
                .all()
            )
            successor = rules.successor_default(remaining)
            if successor:
                await uow.s.execute(
                    update(Address)
                    .where(Address.tenant_id == uow.tenant_id, Address.id == successor)
                    .values(is_default=True)
                )
        await uow.commit()


REGION_FIELDS = {"province", "city", "district", "region_code"}


def _checked(fields: dict[str, object]) -> dict[str, object]:
    """``fields`` with the region's names and code as the divisions have them; refuses a phone that is not one
    and a district that is not in its city (or a city not in its province)."""
    phone = fields.get("phone")
    if isinstance(phone, str) and rules.normalise_phone(phone) is None:
        raise InvalidPhone(phone=phone)
    return normalised(fields) if "province" in fields else fields


def _book(uow: UnitOfWork, customer_id: str):  # type: ignore[no-untyped-def]
    return select(Address).where(Address.tenant_id == uow.tenant_id, Address.customer_id == customer_id)


async def _address(uow: UnitOfWork, customer_id: str, address_id: str) -> Address:
    address = (await uow.s.execute(_book(uow, customer_id).where(Address.id == address_id))).scalar_one_or_none()
    if address is None:
        raise NotFound("address")
    return address


async def _lock_book(uow: UnitOfWork, customer_id: str) -> None:
    locked = await uow.s.execute(
        select(Customer.id).where(Customer.tenant_id == uow.tenant_id, Customer.id == customer_id).with_for_update()
    )
    if locked.scalar_one_or_none() is None:
        raise NotFound("customer")


async def _clear_default(uow: UnitOfWork, customer_id: str) -> None:
    await uow.s.execute(
        update(Address)
        .where(Address.tenant_id == uow.tenant_id, Address.customer_id == customer_id, Address.is_default.is_(True))
        .values(is_default=False)
    )
    await uow.s.flush()
