"""The shop revision (``core.shop_revision``): what sets it and what does not, and that a number is never
handed out twice, not even after a rollback (each cache keyed by it relies on that)."""

from __future__ import annotations

from sqlalchemy import update

from shoal.catalog import service as catalog
from shoal.checkout.schemas import ShippingTemplateIn
from shoal.checkout.service_shipping import create_template
from shoal.core.shop_revision import shop_revision
from shoal.marketing import service_rules
from shoal.marketing.models import Promotion
from tests.integration.catalog.conftest import tea
from tests.integration.marketing.conftest import published_promotion


async def _revision(uow_factory) -> int:  # type: ignore[no-untyped-def]
    return await shop_revision(uow_factory())


async def test_catalog_promotion_and_shipping_writes_set_it_and_spent_budget_does_not(uow_factory) -> None:  # type: ignore[no-untyped-def]
    before = await _revision(uow_factory)
    await catalog.create_product(uow_factory(), data=tea())
    after_product = await _revision(uow_factory)
    promotion = await published_promotion(uow_factory, budget=3000)
    after_promotion = await _revision(uow_factory)
    await service_rules.consume_budget(uow_factory(), promotion_id=promotion.id, amount=1000)
    assert await _revision(uow_factory) == after_promotion  # a checkout spending budget changes no terms
    await create_template(
        uow_factory(), data=ShippingTemplateIn(name="全国", mode="per_piece", first_units=1, first_fee=800)
    )
    after_template = await _revision(uow_factory)
    async with uow_factory() as uow:  # by hand, past the services: the triggers still see it
        await uow.s.execute(update(Promotion).where(Promotion.id == promotion.id).values(status="paused"))
        await uow.commit()
    by_hand = await _revision(uow_factory)
    assert len({before, after_product, after_promotion, after_template, by_hand}) == 5


async def test_a_rolled_back_number_is_never_handed_out_again(uow_factory) -> None:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        await catalog.create_product(uow, data=tea("rolled"))
        rolled_back = await shop_revision(uow)  # what this transaction would cache its reads under
    assert await _revision(uow_factory) != rolled_back
    await catalog.create_product(uow_factory(), data=tea("kept"))
    assert await _revision(uow_factory) != rolled_back
