"""The OpenAPI document exactly as ``/openapi.json`` serves it, built once per test process.

Building it takes seconds and touches no database; the fuzz test needs it at collection time, so both
modules that read it share this one copy.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from shoal.config import Settings
from shoal.main import create_app


@cache
def openapi_document() -> dict[str, Any]:
    return create_app(Settings(database_url="sqlite+aiosqlite://", run_scheduler=False)).openapi()
