"""The search for the best combination, bounded.

1. Promotion plans. Stackable promotions are always in. Each ``best_of`` group contributes one rule; the engine
   tries every combination of choices while their product stays within the plan limit and otherwise picks group
   by group (in key order) the choice that is best given the choices before it: a greedy pass of
   ``sum(len(group))`` evaluations instead of a product. Each ``exclusive`` promotion is one more plan, alone.
   The empty plan is there for coupons that do not combine with promotions.
2. Item-level orders. A unit takes one item-level price (单品优惠不叠加). The promotions' item prices are weighed
   unit by unit (``best_unit_prices``); other item-level promotions (N items, bundles, exchanges) that want the
   same lines as each other or as the item prices are tried in every order, so the shopper gets the better
   one whatever their priority or age. Past the plan limit they go in order of what each saves alone.
3. Coupon sets. A coupon refused when priced alone on the undiscounted cart can never apply (benefits only
   shrink as other discounts shrink their bases), so it leaves the search at once; its standalone value (with
   the shipping fee charged in full) is an upper bound of what it can add anywhere. Sets are: none, each coupon
   alone, and up to ``MAX_STACKED_COUPONS`` coupons that stack with coupons (one per template), at most
   ``MAX_COUPON_SETS`` of them, the ones with the largest bounds first.
4. Branch and bound. Every (plan, set) pair gets a lower bound: the plan's own total minus the set's bounds.
   Pairs are evaluated in ascending bound order and the search stops as soon as a bound exceeds the best total
   found, or at the evaluation limit.
The limits grow for small carts (an evaluation costs about one benefit per line per rule), up to
``MAX_SCALE`` times the base ones; any greedy pass or early stop sets ``capped``, which the result reports.
Everything is sorted by stable keys before it is enumerated, so the same input always gives the same answer."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import chain, combinations, permutations, product
from math import factorial

from shoal.marketing.engine.benefits import Stage
from shoal.marketing.engine.cart import CartSnapshot
from shoal.marketing.engine.evaluate import PROMOTION, Contender, Evaluation, evaluate, is_unit_price
from shoal.marketing.engine.offers import Mode

MAX_PLANS = 64
MAX_STACKED_COUPONS = 3
MAX_COUPON_SETS = 256
MAX_EVALUATIONS = 512
MAX_SCALE = 16
WORK = 400_000  # benefit applications (lines × rules per evaluation) a search may spend before its base limits

Plan = tuple[Contender, ...]


@dataclass(slots=True)
class SearchResult:
    best: Evaluation
    evaluated: int
    capped: bool


def _sorted(members: tuple[Contender, ...] | list[Contender]) -> Plan:
    return tuple(sorted(members, key=lambda c: c.key))


def in_stage_order(members: Plan) -> Plan:
    """Stage order by key, except that item-level promotions keep the order the plan gives them."""
    return tuple(sorted(members, key=lambda c: c.key[:2] if c.stage is Stage.ITEM and c.source == PROMOTION else c.key))


def _competing(plan: Plan) -> list[Plan]:
    """The plan's item-level promotion blocks that want some of the same lines: the item prices (one block,
    weighed together) and each other item-level promotion."""
    items = [c for c in plan if c.stage is Stage.ITEM and c.source == PROMOTION]
    prices = tuple(c for c in items if is_unit_price(c))
    blocks = ([prices] if prices else []) + [(c,) for c in items if not is_unit_price(c)]
    spans = [frozenset(i for c in block for i in c.lines) for block in blocks]
    return [b for n, b in enumerate(blocks) if any(spans[n] & spans[m] for m in range(len(blocks)) if m != n)]


class _Search:
    def __init__(self, cart: CartSnapshot, rules: int) -> None:
        self.cart = cart
        self.evaluated = 0
        self.capped = False
        work = max(1, len(cart.lines)) * max(1, rules) * MAX_EVALUATIONS
        scale = max(1, min(MAX_SCALE, WORK // work))
        self.max_plans, self.max_evaluations = MAX_PLANS * scale, MAX_EVALUATIONS * scale

    def run(self, members: Plan, cart: CartSnapshot | None = None) -> Evaluation:
        self.evaluated += 1
        return evaluate(cart or self.cart, in_stage_order(members))

    def plans(self, promotions: list[Contender]) -> list[Plan]:
        stackable = [p for p in promotions if p.mode is Mode.STACKABLE]
        groups: dict[str, list[Contender]] = {}
        for p in promotions:
            if p.mode is Mode.BEST_OF:
                groups.setdefault(p.group, []).append(p)
        choices = [groups[g] for g in sorted(groups)]
        size = 1
        for group in choices:
            size *= len(group)
        if size <= self.max_plans:
            bases = [_sorted([*stackable, *picked]) for picked in product(*choices)]
        else:
            self.capped = True
            picked: list[Contender] = []
            for group in choices:
                runs = [(self.run((*stackable, *picked, c)).rank, c.key, c) for c in group]
                picked.append(min(runs, key=lambda r: (r[0], r[1]))[2])
            bases = [_sorted([*stackable, *picked])]
        room = max(1, self.max_plans // len(bases))
        ordered = [order for base in bases for order in self.item_orders(base, room)]
        plans = ordered + [(p,) for p in promotions if p.mode is Mode.EXCLUSIVE] + [()]
        unique: dict[tuple[str, ...], Plan] = {}
        for plan in plans:
            unique.setdefault(tuple(c.ref for c in plan), plan)
        return list(unique.values())

    def item_orders(self, plan: Plan, room: int) -> list[Plan]:
        blocks = _competing(plan)
        if len(blocks) < 2:
            return [plan]
        taken = {c.ref for block in blocks for c in block}
        rest = tuple(c for c in plan if c.ref not in taken)
        if factorial(len(blocks)) <= room:
            return [(*rest, *chain.from_iterable(order)) for order in permutations(blocks)]
        self.capped = True
        saving = sorted(blocks, key=lambda block: (self.run(block).total, tuple(c.key for c in block)))
        return [(*rest, *chain.from_iterable(saving))]

    def coupon_sets(self, usable: list[Contender], bound: dict[str, int]) -> tuple[list[Plan], int | None]:
        """The sets with the largest bounds first, at most ``MAX_COUPON_SETS``; and the largest bound of the sets
        left out (``None`` when none is), so the search can tell whether leaving them out could matter."""
        sets: list[Plan] = [(c,) for c in usable]
        stacking = [c for c in usable if c.stacks_with_coupons]
        for size in range(2, MAX_STACKED_COUPONS + 1):
            for combo in combinations(stacking, size):
                if len({c.rule_id for c in combo}) == size:
                    sets.append(combo)
        sets.sort(key=lambda s: (-sum(bound[c.ref] for c in s), tuple(c.key for c in s)))
        left_out = sum(bound[c.ref] for c in sets[MAX_COUPON_SETS]) if len(sets) > MAX_COUPON_SETS else None
        return sets[:MAX_COUPON_SETS], left_out


def search(cart: CartSnapshot, promotions: list[Contender], coupons: list[Contender]) -> SearchResult:
    promotions = list(_sorted(promotions))
    coupons = list(_sorted(coupons))
    engine = _Search(cart, len(promotions) + len(coupons))
    plans = engine.plans(promotions)
    plan_runs = [engine.run(plan) for plan in plans]
    full_fee = replace(cart, free_shipping_over=None)
    alone = {c.ref: engine.run((c,), full_fee) for c in coupons}
    bound = {ref: sum(e.value for e in run.effects.values()) for ref, run in alone.items()}
    coupon_sets, left_out = engine.coupon_sets([c for c in coupons if alone[c.ref].effects], bound)
    best = min(plan_runs, key=lambda run: run.rank)
    pairs = []
    for p, plan in enumerate(plans):
        for s, coupon_set in enumerate(coupon_sets):
            if plan and not all(c.stacks_with_promotions for c in coupon_set):
                continue
            lower = max(0, plan_runs[p].total - sum(bound[c.ref] for c in coupon_set))
            pairs.append((lower, p, s, plan, coupon_set))
    pairs.sort(key=lambda pair: pair[:3])
    for lower, _, _, plan, coupon_set in pairs:
        if lower > best.total:
            break
        if engine.evaluated >= engine.max_evaluations:
            engine.capped = True
            break
        run = engine.run((*plan, *coupon_set))
        if run.rank < best.rank:
            best = run
    if left_out is not None and any(run.total - left_out <= best.total for run in plan_runs):
        engine.capped = True  # a set left out might have done better
    return SearchResult(best=best, evaluated=engine.evaluated, capped=engine.capped)
