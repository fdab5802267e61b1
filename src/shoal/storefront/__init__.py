"""Storefront read API: what a shopper sees, composed from catalog prices and inventory availability."""
