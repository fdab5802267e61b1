"""Marketing fixtures: a published coupon template and promotion built through the services."""

from __future__ import annotations

from typing import Any

from shoal.catalog.service_variants import variants_for_pricing
from shoal.marketing import service_rules
from shoal.marketing.schemas import CouponTemplateCreate, CouponTemplateRead, PromotionCreate, PromotionRead


async def published_template(uow_factory, **fields: Any) -> CouponTemplateRead:  # type: ignore[no-untyped-def]
    data = {
        "name": {"zh-CN": "满100减10", "en": "¥10 off ¥100"},
        "benefit": {"kind": "amount_off", "tiers": [{"threshold": 10000, "value": 1000}]},
        **fields,
    }
    template = await service_rules.create_coupon_template(uow_factory(), data=CouponTemplateCreate.model_validate(data))
    await service_rules.set_status(uow_factory(), entity="coupon_template", entity_id=template.id, action="publish")
    return template


async def published_promotion(uow_factory, **fields: Any) -> PromotionRead:  # type: ignore[no-untyped-def]
    data = {
        "name": {"zh-CN": "满199减20", "en": "¥20 off ¥199"},
        "benefit": {"kind": "amount_off", "tiers": [{"threshold": 19900, "value": 2000}]},
        **fields,
    }
    promotion = await service_rules.create_promotion(uow_factory(), data=PromotionCreate.model_validate(data))
    await service_rules.set_status(uow_factory(), entity="promotion", entity_id=promotion.id, action="publish")
    return promotion


async def product_of(uow_factory, variant_id: str) -> str:  # type: ignore[no-untyped-def]
    """The product a variant belongs to (a gift names both)."""
    return (await variants_for_pricing(uow_factory(), variant_ids=[variant_id]))[variant_id].product_id
