"""The demo the README promises: 40+ products with variants and images, 6 categories, 2 warehouses and 3
stores with stock, shoppers, running offers; and loading it twice duplicates nothing."""

from __future__ import annotations

from rich.console import Console

from shoal.catalog import service as catalog
from shoal.catalog import service_taxonomy as taxonomy
from shoal.config import get_settings
from shoal.core.actors import SYSTEM
from shoal.core.http import resolve_tenant
from shoal.customers import service as customers
from shoal.demo.loader import load_demo
from shoal.inventory import service as inventory
from shoal.marketing import service_queries as marketing


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
