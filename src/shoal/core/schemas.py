"""Base classes for API schemas. Input models reject unknown fields: no mass assignment.

One rule for ``null`` across the API: a field accepts ``null`` only when its type says so (``X | None``).
A partial update (PATCH) declares the fields it may leave out with a ``None`` default and their real type,
``name: Name = None``: left out, the field keeps its value (``model_dump(exclude_unset=True)``); sent as
``null``, it is a 422 whose field error has the stable code ``not_nullable`` and names the field (see
``field_error_code``). Only the fields typed ``X | None`` (a brand, a barcode, a store) are cleared by ``null``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from shoal.core.money import MAX_AMOUNT

NOT_NULLABLE = "not_nullable"
Fen = Annotated[int, Field(ge=0, le=MAX_AMOUNT, description="Amount in minor units (fen).")]
PositiveFen = Annotated[int, Field(gt=0, le=MAX_AMOUNT, description="Amount in minor units (fen), above zero.")]


class Input(BaseModel):
    """A request body: unknown fields are an error (422), never silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


def field_error_code(error: Mapping[str, Any]) -> str:
    """The stable code of one pydantic error about a field. A ``null`` the field's type refuses is
    ``not_nullable`` whatever the type (pydantic says ``string_type``, ``int_type``, ``dict_type``...), so
    clients learn one code for "this field cannot be cleared"."""
    if error.get("input", ...) is None and error.get("type") != "missing":
        return NOT_NULLABLE
    return str(error.get("type", "invalid"))
