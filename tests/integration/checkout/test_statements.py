"""The number of SQL statements a checkout runs does not grow with the number of lines."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from shoal.checkout import service_checkout
from shoal.checkout.schemas import CheckoutRequest
from tests.integration.checkout.conftest import ADDRESS, Shop, add_product, filled_cart, make_shop, stock

INVENTORY_WRITES = ("UPDATE inventory_", "INSERT INTO inventory_")


async def statements_for(db, shop: Shop, uow_factory, lines: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    cart = await filled_cart(shop, uow_factory, dict.fromkeys(lines, 1))
    body = CheckoutRequest.model_validate({"cart_id": cart.id, "delivery": {"method": "ship", "address": ADDRESS}})
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement.strip())

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    try:
        await service_checkout.checkout(
            shop.shopper(uow_factory), tenant=shop.tenant.tenant, data=body, unpaid_minutes=30
        )
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", count)
    return seen


@pytest.fixture
async def one_and_twenty(db, uow_factory, tenant) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=1)
    variants = list(shop.variants)
    for i in range(19):
        variant = await add_product(uow_factory, f"MANY{i:02d}", price=100 + i)
        await stock(uow_factory, variant, shop.warehouse.id, 5)
        variants.append(variant)
    await statements_for(db, shop, uow_factory, variants[:1])  # the first checkout fills the per-process caches
    return await statements_for(db, shop, uow_factory, variants[:1]), await statements_for(
        db, shop, uow_factory, variants
    )


def test_checkout_itself_runs_the_same_statements_for_1_or_20_lines(one_and_twenty) -> None:
    """Cart, catalog, pricing, planning, order and lines: a fixed number of statements."""
    one, twenty = ([s for s in run if not s.startswith(INVENTORY_WRITES)] for run in one_and_twenty)
    assert len(twenty) == len(one), (len(one), len(twenty))


def test_the_whole_checkout_runs_the_same_statements_for_1_or_20_lines(one_and_twenty) -> None:
    one, twenty = one_and_twenty
    assert len(twenty) == len(one), (len(one), len(twenty))
