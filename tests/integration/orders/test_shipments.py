"""Shipping with a carrier of the list, parcel tracking (callbacks recorded once, 签收 delivers) and bulk shipping,
on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from shoal.config import get_settings
from shoal.core.errors import NotFound
from shoal.core.outbox import handlers_for
from shoal.orders import service, service_admin, service_bulk_ship, service_queries, service_tracking
from shoal.orders.errors import ForgedTrackingCallback, UnknownCarrier
from shoal.orders.schemas import RemainingShipmentCreate, ShipmentCreate
from shoal.orders.tracking import config
from shoal.orders.tracking.base import callback_salt
from shoal.orders.tracking.kuaidi100 import sign
from tests.conftest import staff_actor
from tests.integration.orders.conftest import place


@pytest.fixture(autouse=True)
def mock_tracking(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SHOAL_TRACKING_PROVIDER", "mock")
    monkeypatch.setenv("SHOAL_TRACKING_CALLBACK_BASE_URL", "https://shop.example.com/")
    config.MOCK.subscriptions.clear()
    yield config.MOCK
    config.MOCK.subscriptions.clear()


async def paid_order(shop, uow_factory, clock, lines=None):  # type: ignore[no-untyped-def]
    order = await place(shop, uow_factory, lines or {shop.variants[0]: 2})
    await service.mark_paid(uow_factory(), order_id=order.id, payment_id="p", amount=order.total, paid_at=clock.now())
    return order


def push(
    tenant_id: str, shipment_id: str, *, number: str, state: str, data: list[dict[str, str]], com: str = "shunfeng"
):  # type: ignore[no-untyped-def]
    """What 快递100 posts to a callback: ``param`` JSON and ``sign`` = MD5(param + salt), upper case."""
    result = {"state": state, "ischeck": "1" if state == "3" else "0", "com": com, "nu": number, "data": data}
    param = json.dumps({"status": "polling", "message": "", "lastResult": result}, ensure_ascii=False)
    salt = callback_salt(get_settings().secret_key, tenant_id=tenant_id, shipment_id=shipment_id)
    return {"param": param, "sign": sign(param + salt)}


COLLECTED = {"time": "2026-11-26 09:00:00", "context": "【杭州市】顺丰速运 已收取快件", "areaName": "浙江,杭州市"}
ARRIVED = {"time": "2026-11-26 18:30:00", "context": "快件到达【上海浦东集散中心】"}
SIGNED = {"time": "2026-11-27 10:05:00", "context": "快件已签收，签收人：本人"}


async def test_a_carrier_off_the_list_is_refused_and_ships_nothing(shop, uow_factory, clock) -> None:
    order = await paid_order(shop, uow_factory, clock)
    line = order.lines[0]
    with pytest.raises(UnknownCarrier) as refused:
        data = ShipmentCreate(carrier="SF Express", tracking_number="SF1", lines=[{"line_id": line.id, "quantity": 2}])
        await service_admin.create_shipment(uow_factory(), order_id=order.id, data=data)
    assert refused.value.status == 422 and refused.value.code == "unknown_carrier"
    detail = await service_queries.get_order_detail(uow_factory(), order_id=order.id)
    assert detail.status == "paid" and detail.shipments == [] and detail.lines[0].shipped_quantity == 0


async def test_tracking_callbacks_are_recorded_once_and_signing_for_it_delivers(
    shop, uow_factory, db, clock, tenant, mock_tracking
) -> None:
    order = await paid_order(shop, uow_factory, clock)
    shipment = await service_admin.ship_remaining(
        uow_factory(), order_id=order.id, data=RemainingShipmentCreate(carrier="sf", tracking_number="SF1234567890")
    )
    assert shipment.tracking_url == "https://www.sf-express.com/chn/sc/waybill/waybill-detail/SF1234567890"

    # The outbox handler subscribes the parcel with a callback naming the tenant and shipment, and its salt.
    (handler,) = [h for h in handlers_for("ShipmentCreated") if h is service_tracking.watch_new_shipment]
    payload = {"shipment_id": shipment.id, "order_id": order.id, "carrier": "sf", "tracking_number": "SF1234567890"}
    await handler(db, tenant.id, payload)
    (subscribed,) = mock_tracking.subscriptions
    assert (
        subscribed.callback_url == f"https://shop.example.com/api/v1/tracking/mock/callback/{tenant.id}/{shipment.id}"
    )
    assert subscribed.phone == "13800138000"

    first = push(tenant.id, shipment.id, number="SF1234567890", state="0", data=[ARRIVED, COLLECTED])
    for _ in range(2):  # the same post twice
        ack = await service_tracking.apply_callback(
            db, provider="mock", tenant_id=tenant.id, shipment_id=shipment.id, form=first
        )
        assert ack["result"] is True
    detail = await service_queries.get_order_detail(uow_factory(), order_id=order.id)
    (seen,) = detail.shipments
    assert [e.description for e in seen.events] == [ARRIVED["context"], COLLECTED["context"]]
    assert seen.tracking_state == "in_transit" and detail.status == "shipped"
    assert seen.events[-1].at.isoformat() == "2026-11-26T01:00:00+00:00"  # Beijing time, stored in UTC

    signed = push(tenant.id, shipment.id, number="SF1234567890", state="3", data=[SIGNED, ARRIVED, COLLECTED])
    await service_tracking.apply_callback(
        db, provider="mock", tenant_id=tenant.id, shipment_id=shipment.id, form=signed
    )
    detail = await service_queries.get_order_detail(uow_factory(), order_id=order.id)
    assert len(detail.shipments[0].events) == 3
    assert detail.shipments[0].status == "delivered" and detail.status == "delivered"
    mine = await service_tracking.my_shipments(shop.shopper(uow_factory), order_id=order.id)
    assert mine[0].events[0].description == SIGNED["context"]


async def test_a_forged_or_misdirected_callback_records_nothing(shop, uow_factory, db, clock, tenant) -> None:
    order = await paid_order(shop, uow_factory, clock)
    shipment = await service_admin.ship_remaining(
        uow_factory(), order_id=order.id, data=RemainingShipmentCreate(carrier="zto", tracking_number="ZT1")
    )
    genuine = push(tenant.id, shipment.id, number="ZT1", state="3", data=[SIGNED], com="zhongtong")
    forged = {**genuine, "sign": sign(genuine["param"] + "guess")}
    other_number = push(tenant.id, shipment.id, number="ZT2", state="3", data=[SIGNED], com="zhongtong")
    signed_for_another = push(tenant.id, "another-shipment", number="ZT1", state="3", data=[SIGNED], com="zhongtong")
    for form in (forged, other_number, signed_for_another):
        with pytest.raises(ForgedTrackingCallback):
            await service_tracking.apply_callback(
                db, provider="mock", tenant_id=tenant.id, shipment_id=shipment.id, form=form
            )
    with pytest.raises(NotFound):  # a genuine post, to a tenant that does not hold the shipment
        wrong_tenant = push("t-other", shipment.id, number="ZT1", state="3", data=[SIGNED], com="zhongtong")
        await service_tracking.apply_callback(
            db, provider="mock", tenant_id="t-other", shipment_id=shipment.id, form=wrong_tenant
        )
    detail = await service_queries.get_order_detail(uow_factory(), order_id=order.id)
    assert detail.shipments[0].events == [] and detail.status == "shipped"


async def test_bulk_shipping_ships_good_rows_and_says_why_the_others_failed(
    shop, uow_factory, db, clock, tenant
) -> None:
    first = await paid_order(shop, uow_factory, clock)
    second = await paid_order(shop, uow_factory, clock)
    unpaid = await place(shop, uow_factory, {shop.variants[0]: 1})
    text = (
        "物流单号,订单号,物流公司,备注\n"
        f"YT100,{first.number},圆通,\n"
        f"SF200,{second.number.lower()},顺丰速运,\n"
        "\n"
        f"ZT300,{first.number},中通,shipped above already\n"
        "JD400,SO20990101000001,京东,\n"
        f"X1,{unpaid.number},顺丰,\n"
        f"1.2E+14,{second.number},韵达,\n"
        f"Y1,{second.number},飞鸽快递,\n"
    )
    report = await service_bulk_ship.ship_file(db, tenant_id=tenant.id, actor=staff_actor(), text=text)
    assert (report.shipped, report.failed) == (2, 5)
    outcome = {r.row: (r.shipped, r.code) for r in report.rows}
    assert outcome == {
        2: (True, None), 3: (True, None), 5: (False, "invalid_state"), 6: (False, "not_found"),
        7: (False, "invalid_state"), 8: (False, "tracking_number_invalid"), 9: (False, "unknown_carrier"),
    }  # fmt: skip
    assert "飞鸽快递" in report.rows[-1].message["zh-CN"] and "not on the list" in report.rows[-1].message["en"]
    shipped = await service_queries.get_order_detail(uow_factory(), order_id=first.id)
    assert [(s.carrier, s.tracking_number) for s in shipped.shipments] == [("yto", "YT100")]
    assert shipped.status == "shipped"
    second_detail = await service_queries.get_order_detail(uow_factory(), order_id=second.id)
    assert [s.carrier for s in second_detail.shipments] == ["sf"]
