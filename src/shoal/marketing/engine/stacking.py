"""The search for the best combination, bounded.

1. Promotion plans. Stackable promotions are always in. Each ``best_of`` group contributes one rule; the engine
   tries every combination of choices while their product stays within ``MAX_PLANS`` and otherwise picks group
   by group (in key order) the choice that is best given the choices before it: a greedy pass of
   ``sum(len(group))`` evaluations instead of a product. Each ``exclusive`` promotion is one more plan, alone.
   The empty plan is there for coupons that do not combine with promotions.
2. Coupon sets. A coupon refused when priced alone on the undiscounted cart can never apply (benefits only
   shrink as other discounts shrink their bases), so it leaves the search at once; its standalone value is an
   upper bound of what it can add anywhere. Sets are: none, each coupon alone, and up to
   ``MAX_STACKED_COUPONS`` coupons that stack with coupons (one per template), at most ``MAX_COUPON_SETS``
   of them, the ones with the largest bounds first.
3. Branch and bound. Every (plan, set) pair gets a lower bound: the plan's own total minus the set's bounds.
   Pairs are evaluated in ascending bound order and the search stops as soon as a bound exceeds the best total
   found, or after ``MAX_EVALUATIONS`` evaluations (then the result says ``search_capped``).
Everything is sorted by stable keys before it is enumerated, so the same input always gives the same answer."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations, product

from shoal.marketing.engine.cart import CartSnapshot
from shoal.marketing.engine.evaluate import Contender, Evaluation, evaluate
from shoal.marketing.engine.offers import Mode

MAX_PLANS = 64
MAX_STACKED_COUPONS = 3
MAX_COUPON_SETS = 256
MAX_EVALUATIONS = 512


@dataclass(slots=True)
class SearchResult:
    best: Evaluation
    alone: dict[str, Evaluation]  # each coupon priced alone on the undiscounted cart
    evaluated: int
    capped: bool


def _sorted(members: tuple[Contender, ...] | list[Contender]) -> tuple[Contender, ...]:
    return tuple(sorted(members, key=lambda c: c.key))


class _Search:
    def __init__(self, cart: CartSnapshot) -> None:
        self.cart = cart
        self.evaluated = 0

    def run(self, members: tuple[Contender, ...]) -> Evaluation:
        self.evaluated += 1
        return evaluate(self.cart, _sorted(members))

    def plans(self, promotions: list[Contender]) -> list[tuple[Contender, ...]]:
        stackable = [p for p in promotions if p.mode is Mode.STACKABLE]
        groups: dict[str, list[Contender]] = {}
        for p in promotions:
            if p.mode is Mode.BEST_OF:
                groups.setdefault(p.group, []).append(p)
        choices = [groups[g] for g in sorted(groups)]
        size = 1
        for group in choices:
            size *= len(group)
        if size <= MAX_PLANS:
            bases = [_sorted([*stackable, *picked]) for picked in product(*choices)]
        else:
            picked: list[Contender] = []
            for group in choices:
                runs = [(self.run((*stackable, *picked, c)).rank, c.key, c) for c in group]
                picked.append(min(runs, key=lambda r: (r[0], r[1]))[2])
            bases = [_sorted([*stackable, *picked])]
        plans = bases + [(p,) for p in promotions if p.mode is Mode.EXCLUSIVE] + [()]
        unique: dict[tuple[str, ...], tuple[Contender, ...]] = {}
        for plan in plans:
            unique.setdefault(tuple(c.ref for c in plan), plan)
        return list(unique.values())

    def coupon_sets(self, usable: list[Contender], bound: dict[str, int]) -> list[tuple[Contender, ...]]:
        sets: list[tuple[Contender, ...]] = [(c,) for c in usable]
        stacking = [c for c in usable if c.stacks_with_coupons]
        for size in range(2, MAX_STACKED_COUPONS + 1):
            for combo in combinations(stacking, size):
                if len({c.rule_id for c in combo}) == size:
                    sets.append(combo)
        sets.sort(key=lambda s: (-sum(bound[c.ref] for c in s), tuple(c.key for c in s)))
        return sets[:MAX_COUPON_SETS]


def search(cart: CartSnapshot, promotions: list[Contender], coupons: list[Contender]) -> SearchResult:
    promotions = list(_sorted(promotions))
    coupons = list(_sorted(coupons))
    engine = _Search(cart)
    plans = engine.plans(promotions)
    plan_runs = [engine.run(plan) for plan in plans]
    alone = {c.ref: engine.run((c,)) for c in coupons}
    bound = {ref: sum(e.value for e in run.effects.values()) for ref, run in alone.items()}
    coupon_sets = engine.coupon_sets([c for c in coupons if alone[c.ref].effects], bound)
    best = min(plan_runs, key=lambda run: run.rank)
    pairs = []
    for p, plan in enumerate(plans):
        for s, coupon_set in enumerate(coupon_sets):
            if plan and not all(c.stacks_with_promotions for c in coupon_set):
                continue
            lower = max(0, plan_runs[p].total - sum(bound[c.ref] for c in coupon_set))
            pairs.append((lower, p, s, plan, coupon_set))
    pairs.sort(key=lambda pair: pair[:3])
    capped = False
    for lower, _, _, plan, coupon_set in pairs:
        if lower > best.total:
            break
        if engine.evaluated >= MAX_EVALUATIONS:
            capped = True
            break
        run = engine.run((*plan, *coupon_set))
        if run.rank < best.rank:
            best = run
    return SearchResult(best=best, alone=alone, evaluated=engine.evaluated, capped=capped)
