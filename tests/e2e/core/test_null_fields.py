"""``null`` in every field of every PATCH and PUT of the admin and store APIs, walked from the OpenAPI document.

The one rule (``shoal.core.schemas``): a field typed nullable in the schema is cleared by ``null``; any other
field answers 422 with a field error ``not_nullable`` naming it. Never a 5xx, and what was changed still reads
and lists afterwards (a ``null`` once reached the database and broke the tenant's whole location list).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.conftest import TenantFixture, staff_headers
from tests.e2e.checkout.conftest import shopper_headers
from tests.integration.checkout.conftest import ADDRESS, make_shop
from tests.unit.payments.conftest import private_pem, public_pem

ADMIN, STORE = "/api/v1/admin", "/api/v1/store"
TEMPLATE = {"name": "快递", "mode": "per_piece", "first_units": 1, "first_fee": 800, "additional_fee": 200}
GROUP_BUY_TERMS = {"starts_at": "2030-01-01T00:00:00Z", "ends_at": "2030-01-02T00:00:00Z"}
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
NOTIFY = "https://shop.example/api/v1/payments/{provider}/notify/t"
ALIPAY = {"app_id": "2021000000000001", "notify_url": NOTIFY.format(provider="alipay"),
          "app_private_key": private_pem(KEY), "alipay_public_key": public_pem(KEY)}  # fmt: skip
WECHATPAY = {"mchid": "1900000001", "appid": "wx0000000000000001", "merchant_serial": "ABCDEF0123456789",
             "notify_url": NOTIFY.format(provider="wechatpay"), "merchant_private_key": private_pem(KEY),
             "apiv3_key": "k" * 32, "platform_keys": {"PUB_KEY_ID_0001": public_pem(KEY)}}  # fmt: skip


@dataclass
class Case:
    """How to call one update route: as whom, with which complete body, and what must still read after."""

    who: str
    reads: list[str]
    body: dict[str, Any] = field(default_factory=dict)


CASES = {
    f"{ADMIN}/staff/{{user_id}}": Case("staff", [f"{ADMIN}/staff"]),
    f"{ADMIN}/products/{{product_id}}": Case(
        "staff", [f"{ADMIN}/products", f"{ADMIN}/products/{{product_id}}", f"{STORE}/products/{{product_id}}"]
    ),
    f"{ADMIN}/variants/{{variant_id}}": Case("staff", [f"{ADMIN}/products/{{product_id}}", f"{STORE}/products"]),
    f"{ADMIN}/variants/{{variant_id}}/prices": Case(
        "staff", [f"{ADMIN}/products/{{product_id}}"], {"prices": [{"channel": "pos", "price": 900}]}
    ),
    f"{ADMIN}/categories/{{category_id}}": Case("staff", [f"{ADMIN}/categories", f"{ADMIN}/categories?shape=tree"]),
    f"{ADMIN}/brands/{{brand_id}}": Case("staff", [f"{ADMIN}/brands"]),
    f"{ADMIN}/locations/{{location_id}}": Case("staff", [f"{ADMIN}/locations", f"{ADMIN}/locations/{{location_id}}"]),
    f"{ADMIN}/stock/{{stock_id}}": Case("staff", [f"{ADMIN}/stock", f"{ADMIN}/stock?low_stock=true"]),
    f"{ADMIN}/customers/{{customer_id}}": Case("staff", [f"{ADMIN}/customers", f"{ADMIN}/customers/{{customer_id}}"]),
    f"{STORE}/me": Case("shopper", [f"{STORE}/me"]),
    f"{STORE}/me/addresses/{{address_id}}": Case("shopper", [f"{STORE}/me/addresses"]),
    f"{STORE}/carts/{{cart_id}}/lines/{{line_id}}": Case("shopper", [f"{STORE}/carts/{{cart_id}}"], {"quantity": 1}),
    f"{ADMIN}/shipping-templates/{{template_id}}": Case("staff", [f"{ADMIN}/shipping-templates"], TEMPLATE),
    f"{ADMIN}/orders/{{order_id}}/address": Case(
        "staff", [f"{ADMIN}/orders", f"{ADMIN}/orders/{{order_id}}"], {"address": ADDRESS}
    ),
    f"{ADMIN}/shop": Case("staff", [f"{ADMIN}/shop"]),
    f"{ADMIN}/payment-settings/alipay": Case("staff", [f"{ADMIN}/payment-settings"], ALIPAY),
    f"{ADMIN}/payment-settings/wechatpay": Case("staff", [f"{ADMIN}/payment-settings"], WECHATPAY),
    f"{ADMIN}/group-buys/{{activity_id}}": Case(
        "staff", [f"{ADMIN}/group-buys", f"{ADMIN}/group-buys/{{activity_id}}"]
    ),
    f"{ADMIN}/suppliers/{{supplier_id}}": Case("staff", [f"{ADMIN}/suppliers", f"{ADMIN}/suppliers/{{supplier_id}}"]),
    f"{ADMIN}/top-up-plans/{{plan_id}}": Case("staff", [f"{ADMIN}/top-up-plans"]),
    f"{ADMIN}/member-levels/{{level_id}}": Case("staff", [f"{ADMIN}/member-levels"]),
    f"{ADMIN}/member-levels/{{level_id}}/prices": Case("staff", [f"{ADMIN}/member-levels/{{level_id}}/prices"]),
    f"{ADMIN}/membership-cards/{{card_id}}": Case("staff", [f"{ADMIN}/membership-cards"]),
    f"{ADMIN}/points-mall/items/{{item_id}}": Case("staff", [f"{ADMIN}/points-mall/items"]),
    f"{ADMIN}/promoters/{{promoter_id}}": Case("staff", [f"{ADMIN}/promoters", f"{ADMIN}/promoters/{{promoter_id}}"]),
    f"{ADMIN}/distribution/settings": Case("staff", [f"{ADMIN}/distribution/settings"]),
    f"{ADMIN}/loyalty/terms": Case("staff", [f"{ADMIN}/loyalty/terms"]),
    f"{ADMIN}/dealers/{{dealer_id}}": Case("staff", [f"{ADMIN}/dealers", f"{ADMIN}/dealers/{{dealer_id}}"]),
    f"{ADMIN}/dealers/{{dealer_id}}/credit": Case(
        "staff", [f"{ADMIN}/dealers/{{dealer_id}}/credit"], {"credit_limit": 100, "payment_terms": "net"}
    ),
    f"{ADMIN}/dealer-skus": Case("staff", [f"{ADMIN}/dealer-skus"], {"sku": "SKU000", "moq": 2}),
    f"{ADMIN}/dealer-rebates/tiers": Case("staff", [f"{ADMIN}/dealer-rebates/tiers"], {"tiers": []}),
}


async def test_null_for_each_field_of_every_update_is_refused_or_clears_and_reads_still_work(
    client: httpx.AsyncClient, tenant: TenantFixture, uow_factory: Any
) -> None:
    spec = (await client.get("/openapi.json")).json()
    routes = [(m, path, op) for path, ops in spec["paths"].items() for m, op in ops.items() if m in ("patch", "put")]
    assert {path for _, path, _ in routes} == set(CASES), "a new update route: add it to CASES"
    ids, headers = await _one_of_everything(client, tenant, uow_factory)
    for method, path, op in routes:
        case = CASES[path]
        schema = _resolve(spec, op["requestBody"]["content"]["application/json"]["schema"])
        for name, body in _bodies_with_one_null(spec, schema, case.body):
            sent = await client.request(method, path.format(**ids), json=body, headers=headers[case.who])
            where = f"{method.upper()} {path} {name}: null -> {sent.status_code} {sent.text}"
            assert sent.status_code < 500, where
            if name in _nullable_fields(spec, schema, case.body):
                assert sent.status_code == 200, where
            else:
                assert sent.status_code == 422, where
                assert {"field": name, "code": "not_nullable"} in _field_codes(sent), where
            for read in case.reads:
                answer = await client.get(read.format(**ids), headers=headers[case.who])
                assert answer.status_code == 200, f"{where}; then GET {read} -> {answer.status_code} {answer.text}"


def _bodies_with_one_null(spec: dict[str, Any], schema: dict[str, Any], base: dict[str, Any]) -> list[tuple[str, Any]]:
    """One body per field (and per field of an object-valued field) with just that field ``null``."""
    bodies = []
    for name, prop in schema["properties"].items():
        bodies.append((name, {**base, name: None}))
        nested = _object_schema(spec, prop)
        for inner in nested.get("properties", {}) if nested else {}:
            bodies.append((f"{name}.{inner}", {**base, name: {**base.get(name, {}), inner: None}}))
    return bodies


def _nullable_fields(spec: dict[str, Any], schema: dict[str, Any], base: dict[str, Any]) -> set[str]:
    found = set()
    for name, prop in schema["properties"].items():
        if _allows_null(prop):
            found.add(name)
        nested = _object_schema(spec, prop)
        for inner, inner_prop in nested.get("properties", {}).items() if nested else []:
            if _allows_null(inner_prop):
                found.add(f"{name}.{inner}")
    return found


def _allows_null(prop: dict[str, Any]) -> bool:
    return prop.get("type") == "null" or any(option.get("type") == "null" for option in prop.get("anyOf", []))


def _object_schema(spec: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any] | None:
    options = [prop, *prop.get("anyOf", [])]
    for option in options:
        if "$ref" in option:
            return _resolve(spec, option)
    return None


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    name = schema["$ref"].rsplit("/", 1)[-1] if "$ref" in schema else None
    return spec["components"]["schemas"][name] if name else schema


def _field_codes(response: httpx.Response) -> list[dict[str, str]]:
    return [{"field": e["field"], "code": e["code"]} for e in response.json().get("errors", [])]


async def _one_of_everything(
    client: httpx.AsyncClient, tenant: TenantFixture, uow_factory: Any
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """A shop with one object behind every update route, and the headers of its owner and a shopper."""
    shop = await make_shop(uow_factory, tenant)
    staff = await staff_headers(client, tenant)
    shopper = await shopper_headers(client, tenant.slug, "walker@example.com")

    async def made(url: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        response = await client.post(url, json=body, headers={**headers, "Idempotency-Key": str(uuid.uuid4())})
        assert response.status_code in (200, 201), f"{url}: {response.text}"
        return dict(response.json())

    variant = shop.variants[0]
    product = (await client.get(f"{ADMIN}/products", headers=staff)).json()["items"][0]
    clerk = await made(
        f"{ADMIN}/staff",
        {"email": "c@shop.test", "name": "Clerk", "password": "clerk-pass-1", "role": "clerk",
         "location_id": shop.store.id},
        staff,
    )  # fmt: skip
    cart = await made(f"{STORE}/carts", {}, shopper)
    placed_cart = await made(f"{STORE}/carts", {}, shopper)
    await made(f"{STORE}/carts/{placed_cart['id']}/lines", {"variant_id": variant}, shopper)
    order = await made(
        f"{STORE}/checkout", {"cart_id": placed_cart["id"], "delivery": {"method": "ship", "address": ADDRESS}}, shopper
    )
    line = (await made(f"{STORE}/carts/{cart['id']}/lines", {"variant_id": variant}, shopper))["lines"][0]
    ids = {
        "user_id": clerk["id"],
        "product_id": product["id"],
        "variant_id": variant,
        "category_id": (await made(f"{ADMIN}/categories", {"name": "茶"}, staff))["id"],
        "brand_id": (await made(f"{ADMIN}/brands", {"name": "青屿"}, staff))["id"],
        "location_id": shop.store.id,
        "stock_id": (await client.get(f"{ADMIN}/stock", headers=staff)).json()["items"][0]["id"],
        "customer_id": shop.customer_id,
        "address_id": (await made(f"{STORE}/me/addresses", ADDRESS, shopper))["id"],
        "cart_id": cart["id"],
        "line_id": line["id"],
        "template_id": (await made(f"{ADMIN}/shipping-templates", TEMPLATE, staff))["id"],
        "order_id": order["id"],
    }
    group_buy = {"name": "二人团", "location_id": shop.warehouse.id, "group_size": 2, **GROUP_BUY_TERMS,
                 "items": [{"variant_id": variant, "group_price": 990}]}  # fmt: skip
    ids["activity_id"] = (await made(f"{ADMIN}/group-buys", group_buy, staff))["id"]
    ids["supplier_id"] = (await made(f"{ADMIN}/suppliers", {"code": "S1", "name": "茶厂", "phone": "1"}, staff))["id"]
    ids["plan_id"] = (await made(f"{ADMIN}/top-up-plans", {"name": "充100", "amount": 10000}, staff))["id"]
    ids["level_id"] = (await made(f"{ADMIN}/member-levels", {"code": "V1", "name": "V1", "threshold": 0}, staff))["id"]
    card = {"name": "PLUS 年卡", "price": 500, "days": 365}
    ids["card_id"] = (await made(f"{ADMIN}/membership-cards", card, staff))["id"]
    item = {"name": "茶一份", "variant_id": variant, "location_id": shop.warehouse.id, "points": 100, "stock": 5}
    ids["item_id"] = (await made(f"{ADMIN}/points-mall/items", item, staff))["id"]
    promoter = {"customer_id": shop.customer_id, "name": "王小明"}
    ids["promoter_id"] = (await made(f"{ADMIN}/promoters", promoter, staff))["id"]
    for provider, body in (("alipay", ALIPAY), ("wechatpay", WECHATPAY)):  # stored keys, so a null secret keeps them
        saved = await client.put(f"{ADMIN}/payment-settings/{provider}", json=body, headers=staff)
        assert saved.status_code == 200, saved.text
    ids["dealer_id"] = (await made(f"{ADMIN}/dealers", {"code": "D1", "name": "经销商", "region": "浙江"}, staff))["id"]
    shopper_with_shop = {**shopper, "X-Shoal-Tenant": tenant.slug}
    return ids, {"staff": {**staff, "X-Shoal-Tenant": tenant.slug}, "shopper": shopper_with_shop}
