"""Build the test databases with the real migrations, and create or drop PostgreSQL databases."""

from __future__ import annotations

import asyncio

import asyncpg

from shoal.core.migrate import upgrade


def build_schema(url: str) -> None:
    upgrade(url)


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


def make_pg_database(admin_url: str, name: str) -> str:
    async def create() -> None:
        conn = await asyncpg.connect(_plain(admin_url))
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(create())
    base = _plain(admin_url).rsplit("/", 1)[0]
    return base.replace("postgresql://", "postgresql+asyncpg://") + f"/{name}"


def drop_pg_database(admin_url: str, name: str) -> None:
    async def drop() -> None:
        conn = await asyncpg.connect(_plain(admin_url))
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()

    asyncio.run(drop())
