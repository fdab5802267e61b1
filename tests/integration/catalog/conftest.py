"""Catalog test data: a bilingual tea with two options (generated variants) and a helper for more."""

from __future__ import annotations

from typing import Any

from shoal.catalog.schemas import ProductCreate


def tea(handle: str = "longjing", **overrides: Any) -> ProductCreate:
    data: dict[str, Any] = {
        "handle": handle,
        "name": "西湖龙井茶",
        "description": "明前龙井",
        "translations": {"en": {"name": "West Lake Longjing Tea", "description": "Pre-Qingming"}},
        "status": "active",
        "options": [
            {"name": "规格", "values": ["50g", "100g"], "translations": {"en": {"name": "Size"}}},
            {
                "name": "包装",
                "values": ["罐", "袋"],
                "translations": {"en": {"name": "Pack", "values": ["Tin", "Bag"]}},
            },
        ],
        "images": [{"url": "/media/a.svg", "alt": "front"}, {"url": "/media/b.svg"}],
        "price": 8800,
        "compare_at_price": 9900,
        "weight_grams": 120,
        "sku": handle.upper(),
        "tags": ["绿茶"],
    }
    data.update(overrides)
    return ProductCreate.model_validate(data)
