"""Import and export over HTTP: a CSV body or a multipart upload, a report, the export file."""

from __future__ import annotations

from tests.conftest import staff_headers
from tests.unit.imports.test_parsers import FIXTURE, SHOPIFY_2024_FIXTURE


async def test_upload_reports_rows_and_export_downloads_csv(client, tenant) -> None:
    headers = await staff_headers(client, tenant)
    body = FIXTURE.read_bytes()
    report = await client.post(
        "/api/v1/admin/imports/products", content=body, headers={**headers, "Content-Type": "text/csv"}
    )
    assert report.status_code == 200, report.text
    assert (report.json()["created"], report.json()["failed"]) == (2, 1)
    assert report.json()["problems"][0]["row"] == 5
    again = await client.post(
        "/api/v1/admin/imports/products", files={"file": ("p.csv", body, "text/csv")}, headers=headers
    )
    assert (again.json()["created"], again.json()["updated"]) == (0, 2)
    exported = await client.get("/api/v1/admin/exports/products.csv", headers=headers)
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.text.splitlines()[0].startswith("handle,name_zh,name_en")
    assert "LJ-100" in exported.text


async def test_a_file_that_is_not_a_product_csv_is_a_422_problem(client, tenant) -> None:
    headers = await staff_headers(client, tenant)
    response = await client.post(
        "/api/v1/admin/imports/products", content=b"\x89PNG\r\n", headers={**headers, "Content-Type": "text/csv"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_file_format"


async def test_a_clerk_may_not_import(client, tenant) -> None:
    headers = await staff_headers(client, tenant)
    await client.post(
        "/api/v1/admin/staff",
        headers=headers,
        json={"email": "c@x.test", "name": "C", "password": "clerk-pass-1", "role": "clerk"},
    )
    token = await client.post(
        "/api/v1/auth/token", json={"tenant": tenant.slug, "email": "c@x.test", "password": "clerk-pass-1"}
    )
    clerk = {"Authorization": f"Bearer {token.json()['access_token']}", "Content-Type": "text/csv"}
    response = await client.post("/api/v1/admin/imports/products", content=FIXTURE.read_bytes(), headers=clerk)
    assert response.status_code == 403


async def test_a_shopify_upload_with_warnings_and_an_unknown_format_name(client, tenant) -> None:
    headers = await staff_headers(client, tenant)
    body = SHOPIFY_2024_FIXTURE.read_bytes().replace(b"HAT_GRY_275", b"HAT GRY 275")
    response = await client.post(
        "/api/v1/admin/imports/products?format=shopify",
        files={"file": ("products_export.csv", body, "text/csv")},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["format"], report["created"], report["variants"], report["failed"]) == ("shopify", 3, 16, 0)
    assert [(w["row"], w["handle"], w["code"]) for w in report["warnings"]] == [
        (18, "example-hat", "sku_spaces_replaced")
    ]
    assert report["warnings"][0]["message_zh"]
    wrong = await client.post(
        "/api/v1/admin/imports/products?format=magento", content=body, headers={**headers, "Content-Type": "text/csv"}
    )
    assert wrong.status_code == 422


async def test_a_large_file_imports_as_a_job_and_its_progress_is_polled(client, tenant, db) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import new_tenant

    staff = await staff_headers(client, tenant)
    headers = {**staff, "Content-Type": "text/csv", "X-Filename": "shopify.csv"}
    started = await client.post(
        "/api/v1/admin/imports/jobs", content=SHOPIFY_2024_FIXTURE.read_bytes(), headers=headers
    )
    assert started.status_code == 202, started.text
    job = started.json()
    assert (job["filename"], job["status"]) == ("shopify.csv", "running")
    # The ASGI test client waits for background tasks, so the job has finished by now.
    done = (await client.get(f"/api/v1/admin/imports/jobs/{job['id']}", headers=staff)).json()
    assert done["status"] == "done" and done["done"] == done["total"] == done["report"]["products"] > 0
    other = await staff_headers(client, await new_tenant(db))
    assert (await client.get(f"/api/v1/admin/imports/jobs/{job['id']}", headers=other)).status_code == 404
    junk = await client.post("/api/v1/admin/imports/jobs", content=b"", headers=headers)
    assert junk.status_code == 422


async def test_the_report_names_each_changed_sku(client, tenant) -> None:
    from tests.unit.imports.test_skus import REAL_SLICE

    headers = await staff_headers(client, tenant)
    report = await client.post(
        "/api/v1/admin/imports/products",
        content=REAL_SLICE.read_bytes(),
        headers={**headers, "Content-Type": "text/csv"},
    )
    assert report.status_code == 200, report.text
    assert (report.json()["failed"], report.json()["problems"]) == (0, [])
    changes = [(w["row"], w["code"], w["source_sku"], w["sku"]) for w in report.json()["warnings"]]
    assert (3, "sku_repeated", "HB-MID-72-X", "HB-MID-72-X-2") in changes
