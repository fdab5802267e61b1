"""Demo data: the `demo` tenant with a bilingual catalog, stores, warehouses, stock and shoppers."""
