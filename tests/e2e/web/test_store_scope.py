"""A store clerk sees only their store: console pages and admin API, each for a clerk and for the owner.

The shop has a warehouse and a store. One order ships from the warehouse to 张三 (with phone and address);
another is picked up at the store. The store's clerk must see the pickup order, its customer and its
after-sales case, and nothing of the warehouse order: no row in a list, no figure on the dashboard, 404 for
the order, its customer and its case (as if they did not exist). The owner sees both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx

from shoal.aftersales import service as aftersales
from shoal.aftersales.schemas import AfterSaleCreate
from shoal.core.actors import SYSTEM, Actor
from shoal.identity.schemas import StaffCreate
from shoal.identity.service import create_staff
from shoal.inventory import service_stock
from shoal.orders import service as orders
from shoal.orders.schemas import OrderRead
from shoal.web.templating import money
from tests.e2e.web.conftest import sign_in
from tests.integration.checkout.conftest import ADDRESS, make_shop, new_customer
from tests.integration.orders.conftest import place

CLERK = ("clerk@store.test", "clerk-pass-123")


@dataclass
class Scene:
    shipped: OrderRead  # from the warehouse, to 张三
    pickup: OrderRead  # at the store
    shipped_case: str
    pickup_case: str
    store_customer: str
    warehouse_customer: str


async def _paid_with_a_case(shop, uow_factory, db, tenant, customer: str, **delivery) -> tuple[OrderRead, str]:  # type: ignore[no-untyped-def]
    order = await place(shop, uow_factory, {shop.variants[0]: 2}, customer, **delivery)
    system = db.uow(tenant_id=tenant.id, actor=SYSTEM)
    await orders.mark_paid(
        system, order_id=order.id, payment_id=f"p{order.number}", amount=order.total, paid_at=order.created_at
    )
    shopper = uow_factory(Actor(kind="shopper", id=customer))
    data = AfterSaleCreate(
        kind="refund_only", lines=[{"order_line_id": order.lines[0].id, "quantity": 1}], reason_code="damaged"
    )
    case = await aftersales.request_after_sale(shopper, order_id=order.id, data=data)
    return order, case.id


async def _scene(db, tenant, uow_factory) -> Scene:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant)
    await create_staff(
        uow_factory(),
        data=StaffCreate(email=CLERK[0], name="店员", password=CLERK[1], role="clerk", location_id=shop.store.id),
    )
    far = await new_customer(uow_factory, "far@example.com")
    near = await new_customer(uow_factory, "near@example.com")
    shipped, shipped_case = await _paid_with_a_case(shop, uow_factory, db, tenant, far, method="ship", address=ADDRESS)
    assert shipped.fulfilment_location_ids == [shop.warehouse.id]
    pickup, pickup_case = await _paid_with_a_case(
        shop, uow_factory, db, tenant, near, method="pickup", location_id=shop.store.id
    )
    # The warehouse row of the first variant is low (8 left, alert at 8): a to-do of the owner, not the clerk.
    row = (
        await service_stock.list_stock(
            uow_factory(), limit=1, variant_id=shop.variants[0], location_id=shop.warehouse.id
        )
    ).items[0]
    await service_stock.set_low_stock_threshold(uow_factory(), stock_id=row.id, threshold=row.available)
    return Scene(shipped, pickup, shipped_case, pickup_case, near, far)


def to_do(page: str) -> dict[str, int]:
    """The dashboard's 待办 tiles: what each counts."""
    return {key: int(count) for key, count in re.findall(r'data-to-do="(\w+)".*?data-count>(\d+)<', page, re.S)}


async def _token(web: httpx.AsyncClient, slug: str, email: str, password: str) -> dict[str, str]:
    body = {"tenant": slug, "email": email, "password": password}
    return {"Authorization": f"Bearer {(await web.post('/api/v1/auth/token', json=body)).json()['access_token']}"}


