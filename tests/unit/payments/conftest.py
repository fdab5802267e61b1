"""Keys, a fake network and a stand-in for the providers' side (what WeChat Pay and Alipay would sign)."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shoal.core.clock import FrozenClock
from shoal.payments.providers.alipay import AlipayConfig, AlipayProvider
from shoal.payments.providers.base import HttpResponse
from shoal.payments.providers.crypto import rsa_sign
from shoal.payments.providers.wechatpay import WeChatPayConfig, WeChatPayProvider

APIV3_KEY = "0123456789abcdef0123456789ABCDEF"
PLATFORM_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
MERCHANT_SERIAL = "444F4864EA9B34415"


def private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def public_pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@pytest.fixture(scope="session")
def merchant_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def platform_key() -> rsa.RSAPrivateKey:
    """WeChat Pay's platform key (or Alipay's key): signs what the provider sends us."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def stranger_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class FakeTransport:
    """Records what we send and answers with whatever the test queued."""

    answers: list[HttpResponse] = field(default_factory=list)
    sent: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)

    async def post(self, url: str, headers: Mapping[str, str], body: bytes) -> HttpResponse:
        self.sent.append((url, dict(headers), body))
        return self.answers.pop(0)


@pytest.fixture
def transport() -> FakeTransport:
    return FakeTransport()


@pytest.fixture
def wechat(merchant_key, platform_key, transport: FakeTransport, clock: FrozenClock) -> WeChatPayProvider:
    config = WeChatPayConfig(
        mchid="1230000109",
        appid="wxd678efh567hg6787",
        merchant_private_key=private_pem(merchant_key),
        merchant_serial=MERCHANT_SERIAL,
        apiv3_key=APIV3_KEY,
        platform_keys={PLATFORM_SERIAL: public_pem(platform_key)},
        notify_url="https://shop.example/api/v1/payments/wechatpay/notify",
    )
    return WeChatPayProvider(config, transport=transport, clock=clock)


@pytest.fixture
def alipay(merchant_key, platform_key, transport: FakeTransport, clock: FrozenClock) -> AlipayProvider:
    config = AlipayConfig(
        app_id="2021000000000001",
        app_private_key=private_pem(merchant_key),
        alipay_public_key=public_pem(platform_key),
        notify_url="https://shop.example/api/v1/payments/alipay/notify",
        seller_id="2088000000000001",
    )
    return AlipayProvider(config, transport=transport, clock=clock)


def encrypt_resource(plain: dict, *, key: str = APIV3_KEY, associated_data: str = "transaction") -> dict[str, str]:
    nonce = base64.b16encode(os.urandom(6)).decode()
    sealed = AESGCM(key.encode()).encrypt(nonce.encode(), json.dumps(plain).encode(), associated_data.encode())
    return {
        "algorithm": "AEAD_AES_256_GCM",
        "ciphertext": base64.b64encode(sealed).decode(),
        "nonce": nonce,
        "associated_data": associated_data,
        "original_type": "transaction",
    }


def transaction(out_trade_no: str = "PAY20261125000001", total: int = 1990, state: str = "SUCCESS") -> dict:
    return {
        "mchid": "1230000109",
        "appid": "wxd678efh567hg6787",
        "out_trade_no": out_trade_no,
        "transaction_id": "4200000000202611250000000001",
        "trade_type": "JSAPI",
        "trade_state": state,
        "trade_state_desc": "支付成功",
        "success_time": "2026-11-25T16:00:00+08:00",
        "payer": {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
        "amount": {"total": total, "payer_total": total, "currency": "CNY", "payer_currency": "CNY"},
    }


def wechat_signed(
    key: rsa.RSAPrivateKey, body: str, *, timestamp: int, nonce: str = "fdasflkja484w", serial: str = PLATFORM_SERIAL
) -> dict[str, str]:
    """The headers WeChat Pay puts on a notification or an API answer."""
    return {
        "Wechatpay-Timestamp": str(timestamp),
        "Wechatpay-Nonce": nonce,
        "Wechatpay-Serial": serial,
        "Wechatpay-Signature": rsa_sign(key, f"{timestamp}\n{nonce}\n{body}\n"),
        "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
    }


def notification_body(resource: dict[str, str], event: str = "TRANSACTION.SUCCESS") -> str:
    return json.dumps(
        {
            "id": "EV-2018022511223320873",
            "create_time": "2026-11-25T16:00:00+08:00",
            "resource_type": "encrypt-resource",
            "event_type": event,
            "summary": "支付成功",
            "resource": resource,
        },
        ensure_ascii=False,
    )
