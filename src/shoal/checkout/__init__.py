"""Checkout: carts, the pricing pipeline, shipping, and turning a cart into an order."""