async def test_a_clerk_sees_only_their_store_in_every_console_page(web, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    s = await _scene(db, tenant, uow_factory)
    await sign_in(web, tenant.slug, *CLERK)

    board = (await web.get("/console")).text
    assert f'data-figure="gmv">{money(s.pickup.total)}<' in board
    assert to_do(board) == {"to_ship": 0, "after_sales": 1, "low_stock": 0, "pickups": 1}
    orders_page = (await web.get("/console/orders")).text
    assert s.pickup.number in orders_page and s.shipped.number not in orders_page
    assert (await web.get("/console/orders", params={"q": ADDRESS["phone"]})).text.count("data-order=") == 0
    assert (await web.get(f"/console/orders/{s.pickup.id}")).status_code == 200
    hidden = await web.get(f"/console/orders/{s.shipped.id}")
    assert hidden.status_code == 404 and ADDRESS["name"] not in hidden.text and ADDRESS["phone"] not in hidden.text

    members = (await web.get("/console/customers")).text
    assert "near@example.com" in members and "far@example.com" not in members
    assert (await web.get(f"/console/customers/{s.store_customer}")).status_code == 200
    assert (await web.get(f"/console/customers/{s.warehouse_customer}")).status_code == 404

    cases = (await web.get("/console/after-sales")).text
    assert s.pickup_case in cases and s.shipped_case not in cases


async def test_the_owner_sees_every_store_in_the_console(web, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    s = await _scene(db, tenant, uow_factory)
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)

    board = (await web.get("/console")).text
    assert f'data-figure="gmv">{money(s.pickup.total + s.shipped.total)}<' in board
    assert to_do(board) == {"to_ship": 1, "after_sales": 2, "low_stock": 1, "pickups": 1}
    orders_page = (await web.get("/console/orders")).text
    assert s.pickup.number in orders_page and s.shipped.number in orders_page
    shipped = await web.get(f"/console/orders/{s.shipped.id}")
    assert shipped.status_code == 200 and ADDRESS["name"] in shipped.text
    members = (await web.get("/console/customers")).text
    assert "near@example.com" in members and "far@example.com" in members
    assert (await web.get(f"/console/customers/{s.warehouse_customer}")).status_code == 200
    cases = (await web.get("/console/after-sales")).text
    assert s.pickup_case in cases and s.shipped_case in cases


async def test_a_clerk_sees_only_their_store_in_the_admin_api(web, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    s = await _scene(db, tenant, uow_factory)
    clerk = await _token(web, tenant.slug, *CLERK)
    owner = await _token(web, tenant.slug, tenant.owner_email, tenant.owner_password)

    for headers, seen in ((clerk, {s.pickup.number}), (owner, {s.pickup.number, s.shipped.number})):
        listed = (await web.get("/api/v1/admin/orders", headers=headers)).json()["items"]
        assert {o["number"] for o in listed} == seen
        exported = (await web.get("/api/v1/admin/orders/export.csv", headers=headers)).text
        assert {n for n in (s.pickup.number, s.shipped.number) if n in exported} == seen
        board = (await web.get("/api/v1/admin/reports/dashboard", headers=headers)).json()
        totals = {s.pickup.number: s.pickup.total, s.shipped.number: s.shipped.total}
        assert board["today"]["gmv"] == sum(totals[n] for n in seen) and board["today"]["orders"] == len(seen)

    assert (await web.get(f"/api/v1/admin/orders/{s.shipped.id}", headers=clerk)).status_code == 404
    assert (await web.get(f"/api/v1/admin/orders/{s.shipped.id}", headers=owner)).json()["shipping_address"][
        "phone"
    ] == ADDRESS["phone"]
    assert (await web.get(f"/api/v1/admin/orders/{s.pickup.id}", headers=clerk)).status_code == 200

    assert [c["id"] for c in (await web.get("/api/v1/admin/customers", headers=clerk)).json()["items"]] == [
        s.store_customer
    ]
    assert (await web.get(f"/api/v1/admin/customers/{s.warehouse_customer}", headers=clerk)).status_code == 404
    assert (await web.get(f"/api/v1/admin/customers/{s.warehouse_customer}", headers=owner)).status_code == 200
    owners_members = {c["id"] for c in (await web.get("/api/v1/admin/customers", headers=owner)).json()["items"]}
    assert {s.store_customer, s.warehouse_customer} <= owners_members

    clerk_cases = (await web.get("/api/v1/admin/after-sales", headers=clerk)).json()["items"]
    assert [c["id"] for c in clerk_cases] == [s.pickup_case]
    assert (await web.get(f"/api/v1/admin/after-sales/{s.shipped_case}", headers=clerk)).status_code == 404
    assert (await web.get(f"/api/v1/admin/after-sales/{s.pickup_case}", headers=clerk)).status_code == 200
    owner_cases = (await web.get("/api/v1/admin/after-sales", headers=owner)).json()["items"]
    assert {c["id"] for c in owner_cases} == {s.pickup_case, s.shipped_case}
    assert (await web.get(f"/api/v1/admin/after-sales/{s.shipped_case}", headers=owner)).status_code == 200
