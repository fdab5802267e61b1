"""会员价 (member prices): what a level's members pay for chosen SKUs. Like the member discount, they are not
fields of the level but one running marketing promotion (``item_price`` with per-SKU prices, audience the
level's code), so checkout prices them like any promotion (a member price and a limited-time price on one SKU:
the cheaper wins) and the price explanation names it ("V2 会员价"). Setting a level's prices replaces them in
one transaction: the running member-price promotion is paused and a new one published."""

from __future__ import annotations

from shoal.core.uow import UnitOfWork
from shoal.loyalty.schemas import LevelRead, MemberPrice, MemberPrices
from shoal.loyalty.service_levels import get_level
from shoal.marketing import service_queries, service_rules
from shoal.marketing.schemas import PromotionCreate, PromotionRead


def is_member_price(promotion: PromotionRead, level_code: str) -> bool:
    """A promotion of the level's member prices: SKU prices for exactly that level's members."""
    benefit, condition = promotion.benefit, promotion.condition
    return bool(benefit.get("kind") == "item_price" and benefit.get("prices")) and (
        condition.get("member_levels") == [level_code]
    )


async def member_prices(uow: UnitOfWork, *, level_id: str) -> list[MemberPrice]:
    """The level's member prices in force (none when no member-price promotion runs)."""
    async with uow:
        level = await get_level(uow, level_id=level_id)
        running = await _running(uow, level)
        prices = running[0].benefit["prices"] if running else []
        return [MemberPrice(variant_id=p["variant_id"], price=p["price"]) for p in prices]


async def set_member_prices(uow: UnitOfWork, *, level_id: str, data: MemberPrices) -> list[MemberPrice]:
    """Replace the level's member prices; every SKU must be the shop's (404 otherwise, nothing written)."""
    async with uow:
        uow.actor.require("marketing.manage")
        level = await get_level(uow, level_id=level_id)
        for promotion in await _running(uow, level):
            await service_rules.set_status(uow, entity="promotion", entity_id=promotion.id, action="pause")
        if data.prices:
            rule = PromotionCreate.model_validate({
                "name": {"zh-CN": f"{level.name} 会员价", "en": f"{level.name} member price"},
                "benefit": {"kind": "item_price", "prices": [p.model_dump() for p in data.prices]},
                "condition": {"member_levels": [level.code]},
            })  # fmt: skip
            promotion = await service_rules.create_promotion(uow, data=rule)
            await service_rules.set_status(uow, entity="promotion", entity_id=promotion.id, action="publish")
        await uow.commit()
        return data.prices


async def _running(uow: UnitOfWork, level: LevelRead) -> list[PromotionRead]:
    return [p for p in await service_queries.list_promotions(uow, status="active") if is_member_price(p, level.code)]
