"""Who did something, in words: the actor labels services record (``staff:<id>``, ``shopper:<id>``,
``system``) shown as a person's name on pages, never as an id.

The web layer composes this from the owners of the names (identity for staff, customers for shoppers), one
query each for a whole page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from shoal.core.context import RequestContext
from shoal.customers.service_names import customer_names
from shoal.identity.service_staff import staff_names


async def actor_names(ctx: RequestContext, labels: Iterable[str], gettext: Callable[[str], str]) -> dict[str, str]:
    """Each of ``labels`` -> the words a page shows for it."""
    parsed = {label: label.partition(":")[::2] for label in set(labels)}
    staff = await staff_names(ctx.uow(), ids={key for kind, key in parsed.values() if kind == "staff" and key})
    shoppers = await customer_names(ctx.uow(), ids={key for kind, key in parsed.values() if kind == "shopper" and key})
    return {label: _words(kind, key, staff, shoppers, gettext) for label, (kind, key) in parsed.items()}


def _words(kind: str, key: str, staff: dict[str, str], shoppers: dict[str, str], gettext: Callable[[str], str]) -> str:
    if kind == "staff":
        return staff.get(key) or gettext("Former staff member")
    if kind == "shopper":
        return shoppers.get(key) or gettext("Customer")
    if kind == "anonymous":
        return gettext("Visitor")
    return gettext("System")
