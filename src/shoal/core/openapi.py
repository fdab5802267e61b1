"""The OpenAPI document tells the truth about errors: every 4xx is ``application/problem+json``.

FastAPI documents only the success response and its own ``422`` (as ``application/json`` with its
``HTTPValidationError`` shape), while every error Shoal sends is an RFC 9457 problem with a stable
``code`` (``core.http``). ``PROBLEM_RESPONSES`` is given to the app once, so every operation declares the
``4XX`` range as a ``Problem``, and ``install_problem_schema`` adds that schema to the document's
components. A route that can answer a specific error worth naming (``409`` on checkout, ``503`` when a
provider is down) declares it with ``problem(...)``, so generated clients and the fuzz test see it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

from shoal.core.http import PROBLEM_JSON

PROBLEM_REF = "#/components/schemas/Problem"


class FieldProblem(BaseModel):
    """One invalid field of a ``validation_failed`` problem."""

    field: str = Field(description="Dotted path of the field, e.g. `lines.0.quantity`.")
    code: str = Field(description="Stable reason, e.g. `missing`, `string_too_long`, `not_nullable`.")
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem. Clients switch on ``code``; parameters of the message come as extra members."""

    model_config = ConfigDict(extra="allow", title="Problem")

    type: str = Field(description="A URI naming the kind of problem.")
    title: str = Field(description="What went wrong, in the request's language (zh-CN or en).")
    status: int = Field(ge=400, le=599, description="The HTTP status code.")
    detail: str
    code: str = Field(description="Stable machine-readable code, e.g. `out_of_stock`, `not_found`.")
    instance: str | None = Field(default=None, description="The request path.")
    errors: list[FieldProblem] | None = Field(default=None, description="Field problems (`validation_failed`).")


def problem(description: str) -> dict[str, Any]:
    """One documented error response whose body is a ``Problem``."""
    return {"description": description, "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}}}


CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"description": "A CSV file (UTF-8).", "content": {"text/csv": {"schema": {"type": "string"}}}}
}
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": problem("The request was refused: a problem with a stable `code` says why and what to do.")
}


def install_problem_schema(app: FastAPI) -> None:
    """Add ``Problem`` (and ``FieldProblem``) to the components the ``4XX`` responses refer to."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(problem_schema.pop("$defs", {}))
            schemas["Problem"] = problem_schema
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]
