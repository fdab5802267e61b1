"""The demo shop's running offers, so the storefront home, product pages, cart and coupon centre show the
marketing engine at work from the first `make run`. Created through the marketing services; matched by
name, so loading the demo again creates nothing twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shoal.core.uow import UnitOfWork
from shoal.marketing import service_queries, service_rules
from shoal.marketing.schemas import CouponTemplateCreate, PromotionCreate

PROMOTIONS: list[dict[str, Any]] = [
    {
        "name": {"zh-CN": "满199减20，满299减40", "en": "¥20 off ¥199, ¥40 off ¥299"},
        "benefit": {"kind": "amount_off", "tiers": [{"threshold": 19900, "value": 2000},
                                                    {"threshold": 29900, "value": 4000}]},
    },
    {
        "name": {"zh-CN": "满99包邮", "en": "Free shipping over ¥99"},
        "benefit": {"kind": "free_shipping"},
        "condition": {"min_spend": 9900},
    },
]  # fmt: skip
COUPONS: list[dict[str, Any]] = [
    {
        "name": {"zh-CN": "满100减10", "en": "¥10 off ¥100"},
        "benefit": {"kind": "amount_off", "tiers": [{"threshold": 10000, "value": 1000}]},
        "stacks_with_promotions": True,
        "valid_days": 30,
        "per_customer_claims": 1,
    },
    {
        "name": {"zh-CN": "新客九折券（最高减30元）", "en": "10% off for newcomers (up to ¥30)"},
        "benefit": {"kind": "percent_off", "tiers": [{"threshold": 0, "value": 1000}], "cap": 3000},
        "condition": {"new_customers_only": True},
        "valid_days": 14,
        "per_customer_claims": 1,
    },
]


async def load_offers(work: Callable[[], UnitOfWork]) -> int:
    """Publish the demo promotions and coupons that are not there yet; how many were created."""
    have = {p.name.get("zh-CN") for p in await service_queries.list_promotions(work())}
    have |= {t.name.get("zh-CN") for t in await service_queries.list_templates(work())}
    created = 0
    for spec in PROMOTIONS:
        if spec["name"]["zh-CN"] not in have:
            promotion = await service_rules.create_promotion(work(), data=PromotionCreate.model_validate(spec))
            await service_rules.set_status(work(), entity="promotion", entity_id=promotion.id, action="publish")
            created += 1
    for spec in COUPONS:
        if spec["name"]["zh-CN"] not in have:
            template = await service_rules.create_coupon_template(
                work(), data=CouponTemplateCreate.model_validate(spec)
            )
            await service_rules.set_status(work(), entity="coupon_template", entity_id=template.id, action="publish")
            created += 1
    return created
