"""Inventory: locations, stock per variant and location, the stock ledger, reservations, transfers."""
