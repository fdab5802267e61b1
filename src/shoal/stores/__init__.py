"""Store operations: shoppers see which stores hold a product and the nearest with stock (ship-from-store
routing itself is inventory's plan; a store's orders are orders' queries)."""
