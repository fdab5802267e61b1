"""Coupons on both databases: claiming within limits, locking to an order, release and use; rules in force
priced by the engine."""

from __future__ import annotations

import pytest

from shoal.core.errors import InvalidState, NotFound
from shoal.marketing import engine, service_coupons, service_rules
from shoal.marketing.errors import (
    CouponExhausted,
    CouponLimitReached,
    CouponUnavailable,
    InvalidRule,
    PromotionBudgetExhausted,
)
from shoal.marketing.schemas import PromotionCreate
from tests.conftest import new_tenant, staff_actor
from tests.integration.marketing.conftest import published_promotion, published_template
from tests.unit.marketing.builders import line


async def test_claim_respects_total_and_per_customer_limits(uow_factory) -> None:
    template = await published_template(uow_factory, total_quantity=2, per_customer_claims=1)
    await service_coupons.claim_coupon(uow_factory(), template_id=template.id, customer_id="c1")
    with pytest.raises(CouponLimitReached):
        await service_coupons.claim_coupon(uow_factory(), template_id=template.id, customer_id="c1")
    await service_coupons.claim_coupon(uow_factory(), template_id=template.id, customer_id="c2")
    with pytest.raises(CouponExhausted):
        await service_coupons.claim_coupon(uow_factory(), template_id=template.id, customer_id="c3")


async def test_valid_days_count_from_the_claim(uow_factory, clock) -> None:
    template = await published_template(uow_factory, valid_days=7)
    await service_coupons.claim_coupon(uow_factory(), template_id=template.id, customer_id="c1")
    _, held = await service_rules.rules_in_force(uow_factory(), customer_id="c1")
    assert held[0].valid_from == clock.now()
    assert (held[0].valid_until - held[0].valid_from).days == 7


async def test_lock_release_and_use(uow_factory) -> None:
    template = await published_template(uow_factory, max_uses=1)
    coupon_id = await service_coupons.claim_coupon(uow_factory(), template_id=template.id, customer_id="c1")
    await service_coupons.lock_coupons(uow_factory(), coupon_ids=[coupon_id], customer_id="c1", order_id="o1")
    with pytest.raises(CouponUnavailable):
        await service_coupons.lock_coupons(uow_factory(), coupon_ids=[coupon_id], customer_id="c1", order_id="o2")
    assert await service_coupons.release_coupons(uow_factory(), order_id="o1") == 1
    assert await service_coupons.release_coupons(uow_factory(), order_id="o1") == 0
    await service_coupons.lock_coupons(uow_factory(), coupon_ids=[coupon_id], customer_id="c1", order_id="o3")
    assert await service_coupons.mark_coupons_used(uow_factory(), order_id="o3") == 1
    with pytest.raises(CouponUnavailable):
        await service_coupons.lock_coupons(uow_factory(), coupon_ids=[coupon_id], customer_id="c1", order_id="o4")


async def test_someone_elses_coupon_cannot_be_locked(uow_factory) -> None:
    template = await published_template(uow_factory)
    coupon_id = await service_coupons.claim_coupon(uow_factory(), template_id=template.id, customer_id="c1")
    with pytest.raises(CouponUnavailable):
        await service_coupons.lock_coupons(uow_factory(), coupon_ids=[coupon_id], customer_id="c2", order_id="o1")


async def test_another_tenants_template_is_not_found(db, uow_factory) -> None:
    template = await published_template(uow_factory)
    other = await new_tenant(db, "other")
    with pytest.raises(NotFound):
        await service_coupons.claim_coupon(
            db.uow(tenant_id=other.id, actor=staff_actor()), template_id=template.id, customer_id="c1"
        )


async def test_publish_twice_is_an_invalid_state(uow_factory) -> None:
    promotion = await published_promotion(uow_factory)
    with pytest.raises(InvalidState):
        await service_rules.set_status(uow_factory(), entity="promotion", entity_id=promotion.id, action="publish")


async def test_impossible_rule_is_refused(uow_factory) -> None:
    data = PromotionCreate.model_validate(
        {
            "name": {"en": "x"},
            "benefit": {"kind": "amount_off", "tiers": [{"threshold": 1, "value": 1}, {"threshold": 1, "value": 2}]},
        }
    )
    with pytest.raises(InvalidRule):
        await service_rules.create_promotion(uow_factory(), data=data)


async def test_rules_in_force_price_a_cart(uow_factory, clock) -> None:
    await published_promotion(uow_factory)
    template = await published_template(uow_factory)
    await service_coupons.claim_coupon(uow_factory(), template_id=template.id, customer_id="c1")
    promotions, held = await service_rules.rules_in_force(uow_factory(), customer_id="c1")
    cart = engine.CartSnapshot(lines=(line("a", 20000),), now=clock.now())
    result = engine.price(cart, promotions, held)
    assert result.total == 20000 - 2000 - 1000
    assert len(result.applied_coupon_ids) == 1


async def test_budget_is_charged_with_a_guarded_update(uow_factory) -> None:
    promotion = await published_promotion(uow_factory, budget=3000)
    await service_rules.consume_budget(uow_factory(), promotion_id=promotion.id, amount=2000)
    with pytest.raises(PromotionBudgetExhausted):
        await service_rules.consume_budget(uow_factory(), promotion_id=promotion.id, amount=2000)
    promotions, _ = await service_rules.rules_in_force(uow_factory(), customer_id=None)
    assert promotions[0].budget_left == 1000
