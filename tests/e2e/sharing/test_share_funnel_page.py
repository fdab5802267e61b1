"""The console's 分享转化 page: the share funnel of the admin API per sharer, with its chart's figures in data
attributes (drawn by static/share_funnel.js), filtered by a campaign chosen by name (or a whole kind), in the
operator's language; a signed-out visitor is sent to sign in and another shop's owner sees none of it."""

from __future__ import annotations

import re

from tests.conftest import new_tenant, staff_headers
from tests.e2e.checkout.conftest import shopper_headers
from tests.e2e.sharing.test_share_links_api import _buy_and_pay, _live_sale, _share
from tests.e2e.web.conftest import sign_in

PAGE = "/console/reports/share-funnel"


def _totals(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-step="([a-z_]+)">([^<]+)<', html))


async def test_the_funnel_page_shows_each_sharer_and_filters_by_campaign(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    assert (await client.get(PAGE)).headers["location"].startswith("/console/login")
    staff = await staff_headers(client, tenant)
    sale_id, hot = await _live_sale(client, db, uow_factory, tenant, staff)
    alice = await shopper_headers(client, tenant.slug, "alice@example.com")
    friend = await shopper_headers(client, tenant.slug, "friend@example.com")
    link = await _share(client, alice, "flash_sale", sale_id)
    assert (await client.get(f"/s/{link['token']}", headers=friend)).status_code == 302
    await _buy_and_pay(client, db, sale_id, hot, friend, staff)

    await sign_in(client, tenant.slug, tenant.owner_email, tenant.owner_password)
    page = await client.get(PAGE, params={"campaign": f"flash_sale:{sale_id}"}, headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200 and "分享转化" in page.text
    totals = _totals(page.text)
    assert (totals["shares"], totals["visits"], totals["orders"], totals["paid_orders"]) == ("1", "1", "1", "1")
    assert totals["paid_gmv"] == "¥9.90"
    assert "data-counts='[1,1,0,0,0,1,1]'" in page.text and 'id="funnel-chart"' in page.text
    assert page.text.count("data-sharer=") == 1 and f'<option value="flash_sale:{sale_id}" selected>' in page.text
    assert "<optgroup" in page.text  # campaigns are chosen by name, grouped by kind
    other_campaign = await client.get(PAGE, params={"campaign": "bargain"})
    assert _totals(other_campaign.text)["shares"] == "0" and "data-sharer=" not in other_campaign.text
    assert 'href="/console/reports/share-funnel"' in page.text  # in the console's menu


async def test_another_shops_owner_sees_none_of_it(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    sale_id, _hot = await _live_sale(client, db, uow_factory, tenant, staff)
    await _share(client, await shopper_headers(client, tenant.slug, "alice@example.com"), "flash_sale", sale_id)
    other = await new_tenant(db, "other")
    await sign_in(client, other.tenant.slug, other.owner_email, other.owner_password)
    seen = await client.get(PAGE, params={"campaign": f"flash_sale:{sale_id}"})
    assert seen.status_code == 200 and _totals(seen.text)["shares"] == "0" and "data-sharer=" not in seen.text
