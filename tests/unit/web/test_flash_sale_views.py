"""The flash sale form reader (yuan to fen exactly, shop-time moments to UTC, errors under the row's input) and
the storefront's pure pieces (已抢 X%, which session a tab shows, the home block)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from shoal.campaigns.flash_sale.schemas import StoreFlashItem, StoreFlashSale, StoreFlashSales
from shoal.web.console.marketing_forms import flash_field, flash_skus, read_flash_sale
from shoal.web.storefront.flash_sales import chosen_session, home_block, taken_percent

FORM = {"name": "10:00 场", "location_id": "loc-1", "starts_at": "2026-06-18T10:00", "ends_at": "2026-06-18T12:00",
        "payment_minutes": "5", "items.0.sku": "TEA", "items.0.flash_price": "0.10", "items.0.quantity": "30",
        "items.0.per_shopper_limit": "1", "items.2.sku": "CUP", "items.2.flash_price": "19.9",
        "items.2.quantity": "5"}  # fmt: skip


def _read(form: dict[str, Any], ids: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    known = {"TEA": "v-tea", "CUP": "v-cup"} if ids is None else ids
    return read_flash_sale(form, variant_ids=known, currency="CNY", timezone="Asia/Shanghai", gettext=lambda s: s)


def test_yuan_become_fen_exactly_and_shop_time_becomes_utc() -> None:
    parsed = _read(FORM)
    assert parsed.errors == {} and parsed.data is not None
    assert parsed.data.starts_at == datetime(2026, 6, 18, 2, 0, tzinfo=UTC)
    assert [(i.variant_id, i.flash_price, i.quantity, i.per_shopper_limit) for i in parsed.data.items] == [
        ("v-tea", 10, 30, 1), ("v-cup", 1990, 5, 1),  # a blank limit is the schema's default
    ]  # fmt: skip
    assert flash_skus(FORM) == ["TEA", "CUP"]


def test_each_problem_sits_under_its_input_and_nothing_is_read() -> None:
    parsed = _read({**FORM, "items.0.flash_price": "0.001", "items.2.sku": "NOPE", "ends_at": "2026-06-18T09:00",
                    "starts_at": "tomorrow"}, {"TEA": "v-tea"})  # fmt: skip
    assert parsed.data is None
    assert set(parsed.errors) == {"items.0.flash_price", "items.2.sku", "starts_at"}
    ordered = _read({**FORM, "ends_at": "2026-06-18T09:00"})
    assert ordered.data is None and set(ordered.errors) == {"ends_at"}
    empty = _read({"name": "x", "starts_at": FORM["starts_at"], "ends_at": FORM["ends_at"]})
    assert "items.0.sku" in empty.errors and empty.data is None
    assert flash_field("items.3.variant_id") == "items.3.sku" and flash_field("name") == "name"


def _item(quantity: int, left: int) -> StoreFlashItem:
    return StoreFlashItem(
        variant_id="v", product_id="p", sku="S", name={"en": "Tea"}, title="", image=None, price=9900, flash_price=990,
        per_shopper_limit=1, quantity=quantity, left=left, sold_out=left == 0,
    )  # fmt: skip


def test_taken_percent_reaches_100_only_when_none_is_left() -> None:
    assert [taken_percent(_item(100, left)) for left in (100, 99, 1, 0)] == [0, 1, 99, 100]
    assert taken_percent(_item(3, 1)) == 66


def test_the_tab_asked_for_else_the_live_session_else_the_next() -> None:
    now = datetime(2026, 6, 18, 2, 0, tzinfo=UTC)

    def session(sid: str, state: str) -> StoreFlashSale:
        return StoreFlashSale(id=sid, name=sid, starts_at=now, ends_at=now + timedelta(hours=1), state=state,  # type: ignore[arg-type]
                              payment_minutes=5, items=[_item(10, 10)])  # fmt: skip

    sales = StoreFlashSales(now=now, sessions=[session("a", "upcoming"), session("b", "live")])
    assert chosen_session(sales, None).id == "b"  # type: ignore[union-attr]
    assert chosen_session(sales, "a").id == "a"  # type: ignore[union-attr]
    assert chosen_session(sales, "unknown").id == "b"  # type: ignore[union-attr]
    assert chosen_session(StoreFlashSales(now=now, sessions=[]), None) is None
    assert home_block(StoreFlashSales(now=now, sessions=[])) is None
    assert home_block(sales)["session"].id == "b"  # type: ignore[index]
