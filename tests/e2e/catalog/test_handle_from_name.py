"""A name with no letter or digit makes no handle: the handle must be sent (422 handle_required, not a 500).

Found by the OpenAPI fuzz test: ``{"name": "!"}`` made an empty handle and an empty SKU, and creating the
product failed inside the service. Products, categories and brands share ``building.handle_for``.
"""

from __future__ import annotations

import pytest

BODIES = {
    "/api/v1/admin/products": {"price": 100},
    "/api/v1/admin/categories": {},
    "/api/v1/admin/brands": {},
}


@pytest.mark.parametrize("path", list(BODIES))
async def test_a_name_without_letters_or_digits_needs_a_handle(client, admin, path: str) -> None:
    refused = await client.post(path, json={**BODIES[path], "name": "★ !"}, headers=admin)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [("handle", "handle_required")]

    created = await client.post(path, json={**BODIES[path], "name": "★ !", "handle": "star"}, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["handle"] == "star"
    named = await client.post(path, json={**BODIES[path], "name": "西湖 ★"}, headers=admin)
    assert named.status_code == 201, named.text
    assert named.json()["handle"] == "西湖"
