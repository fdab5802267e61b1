"""Catalog: products (SPU), variants (SKU), options, categories, brands, channel prices, translations."""
