"""Delivery addresses are real places, priced by province however it is spelled, and kept with their region code.

A template may name 浙江 or 浙江省 and an address may be typed 浙江/杭州 or picked from the address book (浙江省, with
its code): both meet on one spelling, so no suffix silently drops a parcel to the nationwide rate.
"""

from __future__ import annotations

import pytest
from sqlalchemy import update

from shoal.checkout import service_checkout, service_shipping
from shoal.checkout.errors import UnknownShippingRegion
from shoal.checkout.models import ShippingTemplate
from shoal.checkout.schemas import CheckoutRequest, ShippingTemplateIn
from shoal.customers.errors import UnknownRegion
from shoal.customers.schemas import AddressCreate
from shoal.customers.service_addresses import add_address
from tests.integration.checkout.conftest import ADDRESS, filled_cart
from tests.integration.checkout.test_checkout import order_count

NATIONWIDE = ShippingTemplateIn(name="全国", mode="per_piece", first_units=1, first_fee=800, additional_fee=0)


def _template(name: str, regions: list[str], fee: int) -> ShippingTemplateIn:
    return ShippingTemplateIn(name=name, mode="per_piece", regions=regions, first_units=1, first_fee=fee, priority=10)


async def _checkout(shop, uow_factory, delivery: dict):  # type: ignore[no-untyped-def]
    cart = await filled_cart(shop, uow_factory, {shop.variants[0]: 1})
    request = CheckoutRequest.model_validate({"cart_id": cart.id, "delivery": {"method": "ship", **delivery}})
    return await service_checkout.checkout(
        shop.shopper(uow_factory), tenant=shop.tenant.tenant, data=request, unpaid_minutes=30
    )


async def test_a_short_province_template_prices_typed_and_saved_addresses_alike(shop, uow_factory) -> None:
    await service_shipping.create_template(uow_factory(), data=NATIONWIDE)
    zhejiang = await service_shipping.create_template(uow_factory(), data=_template("江浙", ["浙江", "江苏省"], 500))
    assert zhejiang.regions == ["浙江省", "江苏省"]  # stored as the divisions name them
    saved = await add_address(shop.shopper(uow_factory), data=AddressCreate(**(ADDRESS | {"province": "浙江省"})))
    typed = await _checkout(shop, uow_factory, {"address": ADDRESS})  # 浙江 / 杭州
    booked = await _checkout(shop, uow_factory, {"address_id": saved.id})
    assert (typed.shipping_fee, booked.shipping_fee) == (500, 500)
    for order in (typed, booked):
        assert (order.shipping_address["province"], order.shipping_address["region_code"]) == ("浙江省", "330106")


async def test_a_template_saved_with_a_short_name_before_still_applies(shop, uow_factory) -> None:
    await service_shipping.create_template(uow_factory(), data=NATIONWIDE)
    far = await service_shipping.create_template(uow_factory(), data=_template("偏远", ["新疆维吾尔自治区"], 1800))
    async with uow_factory() as uow:  # as a template written before regions were normalised
        await uow.s.execute(update(ShippingTemplate).where(ShippingTemplate.id == far.id).values(regions=["新疆"]))
        await uow.commit()
    urumqi = {**ADDRESS, "province": "新疆维吾尔自治区", "city": "乌鲁木齐市", "district": "天山区"}
    assert (await _checkout(shop, uow_factory, {"address": urumqi})).shipping_fee == 1800
    assert (await _checkout(shop, uow_factory, {"address": ADDRESS})).shipping_fee == 800


async def test_a_template_naming_no_province_is_refused(uow_factory) -> None:
    with pytest.raises(UnknownShippingRegion) as refused:
        await service_shipping.create_template(uow_factory(), data=_template("火星", ["浙江", "火星"], 500))
    assert refused.value.code == "unknown_region" and refused.value.params["name"] == "火星"
    assert await service_shipping.list_templates(uow_factory()) == []


@pytest.mark.parametrize(
    ("place", "field"),
    [({"city": "宁波"}, "district"), ({"province": "火星省"}, "province"), ({"city": "广州市"}, "city")],
)
async def test_a_typed_address_that_is_no_real_place_is_refused(shop, uow_factory, db, place, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownRegion) as refused:
        await _checkout(shop, uow_factory, {"address": ADDRESS | place})
    assert refused.value.params["field"] == field
    assert await order_count(db, shop.tenant.id) == 0
