"""Storefront tests reuse the catalog's HTTP fixtures (staff headers for seeding products)."""

from tests.e2e.catalog.conftest import admin

__all__ = ["admin"]
