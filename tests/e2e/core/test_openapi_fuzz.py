"""Schema-driven fuzzing of the store and admin APIs on PostgreSQL: no 5xx, and every answer is documented.

Schemathesis generates requests from the app's own OpenAPI document; each operation is one test. For
every response it checks: not a server error, a documented status code and content type, a body that
matches the documented schema, and that errors are ``application/problem+json`` with a stable ``code``.

Bounded and repeatable: generation is derandomized (the same cases on every run and machine) and each
operation gets ten examples, so the whole file stays within the suite's time budget (about a minute).
Half the time a path id names a seeded object (``fuzz_shop``), so requests get past the lookup. To dig
deeper locally, raise ``FUZZ_EXAMPLES``:
``FUZZ_EXAMPLES=200 pytest tests/e2e/core/test_openapi_fuzz.py -k "POST and products"``.

The app runs in-process on one event loop (an anyio portal) through httpx's ASGI transport, as the other
e2e tests do; PostgreSQL is required (skipped locally without it, a failure on CI).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from anyio.from_thread import BlockingPortal, start_blocking_portal
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from shoal.core.http import PROBLEM_JSON
from tests.e2e.core.document import openapi_document
from tests.e2e.core.fuzz_shop import BASE_URL, FuzzShop, open_fuzz_shop

pytestmark = pytest.mark.pg_only

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
# Operations that cannot be fuzzed meaningfully, each with the reason (they are covered by their own tests).
EXCLUDED = {
    "POST /api/v1/admin/imports/products": "a CSV file upload; the body is not in the document (tests/e2e/imports)",
    "POST /api/v1/admin/imports/jobs": "a CSV file upload; the body is not in the document (tests/e2e/imports)",
}


schema = (
    schemathesis.openapi.from_dict(
        openapi_document(),
        config=schemathesis.Config.from_dict(
            {
                "generation": {
                    "mode": "all",
                    "deterministic": True,
                    "database": "none",
                },
                "phases": {
                    "examples": {"enabled": False},
                    "coverage": {"enabled": False},
                    "stateful": {"enabled": False},
                },
            }
        ),
    )
    .include(path_regex=r"^/api/v1/(store|admin)/")
    .exclude(name=list(EXCLUDED))
)


def problem_json_errors(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx and 5xx is RFC 9457 problem+json with a stable ``code`` (clients switch on it)."""
    if response.status_code < 400:
        return None
    content_type = response.headers.get("content-type", [""])[0]
    assert content_type.startswith(PROBLEM_JSON), f"error answered as {content_type!r}, not problem+json"
    body = response.json()
    assert isinstance(body.get("code"), str) and body["code"], f"problem without a code: {body}"
    assert body.get("status") == response.status_code, f"problem status differs from the HTTP status: {body}"
    return True


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    problem_json_errors,
]


@pytest.fixture(scope="module")
def fuzz_shop(postgres_url: str) -> Iterator[tuple[BlockingPortal, FuzzShop]]:
    """One event loop for the whole module: the app, its connection pool and the seeded shop live on it."""
    with start_blocking_portal() as portal:
        shop = portal.call(open_fuzz_shop, postgres_url)
        try:
            yield portal, shop
        finally:
            portal.call(shop.close)


@schema.parametrize()
@schema.given(data=st.data())
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_operation_answers_as_documented(case: Any, data: st.DataObject, fuzz_shop: tuple[Any, FuzzShop]) -> None:
    portal, shop = fuzz_shop
    _aim_at_seeded_objects(case, data, shop.ids)
    kwargs = case.as_transport_kwargs(base_url=BASE_URL)
    signed_in = shop.staff if case.path.startswith("/api/v1/admin/") else shop.shopper
    kwargs["headers"] = {k: v for k, v in kwargs["headers"].items() if k.lower() not in _CREDENTIALS} | signed_in
    response = portal.call(_send, shop.client, kwargs)
    case.validate_response(response, checks=CHECKS)


_CREDENTIALS = {"authorization", "x-shoal-tenant"}


def _aim_at_seeded_objects(case: Any, data: st.DataObject, ids: dict[str, str]) -> None:
    """Half the time a path id names a real object, so the request gets past the lookup (a random id is 404)."""
    for name in case.path_parameters or {}:
        if name in ids and data.draw(st.booleans(), label=f"real {name}"):
            case.path_parameters[name] = ids[name]


async def _send(client: httpx.AsyncClient, kwargs: dict[str, Any]) -> httpx.Response:
    """Send schemathesis's request (built for ``requests``) through httpx."""
    body: dict[str, Any] = {}
    if "json" in kwargs:
        body["json"] = kwargs["json"]
    elif isinstance(kwargs.get("data"), bytes | str):
        body["content"] = kwargs["data"]
    elif kwargs.get("data") is not None:
        body["data"] = kwargs["data"]
    assert not kwargs.get("cookies"), "no operation takes cookies; send them through the client if one does"
    return await client.request(
        kwargs["method"], kwargs["url"], headers=kwargs.get("headers"), params=kwargs.get("params"), **body
    )
