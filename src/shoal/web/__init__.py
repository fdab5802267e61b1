"""The merchant console (``/console``) and the H5 storefront (``/shop/{tenant}``).

Server-rendered Jinja2 + HTMX pages that call the domain services directly, through the same unit of
work and actor checks as the JSON API, so a page can never do what the API would refuse.
"""
