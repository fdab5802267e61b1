"""Shoppers (anonymous too) see only the promotions running now: published, within dates, budget left."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

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


async def test_promotions_are_read_once_per_shop_revision_and_their_budgets_live(db, uow_factory) -> None:  # type: ignore[no-untyped-def]
    promotion = await published_promotion(uow_factory, budget=3000)
    assert [p.budget_left for p in (await service_rules.rules_in_force(uow_factory(), customer_id=None))[0]] == [3000]
    await service_rules.consume_budget(uow_factory(), promotion_id=promotion.id, amount=1000)
    statements: list[str] = []

    def seen(_conn, _cursor, sql: str, *_args) -> None:  # type: ignore[no-untyped-def]
        if not sql.startswith(("SELECT set_config", "BEGIN")):
            statements.append(sql)

    event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        promotions, _ = await service_rules.rules_in_force(uow_factory(), customer_id=None)
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", seen)
    assert [p.budget_left for p in promotions] == [2000]
    assert len(statements) == 2 and "core_shop_revisions" in statements[0], statements  # the revision, the budgets
    await service_rules.set_status(uow_factory(), entity="promotion", entity_id=promotion.id, action="pause")
    assert (await service_rules.rules_in_force(uow_factory(), customer_id=None))[0] == []
