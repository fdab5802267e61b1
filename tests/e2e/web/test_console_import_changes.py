"""The console's import page lists every row imported with a change: the file's SKU, the SKU Shoal stored and
what was done, in the operator's language."""

from __future__ import annotations

import re

import httpx

from tests.e2e.web.conftest import sign_in
from tests.unit.imports.test_skus import REAL_SLICE


async def _report(web: httpx.AsyncClient, locale: str) -> str:
    await web.post("/console/locale", data={"locale": locale}, headers={"HX-Request": "true"})
    upload = await web.post(
        "/console/import",
        files={"file": ("velofant.csv", REAL_SLICE.read_bytes(), "text/csv")},
        headers={"HX-Request": "true"},
    )
    job = re.search(r'data-job="([^"]+)"', upload.text)
    assert upload.status_code == 200 and job, upload.text
    page = await web.get(f"/console/import/jobs/{job.group(1)}")
    assert 'data-status="done"' in page.text
    return page.text


async def test_the_import_page_names_each_changed_sku_in_both_languages(web: httpx.AsyncClient, tenant) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    english = await _report(web, "en")
    assert 'data-change-row="9" data-code="sku_repeated"' in english
    assert "<code>LK-ABUS</code>" in english and "<code>LK-ABUS-2</code>" in english
    assert "is also on abus-varedo-47 (row 6)" in english and "SKU in Shoal" in english
    chinese = await _report(web, "zh-CN")
    assert "已用于 abus-varedo-47（第 6 行）" in chinese and "导入后的 SKU" in chinese
