"""Query building shared by the admin list and the storefront list: filters, and a keyset cursor that
follows the chosen sort (the cursor carries the sort key and the id of the last row shown)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import selectinload

from shoal.catalog import search
from shoal.catalog.models import Product, ProductCategory, Variant
from shoal.core.pagination import InvalidCursor, decode_cursor, encode_cursor

_SORT_COLUMNS = {"created_at": Product.created_at, "name": Product.name, "price": Product.price_min}


def full_product_loads() -> list[Any]:
    """Everything a product detail shows, each collection in one batched query (never N+1)."""
    return [
        selectinload(Product.options),
        selectinload(Product.images),
        selectinload(Product.variants).selectinload(Variant.channel_prices),
        selectinload(Product.category_links),
    ]


def filtered(
    tenant_id: str,
    *,
    status: str | None = None,
    category_id: str | None = None,
    q: str | None = None,
) -> Select[tuple[Product]]:
    query = select(Product).where(Product.tenant_id == tenant_id)
    if status:
        query = query.where(Product.status == status)
    if category_id:
        in_category = select(ProductCategory.product_id).where(
            ProductCategory.tenant_id == tenant_id, ProductCategory.category_id == category_id
        )
        query = query.where(Product.id.in_(in_category))
    for pattern in search.like_patterns(q or ""):
        query = query.where(Product.search_text.like(pattern, escape="\\"))
    return query


def paged(query: Select[tuple[Product]], *, sort: str, cursor: str | None, limit: int) -> Select[tuple[Product]]:
    """Order by the sort key then id, start after the cursor, and fetch one extra row to know if more follow."""
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    column = _SORT_COLUMNS[key]
    after = decode_cursor(cursor)
    if after is not None:
        value, last_id = _cursor_values(key, after)
        if descending:
            query = query.where(or_(column < value, and_(column == value, Product.id < last_id)))
        else:
            query = query.where(or_(column > value, and_(column == value, Product.id > last_id)))
    order = (column.desc(), Product.id.desc()) if descending else (column.asc(), Product.id.asc())
    return query.order_by(*order).limit(limit + 1)


def next_cursor(rows: list[Product], *, sort: str, limit: int) -> str | None:
    if len(rows) <= limit:
        return None
    last = rows[limit - 1]
    key = sort.lstrip("-")
    value: Any = getattr(last, "price_min" if key == "price" else key)
    return encode_cursor([value.isoformat() if isinstance(value, datetime) else value, last.id])


def _cursor_values(key: str, after: list[Any]) -> tuple[Any, str]:
    if len(after) != 2 or not isinstance(after[1], str):
        raise InvalidCursor()
    value = after[0]
    try:
        if key == "created_at":
            return datetime.fromisoformat(value), after[1]
        if key == "price" and isinstance(value, int) and not isinstance(value, bool):
            return value, after[1]
        if key == "name" and isinstance(value, str):
            return value, after[1]
    except (TypeError, ValueError) as exc:
        raise InvalidCursor() from exc
    raise InvalidCursor()
