"""Money is an integer count of minor units (fen) in one currency. No floats, ever.

Rounding is half-up on the minor unit (the convention of Chinese retail receipts), stated here once.
Allocation uses the largest-remainder method, so the parts always sum to the whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MINOR_UNITS = {"CNY": 2, "USD": 2, "EUR": 2, "HKD": 2, "JPY": 0, "GBP": 2}

# The largest amount Shoal takes anywhere, in minor units: ¥1,000,000,000. A price, fee, budget or refund
# above it is refused at the API, and so is an order whose total would pass it. Amounts are stored in 64-bit
# columns, so even this maximum times the largest quantity any API accepts stays far below 2**63.
MAX_AMOUNT = 10**11


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were combined."""


@dataclass(frozen=True, slots=True)
class Money:
    amount: int
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise TypeError("money amounts are integer minor units")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def times(self, quantity: int) -> Money:
        return Money(self.amount * quantity, self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency}")


def percent_of(amount: int, basis_points: int) -> int:
    """``amount`` × ``basis_points`` / 10 000, rounded half-up to the minor unit."""
    return int((Decimal(amount) * basis_points / 10_000).to_integral_value(ROUND_HALF_UP))


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` so that the parts sum exactly to ``total``.

    Largest remainder: every part gets its floor, then the leftover units go one each to the parts
    with the largest remainders (ties broken by position, so the result is deterministic).
    Zero weights get zero unless every weight is zero, in which case the split is even.
    """
    if not weights:
        if total:
            raise ValueError("cannot allocate a non-zero total over no parts")
        return []
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    sign = -1 if total < 0 else 1
    remaining = abs(total)
    basis = weights if sum(weights) else [1] * len(weights)
    whole = sum(basis)
    floors = [remaining * w // whole for w in basis]
    remainders = [remaining * w % whole for w in basis]
    leftover = remaining - sum(floors)
    order = sorted(range(len(basis)), key=lambda i: (-remainders[i], i))
    for i in order[:leftover]:
        floors[i] += 1
    return [sign * part for part in floors]


def parse_decimal_amount(text: str, currency: str = "CNY") -> int:
    """Parse a decimal string such as ``"19.90"`` into minor units, refusing sub-unit precision."""
    digits = MINOR_UNITS.get(currency, 2)
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError) as exc:
        raise ValueError(f"not an amount: {text!r}") from exc
    scaled = value.scaleb(digits)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{text!r} has more than {digits} decimal places")
    return int(scaled)


def format_amount(amount: int, currency: str = "CNY") -> str:
    """Render minor units as a decimal string (``1990`` → ``"19.90"``)."""
    digits = MINOR_UNITS.get(currency, 2)
    return str(Decimal(amount).scaleb(-digits).quantize(Decimal(1).scaleb(-digits)))
