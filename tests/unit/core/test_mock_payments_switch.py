"""The mock payment provider is a development switch: off unless switched on, and refused on a real server
unless a loud setting says a staging server wants it."""

from __future__ import annotations

import pytest

from shoal.config import Settings
from shoal.main import UnsafeSettings, create_app

MEMORY = "sqlite+aiosqlite://"


def settings(tmp_path, **values) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(database_url=MEMORY, run_scheduler=False, media_dir=str(tmp_path), **values)


def test_the_mock_is_off_unless_switched_on(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SHOAL_MOCK_PAYMENTS_ENABLED", raising=False)
    assert Settings(_env_file=None).mock_payments_enabled is False
    monkeypatch.setenv("SHOAL_MOCK_PAYMENTS_ENABLED", "true")
    assert Settings(_env_file=None).mock_payments_enabled is True


@pytest.mark.parametrize(
    "values",
    [
        {"environment": "production"},
        {"environment": "staging"},
        {"secret_key": "a-key-of-this-server-" + "x" * 40},  # a server with its own key serves real shoppers
    ],
)
def test_a_server_outside_development_refuses_to_serve_with_the_mock(tmp_path, values) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnsafeSettings, match="SHOAL_ALLOW_MOCK_PAYMENTS_OUTSIDE_DEVELOPMENT"):
        create_app(settings(tmp_path, mock_payments_enabled=True, **values))
    create_app(settings(tmp_path, mock_payments_enabled=False, **values))
    loud = settings(tmp_path, mock_payments_enabled=True, allow_mock_payments_outside_development=True, **values)
    create_app(loud)
    assert not loud.shoppers_pay_with_mock  # staff may play the provider there, shoppers never pay for free


def test_development_serves_the_mock_and_its_test_payment_button(tmp_path) -> None:  # type: ignore[no-untyped-def]
    development = settings(tmp_path, mock_payments_enabled=True)
    create_app(development)
    assert development.is_development and development.shoppers_pay_with_mock
