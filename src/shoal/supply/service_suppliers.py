"""Suppliers (供应商) and what each supplies (供货信息: supplier SKU, cost, pack size, MOQ, lead time).

Purchasing is stock work, so it is authorised by inventory's permissions: who may receive goods may buy them.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from shoal.core import references
from shoal.core.uow import UnitOfWork
from shoal.supply.errors import SupplierCodeTaken, supplier_not_found
from shoal.supply.models import Supplier, SupplierItem
from shoal.supply.schemas import SupplierCreate, SupplierItemIn, SupplierItemRead, SupplierRead, SupplierUpdate


async def create_supplier(uow: UnitOfWork, *, data: SupplierCreate) -> SupplierRead:
    async with uow:
        uow.actor.require("inventory.write")
        now = uow.clock.now()
        supplier = Supplier(tenant_id=uow.tenant_id, active=True, created_at=now, updated_at=now, **data.model_dump())
        uow.s.add(supplier)
        try:
            async with uow.s.begin_nested():
                await uow.s.flush()
        except IntegrityError as exc:
            raise SupplierCodeTaken(code=data.code) from exc
        uow.audit("supplier.create", "supplier", supplier.id, {"code": data.code})
        await uow.commit()
        return SupplierRead.model_validate(supplier)


async def update_supplier(uow: UnitOfWork, *, supplier_id: str, data: SupplierUpdate) -> SupplierRead:
    async with uow:
        uow.actor.require("inventory.write")
        supplier = await load_supplier(uow, supplier_id)
        changes = data.model_dump(exclude_unset=True)
        for name, value in changes.items():
            setattr(supplier, name, value)
        supplier.updated_at = uow.clock.now()
        uow.audit("supplier.update", "supplier", supplier.id, data.model_dump(mode="json", exclude_unset=True))
        await uow.commit()
        return SupplierRead.model_validate(supplier)


async def get_supplier(uow: UnitOfWork, *, supplier_id: str) -> SupplierRead:
    async with uow:
        uow.actor.require("inventory.read")
        return SupplierRead.model_validate(await load_supplier(uow, supplier_id))


async def list_suppliers(uow: UnitOfWork, *, active: bool | None = None) -> list[SupplierRead]:
    async with uow:
        uow.actor.require("inventory.read")
        query = select(Supplier).where(Supplier.tenant_id == uow.tenant_id)
        if active is not None:
            query = query.where(Supplier.active.is_(active))
        rows = (await uow.s.execute(query.order_by(Supplier.code))).scalars()
        return [SupplierRead.model_validate(r) for r in rows]


async def save_item(uow: UnitOfWork, *, supplier_id: str, data: SupplierItemIn) -> SupplierItemRead:
    """What this supplier sells of a variant: created, or its terms replaced if the supplier has it already
    (the unique key decides, so two saves at once leave one item)."""
    async with uow:
        uow.actor.require("inventory.write")
        await load_supplier(uow, supplier_id)
        await references.require(uow, "variant", data.variant_id)
        terms = data.model_dump()
        item = SupplierItem(tenant_id=uow.tenant_id, supplier_id=supplier_id, created_at=uow.clock.now(), **terms)
        try:
            async with uow.s.begin_nested():
                uow.s.add(item)
                await uow.s.flush()
        except IntegrityError:
            item = (
                await uow.s.execute(
                    update(SupplierItem)
                    .where(
                        SupplierItem.tenant_id == uow.tenant_id,
                        SupplierItem.supplier_id == supplier_id,
                        SupplierItem.variant_id == data.variant_id,
                    )
                    .values(**terms)
                    .returning(SupplierItem)
                    .execution_options(synchronize_session=False)
                )
            ).scalar_one()
        uow.audit("supplier_item.save", "supplier", supplier_id, data.model_dump(mode="json"))
        await uow.commit()
        return SupplierItemRead.model_validate(item)


async def list_items(
    uow: UnitOfWork, *, supplier_id: str | None = None, variant_ids: list[str] | None = None
) -> list[SupplierItemRead]:
    """Items of one supplier, or of every supplier for some variants (replenishment picks the cheapest)."""
    async with uow:
        uow.actor.require("inventory.read")
        query = select(SupplierItem).where(SupplierItem.tenant_id == uow.tenant_id)
        if supplier_id is not None:
            await load_supplier(uow, supplier_id)
            query = query.where(SupplierItem.supplier_id == supplier_id)
        if variant_ids is not None:
            query = query.where(SupplierItem.variant_id.in_(variant_ids))
        rows = (await uow.s.execute(query.order_by(SupplierItem.variant_id, SupplierItem.cost_price))).scalars()
        return [SupplierItemRead.model_validate(r) for r in rows]


async def load_supplier(uow: UnitOfWork, supplier_id: str) -> Supplier:
    supplier = (
        await uow.s.execute(select(Supplier).where(Supplier.tenant_id == uow.tenant_id, Supplier.id == supplier_id))
    ).scalar_one_or_none()
    if supplier is None:
        raise supplier_not_found(supplier_id)
    return supplier
