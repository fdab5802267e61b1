"""Loyalty e2e fixtures: the checkout storefront (a stocked shop and a signed-in shopper)."""

from tests.e2e.checkout.conftest import front  # noqa: F401
