"""Which tracking provider is on, from the environment (one for every tenant, like payment providers).

* ``SHOAL_TRACKING_PROVIDER``: empty (no tracking: carrier and number are still shown, with the carrier's
  tracking page), ``mock`` (development and tests) or ``kuaidi100``.
* ``SHOAL_TRACKING_KUAIDI100_CUSTOMER`` and ``SHOAL_TRACKING_KUAIDI100_KEY``: 快递100's 授权 customer id and key.
* ``SHOAL_TRACKING_CALLBACK_BASE_URL``: the shop's public address (``https://shop.example.com``) that 快递100
  posts tracking changes to; empty: parcels are not subscribed, staff refresh them from the order page.
"""

from __future__ import annotations

from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

from shoal.orders.tracking.base import TrackingProvider
from shoal.orders.tracking.kuaidi100 import Kuaidi100Config, Kuaidi100Tracker
from shoal.orders.tracking.mock import MockTracker

CALLBACK_PATH = "/api/v1/tracking/{provider}/callback/{tenant_id}/{shipment_id}"
# One mock per process, so that what it was told (subscriptions) and told to answer (parcels) is shared.
MOCK = MockTracker()


class TrackingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOAL_TRACKING_", env_file=".env", extra="ignore")

    provider: Literal["", "mock", "kuaidi100"] = ""
    callback_base_url: str = ""
    kuaidi100_customer: str = ""
    kuaidi100_key: str = ""


def tracker_from_env(settings: TrackingSettings | None = None) -> TrackingProvider | None:
    settings = settings or TrackingSettings()
    if settings.provider == "mock":
        return MOCK
    if settings.provider == "kuaidi100" and settings.kuaidi100_customer and settings.kuaidi100_key:
        return Kuaidi100Tracker(Kuaidi100Config(settings.kuaidi100_customer, settings.kuaidi100_key))
    return None


def callback_url(settings: TrackingSettings, *, provider: str, tenant_id: str, shipment_id: str) -> str | None:
    """Where the provider posts this shipment's changes; None without a public address to give it."""
    base = settings.callback_base_url.rstrip("/")
    if not base:
        return None
    return base + CALLBACK_PATH.format(provider=provider, tenant_id=tenant_id, shipment_id=shipment_id)
