"""The OpenAPI document says what the API really answers: errors as problem+json, CSV as CSV.

Before, every operation documented only its success and FastAPI's ``422`` as ``application/json``
(``HTTPValidationError``), while the API answers every error as ``application/problem+json``: generated
clients and the fuzz test (``test_openapi_fuzz``) were told a shape that never comes.
"""

from __future__ import annotations

from tests.e2e.core.document import openapi_document

DOCUMENT = openapi_document()
OPERATIONS = [
    (method.upper(), path, operation)
    for path, item in DOCUMENT["paths"].items()
    if path.startswith("/api/v1/")
    for method, operation in item.items()
]


def test_every_api_operation_documents_its_errors_as_problems() -> None:
    for method, path, operation in OPERATIONS:
        errors = {code: answer for code, answer in operation["responses"].items() if code[0] in "45"}
        assert "4XX" in errors, f"{method} {path} does not document its errors"
        for code, answer in errors.items():
            assert set(answer["content"]) == {"application/problem+json"}, f"{method} {path} {code}"
            assert answer["content"]["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}


def test_the_problem_schema_is_in_the_components_and_fastapis_shape_is_gone() -> None:
    schemas = DOCUMENT["components"]["schemas"]
    assert {"type", "title", "status", "detail", "code"} <= set(schemas["Problem"]["required"])
    assert schemas["Problem"]["properties"]["errors"]["anyOf"][0]["items"] == {
        "$ref": "#/components/schemas/FieldProblem"
    }
    assert "HTTPValidationError" not in schemas


def test_csv_exports_document_csv() -> None:
    csv = [(m, p) for m, p, op in OPERATIONS if "text/csv" in op["responses"].get("200", {}).get("content", {})]
    assert sorted(csv) == [
        ("GET", "/api/v1/admin/exports/products.csv"),
        ("GET", "/api/v1/admin/orders/export.csv"),
        ("GET", "/api/v1/admin/shipments/bulk/template.csv"),
        ("POST", "/api/v1/admin/coupons/{template_id}/codes"),
    ]
