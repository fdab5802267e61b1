"""Reads the console's marketing pages use: one template, its codes as CSV, and ledger totals of many rules."""

from __future__ import annotations

import csv
import io

import pytest

from shoal.core.errors import NotFound
from shoal.marketing import service_codes, service_queries, service_redemptions
from tests.conftest import new_tenant, staff_actor
from tests.integration.marketing.conftest import published_promotion, published_template


async def test_get_template_is_this_shops_only(db, uow_factory) -> None:  # type: ignore[no-untyped-def]
    template = await published_template(uow_factory, total_quantity=50)
    read = await service_queries.get_template(uow_factory(), template_id=template.id)
    assert (read.id, read.total_quantity, read.status) == (template.id, 50, "active")
    other = await new_tenant(db)
    with pytest.raises(NotFound):
        await service_queries.get_template(db.uow(tenant_id=other.id, actor=staff_actor()), template_id=template.id)


async def test_codes_csv_lists_every_code_and_whether_it_was_redeemed(db, uow_factory) -> None:  # type: ignore[no-untyped-def]
    template = await published_template(uow_factory)
    minted = await service_codes.generate_codes(uow_factory(), template_id=template.id, count=5)
    first = next(csv.DictReader(io.StringIO(minted)))["code"]
    await service_codes.redeem_code(uow_factory(), code=first, customer_id="0192f0c0-0000-7000-8000-0000000000c1")
    rows = list(
        csv.DictReader(io.StringIO(await service_queries.template_codes_csv(uow_factory(), template_id=template.id)))
    )
    assert len(rows) == 5 and len({r["code"] for r in rows}) == 5
    assert {r["code"] for r in rows} == {r["code"] for r in csv.DictReader(io.StringIO(minted))}
    assert [r["redeemed"] for r in rows if r["code"] == first] == ["yes"]
    assert sum(r["redeemed"] == "no" for r in rows) == 4 and {r["template_id"] for r in rows} == {template.id}
    other = await new_tenant(db)
    with pytest.raises(NotFound):
        await service_queries.template_codes_csv(
            db.uow(tenant_id=other.id, actor=staff_actor()), template_id=template.id
        )


async def test_ledger_totals_sum_active_redemptions_per_rule(uow_factory) -> None:  # type: ignore[no-untyped-def]
    promotion = await published_promotion(uow_factory)
    template = await published_template(uow_factory)
    given = [("promotion", promotion.id, None, 2000), ("coupon", template.id, None, 1000)]
    await service_redemptions.record_redemptions(uow_factory(), order_id="o1", order_total=30000, given=given)
    await service_redemptions.record_redemptions(uow_factory(), order_id="o2", order_total=20000, given=given[:1])
    await service_redemptions.record_redemptions(uow_factory(), order_id="o3", order_total=90000, given=given[:1])
    await service_redemptions.void_redemptions(uow_factory(), order_id="o3")
    totals = await service_redemptions.ledger_totals(uow_factory(), rule_ids=[promotion.id, template.id, "none"])
    assert (totals[promotion.id].orders, totals[promotion.id].discount_given, totals[promotion.id].gmv_driven) == (
        2, 4000, 50000)  # fmt: skip
    assert (totals[template.id].orders, totals[template.id].discount_given) == (1, 1000)
    assert (totals["none"].orders, totals["none"].gmv_driven) == (0, 0)
    single = await service_redemptions.rule_stats(uow_factory(), rule_id=promotion.id)
    assert single.discount_given == totals[promotion.id].discount_given
