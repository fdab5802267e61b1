"""The demo shop's shipping templates (运费模板), so demo orders carry a shipping fee the way a real shop's do:
express by weight (the demo variants weigh 150-300 g), a dearer rate for the far western provinces, and the
running "满99包邮" promotion taking the fee away on bigger orders. Matched by name: loading twice adds nothing."""

from __future__ import annotations

from collections.abc import Callable

from shoal.checkout import service_shipping
from shoal.checkout.schemas import ShippingTemplateIn
from shoal.core.uow import UnitOfWork

FAR_PROVINCES = ["新疆维吾尔自治区", "西藏自治区", "青海省", "内蒙古自治区", "宁夏回族自治区", "甘肃省"]
TEMPLATES = [
    ShippingTemplateIn(
        name="全国快递（首重1kg）",
        mode="by_weight",
        regions=["*"],
        first_units=1000,
        first_fee=800,
        additional_units=1000,
        additional_fee=500,
    ),
    ShippingTemplateIn(
        name="偏远地区快递",
        mode="by_weight",
        regions=FAR_PROVINCES,
        first_units=1000,
        first_fee=1800,
        additional_units=1000,
        additional_fee=1000,
        priority=10,
    ),
]


async def load_shipping(work: Callable[[], UnitOfWork]) -> int:
    """Create the demo templates that are not there yet; how many were created."""
    have = {t.name for t in await service_shipping.list_templates(work())}
    missing = [t for t in TEMPLATES if t.name not in have]
    for template in missing:
        await service_shipping.create_template(work(), data=template)
    return len(missing)
