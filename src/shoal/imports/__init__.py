"""Imports: bring products (and their stock) in from files: Shoal CSV, Shopify CSV. Builds on catalog and inventory."""
