"""The dealer portal (经销商门户): a dealer's staff order from the brand, follow their orders and credit."""
