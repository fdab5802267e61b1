"""Which payment providers are enabled, configured from the environment (one set for every tenant for now).

* mock: ``SHOAL_MOCK_PAYMENTS_ENABLED`` (core settings; a development switch, off unless switched on).
* WeChat Pay: ``SHOAL_WECHATPAY_MCHID``, ``_APPID``, ``_PRIVATE_KEY`` (merchant key PEM), ``_SERIAL``
  (merchant certificate serial), ``_APIV3_KEY`` (32 characters), ``_PLATFORM_KEYS`` (JSON object
  ``{"<serial or public key id>": "<PEM public key or certificate>"}``), ``_NOTIFY_URL``; for payment codes at
  a till (API v2 only) also ``_APIV2_KEY`` (the API v2 key, 32 characters) and ``_MERCHANT_CERT`` (the merchant
  API certificate, apiclient_cert.pem, for reversals); without them a WeChat payment code is refused up front.
* Alipay: ``SHOAL_ALIPAY_APP_ID``, ``_PRIVATE_KEY``, ``_PUBLIC_KEY`` (Alipay's), ``_SELLER_ID``, ``_NOTIFY_URL``,
  ``_GATEWAY`` (the sandbox gateway for testing).

A provider is enabled when its identifiers and keys are all set. A shop may save its own WeChat Pay or
Alipay account in the console (``service_settings``, sealed at rest): ``ProviderRegistry.for_tenant`` then
answers that shop's provider instead of the environment's, and the environment's for every other shop.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shoal.config import Settings, get_settings
from shoal.core.clock import Clock, SystemClock
from shoal.core.uow import UnitOfWork
from shoal.payments import service_settings
from shoal.payments.providers.alipay import GATEWAY, AlipayConfig, AlipayProvider
from shoal.payments.providers.base import HttpTransport, PaymentProvider
from shoal.payments.providers.micropay import Polling
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
    apiv2_key: str = ""
    merchant_cert: str = ""

    def config(self) -> WeChatPayConfig | None:
        if not (self.mchid and self.appid and self.private_key and self.serial and self.apiv3_key):
            return None
        return WeChatPayConfig(
            self.mchid, self.appid, self.private_key, self.serial, self.apiv3_key, self.platform_keys, self.notify_url,
            apiv2_key=self.apiv2_key, merchant_cert=self.merchant_cert,
        )  # fmt: skip


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
    """The enabled providers by name. The mock's signing key lives as long as the registry.

    Shops' own providers are built once per (shop, provider, version) and kept: a saved change bumps the
    version, so the next lookup, in this process or any other, builds the provider again from the new keys.
    """

    def __init__(
        self,
        providers: Mapping[str, PaymentProvider],
        *,
        clock: Clock | None = None,
        transport: HttpTransport | None = None,
        settings: Settings | None = None,
    ) -> None:
        self._providers = dict(providers)
        self._clock = clock or SystemClock()
        self._transport = transport or UrllibTransport()
        self._settings = settings
        self._shops: dict[tuple[str, str], tuple[int, PaymentProvider]] = {}

    def get(self, name: str) -> PaymentProvider | None:
        return self._providers.get(name)

    @property
    def names(self) -> list[str]:
        return sorted(self._providers)

    async def for_tenant(self, uow: UnitOfWork) -> ProviderRegistry:
        """The providers of ``uow``'s shop: its own account where it saved one, the environment's otherwise."""
        versions = await service_settings.stored_versions(uow)
        if not versions:
            return self
        providers = dict(self._providers)
        for name, version in versions.items():
            provider = await self._shop_provider(uow, name, version)
            if provider is not None:
                providers[name] = provider
        return ProviderRegistry(providers, clock=self._clock, transport=self._transport, settings=self._settings)

    async def _shop_provider(self, uow: UnitOfWork, name: str, version: int) -> PaymentProvider | None:
        key = (uow.tenant_id or "", name)
        cached = self._shops.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        stored = await service_settings.stored_config(uow, settings=self._settings or get_settings(), provider=name)
        if stored is None:
            return None
        provider = _build(stored[1], clock=self._clock, transport=self._transport)
        self._shops[key] = (stored[0], provider)
        return provider


def _build(config: WeChatPayConfig | AlipayConfig, *, clock: Clock, transport: HttpTransport) -> PaymentProvider:
    if isinstance(config, WeChatPayConfig):
        return WeChatPayProvider(config, transport=transport, clock=clock)
    return AlipayProvider(config, transport=transport, clock=clock)


_in_house: dict[str, Callable[[], PaymentProvider]] = {}


def register_in_house(name: str, make: Callable[[], PaymentProvider]) -> None:
    """A provider that keeps the money in Shoal (stored value): enabled in every registry, needing no keys."""
    _in_house[name] = make


def build_registry(
    *,
    clock: Clock,
    mock_enabled: bool,
    transport: HttpTransport | None = None,
    wechatpay: WeChatPayConfig | None = None,
    alipay: AlipayConfig | None = None,
    settings: Settings | None = None,
    polling: Polling | None = None,
) -> ProviderRegistry:
    """``polling``: how long payment codes wait for a payer (tests pass one that does not sleep)."""
    network = transport or UrllibTransport()
    providers: dict[str, PaymentProvider] = {name: make() for name, make in _in_house.items()}
    if mock_enabled:
        providers["mock"] = MockProvider()
    if wechatpay:
        providers["wechatpay"] = WeChatPayProvider(wechatpay, transport=network, clock=clock, polling=polling)
    if alipay:
        providers["alipay"] = AlipayProvider(alipay, transport=network, clock=clock, polling=polling)
    return ProviderRegistry(providers, clock=clock, transport=network, settings=settings)


def registry_from_env(*, clock: Clock, mock_enabled: bool, settings: Settings | None = None) -> ProviderRegistry:
    return build_registry(
        clock=clock,
        mock_enabled=mock_enabled,
        wechatpay=WeChatPaySettings().config(),
        alipay=AlipaySettings().config(),
        settings=settings,
    )
