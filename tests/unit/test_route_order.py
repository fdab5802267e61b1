"""The routers' order in ``shoal.main.ROUTERS`` is chosen for speed (the shopper's hot paths first), which is
only safe while no route of one router can take a request meant for another's: then their order changes no
route. A new route that overlaps another router's (same method, its pattern matching the other's path) fails
here, and must live in that router or not overlap."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI

from shoal.main import ROUTERS, create_app


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


_APP_OWN = ("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/redoc")  # not the routers' routes


def _table(app: FastAPI) -> list[tuple[str, str, Any]]:
    """Every route the app matches, in order, as (methods, path, endpoint), through included routers too."""
    rows = []
    for route in app.router.routes:
        for each in route.effective_route_contexts() if hasattr(route, "effective_route_contexts") else [route]:
            if hasattr(each, "endpoint"):
                rows.append((",".join(sorted(each.methods or ())), each.path, each.endpoint))
    return rows


def test_the_flat_app_matches_what_its_routers_included_the_usual_way_would() -> None:
    """``include_flat`` gives the app the routes themselves (FastAPI walks an included router on every request):
    the same routes, paths and endpoints in the same order, with the problem responses for the documentation."""
    usual = FastAPI()
    for router in ROUTERS:
        usual.include_router(router)
    flat = create_app()
    assert not any(hasattr(route, "original_router") for route in flat.router.routes)
    ours = [row for row in _table(flat) if not row[1].startswith(_APP_OWN)]
    theirs = [row for row in _table(usual) if not row[1].startswith(_APP_OWN)]
    assert ours == theirs and len(ours) > 550
    checkout = next(r for r in flat.router.routes if getattr(r, "path", "") == "/api/v1/store/checkout")
    assert "4XX" in checkout.responses
