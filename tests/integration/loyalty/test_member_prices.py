"""会员价: a level's member prices reach checkout. A member of the level pays them and the price explanation
names them; a shopper of another level pays the list price; replacing the prices pauses the old ones."""

from __future__ import annotations

from shoal.checkout import service as carts
from shoal.checkout import service_checkout
from shoal.checkout.schemas import CheckoutRequest
from shoal.loyalty import service_levels, service_member_prices
from shoal.loyalty.schemas import MemberPrices
from tests.integration.checkout.conftest import ADDRESS, filled_cart
from tests.integration.loyalty.conftest import add_levels, new_customer


async def _explained_checkout(shop, uow_factory, customer_id: str) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    """The order's goods after discounts as checkout charges them, and the applied rules in the explanation."""
    cart = await filled_cart(shop, uow_factory, {shop.variants[0]: 2, shop.variants[1]: 1}, customer_id)
    tenant = shop.tenant.tenant
    pricing = await carts.cart_pricing(shop.shopper(uow_factory, customer_id), tenant=tenant, locale="zh-CN",
                                       cart_id=cart.id, coupon_ids=[])  # fmt: skip
    request = CheckoutRequest.model_validate({"cart_id": cart.id, "delivery": {"method": "ship", "address": ADDRESS}})
    order = await service_checkout.checkout(shop.shopper(uow_factory, customer_id), tenant=tenant, data=request,
                                            unpaid_minutes=30)  # fmt: skip
    assert order.subtotal - order.discount == pricing.subtotal - pricing.discount  # the price shown is charged
    return order.subtotal - order.discount, [rule.message for rule in pricing.rules if rule.applied]


async def test_a_levels_member_price_is_what_its_members_pay(shop, uow_factory) -> None:
    await add_levels(uow_factory, ("V1", 0, 100), ("V2", 20, 100))
    v2 = next(level for level in await service_levels.list_levels(uow_factory()) if level.code == "V2")
    other = await new_customer(uow_factory, "other@example.com")
    await service_levels.add_growth(uow_factory(), customer_id=shop.customer_id, amount=50, reason="test",
                                    reference="r1")  # fmt: skip
    first = MemberPrices.model_validate({"prices": [{"variant_id": shop.variants[0], "price": 900}]})
    await service_member_prices.set_member_prices(uow_factory(), level_id=v2.id, data=first)
    prices = MemberPrices.model_validate({"prices": [{"variant_id": shop.variants[0], "price": 800}]})
    await service_member_prices.set_member_prices(uow_factory(), level_id=v2.id, data=prices)  # replaces 900
    assert await service_member_prices.member_prices(uow_factory(), level_id=v2.id) == prices.prices

    goods, applied = await _explained_checkout(shop, uow_factory, shop.customer_id)
    assert goods == 2 * 800 + 1100  # the member price on SKU000 only, not the replaced 900
    assert len(applied) == 1 and applied[0] == "已享Level V2 会员价，优惠 ¥4", applied
    goods, applied = await _explained_checkout(shop, uow_factory, other)  # a V1 shopper
    assert (goods, applied) == (2 * 1000 + 1100, [])

    await service_member_prices.set_member_prices(uow_factory(), level_id=v2.id, data=MemberPrices())
    assert await service_member_prices.member_prices(uow_factory(), level_id=v2.id) == []
