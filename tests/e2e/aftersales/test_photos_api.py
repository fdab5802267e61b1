"""After-sales photos are uploads of the shop itself: any other address is a 422 ``photo_not_uploaded``.

Staff open a case's photos in the console, so a ``javascript:`` link or a picture on someone else's server
(fetched by every staff browser that shows the case) must never be stored.
"""

from __future__ import annotations

import pytest

from tests.e2e.aftersales.test_after_sales_api import _shopper
from tests.integration.aftersales.conftest import CUP, make_paid

UPLOAD = "0192f0c0-0000-7000-8000-0000000000aa.png"


@pytest.mark.parametrize(
    "photo",
    [
        "javascript:alert(document.cookie)",
        "data:image/png;base64,iVBORw0KGgo=",
        "https://tracker.example/pixel.png",
        "//tracker.example/pixel.png",
        "/media/after-sales/" + UPLOAD,  # not in the shop's own folder
        "/media/{other}/after-sales/" + UPLOAD,  # another shop's upload
        "/media/{tenant}/after-sales/../products/" + UPLOAD,
        "/media/{tenant}/products/" + UPLOAD,
    ],
)
async def test_a_photo_that_is_not_an_upload_of_this_shop_is_refused(
    client, uow_factory, tenant, clock, photo: str
) -> None:  # type: ignore[no-untyped-def]
    headers, customer_id = await _shopper(client, tenant)
    paid = await make_paid(uow_factory, tenant, clock, customer_id)
    body = {
        "kind": "refund_only",
        "reason_code": "damaged",
        "lines": [{"order_line_id": paid.line(CUP), "quantity": 1}],
        "photos": [photo.format(tenant=tenant.id, other="0192f0c0-0000-7000-8000-00000000dead")],
    }
    url = f"/api/v1/store/orders/{paid.order.id}/after-sales"
    refused = await client.post(url, headers=headers, json=body)
    assert refused.status_code == 422 and refused.json()["code"] == "photo_not_uploaded", refused.text
    assert (await client.get("/api/v1/store/after-sales", headers=headers)).json()["items"] == []
    own = await client.post(url, headers=headers, json={**body, "photos": [f"/media/{tenant.id}/after-sales/{UPLOAD}"]})
    assert own.status_code == 201, own.text
