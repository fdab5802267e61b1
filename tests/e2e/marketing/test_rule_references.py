"""A promotion or coupon template that names a catalog id (a gift, a special price, a bundle, an exchange, the
scope of its condition) is refused when no such object exists in this shop: 404 ``not_found`` naming the kind
and the id, for an id that exists nowhere and for another shop's real one alike, and nothing is written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import new_tenant, staff_actor, staff_headers
from tests.e2e.core.test_references import NOWHERE
from tests.integration.checkout.conftest import add_product, make_shop
from tests.integration.marketing.conftest import product_of


@dataclass
class Catalog:
    variant_id: str
    product_id: str
    category_id: str
    brand_id: str


async def _catalog(client, db, tenant, sku: str) -> Catalog:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    brand = await client.post("/api/v1/admin/brands", json={"name": f"Brand {sku}"}, headers=staff)
    category = await client.post("/api/v1/admin/categories", json={"name": f"Category {sku}"}, headers=staff)
    uow_factory = lambda: db.uow(tenant_id=tenant.id, actor=staff_actor())  # noqa: E731
    variant = await add_product(uow_factory, sku, price=100)
    return Catalog(variant, await product_of(uow_factory, variant), category.json()["id"], brand.json()["id"])


def _rules(ours: Catalog, kind: str, wrong: str) -> list[dict[str, Any]]:
    """Every place a rule names an id of ``kind``, with ``wrong`` there and our own real ids elsewhere."""
    gift = {"kind": "gift", "variant_id": ours.variant_id, "product_id": ours.product_id, "unit_value": 100,
            "stock": 5}  # fmt: skip
    off = {"kind": "amount_off", "tiers": [{"value": 100}]}
    benefits = {
        "variant": [
            {**gift, "variant_id": wrong},
            {"kind": "item_price", "prices": [{"variant_id": wrong, "price": 50}]},
            {"kind": "bundle", "components": [{"variant_id": ours.variant_id}, {"variant_id": wrong}], "price": 150},
            {"kind": "exchange", "variant_ids": [wrong]},
        ],
        "product": [{**gift, "product_id": wrong}],
        "category": [],
        "brand": [],
    }[kind]
    field = {"variant": "variant_ids", "product": "product_ids", "category": "category_ids", "brand": "brand_ids"}
    conditions = [{field[kind]: [wrong]}, {"exclude_" + field[kind]: [wrong]}]
    return [{"benefit": b, "condition": {}} for b in benefits] + [{"benefit": off, "condition": c} for c in conditions]


@pytest.mark.parametrize("which", ["nowhere", "foreign"])
@pytest.mark.parametrize("kind", ["variant", "product", "category", "brand"])
async def test_a_rule_naming_an_unknown_catalog_id_is_refused(client, db, tenant, uow_factory, which, kind) -> None:  # type: ignore[no-untyped-def]
    await make_shop(uow_factory, tenant, products=0)
    ours = await _catalog(client, db, tenant, "OURS-1")
    theirs = await _catalog(client, db, await new_tenant(db, "other"), "THEIRS-1")
    wrong = NOWHERE if which == "nowhere" else getattr(theirs, f"{kind}_id")
    staff = await staff_headers(client, tenant)
    for rule in _rules(ours, kind, wrong):
        for path in ("promotions", "coupons"):
            body = {"name": {"zh-CN": "规则", "en": "Rule"}, **rule}
            refused = await client.post(f"/api/v1/admin/{path}", json=body, headers=staff)
            assert refused.status_code == 404, (rule, refused.text)
            assert (refused.json()["code"], refused.json()[f"{kind}_id"]) == ("not_found", wrong)
    for path in ("promotions", "coupons"):
        assert (await client.get(f"/api/v1/admin/{path}", headers=staff)).json() == []


async def test_a_rule_naming_this_shops_catalog_is_stored(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await make_shop(uow_factory, tenant, products=0)
    ours = await _catalog(client, db, tenant, "OURS-1")
    staff = await staff_headers(client, tenant)
    gift = {"kind": "gift", "variant_id": ours.variant_id, "product_id": ours.product_id, "unit_value": 100,
            "stock": 5}  # fmt: skip
    condition = {"category_ids": [ours.category_id], "brand_ids": [ours.brand_id], "product_ids": [ours.product_id],
                 "exclude_variant_ids": [ours.variant_id]}  # fmt: skip
    for path in ("promotions", "coupons"):
        body = {"name": {"zh-CN": "买赠", "en": "Gift"}, "benefit": gift, "condition": condition}
        created = await client.post(f"/api/v1/admin/{path}", json=body, headers=staff)
        assert created.status_code == 201, created.text
