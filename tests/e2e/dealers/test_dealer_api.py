"""The dealer API over HTTP: dealer staff sign in and get a dealer token; with it a dealer orders (quick order
and CSV upload) and reads only its own part. Isolation is tested as tenancy is: every dealer endpoint that
names an object (walked from the OpenAPI document), called with another dealer's real ids, answers 404
``not_found`` and writes nothing; and each token kind is refused where the other belongs."""

from __future__ import annotations

import httpx
import pytest

from shoal.dealers import service_accounts
from shoal.dealers.schemas import DealerUserCreate
from shoal.inventory import service as inventory
from shoal.inventory.schemas import LocationCreate
from tests.conftest import staff_headers
from tests.e2e.pos.conftest import clerk_headers
from tests.integration.dealers.conftest import Network

PASSWORD = "dealer-pass-123"


async def dealer_headers(client: httpx.AsyncClient, uow_factory, tenant, dealer_id: str, email: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    await service_accounts.add_user(uow_factory(), dealer_id=dealer_id,
                                    data=DealerUserCreate(email=email, name="采购", password=PASSWORD))  # fmt: skip
    response = await client.post(
        "/api/v1/dealer/auth/token", json={"tenant": tenant.slug, "email": email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
async def tokens(client, uow_factory, tenant, network: Network) -> tuple[dict[str, str], dict[str, str]]:  # type: ignore[no-untyped-def]
    north = await dealer_headers(client, uow_factory, tenant, network.north, "buyer@north.test")
    south = await dealer_headers(client, uow_factory, tenant, network.south, "buyer@south.test")
    return north, south


async def test_a_dealer_orders_by_quick_order_and_csv_and_sees_its_credit(client, tokens) -> None:  # type: ignore[no-untyped-def]
    north, _ = tokens
    quick = {"payment": "account", "lines": [{"sku": "TEA-1", "quantity": 10}]}
    assert (await client.post("/api/v1/dealer/orders", json=quick, headers=north)).status_code == 201
    upload = await client.post(
        "/api/v1/dealer/orders/upload", headers=north, data={"payment": "account"},
        files={"file": ("order.csv", "sku,quantity\nCUP-1,3\n".encode("gb18030"), "text/csv")},
    )  # fmt: skip
    assert upload.status_code == 201, upload.text
    assert [line["quantity"] for line in upload.json()["lines"]] == [3]
    over = await client.post("/api/v1/dealer/orders", json={**quick, "lines": [{"sku": "CUP-1", "quantity": 25}]},
                             headers={**north, "Accept-Language": "en"})  # fmt: skip
    assert over.status_code == 409 and over.json()["code"] == "credit_limit_exceeded"
    assert "¥340.00 of ¥1000.00" in over.json()["detail"]
    bad = await client.post("/api/v1/dealer/orders/upload", headers=north, data={"payment": "account"},
                            files={"file": ("o.csv", b"CUP-1,lots\n", "text/csv")})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["code"] == "bad_order_file"
    credit = (await client.get("/api/v1/dealer/credit", headers=north)).json()
    assert (credit["credit_used"], credit["available"]) == (66_000, 34_000)
    assert len((await client.get("/api/v1/dealer/orders", headers=north)).json()) == 2


async def test_a_dealer_never_reaches_another_dealers_part(client, tenant, tokens, network: Network) -> None:  # type: ignore[no-untyped-def]
    north, south = tokens
    place = {"payment": "account", "lines": [{"sku": "CUP-1", "quantity": 2}]}
    order = (await client.post("/api/v1/dealer/orders", headers=north, json=place)).json()
    customer = (await client.post("/api/v1/dealer/customers", headers=north,
                                  json={"kind": "store", "name": "西湖店"})).json()  # fmt: skip
    ids = {"order_id": order["id"], "customer_id": customer["id"]}
    routes = [(method, path) for path, ops in (await client.get("/openapi.json")).json()["paths"].items()
              if path.startswith("/api/v1/dealer/") and "{" in path for method in ops]  # fmt: skip
    assert len(routes) == 3, "a new dealer route naming an object: it must answer 404 for another dealer's"
    for method, path in routes:
        answer = await client.request(method, path.format(**ids), headers=south)
        assert (answer.status_code, answer.json()["code"]) == (404, "not_found"), path
    sale = {"reference": "S-1", "customer_id": customer["id"], "lines": [{"sku": "CUP-1", "quantity": 1, "amount": 1}]}
    assert (await client.post("/api/v1/dealer/sales", json=sale, headers=south)).status_code == 404
    assert (await client.get("/api/v1/dealer/orders", headers=south)).json() == []
    assert (await client.get("/api/v1/dealer/customers", headers=south)).json() == []
    prices = {item["sku"]: item["price"] for item in (await client.get("/api/v1/dealer/catalog", headers=south)).json()}
    assert prices["TEA-1"] == 7200  # its own 10% off list, never the gold list's 60.00
    staff = await staff_headers(client, tenant)
    assert (await client.get("/api/v1/dealer/orders", headers=staff)).status_code == 401
    assert (await client.get("/api/v1/admin/dealer-orders", headers=north)).status_code == 401
    listed = (await client.get("/api/v1/admin/dealer-orders", headers=staff)).json()
    assert [(o["id"], o["status"], o["received_at"]) for o in listed] == [(order["id"], "placed", None)]


async def test_a_store_clerk_sees_nothing_of_the_dealer_network(client, tenant, uow_factory, tokens, network) -> None:  # type: ignore[no-untyped-def]
    """Brand → dealer → store: a store's staff read orders (their store's), but the dealers beside them (accounts,
    credit, portal users, rebates, B2B orders) answer as if they did not exist; the owner sees them."""
    north, _ = tokens
    place = {"payment": "account", "lines": [{"sku": "CUP-1", "quantity": 2}]}
    order = (await client.post("/api/v1/dealer/orders", headers=north, json=place)).json()
    store = await inventory.create_location(uow_factory(), data=LocationCreate(code="ST-1", kind="store", name="店"))
    clerk = await clerk_headers(client, tenant, store.id)
    for path in ("/api/v1/admin/dealers", "/api/v1/admin/dealer-orders"):
        assert (await client.get(path, headers=clerk)).json() == [], path
    dealer = f"/api/v1/admin/dealers/{network.north}"
    for path in (dealer, dealer + "/credit", dealer + "/users", dealer + "/rebates",
                 f"/api/v1/admin/dealer-orders/{order['id']}"):  # fmt: skip
        answer = await client.get(path, headers=clerk)
        assert (answer.status_code, answer.json()["code"]) == (404, "not_found"), path
    owner = await staff_headers(client, tenant)
    assert (await client.get(dealer + "/rebates", headers=owner)).status_code == 200
