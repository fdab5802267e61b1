"""Which payment providers are enabled, configured from the environment (one set for every tenant for now).

* mock: ``SHOAL_MOCK_PAYMENTS_ENABLED`` (core settings; a development switch, off unless switched on).
* WeChat Pay: ``SHOAL_WECHATPAY_MCHID``, ``_APPID``, ``_PRIVATE_KEY`` (merchant key PEM), ``_SERIAL``
  (merchant certificate serial), ``_APIV3_KEY`` (32 characters), ``_PLATFORM_KEYS`` (JSON object
  ``{"<serial or public key id>": "<PEM public key or certificate>"}``), ``_NOTIFY_URL``.
* Alipay: ``SHOAL_ALIPAY_APP_ID``, ``_PRIVATE_KEY``, ``_PUBLIC_KEY`` (Alipay's), ``_SELLER_ID``, ``_NOTIFY_URL``,
  ``_GATEWAY`` (the sandbox gateway for testing).

A provider is enabled when its identifiers and keys are all set. Per-tenant credentials belong in a
settings table later; the registry is the one place that would read them.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shoal.core.clock import Clock
from shoal.payments.providers.alipay import GATEWAY, AlipayConfig, AlipayProvider
from shoal.payments.providers.base import HttpTransport, PaymentProvider
from shoal.payments.providers.mock import MockProvider
from shoal.payments.providers.transport import UrllibTransport
from shoal.payments.providers.wechatpay import WeChatPayConfig, WeChatPayProvider


class WeChatPaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOAL_WECHATPAY_", env_file=".env", extra="ignore")

    mchid: str = ""
    appid: str = ""
    private_key: str = ""
    serial: str = ""
    apiv3_key: str = ""
    platform_keys: dict[str, str] = Field(default_factory=dict)
    notify_url: str = ""

    def config(self) -> WeChatPayConfig | None:
        if not (self.mchid and self.appid and self.private_key and self.serial and self.apiv3_key):
            return None
        return WeChatPayConfig(
            self.mchid, self.appid, self.private_key, self.serial, self.apiv3_key, self.platform_keys, self.notify_url
        )


class AlipaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOAL_ALIPAY_", env_file=".env", extra="ignore")

    app_id: str = ""
    private_key: str = ""
    public_key: str = ""
    seller_id: str = ""
    notify_url: str = ""
    gateway: str = GATEWAY

    def config(self) -> AlipayConfig | None:
        if not (self.app_id and self.private_key and self.public_key):
            return None
        return AlipayConfig(
            self.app_id, self.private_key, self.public_key, self.notify_url, self.seller_id, self.gateway
        )


class ProviderRegistry:
    """The enabled providers by name. The mock's signing key lives as long as the registry."""

    def __init__(self, providers: Mapping[str, PaymentProvider]) -> None:
        self._providers = dict(providers)

    def get(self, name: str) -> PaymentProvider | None:
        return self._providers.get(name)

    @property
    def names(self) -> list[str]:
        return sorted(self._providers)


def build_registry(
    *,
    clock: Clock,
    mock_enabled: bool,
    transport: HttpTransport | None = None,
    wechatpay: WeChatPayConfig | None = None,
    alipay: AlipayConfig | None = None,
) -> ProviderRegistry:
    network = transport or UrllibTransport()
    providers: dict[str, PaymentProvider] = {}
    if mock_enabled:
        providers["mock"] = MockProvider()
    if wechatpay:
        providers["wechatpay"] = WeChatPayProvider(wechatpay, transport=network, clock=clock)
    if alipay:
        providers["alipay"] = AlipayProvider(alipay, transport=network, clock=clock)
    return ProviderRegistry(providers)


def registry_from_env(*, clock: Clock, mock_enabled: bool) -> ProviderRegistry:
    return build_registry(
        clock=clock,
        mock_enabled=mock_enabled,
        wechatpay=WeChatPaySettings().config(),
        alipay=AlipaySettings().config(),
    )
