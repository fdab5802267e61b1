"""A shop's own payment credentials (支付设置): saved sealed, read back masked, audited, owners and admins only.

The provider registry (``config.ProviderRegistry.for_tenant``) reads them through ``stored_versions`` and
``stored_config``; a shop without them keeps the environment's providers. Secrets are checked before they are
stored (the keys must load), a secret left out keeps the stored one, and every change bumps ``version`` with a
guarded update, so two owners saving at once cannot lose each other's change silently.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from shoal.config import Settings
from shoal.core.errors import Conflict, NotFound, ValidationFailed
from shoal.core.ids import new_id
from shoal.core.secrets import SecretUnreadable, hint, seal, unseal
from shoal.core.uow import UnitOfWork
from shoal.payments.models import ShopCredentials
from shoal.payments.providers.alipay import AlipayConfig, AlipayProvider
from shoal.payments.providers.transport import UrllibTransport
from shoal.payments.providers.wechatpay import WeChatPayConfig, WeChatPayProvider
from shoal.payments.schemas_settings import AlipayCredentialsIn, CredentialsRead, WeChatPayCredentialsIn

log = logging.getLogger("shoal.payments")
PERMISSION = "settings.manage"
SECRETS = {"wechatpay": ("merchant_private_key", "apiv3_key", "platform_keys", "apiv2_key", "merchant_cert"),
           "alipay": ("app_private_key", "alipay_public_key")}  # fmt: skip
OPTIONAL = ("platform_keys", "apiv2_key", "merchant_cert")  # the last two only for payment codes (API v2)
PROVIDERS = tuple(SECRETS)
ProviderConfig = WeChatPayConfig | AlipayConfig


class CredentialsInvalid(ValidationFailed):
    code = "credentials_invalid"
    message = {
        "en": "These keys cannot be used: check the private key, the API key and the public keys or certificates.",
        "zh-CN": "密钥无法使用：请检查私钥、API 密钥以及公钥或证书。",
    }


async def list_credentials(uow: UnitOfWork) -> list[CredentialsRead]:
    async with uow:
        uow.actor.require(PERMISSION)
        rows = await uow.s.execute(select(ShopCredentials).where(ShopCredentials.tenant_id == uow.tenant_id))
        return [_read(row) for row in rows.scalars()]


async def save_credentials(
    uow: UnitOfWork, *, settings: Settings, data: WeChatPayCredentialsIn | AlipayCredentialsIn
) -> CredentialsRead:
    """Store the shop's account with one provider; secrets left out keep their stored value."""
    provider = "wechatpay" if isinstance(data, WeChatPayCredentialsIn) else "alipay"
    async with uow:
        uow.actor.require(PERMISSION)
        row = await _row(uow, provider)
        sent = data.model_dump(include=set(SECRETS[provider]), exclude_none=True)
        secrets = _opened(settings, row) | sent
        identifiers = data.model_dump(exclude=set(SECRETS[provider]))
        _check(provider, identifiers, secrets, uow)
        values = {
            "identifiers": identifiers,
            "secrets": seal(settings, secrets),
            "hints": {name: _hint(value) for name, value in secrets.items()},
            "updated_by": uow.actor.label,
            "updated_at": uow.clock.now(),
        }
        row = await (_replace(uow, row, values) if row else _insert(uow, provider, values))
        uow.audit("payment_settings.save", "payment_settings", provider,
                  {"identifiers": identifiers, "secrets_changed": sorted(sent)})  # fmt: skip
        await uow.commit()
        return _read(row)


async def delete_credentials(uow: UnitOfWork, *, provider: str) -> None:
    """Forget the shop's own account: the environment's provider (if any) applies again."""
    async with uow:
        uow.actor.require(PERMISSION)
        gone = await uow.s.execute(
            delete(ShopCredentials).where(
                ShopCredentials.tenant_id == uow.tenant_id, ShopCredentials.provider == provider
            )
        )
        if gone.rowcount != 1:  # type: ignore[attr-defined]
            raise NotFound("payment_settings", id=provider)
        uow.audit("payment_settings.delete", "payment_settings", provider, {})
        await uow.commit()


async def stored_versions(uow: UnitOfWork) -> dict[str, int]:
    """Which providers this shop has its own account with, and the version of each (cheap: no secret is read)."""
    async with uow:
        rows = await uow.s.execute(
            select(ShopCredentials.provider, ShopCredentials.version).where(ShopCredentials.tenant_id == uow.tenant_id)
        )
        return {provider: version for provider, version in rows}


