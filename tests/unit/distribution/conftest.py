"""The payments unit fixtures (keys, the WeChat Pay provider, the clock) serve the payout provider's tests."""

from tests.unit.payments.conftest import merchant_key, platform_key, stranger_key, transport, wechat  # noqa: F401
