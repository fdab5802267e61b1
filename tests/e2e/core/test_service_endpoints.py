"""Operational endpoints: liveness, readiness, metrics, OpenAPI tags, problem+json for unknown routes."""

from __future__ import annotations

import httpx

from shoal.main import create_app


async def test_health_and_readiness(client) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ok"


async def test_metrics_are_prometheus_text_by_route_template_for_the_scraper(settings, db) -> None:
    app = create_app(settings.model_copy(update={"metrics_token": "scrape-me"}), db=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test") as http:
        await http.get("/healthz")
        assert (await http.get("/metrics")).status_code == 401
        assert (await http.get("/metrics", headers={"Authorization": "Bearer guess"})).status_code == 401
        body = (await http.get("/metrics", headers={"Authorization": "Bearer scrape-me"})).text
    assert "# HELP shoal_http_requests_total" in body
    assert 'route="/healthz"' in body


async def test_metrics_are_not_public_by_default_outside_development(settings, db) -> None:
    for server in ({"environment": "production"}, {"secret_key": "a-key-of-its-own-" + "x" * 32}):
        server |= {"mock_payments_enabled": False}
        app = create_app(settings.model_copy(update=server), db=db)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test") as http:
            response = await http.get("/metrics")
        assert response.status_code == 404
        assert "shoal_http_requests_total" not in response.text


async def test_a_developers_machine_shows_metrics_without_a_token(client) -> None:
    response = await client.get("/metrics")
    assert response.status_code == 200 and "# HELP shoal_http_requests_total" in response.text


async def test_openapi_has_one_tag_per_domain(client) -> None:
    spec = (await client.get("/openapi.json")).json()
    names = {tag["name"] for tag in spec["tags"]}
    assert {"identity", "catalog", "inventory", "storefront", "health"} <= names


async def test_unknown_route_is_a_problem_and_requests_are_traced(client) -> None:
    response = await client.get("/nope", headers={"X-Request-ID": "trace-me", "Accept-Language": "en"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "not_found"
    assert response.headers["x-request-id"] == "trace-me"


async def test_storefront_without_tenant_header_says_what_to_send(client) -> None:
    response = await client.get("/api/v1/store/products", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.json()["code"] == "tenant_required"
    assert "X-Shoal-Tenant" in response.json()["detail"]


async def test_a_default_tenant_serves_storefront_calls_without_the_header(settings, db, tenant) -> None:
    app = create_app(settings.model_copy(update={"default_tenant": tenant.slug}), db=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test") as http:
        response = await http.get("/api/v1/store/products")
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None}
