"""Pure rules of bargains: the plan of cuts, drawn once when a bargain starts, and where a bargain stands.

A bargain's cuts are planned up front so that no crowd of helpers can overshoot the floor: the plan has one
slice per helper needed, every slice at least 1 fen, and the slices sum exactly to start − floor. A helper's cut
is the next slice (a new shopper's, where the activity says so, the next two), so the floor is reached exactly at
the last slice and never crossed.
"""

from __future__ import annotations

import random

from shoal.core.money import allocate

DRAFT, PUBLISHED, ENDED = "draft", "published", "ended"
BARGAINING, ORDERED, EXPIRED = "bargaining", "ordered", "expired"
WEIGHT_SPREAD = 100  # slices' random weights run 1..WEIGHT_SPREAD: the largest is at most ~100× the smallest


def plan_cuts(*, start_price: int, floor_price: int, helpers: int, seed: int, first_cut_percent: int = 0) -> list[int]:
    """``helpers`` positive slices summing to ``start_price - floor_price``, random but fixed by ``seed``.

    Each slice is 1 fen plus a share of the rest by random weights (largest remainder, so the sum is exact). A
    ``first_cut_percent`` makes the first slice at least that share of the whole (a big first cut encourages
    sharing), leaving 1 fen for every other slice.
    """
    total = start_price - floor_price
    if helpers < 1 or total < helpers:
        raise ValueError("every helper's cut must be at least 1 fen: start − floor must be at least the helpers")
    if helpers == 1:
        return [total]
    rng = random.Random(seed)
    first = max(1, min(total * first_cut_percent // 100, total - (helpers - 1))) if first_cut_percent else 0
    rest_count = helpers - 1 if first else helpers
    spare = total - first - rest_count
    shares = allocate(spare, [rng.randint(1, WEIGHT_SPREAD) for _ in range(rest_count)]) if rest_count else []
    rest = [1 + share for share in shares]
    return ([first] if first else []) + rest


def cut_amount(plan: list[int], *, before: int, after: int) -> int:
    """What a cut that took the slices ``before`` up to ``after`` (the bargain's count of slices) takes off."""
    return sum(plan[before:after])


def price_after(start_price: int, plan: list[int], slices: int) -> int:
    """The price once ``slices`` slices are cut: the floor exactly when every slice is."""
    return start_price - sum(plan[:slices])


def slices_for(*, new_shopper: bool, new_shopper_counts_double: bool) -> int:
    """How many slices one helper's cut takes: two for a new shopper where the activity says so."""
    return 2 if new_shopper and new_shopper_counts_double else 1
