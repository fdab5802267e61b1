"""Base classes for API schemas. Input models reject unknown fields: no mass assignment."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from shoal.core.money import MAX_AMOUNT

Fen = Annotated[int, Field(ge=0, le=MAX_AMOUNT, description="Amount in minor units (fen).")]


class Input(BaseModel):
    """A request body: unknown fields are an error (422), never silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)
