"""Running CLI work against the database, with errors that say what to do (shared by every command)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer
from rich.console import Console

from shoal.config import get_settings
from shoal.core.errors import ShoalError
from shoal.core.uow import Database

T = TypeVar("T")
console = Console()
err = Console(stderr=True)


def run_with_db(work: Callable[[Database], Awaitable[T]]) -> T:
    """Run ``work`` against the configured database (as the app role), reporting domain errors."""
    settings = get_settings()

    async def _main() -> T:
        db = Database(settings.database_url, app_role=settings.database_app_role or None, pool_size=5)
        try:
            return await work(db)
        finally:
            await db.dispose()

    try:
        return asyncio.run(_main())
    except ShoalError as exc:
        err.print(f"[red]{exc.code}[/red]: {exc.render('en')}\n{exc.render('zh-CN')}")
        raise typer.Exit(code=1) from exc
