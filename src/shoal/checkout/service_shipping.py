"""Shipping templates: admin CRUD, and loading them as pure ``ShippingRule`` values for pricing.

Regions are stored as the divisions name provinces (浙江 is saved as 浙江省: ``shipping.template_regions``);
templates saved before that are matched all the same, since pricing compares provinces by ``province_key``."""

from __future__ import annotations

from sqlalchemy import select

from shoal.checkout.errors import template_not_found
from shoal.checkout.models import ShippingTemplate
from shoal.checkout.schemas import ShippingTemplateIn, ShippingTemplateRead
from shoal.checkout.shipping import Band, ShippingRule, template_regions, validate_rule
from shoal.core.revision_cache import RevisionCache
from shoal.core.shop_revision import shop_revision
from shoal.core.uow import UnitOfWork
from shoal.inventory.service import get_location

PERMISSION = "orders.manage"


async def create_template(uow: UnitOfWork, *, data: ShippingTemplateIn) -> ShippingTemplateRead:
    async with uow:
        uow.actor.require(PERMISSION)
        await _check(uow, data)
        now = uow.clock.now()
        template = ShippingTemplate(tenant_id=uow.tenant_id, created_at=now, updated_at=now, **_columns(data))
        uow.s.add(template)
        await uow.s.flush()
        uow.audit("shipping_template.create", "shipping_template", template.id, data.model_dump(mode="json"))
        await uow.commit()
        return ShippingTemplateRead.model_validate(template)


async def list_templates(uow: UnitOfWork) -> list[ShippingTemplateRead]:
    async with uow:
        uow.actor.require(PERMISSION)
        rows = await uow.s.execute(
            select(ShippingTemplate)
            .where(ShippingTemplate.tenant_id == uow.tenant_id)
            .order_by(ShippingTemplate.priority, ShippingTemplate.id)
        )
        return [ShippingTemplateRead.model_validate(t) for t in rows.scalars()]


async def get_template(uow: UnitOfWork, *, template_id: str) -> ShippingTemplateRead:
    async with uow:
        uow.actor.require(PERMISSION)
        return ShippingTemplateRead.model_validate(await _load(uow, template_id))


async def replace_template(uow: UnitOfWork, *, template_id: str, data: ShippingTemplateIn) -> ShippingTemplateRead:
    async with uow:
        uow.actor.require(PERMISSION)
        template = await _load(uow, template_id)
        await _check(uow, data)
        for key, value in _columns(data).items():
            setattr(template, key, value)
        template.updated_at = uow.clock.now()
        uow.audit("shipping_template.update", "shipping_template", template.id, data.model_dump(mode="json"))
        await uow.commit()
        return ShippingTemplateRead.model_validate(template)


async def delete_template(uow: UnitOfWork, *, template_id: str) -> None:
    async with uow:
        uow.actor.require(PERMISSION)
        template = await _load(uow, template_id)
        await uow.s.delete(template)
        uow.audit("shipping_template.delete", "shipping_template", template_id, {})
        await uow.commit()


# The active templates per process, tenant and mode, valid while the shop revision is the one they were read at
# (any write to a template sets a new one): a checkout reads the revision anyway, for its pricing snapshots.
_ACTIVE: RevisionCache[tuple[ShippingRule, ...]] = RevisionCache(size=2_000, seconds=60)


async def active_rules(uow: UnitOfWork, *, mode: str | None = None) -> list[ShippingRule]:
    """The tenant's active templates as pure rules (all of them, or only ``mode``'s)."""
    revision = await shop_revision(uow)
    key = (uow.db.url, uow.tenant_id, mode)
    found = _ACTIVE.get(key, revision)
    if found is None:
        query = select(ShippingTemplate).where(
            ShippingTemplate.tenant_id == uow.tenant_id, ShippingTemplate.active.is_(True)
        )
        if mode:
            query = query.where(ShippingTemplate.mode == mode)
        found = tuple(_rule(t) for t in (await uow.s.execute(query)).scalars())
        _ACTIVE.put(key, revision, found)
    return list(found)


def _rule(t: ShippingTemplate) -> ShippingRule:
    return ShippingRule(
        id=t.id,
        mode=t.mode,
        regions=tuple(t.regions),
        first_units=t.first_units,
        first_fee=t.first_fee,
        additional_units=t.additional_units,
        additional_fee=t.additional_fee,
        free_over=t.free_over,
        priority=t.priority,
        location_id=t.location_id,
        radius_metres=t.radius_metres,
        bands=tuple(Band(b["up_to_metres"], b["fee"]) for b in t.bands),
    )


def _columns(data: ShippingTemplateIn) -> dict[str, object]:
    return data.model_dump(mode="json") | {"regions": template_regions(data.regions)}


async def _check(uow: UnitOfWork, data: ShippingTemplateIn) -> None:
    """Consistent in itself, and a same-city store must be one of this tenant's locations (else 404)."""
    validate_rule(
        ShippingRule(
            id="new",
            mode=data.mode,
            regions=tuple(data.regions),
            first_units=data.first_units,
            first_fee=data.first_fee,
            additional_units=data.additional_units,
            additional_fee=data.additional_fee,
            free_over=data.free_over,
            location_id=data.location_id,
            radius_metres=data.radius_metres,
            bands=tuple(Band(b.up_to_metres, b.fee) for b in data.bands),
        )
    )
    if data.location_id:
        await get_location(uow, location_id=data.location_id)


async def _load(uow: UnitOfWork, template_id: str) -> ShippingTemplate:
    template = (
        await uow.s.execute(
            select(ShippingTemplate).where(
                ShippingTemplate.tenant_id == uow.tenant_id, ShippingTemplate.id == template_id
            )
        )
    ).scalar_one_or_none()
    if template is None:
        raise template_not_found(template_id)
    return template
