"""The shopper's coupon choice at checkout, as pure functions over what the services return.

Checkout reads ``coupon_ids`` three ways: ``None`` takes the best combination of the coupons held, ``[]`` uses
none, a list uses only those (the engine still says why one of them may not apply). The page must send one of
these exactly as the shopper saw it priced, so the form carries a marker: with the marker the checked boxes are
the choice (none checked: ``[]``); without it (the first view of the cart) the choice is ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from shoal.core.i18n import pick

CHOICE_FIELD = "coupon_choice"
COUPON_FIELD = "coupon"
MAX_COUPONS = 10  # checkout accepts at most this many coupon ids
USABLE = "available"


class MultiValues(Protocol):
    """Form data or query parameters (Starlette's multi-dicts): a name may repeat."""

    def getlist(self, key: str) -> list[Any]: ...

    def __contains__(self, key: object) -> bool: ...


@dataclass(frozen=True, slots=True)
class CouponOption:
    """One usable coupon in the chooser: whether it is ticked, whether pricing applied it, and why (not)."""

    id: str
    name: str
    chosen: bool
    applied: bool
    message: str
    discount: int


@dataclass(frozen=True, slots=True)
class Outcome:
    """One line of the price explanation: a promotion or coupon, applied or not, and the engine's reason."""

    source: str
    name: str
    applied: bool
    message: str
    discount: int


def chosen_coupons(values: MultiValues) -> list[str] | None:
    """The coupon ids a submitted form (or query) chose; ``None`` when it offered no choice (take the best)."""
    if CHOICE_FIELD not in values:
        return None
    ids = [str(v) for v in values.getlist(COUPON_FIELD) if str(v).strip()]
    return list(dict.fromkeys(ids))[:MAX_COUPONS]


def coupon_options(
    mine: Iterable[Any], explanation: Iterable[Any], choice: list[str] | None, locale: str
) -> list[CouponOption]:
    """The shopper's usable coupons, ticked as priced: the choice, or (no choice yet) those the best applied.

    ``explanation``: checkout's rule outcomes, their messages already in the shopper's language."""
    by_coupon = {e.coupon_id: e for e in explanation if e.coupon_id}
    options = []
    for coupon in mine:
        if coupon.status != USABLE:
            continue
        outcome = by_coupon.get(coupon.id)
        applied = bool(outcome and outcome.applied)
        options.append(
            CouponOption(
                id=coupon.id,
                name=pick(coupon.name, locale),
                chosen=applied if choice is None else coupon.id in choice,
                applied=applied,
                message=outcome.message if outcome else "",
                discount=outcome.discount if outcome and outcome.applied else 0,
            )
        )
    return options


def outcomes(explanation: Iterable[Any], names: Mapping[str, Mapping[str, str]], locale: str) -> list[Outcome]:
    """The explanation in the shopper's language, applied first; ``names`` maps a coupon or promotion id to its
    name (a coupon is named by its coupon id, a promotion by its rule id)."""
    rows = [
        Outcome(
            source=e.source,
            name=pick(dict(names.get(e.coupon_id or e.rule_id) or {}), locale),
            applied=e.applied,
            message=e.message,
            discount=e.discount,
        )
        for e in explanation
    ]
    return sorted(rows, key=lambda row: not row.applied)