async def stored_config(uow: UnitOfWork, *, settings: Settings, provider: str) -> tuple[int, ProviderConfig] | None:
    """The shop's account with ``provider``, opened, with its version; ``None`` when it has none."""
    async with uow:
        row = await _row(uow, provider)
        if row is None:
            return None
        secrets = _opened(settings, row)
        if not secrets:
            return None
        return row.version, provider_config(provider, row.identifiers, secrets)


def provider_config(provider: str, identifiers: dict[str, Any], secrets: dict[str, Any]) -> ProviderConfig:
    if provider == "wechatpay":
        return WeChatPayConfig(
            identifiers["mchid"], identifiers["appid"], secrets["merchant_private_key"],
            identifiers["merchant_serial"], secrets["apiv3_key"], secrets.get("platform_keys") or {},
            identifiers["notify_url"], apiv2_key=secrets.get("apiv2_key", ""),
            merchant_cert=secrets.get("merchant_cert", ""),
        )  # fmt: skip
    return AlipayConfig(
        identifiers["app_id"], secrets["app_private_key"], secrets["alipay_public_key"], identifiers["notify_url"],
        identifiers.get("seller_id", ""),
    )  # fmt: skip


def _check(provider: str, identifiers: dict[str, Any], secrets: dict[str, Any], uow: UnitOfWork) -> None:
    """Every secret present, and the keys load: a shop never saves an account that could not take a payment."""
    missing = [name for name in SECRETS[provider] if name not in OPTIONAL and not secrets.get(name)]
    if missing:
        raise ValidationFailed(errors=[{"field": name, "message": "required", "code": "missing"} for name in missing])
    config = provider_config(provider, identifiers, secrets)
    try:
        if isinstance(config, WeChatPayConfig):
            WeChatPayProvider(config, transport=UrllibTransport(), clock=uow.clock)
        else:
            AlipayProvider(config, transport=UrllibTransport(), clock=uow.clock)
    except (ValueError, TypeError) as exc:
        raise CredentialsInvalid(errors=[{"field": "__form__", "message": str(exc), "code": "invalid"}]) from exc


def _opened(settings: Settings, row: ShopCredentials | None) -> dict[str, Any]:
    """The stored secrets; none when this server's key cannot open them (the settings key was changed): the
    shop then falls back to the environment's provider until an owner enters its keys again."""
    if row is None:
        return {}
    try:
        return unseal(settings, row.secrets)
    except SecretUnreadable:
        log.error(
            "payment settings of tenant %s for %s cannot be opened with SHOAL_SETTINGS_KEY", row.tenant_id, row.provider
        )
        return {}


def _hint(value: Any) -> str:
    if isinstance(value, dict):  # platform keys: their serials are public, the keys need no hiding either
        return ", ".join(sorted(value))
    return hint(str(value))


async def _row(uow: UnitOfWork, provider: str) -> ShopCredentials | None:
    query = select(ShopCredentials).where(
        ShopCredentials.tenant_id == uow.tenant_id, ShopCredentials.provider == provider
    )
    return (await uow.s.execute(query)).scalar_one_or_none()


async def _insert(uow: UnitOfWork, provider: str, values: dict[str, Any]) -> ShopCredentials:
    row = ShopCredentials(id=new_id(), tenant_id=uow.tenant_id, provider=provider, version=1, **values)
    uow.s.add(row)
    try:
        await uow.s.flush()
    except IntegrityError as exc:
        raise Conflict(detail="the payment settings were changed meanwhile; reload and save again") from exc
    return row


async def _replace(uow: UnitOfWork, row: ShopCredentials, values: dict[str, Any]) -> ShopCredentials:
    changed = await uow.s.execute(
        update(ShopCredentials)
        .where(ShopCredentials.id == row.id, ShopCredentials.version == row.version)
        .values(version=ShopCredentials.version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(detail="the payment settings were changed meanwhile; reload and save again")
    await uow.s.refresh(row)
    return row


def _read(row: ShopCredentials) -> CredentialsRead:
    return CredentialsRead(
        provider=row.provider, identifiers=row.identifiers, secrets=row.hints, version=row.version,
        updated_by=row.updated_by, updated_at=row.updated_at,
    )  # fmt: skip
