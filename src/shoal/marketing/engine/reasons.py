"""Why a rule was or was not applied: stable reason codes (clients and tests switch on them) and the message
each one shows the shopper, in zh-CN and en, telling them what to do when there is something to do."""

from __future__ import annotations

from typing import Any

from shoal.core.money import MINOR_UNITS, format_amount

APPLIED = "applied"
NOT_STARTED = "not_started"
ENDED = "ended"
OUTSIDE_HOURS = "outside_hours"
CHANNEL_MISMATCH = "channel_mismatch"
AUDIENCE_MISMATCH = "audience_mismatch"
NEW_CUSTOMERS_ONLY = "new_customers_only"
NO_ITEMS_IN_SCOPE = "no_items_in_scope"
SPEND_BELOW_THRESHOLD = "spend_below_threshold"
SPEND_COUNTED_BELOW_THRESHOLD = "spend_counted_below_threshold"  # a wording of spend_below_threshold, not a code
QUANTITY_BELOW_THRESHOLD = "quantity_below_threshold"
ITEMS_ALREADY_DISCOUNTED = "items_already_discounted"
BUNDLE_INCOMPLETE = "bundle_incomplete"
ITEM_NOT_IN_CART = "item_not_in_cart"
GIFT_OUT_OF_STOCK = "gift_out_of_stock"
NO_BENEFIT = "no_benefit"
BUDGET_EXHAUSTED = "budget_exhausted"
EXCLUDED_BY_EXCLUSIVE = "excluded_by_exclusive"
NOT_BEST_IN_GROUP = "not_best_in_group"
BETTER_COMBINATION = "better_combination"
COUPON_UNAVAILABLE = "coupon_unavailable"
COUPON_NOT_YET_VALID = "coupon_not_yet_valid"
COUPON_EXPIRED = "coupon_expired"
COUPON_SAME_TEMPLATE = "coupon_same_template"
SEARCH_CAPPED = "search_capped"  # about the whole answer, not one rule

MESSAGES: dict[str, dict[str, str]] = {
    APPLIED: {"zh-CN": "已享{benefit}，优惠 {saved}", "en": "Applied {benefit}: you save {saved}."},
    NOT_STARTED: {"zh-CN": "活动尚未开始", "en": "This offer has not started yet."},
    ENDED: {"zh-CN": "活动已结束", "en": "This offer has ended."},
    OUTSIDE_HOURS: {"zh-CN": "不在活动时段内", "en": "This offer only runs at certain times; come back then."},
    CHANNEL_MISMATCH: {"zh-CN": "该优惠不适用于当前购买渠道", "en": "This offer is not valid on this channel."},
    AUDIENCE_MISMATCH: {"zh-CN": "该优惠仅限指定会员或客户群", "en": "This offer is for selected members only."},
    NEW_CUSTOMERS_ONLY: {"zh-CN": "该优惠仅限新客首单", "en": "This offer is for a first order only."},
    NO_ITEMS_IN_SCOPE: {
        "zh-CN": "购物车中没有适用商品",
        "en": "No item in your cart qualifies; add a qualifying item to use it.",
    },
    SPEND_BELOW_THRESHOLD: {"zh-CN": "还差 {shortfall} 可享{benefit}", "en": "Add {shortfall} more to get {benefit}"},
    SPEND_COUNTED_BELOW_THRESHOLD: {
        "zh-CN": "适用商品按优惠后 {counted} 计，还差 {shortfall} 可享{benefit}",
        "en": "The qualifying items come to {counted} after other discounts: add {shortfall} more to get {benefit}",
    },
    QUANTITY_BELOW_THRESHOLD: {
        "zh-CN": "再买 {shortfall} 件可享{benefit}",
        "en": "Add {shortfall} more item(s) to get {benefit}",
    },
    ITEMS_ALREADY_DISCOUNTED: {
        "zh-CN": "适用商品已享其他单品优惠，不再叠加",
        "en": "The qualifying items already have an item discount; item discounts do not stack.",
    },
    BUNDLE_INCOMPLETE: {
        "zh-CN": "凑齐套餐商品即可享{benefit}",
        "en": "Add every item of the set to get {benefit}",
    },
    ITEM_NOT_IN_CART: {
        "zh-CN": "请先将可兑换商品加入购物车",
        "en": "Add the item this coupon exchanges to your cart first.",
    },
    GIFT_OUT_OF_STOCK: {"zh-CN": "赠品已送完", "en": "The free gift has run out."},
    NO_BENEFIT: {"zh-CN": "当前订单无可减金额", "en": "This offer would not lower your total."},
    BUDGET_EXHAUSTED: {"zh-CN": "活动优惠名额已用完", "en": "This offer has been fully used."},
    EXCLUDED_BY_EXCLUSIVE: {
        "zh-CN": "已选择更优惠的独享活动，本活动不可同享",
        "en": "A better exclusive offer was chosen; it cannot be combined with this one.",
    },
    NOT_BEST_IN_GROUP: {
        "zh-CN": "同组活动只享最优一个，已为您选择更优惠的",
        "en": "Only the best offer of its group applies; a better one was chosen.",
    },
    BETTER_COMBINATION: {
        "zh-CN": "已为您选择更优惠的组合",
        "en": "A better combination of offers was chosen for you.",
    },
    COUPON_UNAVAILABLE: {
        "zh-CN": "该券当前不可用（已使用或已锁定）",
        "en": "This coupon is used or held by another order.",
    },
    COUPON_NOT_YET_VALID: {"zh-CN": "该券尚未到可用时间", "en": "This coupon is not valid yet."},
    COUPON_EXPIRED: {"zh-CN": "该券已过期", "en": "This coupon has expired."},
    COUPON_SAME_TEMPLATE: {
        "zh-CN": "同一种券每单限用一张",
        "en": "Only one coupon of this kind can be used per order.",
    },
    SEARCH_CAPPED: {
        "zh-CN": "可选优惠组合过多，已按快速规则选出一个组合，可能不是最优惠的",
        "en": "There were too many combinations of offers to try them all; a quick pass chose this one, "
        "which may not be the very best.",
    },
}

CURRENCY_SIGNS = {"CNY": "¥", "USD": "$", "EUR": "€", "HKD": "HK$", "JPY": "¥", "GBP": "£"}


def money_label(amount: int, currency: str) -> str:
    """A short price for sentences: ``¥12`` for whole amounts, ``¥12.50`` otherwise."""
    text = format_amount(amount, currency)
    if MINOR_UNITS.get(currency, 2) and amount % 10 ** MINOR_UNITS.get(currency, 2) == 0:
        text = text.split(".")[0]
    return CURRENCY_SIGNS.get(currency, currency + " ") + text


def render(reason: str, params: dict[str, Any]) -> dict[str, str]:
    """The message of ``reason`` in every locale; a parameter may itself be a text per locale."""
    out = {}
    for locale, template in MESSAGES[reason].items():
        values = {k: (v.get(locale, "") if isinstance(v, dict) else v) for k, v in params.items()}
        out[locale] = template.format(**values)
    return out
