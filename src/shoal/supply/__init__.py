"""Supply: suppliers, purchase orders and their receipts, demand forecasts and replenishment."""
