"""The issue's promises under real concurrency (PostgreSQL): limits hold exactly."""

from __future__ import annotations

import asyncio

import pytest

from shoal.marketing import service_coupons, service_rules
from shoal.marketing.errors import CouponExhausted, CouponLimitReached, PromotionBudgetExhausted
from tests.integration.marketing.conftest import published_promotion, published_template


@pytest.mark.pg_only
async def test_ten_uses_left_and_a_hundred_checkouts_make_ten_redemptions(uow_factory) -> None:
    template = await published_template(uow_factory, max_uses=10)
    coupons = [
        await service_coupons.claim_coupon(uow_factory(), template_id=template.id, customer_id=f"c{i}")
        for i in range(100)
    ]
    results = await asyncio.gather(
        *(
            service_coupons.lock_coupons(uow_factory(), coupon_ids=[cid], customer_id=f"c{i}", order_id=f"o{i}")
            for i, cid in enumerate(coupons)
        ),
        return_exceptions=True,
    )
    assert sum(r is None for r in results) == 10
    assert all(isinstance(r, CouponExhausted) for r in results if r is not None)


@pytest.mark.pg_only
async def test_per_customer_limit_of_one_under_twenty_checkouts(uow_factory) -> None:
    template = await published_template(uow_factory, per_customer_claims=20, per_customer_uses=1)
    coupons = [
        await service_coupons.claim_coupon(uow_factory(), template_id=template.id, customer_id="c1") for _ in range(20)
    ]
    results = await asyncio.gather(
        *(
            service_coupons.lock_coupons(uow_factory(), coupon_ids=[cid], customer_id="c1", order_id=f"o{i}")
            for i, cid in enumerate(coupons)
        ),
        return_exceptions=True,
    )
    assert sum(r is None for r in results) == 1
    assert all(isinstance(r, CouponLimitReached) for r in results if r is not None)


@pytest.mark.pg_only
async def test_concurrent_claims_never_issue_past_the_total(uow_factory) -> None:
    template = await published_template(uow_factory, total_quantity=5)
    results = await asyncio.gather(
        *(service_coupons.claim_coupon(uow_factory(), template_id=template.id, customer_id=f"c{i}") for i in range(40)),
        return_exceptions=True,
    )
    assert sum(isinstance(r, str) for r in results) == 5


@pytest.mark.pg_only
async def test_a_promotion_budget_is_never_exceeded(uow_factory) -> None:
    promotion = await published_promotion(uow_factory, budget=10_000)
    results = await asyncio.gather(
        *(service_rules.consume_budget(uow_factory(), promotion_id=promotion.id, amount=700) for _ in range(50)),
        return_exceptions=True,
    )
    assert sum(r is None for r in results) == 10_000 // 700
    assert all(isinstance(r, PromotionBudgetExhausted) for r in results if r is not None)
