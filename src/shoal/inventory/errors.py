"""Errors of the inventory domain, each with a stable code and a message that says what to do."""

from __future__ import annotations

from shoal.core.errors import Conflict, NotFound, ShoalError


class OutOfStock(ShoalError):
    status = 409
    code = "out_of_stock"
    message = {
        "en": "Only {available} of variant {variant_id} can be taken here; {requested} requested. Lower the quantity.",
        "zh-CN": "商品规格 {variant_id} 仅剩 {available} 件可用，请求了 {requested} 件，请减少数量。",
    }


class BelowReserved(ShoalError):
    status = 409
    code = "stock_below_reserved"
    message = {
        "en": "{reserved} units of variant {variant_id} are reserved here; on hand cannot go below that. "
        "Release or fulfil the reservations first.",
        "zh-CN": "商品规格 {variant_id} 在此有 {reserved} 件已被预占，现存数量不能低于该值，请先释放或完成预占。",
    }


class LocationCodeTaken(Conflict):
    code = "location_code_taken"
    message = {
        "en": "A location with code {code!r} already exists; choose another code.",
        "zh-CN": "已存在编码为 {code!r} 的库存地点，请换一个编码。",
    }


class ReservationExists(Conflict):
    code = "reservation_exists"
    message = {
        "en": "Stock was already reserved for {reference!r}; use a new reference for a new reservation.",
        "zh-CN": "{reference!r} 已经预占过库存，新的预占请使用新的单号。",
    }


class SameLocationTransfer(ShoalError):
    status = 422
    code = "transfer_same_location"
    message = {
        "en": "A transfer needs two different locations; pick another destination.",
        "zh-CN": "调拨的发出地和目的地不能相同，请选择其他目的地。",
    }


class InvalidQuantity(ShoalError):
    status = 422
    code = "invalid_quantity"
    message = {
        "en": "The quantity {quantity} is not allowed here; send a whole number above zero.",
        "zh-CN": "数量 {quantity} 无效，请填写大于零的整数。",
    }


class InvalidReason(ShoalError):
    status = 422
    code = "invalid_stock_reason"
    message = {
        "en": "{reason!r} is not a reason for this stock change; use one of: {allowed}.",
        "zh-CN": "{reason!r} 不是有效的库存变动原因，可选：{allowed}。",
    }


class Unfulfillable(ShoalError):
    status = 409
    code = "unfulfillable"
    message = {
        "en": "No location (or combination, if splitting is allowed) holds this order's stock. "
        "Lower the quantities or allow a split shipment.",
        "zh-CN": "没有库存地点（或允许拆单时的地点组合）能满足该订单，请减少数量或允许拆单发货。",
    }


def location_not_found(location_id: str) -> NotFound:
    return NotFound("location", location_id=location_id)


def transfer_not_found(transfer_id: str) -> NotFound:
    return NotFound("transfer", transfer_id=transfer_id)


def reservation_not_found(reference: str) -> NotFound:
    return NotFound("reservation", reference=reference)
