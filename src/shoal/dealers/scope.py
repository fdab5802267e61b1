"""The one place that keeps each dealer to its own part, as tenancy keeps each shop to its own.

A dealer token's actor carries its dealer (``Actor.dealer_id``, from the signed token, checked live by the
session guard). Every dealer-owned table has ``dealer_id``; every read and write a dealer makes goes through
``owned`` (a filter) or ``load`` (one row, 404 otherwise), so another dealer's prices, orders and customers
answer exactly as if they did not exist. The brand's staff see every dealer of their tenant, except staff tied
to a store (a clerk): a store sits below the brand beside the dealers, so the dealer network (accounts, credit,
orders, rebates) is none of its business and answers as if it did not exist, as another store's orders do.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, false, select, true

from shoal.core.errors import Forbidden
from shoal.core.uow import UnitOfWork
from shoal.customers.store_scope import store_of

Row = TypeVar("Row")


def dealer_of(uow: UnitOfWork) -> str:
    """The acting dealer; ``Forbidden`` for any actor that is not a dealer's staff."""
    if uow.actor.kind != "dealer" or not uow.actor.dealer_id:
        raise Forbidden(permission="dealer")
    return uow.actor.dealer_id


def visible(uow: UnitOfWork, model: Any, dealer_column: Any = None) -> ColumnElement[bool]:
    """The tenant's rows of ``model`` the actor may see: a dealer's own only, a store's staff none, other staff
    all of them. ``dealer_column`` names the dealer (``dealer_id`` unless given: the dealers table's ``id``)."""
    clause = model.tenant_id == uow.tenant_id
    if uow.actor.kind == "dealer":
        return clause & ((model.dealer_id if dealer_column is None else dealer_column) == dealer_of(uow))
    if store_of(uow.actor) is not None:
        return false()
    return clause & true()


def owned(uow: UnitOfWork, model: type[Row]) -> Select[tuple[Row]]:
    return select(model).where(visible(uow, model))


async def load(uow: UnitOfWork, model: type[Row], row_id: str, not_found: Exception) -> Row:
    """One visible row by id, read afresh; ``not_found`` for none, another tenant's or another dealer's."""
    row = (
        await uow.s.execute(
            owned(uow, model).where(model.id == row_id).execution_options(populate_existing=True)  # type: ignore[attr-defined]
        )
    ).scalar_one_or_none()
    if row is None:
        raise not_found
    return row
