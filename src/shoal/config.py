"""Settings read from ``SHOAL_*`` environment variables (and ``.env``).

The embedded default is SQLite in ``./var/shoal.db`` so that ``make run`` needs nothing installed;
production points ``SHOAL_DATABASE_URL`` at PostgreSQL.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "shoal-dev-secret-change-me-in-production-0123456789"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOAL_", env_file=".env", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./var/shoal.db"
    # PostgreSQL only: the role the application switches to after connecting. It must not own the
    # tables, so that row-level security applies to it. Empty disables the switch.
    database_app_role: str = "shoal_app"
    database_pool_size: int = 20
    secret_key: str = DEV_SECRET
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
    run_scheduler: bool = True
    scheduler_interval_seconds: float = 5.0
    mock_payments_enabled: bool = True
    media_dir: str = "./var/media"
    log_level: str = Field(default="INFO")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
