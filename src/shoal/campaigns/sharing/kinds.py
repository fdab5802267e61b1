"""The target kinds sharing knows from the start: a product, a coupon, a flash sale. Group-buy and bargain
register theirs (``group``, ``bargain``) in their own packages with ``@shares``.

Each resolver reads through the owner's service and refuses what a shopper cannot see (a draft sale, an
inactive coupon) as 404, so no link points at a page that would not open.
"""

from __future__ import annotations

from shoal.campaigns.flash_sale.errors import flash_sale_not_found
from shoal.campaigns.flash_sale.service import items_of, load_sale
from shoal.campaigns.sharing.targets import Target, shares
from shoal.core.errors import NotFound
from shoal.core.i18n import pick
from shoal.core.uow import UnitOfWork
from shoal.marketing.service_coupons import ACTIVE, coupon_template
from shoal.storefront.service import product_detail

FLASH_BADGE = {"zh-CN": "限时秒杀", "en": "Flash sale"}
COUPON_BADGE = {"zh-CN": "领券", "en": "Coupon"}


@shares("product")
async def product_target(uow: UnitOfWork, target_id: str, locale: str) -> Target:
    product = await product_detail(uow, product_id=target_id, locale=locale)
    return Target(
        path=f"/p/{product.id}", name=product.name, price=product.price, currency=product.currency, image=product.image
    )


@shares("coupon")
async def coupon_target(uow: UnitOfWork, target_id: str, locale: str) -> Target:
    template = await coupon_template(uow, target_id)
    if template.status != ACTIVE:
        raise NotFound("coupon")
    return Target(path="/coupons", name=pick(template.name, locale), price=None, currency="CNY",
                  badge=pick(COUPON_BADGE, locale))  # fmt: skip


@shares("flash_sale")
async def flash_sale_target(uow: UnitOfWork, target_id: str, locale: str) -> Target:
    sale = await load_sale(uow, target_id)
    if sale.status != "published":
        raise flash_sale_not_found(target_id)
    items = (await items_of(uow, [sale.id])).get(sale.id, [])
    return Target(
        path="/flash-sales",
        name=sale.name,
        price=min((item.flash_price for item in items), default=None),
        currency="CNY",
        campaign_type="flash_sale",
        campaign_id=sale.id,
        badge=pick(FLASH_BADGE, locale),
    )
