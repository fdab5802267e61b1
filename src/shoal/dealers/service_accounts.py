"""Dealer accounts for the brand's staff: dealers (each with an inventory location of kind ``dealer``), their
staff users, credit limits and payment terms, and the SKUs dealers may order with their MOQ and case pack.

Accounts and credit are ``settings.manage`` (owners and admins); reading them is ``orders.read``; the
assortment is ``catalog.write``.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from shoal.core.security import hash_password
from shoal.core.uow import UnitOfWork
from shoal.customers import regions
from shoal.dealers import scope
from shoal.dealers.errors import DealerCodeTaken, DealerEmailTaken, UnknownRegion, dealer_not_found
from shoal.dealers.models import Dealer, DealerUser, SkuTerms
from shoal.dealers.pricing import priced_catalog, variant_ids_for
from shoal.dealers.schemas import (
    CatalogItem,
    CreditIn,
    CreditRead,
    DealerCreate,
    DealerRead,
    DealerUpdate,
    DealerUserCreate,
    DealerUserRead,
    SkuTermsIn,
    SkuTermsRead,
)
from shoal.identity import rules as identity_rules
from shoal.inventory import service as inventory
from shoal.inventory.schemas import LocationCreate, LocationUpdate


async def create_dealer(uow: UnitOfWork, *, data: DealerCreate) -> DealerRead:
    """A dealer and its stock location (kind ``dealer``, not sellable online: the brand's shop never counts
    the dealer's units as its own), in one transaction. The location covers the dealer's province, so
    checkout's routing sends a shop order to that province to the dealer when it holds the whole order
    (``inventory.rules.preference_order``)."""
    async with uow:
        uow.actor.require("settings.manage")
        region = _province(data.region)
        location = await inventory.create_location(
            uow,
            data=LocationCreate(
                code=f"dealer-{data.code}", kind="dealer", name=data.name, sellable=False, coverage=[region.code]
            ),
        )
        now = uow.clock.now()
        dealer = Dealer(
            tenant_id=uow.tenant_id, code=data.code, name=data.name, region=region.name, region_code=region.code,
            location_id=location.id, price_list=data.price_list, discount_bps=data.discount_bps,
            credit_limit=0, credit_used=0, payment_terms="prepaid", terms_days=0, status="active",
            created_at=now, updated_at=now,
        )  # fmt: skip
        uow.s.add(dealer)
        try:
            await uow.s.flush()
        except IntegrityError as exc:
            raise DealerCodeTaken(code=data.code) from exc
        uow.audit("dealer.create", "dealer", dealer.id, data.model_dump(mode="json"))
        await uow.commit()
        return DealerRead.model_validate(dealer)


async def list_dealers(uow: UnitOfWork) -> list[DealerRead]:
    async with uow:
        uow.actor.require("orders.read")
        rows = await uow.s.execute(select(Dealer).where(scope.visible(uow, Dealer, Dealer.id)).order_by(Dealer.code))
        return [DealerRead.model_validate(row) for row in rows.scalars()]


async def get_dealer(uow: UnitOfWork, *, dealer_id: str) -> DealerRead:
    async with uow:
        uow.actor.require("orders.read")
        return DealerRead.model_validate(await load_dealer(uow, dealer_id))


async def update_dealer(uow: UnitOfWork, *, dealer_id: str, data: DealerUpdate) -> DealerRead:
    async with uow:
        uow.actor.require("settings.manage")
        dealer = await load_dealer(uow, dealer_id)
        values = data.model_dump(exclude_unset=True)
        if "region" in values:
            region = _province(values["region"])
            if region.code != dealer.region_code:
                await _cover(uow, dealer.location_id, region.code)
            values.update(region=region.name, region_code=region.code)
        for name, value in values.items():
            setattr(dealer, name, value)
        dealer.updated_at = uow.clock.now()
        uow.audit("dealer.update", "dealer", dealer.id, data.model_dump(mode="json", exclude_unset=True))
        await uow.commit()
        return DealerRead.model_validate(dealer)


async def set_credit(uow: UnitOfWork, *, dealer_id: str, data: CreditIn) -> CreditRead:
    """Set the limit and terms. A limit below what is already used refuses new orders on account until
    payments bring it under; it never touches ``credit_used`` (only holds and releases move that)."""
    async with uow:
        uow.actor.require("settings.manage")
        await load_dealer(uow, dealer_id)
        await uow.s.execute(
            update(Dealer)
            .where(Dealer.tenant_id == uow.tenant_id, Dealer.id == dealer_id)
            .values(**data.model_dump(), updated_at=uow.clock.now())
        )
        uow.audit("dealer.credit", "dealer", dealer_id, data.model_dump(mode="json"))
        result = credit_of(await load_dealer(uow, dealer_id))
        await uow.commit()
        return result


async def get_credit(uow: UnitOfWork, *, dealer_id: str | None = None) -> CreditRead:
    """A dealer's credit: staff name the dealer, a dealer's staff read their own."""
    async with uow:
        if uow.actor.kind == "dealer":
            return credit_of(await my_dealer(uow))
        uow.actor.require("orders.read")
        return credit_of(await load_dealer(uow, dealer_id or ""))


async def add_user(uow: UnitOfWork, *, dealer_id: str, data: DealerUserCreate) -> DealerUserRead:
    async with uow:
        uow.actor.require("settings.manage")
        await load_dealer(uow, dealer_id)
        user = DealerUser(
            tenant_id=uow.tenant_id, dealer_id=dealer_id, email=identity_rules.normalise_email(data.email),
            name=data.name, password_hash=await hash_password(data.password), locale=data.locale, status="active",
            created_at=uow.clock.now(),
        )  # fmt: skip
        uow.s.add(user)
        try:
            await uow.s.flush()
        except IntegrityError as exc:
            raise DealerEmailTaken(email=data.email) from exc
        uow.audit("dealer.user_create", "dealer", dealer_id, {"email": user.email})
        await uow.commit()
        return DealerUserRead.model_validate(user)


async def list_users(uow: UnitOfWork, *, dealer_id: str) -> list[DealerUserRead]:
    async with uow:
        uow.actor.require("orders.read")
        await load_dealer(uow, dealer_id)
        rows = await uow.s.execute(
            select(DealerUser).where(DealerUser.tenant_id == uow.tenant_id, DealerUser.dealer_id == dealer_id)
        )
        return [DealerUserRead.model_validate(row) for row in rows.scalars()]


async def set_sku_terms(uow: UnitOfWork, *, data: SkuTermsIn) -> SkuTermsRead:
    """Offer a SKU to dealers (or change its MOQ and case pack)."""
    async with uow:
        uow.actor.require("catalog.write")
        variant_id = (await variant_ids_for(uow, [data.sku]))[data.sku]
        row = await uow.s.scalar(
            select(SkuTerms).where(SkuTerms.tenant_id == uow.tenant_id, SkuTerms.variant_id == variant_id)
        )
        if row is None:
            row = SkuTerms(tenant_id=uow.tenant_id, variant_id=variant_id)
            uow.s.add(row)
        row.moq, row.case_pack = data.moq, data.case_pack
        await uow.s.flush()
        uow.audit("dealer.sku_terms", "variant", variant_id, data.model_dump(mode="json"))
        await uow.commit()
    return next(term for term in await list_sku_terms(uow) if term.variant_id == variant_id)


async def list_sku_terms(uow: UnitOfWork) -> list[SkuTermsRead]:
    async with uow:
        uow.actor.require("orders.read")
        items = await priced_catalog(uow, price_list=None, discount_bps=0)
        return [SkuTermsRead.model_validate(item, from_attributes=True) for item in items]


async def dealer_catalog(uow: UnitOfWork) -> list[CatalogItem]:
    """What the acting dealer may order, at its own prices: the one read of prices a dealer has."""
    async with uow:
        dealer = await my_dealer(uow)
        return await priced_catalog(uow, price_list=dealer.price_list, discount_bps=dealer.discount_bps)


async def my_dealer_read(uow: UnitOfWork) -> DealerRead:
    async with uow:
        return DealerRead.model_validate(await my_dealer(uow))


async def my_dealer(uow: UnitOfWork) -> Dealer:
    return await load_dealer(uow, scope.dealer_of(uow))


async def load_dealer(uow: UnitOfWork, dealer_id: str) -> Dealer:
    """The tenant's dealer, read afresh; 404 also for another dealer when a dealer asks, and for any dealer
    when a store's staff ask (``scope.visible``)."""
    dealer = (
        await uow.s.execute(
            select(Dealer)
            .where(scope.visible(uow, Dealer, Dealer.id), Dealer.id == dealer_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if dealer is None:
        raise dealer_not_found(dealer_id)
    return dealer


def credit_of(dealer: Dealer | DealerRead) -> CreditRead:
    return CreditRead(
        credit_limit=dealer.credit_limit,
        credit_used=dealer.credit_used,
        available=max(0, dealer.credit_limit - dealer.credit_used),
        payment_terms=dealer.payment_terms,
        terms_days=dealer.terms_days,
    )


async def _cover(uow: UnitOfWork, location_id: str, region_code: str) -> None:
    """A dealer moved to another province serves that province's shop orders instead. Only a change of
    region rewrites the coverage, so staff may narrow it on the location (a city of the province) and keep it."""
    await inventory.update_location(uow, location_id=location_id, data=LocationUpdate(coverage=[region_code]))


def _province(name: str) -> regions.Region:
    region = regions.province_named(name)
    if region is None:
        raise UnknownRegion(region=name)
    return region
