"""Bodies of categories (a tree) and brands."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field, field_validator

from shoal.catalog.schemas import Locale, Name, TextTranslation, handle_ok
from shoal.core.media import ImageUrl
from shoal.core.schemas import Input, Output


class CategoryCreate(Input):
    handle: str | None = Field(default=None, description="URL slug, unique per shop; made from the name if absent.")
    name: Name
    translations: dict[Locale, TextTranslation] = Field(default_factory=dict)
    parent_id: str | None = None
    position: int = Field(default=0, ge=0, le=10_000)

    _check_handle = field_validator("handle")(handle_ok)


class CategoryUpdate(Input):
    """Partial; ``"parent_id": null`` moves the category to the top level (the only field ``null`` clears)."""

    handle: str = None
    name: Name = None
    translations: dict[Locale, TextTranslation] = None
    parent_id: str | None = None
    position: int = Field(default=None, ge=0, le=10_000)

    _check_handle = field_validator("handle")(handle_ok)


class CategoryRead(Output):
    id: str
    handle: str
    name: str
    translations: dict[str, Any]
    parent_id: str | None
    position: int
    created_at: datetime


class CategoryNode(Output):
    """One category of the tree, named in the reader's locale, with its subcategories."""

    id: str
    handle: str
    name: str
    parent_id: str | None
    position: int
    children: list[CategoryNode] = Field(default_factory=list)


class BrandCreate(Input):
    handle: str | None = None
    name: Name
    translations: dict[Locale, TextTranslation] = Field(default_factory=dict)
    logo_url: ImageUrl | None = None

    _check_handle = field_validator("handle")(handle_ok)


class BrandUpdate(Input):
    """Partial; ``"logo_url": null`` takes the logo away (the only field ``null`` clears)."""

    handle: str = None
    name: Name = None
    translations: dict[Locale, TextTranslation] = None
    logo_url: ImageUrl | None = None

    _check_handle = field_validator("handle")(handle_ok)


class BrandRead(Output):
    id: str
    handle: str
    name: str
    translations: dict[str, Any]
    logo_url: str | None
    created_at: datetime
