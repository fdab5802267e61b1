"""Which payout provider a shop uses: its WeChat Pay merchant account where the payments domain has one
(the shop's own, saved in 支付设置, or the environment's), else the mock when mock payments are on."""

from __future__ import annotations

from collections.abc import Mapping

from shoal.config import Settings
from shoal.core.clock import Clock
from shoal.core.errors import ShoalError
from shoal.core.http_client import HttpResponse, Unreachable, get
from shoal.core.uow import UnitOfWork
from shoal.distribution.payouts.base import PayoutProvider
from shoal.distribution.payouts.mock import MockPayoutProvider
from shoal.distribution.payouts.wechat import WeChatTransferProvider
from shoal.payments.config import ProviderRegistry
from shoal.payments.providers.errors import ProviderFailed
from shoal.payments.providers.transport import UrllibTransport
from shoal.payments.providers.wechatpay import WeChatPayProvider


class NoPayoutProvider(ShoalError):
    status = 409
    code = "payout_unavailable"
    message = {
        "en": "No payout account is set up: save the shop's WeChat Pay account first.",
        "zh-CN": "尚未配置打款账户：请先在支付设置中保存微信支付商户号。",
    }


class Network(UrllibTransport):
    """The payments transport, with the query a payout needs."""

    async def get(self, url: str, headers: Mapping[str, str]) -> HttpResponse:
        try:
            return await get(url, headers, timeout_seconds=10.0)
        except Unreachable as error:
            raise ProviderFailed(provider="wechatpay", reason="unreachable") from error


def from_settings(payments: ProviderRegistry, *, clock: Clock, settings: Settings) -> Payouts:
    return Payouts(payments, clock=clock, secret_key=settings.secret_key, mock_enabled=settings.mock_payments_enabled)


class Payouts:
    def __init__(self, payments: ProviderRegistry, *, clock: Clock, secret_key: str, mock_enabled: bool,
                 network: Network | None = None) -> None:  # fmt: skip
        self._payments = payments
        self._clock = clock
        self._network = network or Network()
        self.mock = MockPayoutProvider(secret_key) if mock_enabled else None
        self._built: dict[int, WeChatTransferProvider] = {}

    async def for_shop(self, uow: UnitOfWork) -> PayoutProvider:
        wechat = (await self._payments.for_tenant(uow)).get("wechatpay")
        if isinstance(wechat, WeChatPayProvider):
            return self._transfer(wechat)
        if self.mock is not None:
            return self.mock
        raise NoPayoutProvider()

    async def named(self, uow: UnitOfWork, name: str) -> PayoutProvider:
        """The provider a withdrawal went out through (its notification and its queries go back there)."""
        if name == "mock" and self.mock is not None:
            return self.mock
        provider = await self.for_shop(uow)
        if provider.name != name:
            raise NoPayoutProvider()
        return provider

    def _transfer(self, wechat: WeChatPayProvider) -> WeChatTransferProvider:
        built = self._built.get(id(wechat))
        if built is None or built.config != wechat.config:
            built = WeChatTransferProvider(wechat.config, transport=self._network, clock=self._clock)
            self._built[id(wechat)] = built
        return built
