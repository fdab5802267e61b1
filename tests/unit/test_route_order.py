"""The routers' order in ``shoal.main.ROUTERS`` is chosen for speed (the shopper's hot paths first), which is
only safe while no route of one router can take a request meant for another's: then their order changes no
route. A new route that overlaps another router's (same method, its pattern matching the other's path) fails
here, and must live in that router or not overlap."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from shoal.main import ROUTERS


def _routes(router: Any) -> Iterator[Any]:
    for route in router.routes:
        if hasattr(route, "original_router"):  # a router included in this one
            yield from _routes(route.original_router)
        elif hasattr(route, "path_regex"):
            yield route


def _example(path: str) -> str:
    """A request path the route's own pattern matches: each parameter given a plain value."""
    return re.sub(r"\{[^}]+\}", "x1", path)


def test_no_route_of_one_router_matches_a_path_of_another() -> None:
    owned = [(index, route) for index, router in enumerate(ROUTERS) for route in _routes(router)]
    overlaps = [
        (mine.path, theirs.path)
        for index, mine in owned
        for other, theirs in owned
        if index != other
        and set(mine.methods or ()) & set(theirs.methods or ())
        and mine.path_regex.match(_example(theirs.path))
    ]
    assert len(owned) > 500 and not overlaps, overlaps
