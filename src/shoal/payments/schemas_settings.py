"""Bodies of a shop's own payment credentials. Secrets go in and never come out: a read shows the identifiers
(商户号, AppID) and, for each secret, only that it is set and its last four characters."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from shoal.core.schemas import Input, Output

KEY = Field(default=None, min_length=1, max_length=10_000, description="Left out: the stored one is kept.")
NOTIFY_URL = Field(
    min_length=1,
    max_length=300,
    pattern=r"^https?://\S+$",
    description="Where the provider notifies this shop: <server>/api/v1/payments/<provider>/notify/<tenant id>.",
)


class WeChatPayCredentialsIn(Input):
    mchid: str = Field(min_length=1, max_length=32, pattern=r"^[0-9]+$", description="商户号")
    appid: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_]+$")
    merchant_serial: str = Field(min_length=1, max_length=64, pattern=r"^[A-Fa-f0-9]+$")
    notify_url: str = NOTIFY_URL
    merchant_private_key: str | None = KEY
    apiv3_key: str | None = Field(default=None, min_length=32, max_length=32, description="Left out: kept.")
    platform_keys: dict[str, str] | None = Field(
        default=None, max_length=10, description="Platform certificate or public key (PEM) by serial or key id."
    )
    apiv2_key: str | None = Field(
        default=None,
        min_length=32,
        max_length=32,
        description="API v2 key, for till payment codes. Left out: kept.",
    )
    merchant_cert: str | None = Field(
        default=None, min_length=1, max_length=10_000, pattern=r"BEGIN CERTIFICATE",
        description="Merchant API certificate (apiclient_cert.pem), for reversing payment codes. Left out: kept.",
    )  # fmt: skip


class AlipayCredentialsIn(Input):
    app_id: str = Field(min_length=1, max_length=32, pattern=r"^[0-9]+$")
    seller_id: str = Field(default="", max_length=32, pattern=r"^[0-9]*$", description="The merchant's PID.")
    notify_url: str = NOTIFY_URL
    app_private_key: str | None = KEY
    alipay_public_key: str | None = KEY


class CredentialsRead(Output):
    provider: str
    identifiers: dict[str, str]
    secrets: dict[str, str] = Field(description="Each stored secret's last four characters (empty: too short).")
    version: int
    updated_by: str
    updated_at: datetime
