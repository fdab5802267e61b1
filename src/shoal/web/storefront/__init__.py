"""The H5 storefront: mobile-first pages for shoppers, one shop per ``/shop/{tenant}``."""
