"""A product page offers the coupons whose scope covers one of its variants, judged as the engine judges."""

from __future__ import annotations

from shoal.catalog.schemas import ProductCreate
from shoal.catalog.service import create_product
from shoal.core.actors import ANONYMOUS
from shoal.marketing.service_queries import coupons_for_variants
from tests.integration.marketing.conftest import published_template


async def _variants(uow_factory, sku: str, tags: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    data = ProductCreate(name=sku, status="active", price=1000, sku=sku, handle=sku.lower(), tags=tags)
    return [v.id for v in (await create_product(uow_factory(), data=data)).variants]


async def test_coupons_for_a_product_follow_scope_and_exclusions(db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    tea = await _variants(uow_factory, "TEA", ["tea"])
    cup = await _variants(uow_factory, "CUP", ["cup"])
    everything = await published_template(uow_factory, name={"en": "all"})
    only_tea = await published_template(uow_factory, name={"en": "tea"}, condition={"tags": ["tea"]})
    not_cups = await published_template(uow_factory, name={"en": "no cups"}, condition={"exclude_tags": ["cup"]})
    anonymous = db.uow(tenant_id=tenant.id, actor=ANONYMOUS)
    assert [t.id for t in await coupons_for_variants(anonymous, variant_ids=tea)] == [
        everything.id,
        only_tea.id,
        not_cups.id,
    ]
    on_cup = await coupons_for_variants(db.uow(tenant_id=tenant.id, actor=ANONYMOUS), variant_ids=cup)
    assert [t.id for t in on_cup] == [everything.id]
    nothing = await coupons_for_variants(db.uow(tenant_id=tenant.id, actor=ANONYMOUS), variant_ids=["unknown"])
    assert nothing == []
