"""Every amount a promotion or coupon takes is bounded by the one maximum (``core.money.MAX_AMOUNT``, the
``Fen`` and ``PositiveFen`` types): no marketing field accepts more than an order could ever total."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from shoal.core.money import MAX_AMOUNT
from shoal.marketing.schemas import CouponTemplateCreate, PromotionCreate

NAME = {"zh-CN": "规则", "en": "Rule"}
OFF = {"kind": "amount_off", "tiers": [{"threshold": 0, "value": 100}]}
GIFT = {"kind": "gift", "variant_id": "v", "product_id": "p", "stock": 1}


def _promotion(benefit: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"name": NAME, "benefit": benefit, **fields}


AMOUNTS = {
    "amount_off cap": lambda n: _promotion({**OFF, "cap": n}),
    "amount_off tier value": lambda n: _promotion({"kind": "amount_off", "tiers": [{"value": n}]}),
    "tier threshold": lambda n: _promotion({"kind": "amount_off", "tiers": [{"threshold": n, "value": 1}]}),
    "percent_off cap": lambda n: _promotion({"kind": "percent_off", "tiers": [{"value": 5000}], "cap": n}),
    "free_shipping cap": lambda n: _promotion({"kind": "free_shipping", "cap": n}),
    "item price": lambda n: _promotion({"kind": "item_price", "prices": [{"variant_id": "v", "price": n}]}),
    "bundle price": lambda n: _promotion({"kind": "bundle", "components": [{"variant_id": "v"}], "price": n}),
    "gift value": lambda n: _promotion({**GIFT, "unit_value": n}),
    "min_spend": lambda n: _promotion(OFF, condition={"min_spend": n}),
    "budget": lambda n: _promotion(OFF, budget=n),
}


@pytest.mark.parametrize("field", sorted(AMOUNTS))
def test_a_marketing_amount_takes_up_to_max_amount_and_no_more(field: str) -> None:
    body = AMOUNTS[field]
    PromotionCreate.model_validate(body(MAX_AMOUNT))
    with pytest.raises(ValidationError) as refused:
        PromotionCreate.model_validate(body(MAX_AMOUNT + 1))
    assert [e["type"] for e in refused.value.errors()] == ["less_than_equal"]
    if field != "budget":  # a coupon template takes the same benefit and condition, and has no budget
        with pytest.raises(ValidationError):
            CouponTemplateCreate.model_validate(body(MAX_AMOUNT + 1))
