"""A customer's profile (what operators segment by) and the conditions of a segment: set with the rules the
fields keep (a known region, the birthday's month and day for the birthday job, consent's time), searched on
either database."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import cast, func, select
from sqlalchemy.dialects.postgresql import JSONB

from shoal.core.uow import UnitOfWork
from shoal.customers import regions, rules
from shoal.customers.errors import UnknownRegion
from shoal.customers.models import Customer
from shoal.customers.schemas import CustomerSearch, ProfileFields


def set_profile(uow: UnitOfWork, customer: Customer, data: ProfileFields) -> dict[str, Any]:
    """Apply the profile fields sent (``null`` clears); the changes, for the audit. A region must be one of the
    national divisions; the birthday's month and day are kept for the birthday job; consent records its time."""
    changes = data.model_dump(include=set(ProfileFields.model_fields), exclude_unset=True)
    if changes.get("region_code"):
        changes["region_code"] = rules.region_prefix(changes["region_code"])  # 440000 is 44, as the divisions say
        if not regions.is_known(changes["region_code"]):
            raise UnknownRegion(field="region_code", name=data.region_code)
    if "birthday" in changes:
        changes["birth_month_day"] = rules.month_day(changes["birthday"]) if changes["birthday"] else None
    if changes.get("marketing_consent") is not None and changes["marketing_consent"] != customer.marketing_consent:
        changes["marketing_consent_at"] = uow.clock.now()
    for field, value in changes.items():
        setattr(customer, field, value)
    return {field: value.isoformat() if isinstance(value, date) else value for field, value in changes.items()}


def segment(uow: UnitOfWork, search: CustomerSearch | None) -> list[Any]:
    """The conditions of an operator's segment (none: everyone)."""
    if search is None:
        return []
    conditions: list[Any] = []
    if search.tag:
        conditions.append(has_tag(uow, search.tag))
    if search.gender:
        conditions.append(Customer.gender == search.gender)
    if search.region:
        conditions.append(Customer.region_code.like(rules.region_prefix(search.region) + "%"))
    if search.marketing_consent is not None:
        conditions.append(Customer.marketing_consent.is_(search.marketing_consent))
    return conditions


def has_tag(uow: UnitOfWork, tag: str) -> Any:
    """Whether the JSON list of tags holds ``tag``: ``@>`` on PostgreSQL, ``json_each`` on SQLite."""
    if uow.db.dialect == "postgresql":
        return cast(Customer.tags, JSONB).contains([tag])
    each = func.json_each(Customer.tags).table_valued("value")
    return select(each.c.value).where(each.c.value == tag).exists()
