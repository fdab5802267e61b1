"""Errors of carts, pricing, shipping and checkout, each with a stable code and a way forward."""

from __future__ import annotations

from shoal.core.errors import NotFound, ShoalError
from shoal.inventory.errors import OutOfStock


class CartEmpty(ShoalError):
    status = 422
    code = "cart_empty"
    message = {
        "en": "The cart is empty; add something before checking out.",
        "zh-CN": "购物车是空的，请先添加商品再结算。",
    }


class CartClosed(ShoalError):
    status = 409
    code = "cart_closed"
    message = {
        "en": "This cart was already {status}; start a new cart.",
        "zh-CN": "该购物车{status}，请新建购物车。",
    }


class CartLineLimit(ShoalError):
    status = 422
    code = "cart_line_limit"
    message = {
        "en": "A cart holds at most {max_quantity} of one item; lower the quantity.",
        "zh-CN": "同一商品在购物车中最多 {max_quantity} 件，请减少数量。",
    }


class UnknownChannel(ShoalError):
    status = 422
    code = "unknown_channel"
    message = {
        "en": "There is no sales channel {channel!r}; use one of: {channels}.",
        "zh-CN": "不存在销售渠道 {channel!r}，请使用以下之一：{channels}。",
    }


class ProductUnavailable(ShoalError):
    status = 409
    code = "product_unavailable"
    message = {
        "en": "{sku} is no longer for sale; remove it from the cart.",
        "zh-CN": "{sku} 已下架，请从购物车中移除。",
    }


class NotEnoughStock(OutOfStock):
    """Inventory's ``out_of_stock`` (same code and fields), worded for the shopper with the SKU they see."""

    message = {
        "en": "Only {available} of {sku} can be had for this order; {requested} wanted. "
        "Lower the quantity, or choose another store or delivery.",
        "zh-CN": "{sku} 本单仅剩 {available} 件可售，需要 {requested} 件。请减少数量，或更换门店或配送方式。",
    }


class PriceChanged(ShoalError):
    status = 409
    code = "price_changed"
    message = {
        "en": "The total changed from {expected_total} to {total}; review the cart and confirm the new total.",
        "zh-CN": "应付金额已从 {expected_total} 变为 {total}，请确认购物车后按新金额提交。",
    }


class ShippingUnavailable(ShoalError):
    status = 422
    code = "shipping_unavailable"
    message = {
        "en": "This shop does not ship to {province}; choose another address or store pickup.",
        "zh-CN": "本店暂不配送至{province}，请更换地址或选择到店自提。",
    }


class UnknownShippingRegion(ShoalError):
    """A shipping template names provinces as the address book does (full or short: 浙江省 or 浙江)."""

    status = 422
    code = "unknown_region"
    message = {
        "en": "{name!r} is not a province: name provinces like 浙江 or 浙江省, or * for everywhere else.",
        "zh-CN": "“{name}”不是省级地区：请填写省份（如 浙江 或 浙江省），或用 * 表示其他所有地区。",
    }

    def __init__(self, *, name: str) -> None:
        super().__init__(name=name, errors=[{"field": "regions", "code": self.code, "message": name}])


class OutsideDeliveryArea(ShoalError):
    status = 422
    code = "outside_delivery_area"
    message = {
        "en": "The address is {distance_metres} m from the store; same-city delivery reaches {radius_metres} m. "
        "Choose express shipping or pickup.",
        "zh-CN": "地址距门店 {distance_metres} 米，超出同城配送范围（{radius_metres} 米），请选择快递或自提。",
    }


class AddressNotLocated(ShoalError):
    status = 422
    code = "address_not_located"
    message = {
        "en": "Same-city delivery needs the address's latitude and longitude; pick the address on the map.",
        "zh-CN": "同城配送需要地址的经纬度，请在地图上选择地址。",
    }


class PickupUnavailable(ShoalError):
    status = 422
    code = "pickup_unavailable"
    message = {
        "en": "Location {location_id} does not offer store pickup; choose a store that does.",
        "zh-CN": "门店 {location_id} 不支持自提，请选择支持自提的门店。",
    }


class DeliveryIncomplete(ShoalError):
    status = 422
    code = "delivery_incomplete"
    message = {
        "en": "Delivery method {method!r} needs {needs}; add it and send again.",
        "zh-CN": "配送方式 {method!r} 需要提供 {needs}，请补充后重新提交。",
    }


class InvalidShippingTemplate(ShoalError):
    status = 422
    code = "invalid_shipping_template"
    message = {
        "en": "The shipping template is inconsistent: {detail}",
        "zh-CN": "运费模板设置有误：{detail}",
    }


def cart_not_found(cart_id: str) -> NotFound:
    return NotFound("cart", cart_id=cart_id)


def cart_line_not_found(line_id: str) -> NotFound:
    return NotFound("cart line", line_id=line_id)


def template_not_found(template_id: str) -> NotFound:
    return NotFound("shipping template", template_id=template_id)


class CampaignDeliveryUnavailable(ShoalError):
    status = 422
    code = "campaign_delivery_unavailable"
    message = {
        "en": "This offer's units are at one location only; pick up there, or have it shipped.",
        "zh-CN": "该活动商品只在指定门店/仓库备货，请在该门店自提或选择快递配送。",
    }
