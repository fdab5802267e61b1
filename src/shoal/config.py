"""Settings read from ``SHOAL_*`` environment variables (and ``.env``).

The embedded default is SQLite in ``./var/shoal.db`` so that ``make run`` needs nothing installed;
production points ``SHOAL_DATABASE_URL`` at PostgreSQL.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "shoal-dev-secret-change-me-in-production-0123456789"
DEV_SETTINGS_KEY = "shoal-dev-settings-key-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOAL_", env_file=".env", extra="ignore")

    # Development switches (the mock payment provider) refuse to serve anywhere else; see ``is_development``.
    environment: Literal["development", "staging", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./var/shoal.db"
    # PostgreSQL only: the role the application switches to after connecting. It must not own the
    # tables, so that row-level security applies to it. Empty disables the switch.
    database_app_role: str = "shoal_app"
    database_pool_size: int = 20
    # How long a request waits for a pooled connection before answering 503 (``core.overload``).
    database_pool_timeout_seconds: float = 5.0
    # Checkouts running at once per process; keep it well below the pool size so that a queue of
    # checkouts on one hot variant leaves connections for every other request (``core.overload``).
    checkout_concurrency: int = 8
    # How long a checkout waits for one of those slots before answering 503. Waiting holds no connection,
    # so a crowd on one hot variant queues here (and gets its order or out_of_stock) rather than a 503.
    checkout_queue_seconds: float = 30.0
    # The flash-sale admission gate (``campaigns.flash_sale.gate``), e.g. redis://127.0.0.1:6379/0; needs the
    # ``redis`` extra. Empty: admission runs on the database path alone. Every key starts with the prefix.
    redis_url: str = ""
    redis_key_prefix: str = "shoal"
    secret_key: str = DEV_SECRET
    # Encrypts what shops store that must stay secret (payment keys, ``core.secrets``). Keep it apart from
    # ``secret_key`` and never change it without re-saving the shops' credentials: they could not be read.
    # Outside development, the default refuses to store secrets.
    settings_key: str = DEV_SETTINGS_KEY
    access_token_minutes: int = 15
    refresh_token_days: int = 30
    # Sign-in throttle (``identity.throttle``): passwords or codes checked per window, for one account
    # from one address, for one account from anywhere, and from one address over all accounts.
    login_max_failures: int = 5
    login_max_failures_per_account: int = 50
    login_max_failures_per_address: int = 20
    login_failure_window_minutes: int = 15
    # Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
    # Empty: the header is ignored and the TCP peer is the client (``core.network``).
    trusted_proxies: str = ""
    # The bearer token a Prometheus scraper sends to /metrics; empty: /metrics answers 404.
    metrics_token: str = ""
    default_currency: str = "CNY"
    default_locale: str = "zh-CN"
    # A single-brand deployment (or the demo) names its shop here, so storefront calls that send no
    # X-Shoal-Tenant header still reach it. Empty: the header is required.
    default_tenant: str = ""
    reservation_minutes: int = 30
    unpaid_order_minutes: int = 30  # an unpaid order closes (and frees its stock) after this
    # Delivered outbox events are deleted this many days after delivery (``core.dispatcher.prune_delivered``);
    # undelivered and failing events are kept however old they are.
    outbox_retention_days: int = Field(default=14, ge=1)
    run_scheduler: bool = True
    scheduler_interval_seconds: float = 5.0
    # The mock provider lets staff mark orders paid without money (and the demo shop's shoppers pay
    # their own orders for free): off unless switched on, and only served in development...
    mock_payments_enabled: bool = False
    # ...unless this loud switch says a staging server really wants it.
    allow_mock_payments_outside_development: bool = False
    media_dir: str = "./var/media"
    # Share links (``campaigns.sharing``): how long a link works, and how long after a visit through one an
    # order is attributed to its sharer (last touch).
    share_link_days: int = Field(default=30, ge=1)
    share_attribution_days: int = Field(default=7, ge=0)
    log_level: str = Field(default="INFO")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def is_development(self) -> bool:
        """A developer's machine: the development environment, still signing with the development key.

        A server given a key of its own serves real shoppers, whatever ``SHOAL_ENVIRONMENT`` says.
        """
        return self.environment == "development" and self.secret_key == DEV_SECRET

    @property
    def mock_payments_refused(self) -> bool:
        """The mock is on where real money is at stake, and nobody said loudly that this is wanted."""
        outside = not self.is_development and not self.allow_mock_payments_outside_development
        return self.mock_payments_enabled and outside

    @property
    def shoppers_pay_with_mock(self) -> bool:
        """The demo shop's "pay now (test payment)" button: shoppers complete their own orders for free.

        Development only, even with the loud switch: a staging server lets staff simulate payments, not shoppers.
        """
        return self.mock_payments_enabled and self.is_development


@lru_cache
def get_settings() -> Settings:
    return Settings()
