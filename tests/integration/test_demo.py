"""The demo the README promises: 40+ products with variants and images, 6 categories, 2 warehouses and 3
stores with stock, shoppers, running offers, a few orders in various states; and loading it twice
duplicates nothing."""

from __future__ import annotations

from rich.console import Console

from shoal.catalog import service as catalog
from shoal.catalog import service_taxonomy as taxonomy
from shoal.checkout import service as carts
from shoal.checkout import service_checkout
from shoal.checkout.schemas import CartLineAdd, CheckoutRequest
from shoal.config import get_settings
from shoal.core.actors import SYSTEM, Actor
from shoal.core.http import resolve_tenant
from shoal.customers import service as customers
from shoal.demo.loader import load_demo
from shoal.inventory import service as inventory
from shoal.marketing import service_queries as marketing
from shoal.orders import service_queries as order_queries
from shoal.orders import service_report as report
from shoal.orders.schemas import OrderRead


async def _counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    tenant = await resolve_tenant(db, "demo")
    work = lambda: db.uow(tenant_id=tenant.id, actor=SYSTEM)  # noqa: E731
    products = await catalog.list_products(work(), limit=100)
    locations = await inventory.list_locations(work())
    return {
        "products": len(products.items),
        "categories": len(await taxonomy.list_categories(work())),
        "warehouses": sum(loc.kind == "warehouse" for loc in locations),
        "stores": sum(loc.kind == "store" for loc in locations),
        "shoppers": len((await customers.list_customers(work(), limit=100, cursor=None, q="@demo.shoal")).items),
        "running_promotions": len(await marketing.running_promotions(work())),
        "claimable_coupons": len((await marketing.shopper_coupons(work(), customer_id=None)).claimable),
        "orders": sorted(o.status for o in (await order_queries.list_orders(work(), limit=50, cursor=None)).items),
        "net_sales_today": (await report.dashboard(work(), zone=tenant.timezone)).today.net_gmv,
    }


async def test_the_demo_loads_whole_and_twice_changes_nothing(db, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SHOAL_MEDIA_DIR", str(tmp_path / "media"))
    get_settings.cache_clear()
    quiet = Console(quiet=True)
    try:
        await load_demo(db, console=quiet)
        first = await _counts(db)
        await load_demo(db, console=quiet)
        assert await _counts(db) == first
    finally:
        get_settings.cache_clear()
    assert first["products"] >= 40 and first["categories"] >= 6
    assert (first["warehouses"], first["stores"]) == (2, 3)
    assert first["shoppers"] == 20
    assert first["running_promotions"] == 2 and first["claimable_coupons"] == 2
    assert any((tmp_path / "media").rglob("*.*")), "placeholder images are written locally"
    # A few orders in the states a shop sees, so the dashboard is not all zeros.
    assert first["orders"] == ["completed", "paid", "paid", "paid", "refunded", "shipped"]
    assert first["net_sales_today"] > 0


async def test_demo_orders_carry_the_demo_shipping_fee(db, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A real template by weight: one light product to Shanghai pays the first kilogram (¥8), to Xinjiang the
    far-province rate (¥18); the demo's 满99包邮 promotion still takes the fee off a bigger order."""
    monkeypatch.setenv("SHOAL_MEDIA_DIR", str(tmp_path / "media"))
    get_settings.cache_clear()
    try:
        await load_demo(db, console=Console(quiet=True))
    finally:
        get_settings.cache_clear()
    tenant = await resolve_tenant(db, "demo")
    staff = lambda: db.uow(tenant_id=tenant.id, actor=SYSTEM)  # noqa: E731
    shopper_id = (await customers.list_customers(staff(), limit=1, cursor=None, q="shopper1@demo.shoal")).items[0].id
    shopper = lambda: db.uow(tenant_id=tenant.id, actor=Actor(kind="shopper", id=shopper_id))  # noqa: E731
    listed = (await catalog.list_products(staff(), limit=100)).items
    cake = next(p for p in listed if p.handle == "osmanthus-cake")
    variant = (await catalog.get_product(staff(), product_id=cake.id)).variants[0].id

    async def order_to(province: str, city: str, district: str, quantity: int) -> OrderRead:
        cart = await carts.create_cart(shopper(), tenant=tenant, locale="zh-CN")
        await carts.add_line(
            shopper(), tenant=tenant, locale="zh-CN", cart_id=cart.id,
            data=CartLineAdd(variant_id=variant, quantity=quantity),
        )  # fmt: skip
        address = {"name": "张三", "phone": "13800138000", "province": province, "city": city,
                   "district": district, "line1": "1 号"}  # fmt: skip
        request = CheckoutRequest.model_validate(
            {"cart_id": cart.id, "delivery": {"method": "ship", "address": address}, "coupon_ids": []}
        )
        return await service_checkout.checkout(shopper(), tenant=tenant, data=request, unpaid_minutes=30)

    near = await order_to("上海市", "上海市", "黄浦区", 1)
    far = await order_to("新疆维吾尔自治区", "乌鲁木齐市", "天山区", 1)
    big = await order_to("上海市", "上海市", "黄浦区", 4)
    assert (near.shipping_fee, near.total) == (800, 2800 + 800)
    assert (far.shipping_fee, far.total) == (1800, 2800 + 1800)
    assert big.subtotal >= 9900 and (big.money.shipping, big.shipping_fee) == (800, 0)
