"""Console and storefront pages carry a Content-Security-Policy without inline script, no page may be framed,
nothing is sniffed; uploads are sandboxed; and a picture address that is not safe never reaches a page."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import update

from shoal.aftersales.models import AfterSale
from tests.e2e.web.conftest import sign_in
from tests.stand_ins import stand_in_for_catalog

UPLOAD = "0192f0c0-0000-7000-8000-0000000000aa.png"


def _directive(policy: str, name: str) -> str:
    return next(part.strip() for part in policy.split(";") if part.strip().startswith(name + " "))


async def test_pages_have_a_policy_without_inline_script_and_cannot_be_framed(web: httpx.AsyncClient, tenant) -> None:  # type: ignore[no-untyped-def]
    for path in ("/console/login", f"/shop/{tenant.slug}", f"/shop/{tenant.slug}/login"):
        page = await web.get(path)
        assert page.status_code == 200, path
        policy = page.headers["content-security-policy"]
        assert _directive(policy, "script-src") == "script-src 'self'", path
        assert "'none'" in _directive(policy, "frame-ancestors") and page.headers["x-frame-options"] == "DENY"
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["referrer-policy"] == "same-origin"
    api = await web.get("/healthz")
    assert api.headers["x-content-type-options"] == "nosniff" and "content-security-policy" not in api.headers


async def test_an_upload_opened_on_its_own_is_sandboxed(web: httpx.AsyncClient, tmp_path: Path) -> None:
    (tmp_path / "media").mkdir(exist_ok=True)
    (tmp_path / "media" / UPLOAD).write_bytes(b"\x89PNG\r\n\x1a\n")
    picture = await web.get(f"/media/{UPLOAD}")
    assert picture.status_code == 200
    assert "sandbox" in picture.headers["content-security-policy"]
    assert picture.headers["x-content-type-options"] == "nosniff"


async def test_stored_photos_that_are_not_uploads_of_this_site_are_not_shown(
    web: httpx.AsyncClient, tenant, uow_factory, clock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Photos stored before addresses were checked: the console shows only this site's uploads."""
    stand_in_for_catalog(monkeypatch)  # the after-sales helpers sell made-up variants
    from shoal.aftersales import service as aftersales
    from shoal.aftersales.schemas import AfterSaleCreate
    from tests.integration.aftersales.conftest import CUP, make_paid, shopper

    buyer = "0192f0c0-0000-7000-8000-00000000beaf"
    paid = await make_paid(uow_factory, tenant, clock, buyer)
    own = f"/media/{tenant.id}/after-sales/{UPLOAD}"
    data = AfterSaleCreate(
        kind="refund_only", reason_code="damaged", lines=[{"order_line_id": paid.line(CUP), "quantity": 1}]
    )
    case = await aftersales.request_after_sale(shopper(uow_factory, buyer), order_id=paid.order.id, data=data)
    stored = ["javascript:alert(document.cookie)", "https://tracker.example/pixel.png", "//tracker.example/p", own]
    async with uow_factory() as uow:
        await uow.s.execute(update(AfterSale).where(AfterSale.id == case.id).values(photos=stored))
        await uow.commit()
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    listed = (await web.get("/console/after-sales")).text
    assert "javascript:" not in listed and "tracker.example" not in listed
    assert f'src="{own}"' in listed
