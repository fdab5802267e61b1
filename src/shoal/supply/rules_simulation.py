"""An inventory simulation over a demand history, so a reorder policy's value is measured, not claimed. Pure.

Lost sales with a review every period: at the start of period ``t`` the orders due land; demand is served from
what is on hand and what cannot be served is lost (a shopper who finds nothing buys elsewhere); then the stock
position (on hand + on order) is checked against that period's levels and, at or below the reorder point, an
order up to the order-up-to level is placed, landing at the start of ``t + lead + 1``. That timing is the one
``rules_replenishment.levels`` plans for: ``lead`` periods of demand pass before the order can be sold.

Fill rate is units served over units demanded; average stock is what is left on the shelf at the end of each
period, averaged: the two numbers a buyer trades against each other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from shoal.supply.rules_replenishment import Levels, order_quantity


@dataclass(frozen=True, slots=True)
class Outcome:
    demand: int
    served: int
    stock_sum: int
    periods: int
    orders: int
    stockouts: int

    @property
    def fill_rate(self) -> float:
        return self.served / self.demand if self.demand else 1.0

    @property
    def average_stock(self) -> float:
        return self.stock_sum / self.periods if self.periods else 0.0

    def __add__(self, other: Outcome) -> Outcome:
        """Several series together: demand and service summed, average stock summed (the stock held in all)."""
        periods = max(self.periods, other.periods)
        stock = self.average_stock + other.average_stock
        return Outcome(
            self.demand + other.demand, self.served + other.served, round(stock * periods), periods,
            self.orders + other.orders, self.stockouts + other.stockouts,
        )  # fmt: skip


NOTHING = Outcome(0, 0, 0, 0, 0, 0)


def simulate(demand: Sequence[int], targets: Sequence[Levels], lead: int) -> Outcome:
    """Play ``demand`` period by period against ``targets`` (one per period), starting at the first period's
    order-up-to level with nothing on order."""
    if len(targets) != len(demand):
        raise ValueError("one target per period")
    if not demand:
        return NOTHING
    on_hand = targets[0].order_up_to
    arriving: dict[int, int] = {}
    served_total = stock_sum = orders = stockouts = 0
    for t, wanted in enumerate(demand):
        on_hand += arriving.pop(t, 0)
        served = min(on_hand, wanted)
        on_hand -= served
        served_total += served
        stockouts += served < wanted
        stock_sum += on_hand
        quantity = order_quantity(on_hand + sum(arriving.values()), targets[t])
        if quantity:
            arriving[t + lead + 1] = arriving.get(t + lead + 1, 0) + quantity
            orders += 1
    return Outcome(sum(demand), served_total, stock_sum, len(demand), orders, stockouts)


def min_max(history: Sequence[float], lead: int, buffer: float, review: float = 1.0) -> Levels:
    """The fixed rule to beat: reorder at ``lead + buffer`` periods of average past demand, order up to ``lead +
    buffer + review`` periods of it; the buffer is a fixed number of periods, blind to how erratic demand is."""
    mean = sum(history) / len(history) if history else 0.0
    low = math.ceil(mean * (lead + buffer))
    return Levels(low, math.ceil(mean * (lead + buffer + review)), math.ceil(mean * buffer))


def units(quantity: float) -> int:
    """Demand as whole units; a negative figure (returns netted into sales) is no demand."""
    return max(round(quantity), 0)
