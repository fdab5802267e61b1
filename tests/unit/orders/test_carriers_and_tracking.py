"""The carrier list, 快递100's signing and reading, and the bulk-shipping file reader: pure, no network."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

import pytest

from shoal.orders import carriers
from shoal.orders.errors import BulkShipFileInvalid, ForgedTrackingCallback, TrackingUnavailable, UnknownCarrier
from shoal.orders.rules_bulk_ship import read_rows
from shoal.orders.tracking.base import Subscription
from shoal.orders.tracking.kuaidi100 import Kuaidi100Config, Kuaidi100Tracker, parse_push, sign


def test_every_carrier_has_both_names_and_the_common_ones_are_there() -> None:
    codes = {c.code for c in carriers.CARRIERS}
    assert {"sf", "zto", "yto", "yunda", "sto", "jd", "ems", "jtexpress", "other"} <= codes
    assert all(c.name_zh and c.name_en for c in carriers.CARRIERS)
    assert carriers.BY_CODE["jtexpress"].name("zh-CN") == "极兔速递"
    assert carriers.BY_CODE["jtexpress"].name("en") == "J&T Express"


def test_tracking_links_fill_the_number_and_other_has_none() -> None:
    assert carriers.tracking_link("zto", "7815 x") == "https://www.kuaidi100.com/chaxun?com=zhongtong&nu=7815%20x"
    assert carriers.tracking_link("sf", "SF1") == "https://www.sf-express.com/chn/sc/waybill/waybill-detail/SF1"
    assert carriers.tracking_link("other", "A1") is None and not carriers.trackable("other")
    assert carriers.trackable("yto")


@pytest.mark.parametrize("typed", ["顺丰", "顺丰速运", "SF", "sf express", " Sf "])
def test_a_carrier_is_found_by_what_people_type(typed: str) -> None:
    assert carriers.resolve(typed) == "sf"


def test_an_unknown_carrier_is_a_422_naming_the_codes() -> None:
    with pytest.raises(UnknownCarrier) as refused:
        carriers.require("dhl")
    assert refused.value.status == 422 and "sf, zto" in refused.value.render("en")
    with pytest.raises(UnknownCarrier):
        carriers.resolve("飞鸽快递")


class FakePoster:
    def __init__(self, answer: dict[str, object]) -> None:
        self.answer = answer
        self.sent: list[tuple[str, dict[str, str]]] = []

    async def post_form(self, url: str, fields: Mapping[str, str]) -> bytes:
        self.sent.append((url, dict(fields)))
        return json.dumps(self.answer).encode()


async def test_a_query_is_signed_md5_of_param_key_customer_and_read_oldest_first() -> None:
    answer = {
        "message": "ok", "status": "200", "state": "5", "ischeck": "0", "com": "yuantong", "nu": "YT1",
        "data": [
            {"time": "2026-11-27 08:00:00", "context": "派件中"}, {"time": "2026-11-26 08:00:00", "context": "已揽收"},
        ],
    }  # fmt: skip
    poster = FakePoster(answer)
    tracker = Kuaidi100Tracker(Kuaidi100Config(customer="CUST", key="KEY"), poster=poster)
    update = await tracker.query("yto", "YT1", phone="13800138000")
    ((url, fields),) = poster.sent
    assert url == "https://poll.kuaidi100.com/poll/query.do" and fields["customer"] == "CUST"
    expected = hashlib.md5((fields["param"] + "KEY" + "CUST").encode()).hexdigest().upper()
    assert fields["sign"] == expected
    assert json.loads(fields["param"])["com"] == "yuantong"
    assert update.state == "delivering" and update.carrier == "yto"
    assert [c.description for c in update.checkpoints] == ["已揽收", "派件中"]


async def test_a_subscription_names_the_callback_and_salt_and_a_repeat_is_fine() -> None:
    poster = FakePoster({"result": False, "returnCode": "501", "message": "重复订阅"})
    tracker = Kuaidi100Tracker(Kuaidi100Config(customer="CUST", key="KEY"), poster=poster)
    await tracker.subscribe(Subscription("jd", "JD1", callback_url="https://x/cb", salt="s" * 32))
    param = json.loads(poster.sent[0][1]["param"])
    assert param["company"] == "jd" and param["key"] == "KEY"
    assert param["parameters"] == {"callbackurl": "https://x/cb", "salt": "s" * 32}
    poster.answer = {"result": False, "returnCode": "600", "message": "您不是合法的订阅者"}
    with pytest.raises(TrackingUnavailable):
        await tracker.subscribe(Subscription("jd", "JD1", callback_url="https://x/cb", salt="s" * 32))


def test_a_push_is_verified_with_its_salt() -> None:
    signed = {"time": "2026-11-27 10:00:00", "context": "已签收"}
    result = {"state": "3", "ischeck": "1", "com": "ems", "nu": "E1", "data": [signed]}
    param = json.dumps({"status": "polling", "lastResult": result})
    update = parse_push({"param": param, "sign": sign(param + "salt")}, salt="salt")
    assert update is not None and (update.carrier, update.number, update.state) == ("ems", "E1", "delivered")
    for form in (
        {"param": param, "sign": sign(param + "other")},
        {"param": param},
        {"param": "x", "sign": sign("xsalt")},
    ):
        with pytest.raises(ForgedTrackingCallback):
            parse_push(form, salt="salt")
    stopped = json.dumps({"status": "abort", "message": "3天查询无记录"})
    assert parse_push({"param": stopped, "sign": sign(stopped + "salt")}, salt="salt") is None


def test_a_bulk_file_is_read_by_its_header_in_either_language() -> None:
    rows = read_rows("\ufeffOrder Number,Carrier,Tracking Number\nSO1, 顺丰 ,SF1\n,,\nSO2,zto\n")
    assert [(r.row, r.order_number, r.carrier, r.tracking_number) for r in rows] == [
        (2, "SO1", "顺丰", "SF1"), (4, "SO2", "zto", ""),
    ]  # fmt: skip
    with pytest.raises(BulkShipFileInvalid) as missing:
        read_rows("订单号,物流单号\nSO1,SF1\n")
    assert "物流公司" in missing.value.render("zh-CN")
    with pytest.raises(BulkShipFileInvalid):
        read_rows("订单号,物流公司,物流单号\n")
    with pytest.raises(BulkShipFileInvalid):
        read_rows("订单号,物流公司,物流单号\n" + "SO1,sf,SF1\n" * 1001)
