"""Shoppers (anonymous too) see only the promotions running now: published, within dates, budget left."""

from __future__ import annotations

from datetime import timedelta

from shoal.core.actors import ANONYMOUS
from shoal.marketing import service_rules
from shoal.marketing.service_queries import running_promotions
from tests.integration.marketing.conftest import published_promotion


async def test_only_running_promotions_are_listed_for_shoppers(db, tenant, uow_factory, clock) -> None:  # type: ignore[no-untyped-def]
    running = await published_promotion(uow_factory, name={"en": "running"}, priority=5)
    later = await published_promotion(uow_factory, name={"en": "later"}, priority=9)
    spent = await published_promotion(uow_factory, name={"en": "spent"}, budget=1000)
    paused = await published_promotion(uow_factory, name={"en": "paused"})
    await published_promotion(uow_factory, name={"en": "soon"},
                              condition={"starts_at": (clock.now() + timedelta(days=1)).isoformat()})  # fmt: skip
    await published_promotion(uow_factory, name={"en": "over"},
                              condition={"ends_at": (clock.now() - timedelta(seconds=1)).isoformat()})  # fmt: skip
    await service_rules.consume_budget(uow_factory(), promotion_id=spent.id, amount=1000)
    await service_rules.set_status(uow_factory(), entity="promotion", entity_id=paused.id, action="pause")
    shown = await running_promotions(db.uow(tenant_id=tenant.id, actor=ANONYMOUS))
    assert [p.name["en"] for p in shown] == ["later", "running"]  # by priority, highest first
    assert {p.id for p in shown} == {running.id, later.id}
