"""Console shipping templates over HTTP on both databases: create one in yuan and kilograms (stored in fen and
grams), edit it back, refuse a bad fee inline with nothing written, and delete it."""

from __future__ import annotations

import httpx

from shoal.checkout import service_shipping
from tests.e2e.web.conftest import sign_in

HX = {"HX-Request": "true", "Accept-Language": "en"}
FORM = {"name": "江浙沪", "mode": "by_weight", "regions": ["上海市", "浙江省"], "first_units": "1",
        "first_fee": "6.00", "additional_units": "0.5", "additional_fee": "1.50", "free_over": "88",
        "priority": "10", "active": "on"}  # fmt: skip


async def test_an_owner_creates_edits_and_deletes_a_template(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    empty = await web.get("/console/settings/shipping")
    assert empty.status_code == 200 and 'id="no-templates"' in empty.text
    assert 'href="/console/settings/shipping"' in empty.text  # the Settings section of the menu
    assert (await web.get("/console/settings/shipping/new")).status_code == 200

    created = await web.post("/console/settings/shipping", data=FORM, headers=HX)
    assert created.headers.get("hx-redirect") == "/console/settings/shipping", created.text
    [stored] = await service_shipping.list_templates(uow_factory())
    assert (stored.regions, stored.first_units, stored.first_fee) == (["上海市", "浙江省"], 1000, 600)
    assert (stored.additional_units, stored.additional_fee, stored.free_over) == (500, 150, 8800)
    listed = await web.get("/console/settings/shipping")
    assert "江浙沪" in listed.text and "上海市、浙江省" in listed.text and "¥88.00" in listed.text

    edit = await web.get(f"/console/settings/shipping/{stored.id}")
    assert 'value="6.00"' in edit.text and 'value="0.5"' in edit.text and 'value="上海市" checked' in edit.text
    changed = FORM | {"mode": "per_piece", "first_units": "1", "additional_units": "1", "regions": [], "free_over": ""}
    saved = await web.post(f"/console/settings/shipping/{stored.id}", data=changed, headers=HX)
    assert saved.status_code == 204, saved.text
    again = await service_shipping.get_template(uow_factory(), template_id=stored.id)
    assert (again.mode, again.regions, again.first_units, again.free_over) == ("per_piece", ["*"], 1, None)

    gone = await web.post(f"/console/settings/shipping/{stored.id}/delete", headers=HX)
    assert gone.status_code == 204 and await service_shipping.list_templates(uow_factory()) == []


async def test_a_bad_fee_is_shown_inline_and_nothing_is_saved(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    refused = await web.post("/console/settings/shipping", data=FORM | {"first_fee": "six", "name": ""}, headers=HX)
    assert refused.status_code == 422
    assert 'data-error-for="first_fee"' in refused.text and 'data-error-for="name"' in refused.text
    assert 'value="上海市" checked' in refused.text  # what was typed comes back
    assert await service_shipping.list_templates(uow_factory()) == []
    assert (await web.get("/console/settings/shipping/nope")).status_code == 404
