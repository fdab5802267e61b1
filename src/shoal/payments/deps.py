"""FastAPI dependency: the app's payment providers (``app.state.payment_providers``), built from settings once."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from shoal.core.http import get_db, on_the_loop
from shoal.payments.config import ProviderRegistry, registry_from_env


def payment_providers(request: Request) -> ProviderRegistry:
    state = request.app.state
    if getattr(state, "payment_providers", None) is None:
        state.payment_providers = registry_from_env(
            clock=get_db(request).clock, mock_enabled=state.settings.mock_payments_enabled, settings=state.settings
        )
    return state.payment_providers


Providers = Annotated[ProviderRegistry, Depends(on_the_loop(payment_providers))]
