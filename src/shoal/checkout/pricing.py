"""The one pricing pipeline: an explicit, ordered list of pure steps that carts and checkout both run.

    base_prices -> item_discounts -> order_discounts -> shipping -> totals

Later features plug in by name, not by editing this list: a promotions step that adds ``Adjustment``
requests registers ``before="item_discounts"``; member prices replace unit prices ``after="base_prices"``.
Registration happens at import time of the plugging module, so the order is visible in one place:
``PIPELINE.names``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from shoal.checkout import rules
from shoal.checkout.rules import PricingState

StepFn = Callable[[PricingState], PricingState]


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    run: StepFn


@dataclass(frozen=True, slots=True)
class Pipeline:
    steps: tuple[Step, ...]

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.steps]

    def with_step(self, step: Step, *, before: str | None = None, after: str | None = None) -> Pipeline:
        """A new pipeline with ``step`` placed before or after a named step (exactly one of them)."""
        if (before is None) == (after is None):
            raise ValueError("say where the step goes: before= or after= (one of them)")
        if step.name in self.names:
            raise ValueError(f"a step named {step.name!r} is already registered")
        anchor = before or after
        if anchor not in self.names:
            raise ValueError(f"no step named {anchor!r}; steps are {self.names}")
        at = self.names.index(anchor) + (1 if after else 0)
        return Pipeline((*self.steps[:at], step, *self.steps[at:]))

    def run(self, state: PricingState) -> PricingState:
        for step in self.steps:
            state = step.run(state)
        return state


PIPELINE = Pipeline(
    (
        Step("base_prices", rules.base_prices),
        Step("item_discounts", rules.item_discounts),
        Step("order_discounts", rules.order_discounts),
        Step("shipping", rules.shipping_fee),
        Step("totals", rules.totals),
    )
)


def register_step(step: Step, *, before: str | None = None, after: str | None = None) -> None:
    """Plug a step into the shared pipeline (at import time of the feature that brings it)."""
    global PIPELINE
    PIPELINE = PIPELINE.with_step(step, before=before, after=after)


def price(state: PricingState) -> PricingState:
    return PIPELINE.run(state)
