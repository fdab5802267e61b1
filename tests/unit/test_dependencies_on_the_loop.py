"""No route depends on a plain ``def`` dependency: FastAPI would run it in its thread pool, a thread hop on
every request (``core.http.on_the_loop`` wraps the app's shared-object builders instead)."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

from fastapi.dependencies.models import Dependant

from shoal.config import Settings
from shoal.main import create_app


def _dependants(routes: list[Any]) -> Iterator[Dependant]:
    """Each route's dependant as FastAPI runs it (an included router's routes with its own dependencies)."""
    for route in routes:
        contexts = getattr(route, "effective_route_contexts", None)
        for context in contexts() if contexts else [route]:
            if isinstance(getattr(context, "dependant", None), Dependant):
                yield context.dependant


def _sync_calls(dependant: Dependant) -> Iterator[str]:
    for dependency in dependant.dependencies:
        call = dependency.call
        runs_on_the_loop = any(
            inspect.iscoroutinefunction(c) or inspect.isasyncgenfunction(c) for c in (call, type(call).__call__)
        )
        if call is not None and not runs_on_the_loop:
            yield f"{call.__module__}.{call.__qualname__}"
        yield from _sync_calls(dependency)


def test_every_dependency_runs_on_the_event_loop(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/deps.db", run_scheduler=False))
    dependants = list(_dependants(app.router.routes))
    assert len(dependants) > 400  # the walk reaches the routes inside included routers
    offenders = sorted({name for dependant in dependants for name in _sync_calls(dependant)})
    assert offenders == []
