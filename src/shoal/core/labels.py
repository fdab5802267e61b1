"""Words for the codes an error message names: states (``paid``), actions (``ship``) and kinds of object
(``variant``) in zh-CN and en.

A domain error keeps its parameters as codes (``{"code": "invalid_state", "state": "paid"}``: clients
switch on them), but its message is read by people: "订单当前状态为已付款，不能发货", not "...为 paid，
不能ship". ``ShoalError.render`` passes the parameters named below through these tables; a code missing
from a table is shown as it is. One table per parameter, so a new kind of label is one more entry in
``LABELLED``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shoal.core.i18n import pick

# Statuses of orders, payments, after-sales cases, carts, reservations, transfers, promotions and coupons.
STATES: dict[str, dict[str, str]] = {
    "pending_payment": {"zh-CN": "待付款", "en": "awaiting payment"},
    "paid": {"zh-CN": "已付款", "en": "paid"},
    "partially_shipped": {"zh-CN": "部分发货", "en": "partly shipped"},
    "shipped": {"zh-CN": "已发货", "en": "shipped"},
    "delivered": {"zh-CN": "已送达", "en": "delivered"},
    "completed": {"zh-CN": "已完成", "en": "completed"},
    "cancelled": {"zh-CN": "已取消", "en": "cancelled"},
    "closed": {"zh-CN": "已关闭", "en": "closed"},
    "refunded": {"zh-CN": "已退款", "en": "refunded"},
    "partially_refunded": {"zh-CN": "部分退款", "en": "partly refunded"},
    "pending": {"zh-CN": "处理中", "en": "pending"},
    "processing": {"zh-CN": "打款中", "en": "paying out"},
    "awaiting_confirmation": {"zh-CN": "待收款确认", "en": "awaiting the receiver's confirmation"},
    "settled": {"zh-CN": "已结算", "en": "settled"},
    "suspended": {"zh-CN": "已停用", "en": "suspended"},
    "succeeded": {"zh-CN": "已成功", "en": "succeeded"},
    "failed": {"zh-CN": "已失败", "en": "failed"},
    "requested": {"zh-CN": "待审核", "en": "awaiting review"},
    "approved": {"zh-CN": "已同意", "en": "approved"},
    "received": {"zh-CN": "已收货", "en": "received"},
    "exchanged": {"zh-CN": "已换货", "en": "exchanged"},
    "rejected": {"zh-CN": "已拒绝", "en": "rejected"},
    "active": {"zh-CN": "进行中", "en": "active"},
    "merged": {"zh-CN": "已合并到另一个购物车", "en": "merged into another cart"},
    "ordered": {"zh-CN": "已下单", "en": "checked out"},
    "checked_out": {"zh-CN": "已下单", "en": "checked out"},
    "confirmed": {"zh-CN": "已确认", "en": "confirmed"},
    "released": {"zh-CN": "已释放", "en": "released"},
    "expired": {"zh-CN": "已过期", "en": "expired"},
    "restocked": {"zh-CN": "已退回库存", "en": "restocked"},
    "draft": {"zh-CN": "草稿", "en": "a draft"},
    "in_transit": {"zh-CN": "运输中", "en": "in transit"},
    "paused": {"zh-CN": "已暂停", "en": "paused"},
    "ended": {"zh-CN": "已结束", "en": "ended"},
    "archived": {"zh-CN": "已归档", "en": "archived"},
    "bargaining": {"zh-CN": "砍价中", "en": "being bargained"},
    "open": {"zh-CN": "拼团中", "en": "open"},
    "sent": {"zh-CN": "已发送", "en": "sent"},
    "partially_received": {"zh-CN": "部分收货", "en": "partly received"},
    "placed": {"zh-CN": "待审核", "en": "awaiting approval"},
    "invoiced": {"zh-CN": "已开票", "en": "invoiced"},
}

# What the user tried to do (``InvalidState(action=...)``).
ACTIONS: dict[str, dict[str, str]] = {
    "approve": {"zh-CN": "同意", "en": "approve"},
    "cancel": {"zh-CN": "取消", "en": "cancel"},
    "change the address": {"zh-CN": "修改地址", "en": "change the address"},
    "close": {"zh-CN": "关闭", "en": "close"},
    "complete": {"zh-CN": "完成", "en": "complete"},
    "confirm receipt": {"zh-CN": "确认收货", "en": "confirm receipt"},
    "confirm": {"zh-CN": "确认", "en": "confirm"},
    "deliver": {"zh-CN": "确认送达", "en": "deliver"},
    "end": {"zh-CN": "结束", "en": "end"},
    "merge": {"zh-CN": "合并", "en": "merge"},
    "exchange": {"zh-CN": "换货", "en": "exchange"},
    "expire": {"zh-CN": "过期处理", "en": "expire"},
    "hand over": {"zh-CN": "核销提货", "en": "hand over"},
    "ignore": {"zh-CN": "忽略", "en": "ignore"},
    "invoice": {"zh-CN": "开票", "en": "invoice"},
    "pay": {"zh-CN": "支付", "en": "pay"},
    "publish": {"zh-CN": "发布", "en": "publish"},
    "rebind": {"zh-CN": "改绑", "en": "rebind"},
    "pause": {"zh-CN": "暂停", "en": "pause"},
    "receive": {"zh-CN": "收货", "en": "receive"},
    "refund": {"zh-CN": "退款", "en": "refund"},
    "reject": {"zh-CN": "拒绝", "en": "reject"},
    "release": {"zh-CN": "释放", "en": "release"},
    "restock": {"zh-CN": "退回库存", "en": "restock"},
    "return": {"zh-CN": "退货给供应商", "en": "return to the supplier"},
    "send": {"zh-CN": "发送", "en": "send"},
    "ship": {"zh-CN": "发货", "en": "ship"},
    "update": {"zh-CN": "修改", "en": "update"},
}

# The kinds of object an error names (``NotFound("variant")``, ``InvalidState(entity="order")``), as
# ``shoal.core.references`` and the domains spell them.
ENTITIES: dict[str, dict[str, str]] = {
    "binding": {"zh-CN": "客户绑定", "en": "customer binding"},
    "commission_rule": {"zh-CN": "佣金规则", "en": "commission rule"},
    "promoter": {"zh-CN": "分销员", "en": "promoter"},
    "promoter application": {"zh-CN": "分销员申请", "en": "promoter application"},
    "promoter_level": {"zh-CN": "分销员等级", "en": "promoter level"},
    "wechat_identity": {"zh-CN": "微信身份", "en": "WeChat identity"},
    "customer_identity": {"zh-CN": "客户登录方式", "en": "customer sign-in identity"},
    "member": {"zh-CN": "会员", "en": "member"},
    "sale": {"zh-CN": "门店销售单", "en": "store sale"},
    "return": {"zh-CN": "门店退货单", "en": "store return"},
    "shift": {"zh-CN": "收银班次", "en": "till shift"},
    "withdrawal": {"zh-CN": "提现", "en": "withdrawal"},
    "address": {"zh-CN": "收货地址", "en": "address"},
    "after-sales case": {"zh-CN": "售后单", "en": "after-sales case"},
    "bargain": {"zh-CN": "砍价活动", "en": "bargain"},
    "bargain record": {"zh-CN": "砍价", "en": "bargain record"},
    "brand": {"zh-CN": "品牌", "en": "brand"},
    "cart": {"zh-CN": "购物车", "en": "cart"},
    "cart line": {"zh-CN": "购物车商品", "en": "cart line"},
    "category": {"zh-CN": "分类", "en": "category"},
    "coupon": {"zh-CN": "优惠券", "en": "coupon"},
    "coupon kind": {"zh-CN": "优惠券类型", "en": "coupon kind"},
    "coupon template": {"zh-CN": "优惠券", "en": "coupon template"},
    "coupon_template": {"zh-CN": "优惠券", "en": "coupon template"},
    "customer": {"zh-CN": "顾客", "en": "customer"},
    "dealer": {"zh-CN": "经销商", "en": "dealer"},
    "dealer customer": {"zh-CN": "经销商客户", "en": "dealer's customer"},
    "dealer order": {"zh-CN": "经销订单", "en": "dealer order"},
    "event": {"zh-CN": "事件", "en": "event"},
    "file": {"zh-CN": "文件", "en": "file"},
    "flash sale": {"zh-CN": "秒杀活动", "en": "flash sale"},
    "flash sale item": {"zh-CN": "秒杀商品", "en": "flash sale item"},
    "group": {"zh-CN": "拼团", "en": "group"},
    "group buy": {"zh-CN": "拼团活动", "en": "group-buy"},
    "group buy item": {"zh-CN": "拼团商品", "en": "group-buy item"},
    "import_job": {"zh-CN": "导入任务", "en": "import job"},
    "location": {"zh-CN": "门店或仓库", "en": "store or warehouse"},
    "membership card": {"zh-CN": "会员卡", "en": "membership card"},
    "mall item": {"zh-CN": "积分商品", "en": "points mall item"},
    "member level": {"zh-CN": "会员等级", "en": "member level"},
    "object": {"zh-CN": "对象", "en": "object"},
    "order": {"zh-CN": "订单", "en": "order"},
    "page": {"zh-CN": "页面", "en": "page"},
    "payment": {"zh-CN": "支付记录", "en": "payment"},
    "payment_provider": {"zh-CN": "支付方式", "en": "payment provider"},
    "payment_settings": {"zh-CN": "支付设置", "en": "payment settings"},
    "product": {"zh-CN": "商品", "en": "product"},
    "promotion": {"zh-CN": "促销活动", "en": "promotion"},
    "promotion kind": {"zh-CN": "促销类型", "en": "promotion kind"},
    "promotion or coupon template": {"zh-CN": "促销活动或优惠券", "en": "promotion or coupon template"},
    "purchase order": {"zh-CN": "采购单", "en": "purchase order"},
    "forecast run": {"zh-CN": "预测任务", "en": "forecast run"},
    "reservation": {"zh-CN": "库存预留", "en": "reservation"},
    "shipment": {"zh-CN": "包裹", "en": "shipment"},
    "share_target": {"zh-CN": "可分享的商品或活动", "en": "shareable product or campaign"},
    "shipping template": {"zh-CN": "运费模板", "en": "shipping template"},
    "staff_user": {"zh-CN": "员工", "en": "staff member"},
    "stock": {"zh-CN": "库存记录", "en": "stock record"},
    "supplier": {"zh-CN": "供应商", "en": "supplier"},
    "tenant": {"zh-CN": "店铺", "en": "shop"},
    "top-up": {"zh-CN": "充值", "en": "top-up"},
    "top-up plan": {"zh-CN": "充值方案", "en": "top-up plan"},
    "transfer": {"zh-CN": "调拨单", "en": "transfer"},
    "variant": {"zh-CN": "商品规格", "en": "product variant"},
}

LABELLED: dict[str, Mapping[str, dict[str, str]]] = {
    "state": STATES,
    "status": STATES,
    "target": STATES,
    "action": ACTIONS,
    "entity": ENTITIES,
}


def label(table: Mapping[str, dict[str, str]], code: Any, locale: str) -> Any:
    """The words for ``code`` in ``locale``, or ``code`` itself if the table does not know it."""
    words = table.get(code) if isinstance(code, str) else None
    return pick(words, locale) if words else code


def labelled(params: Mapping[str, Any], locale: str) -> dict[str, Any]:
    """``params`` with every labelled code turned into words, for a message; the rest unchanged."""
    return {key: label(LABELLED[key], value, locale) if key in LABELLED else value for key, value in params.items()}
