"""Pricing snapshots read through the catalog revision (``variants_for_pricing(cached=True)``, what carts and
checkout use): a repeat read is one statement, each customer group still gets its own price from the one
cached entry, and any catalog write, through Shoal or by hand in SQL, is seen by the very next read."""

from __future__ import annotations

from sqlalchemy import event, update

from shoal.catalog import service, service_variants
from shoal.catalog.models import ChannelPrice
from shoal.catalog.schemas import ChannelPricesIn
from tests.integration.catalog.conftest import tea


def _prices(online: int, vip: int) -> ChannelPricesIn:
    entries = [{"channel": "online", "price": online}, {"channel": "online", "customer_group": "vip", "price": vip}]
    return ChannelPricesIn.model_validate({"prices": entries})


async def _priced(uow_factory, variant_id: str, group: str | None = None) -> int:  # type: ignore[no-untyped-def]
    found = await service_variants.variants_for_pricing(
        uow_factory(), variant_ids=[variant_id], customer_group=group, cached=True
    )
    return found[variant_id].unit_price


async def test_a_repeat_read_is_one_statement_and_prices_each_group(db, uow_factory) -> None:  # type: ignore[no-untyped-def]
    variant = (await service.create_product(uow_factory(), data=tea())).variants[0]
    await service_variants.set_channel_prices(uow_factory(), variant_id=variant.id, data=_prices(8000, 7000))
    assert await _priced(uow_factory, variant.id) == 8000
    statements: list[str] = []

    def seen(_conn, _cursor, sql: str, *_args) -> None:  # type: ignore[no-untyped-def]
        if not sql.startswith(("SELECT set_config", "BEGIN")):
            statements.append(sql)

    event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        assert await _priced(uow_factory, variant.id) == 8000
        assert await _priced(uow_factory, variant.id, "vip") == 7000
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", seen)
    assert len(statements) == 2 and all("core_shop_revisions" in sql for sql in statements), statements


async def test_a_catalog_write_is_seen_by_the_next_read(uow_factory) -> None:  # type: ignore[no-untyped-def]
    variant = (await service.create_product(uow_factory(), data=tea())).variants[0]
    await service_variants.set_channel_prices(uow_factory(), variant_id=variant.id, data=_prices(8000, 7000))
    assert await _priced(uow_factory, variant.id, "vip") == 7000
    await service_variants.set_channel_prices(uow_factory(), variant_id=variant.id, data=_prices(6000, 5500))
    assert await _priced(uow_factory, variant.id) == 6000 and await _priced(uow_factory, variant.id, "vip") == 5500
    async with uow_factory() as uow:  # by hand, past Shoal's services: the triggers still bump the revision
        await uow.s.execute(update(ChannelPrice).where(ChannelPrice.variant_id == variant.id).values(price=4000))
        await uow.commit()
    assert await _priced(uow_factory, variant.id) == 4000 and await _priced(uow_factory, variant.id, "vip") == 4000
