"""A shop's own WeChat Pay and Alipay accounts on both databases: sealed at rest and shown back masked, owners
and admins only, refused under the public development key outside development; the registry answers each
shop's own provider (built again when the shop changes its keys) and the environment's to every other shop."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select

from shoal.config import Settings
from shoal.core.audit import AuditEntry
from shoal.core.errors import Forbidden, NotFound, ValidationFailed
from shoal.core.secrets import SettingsKeyMissing
from shoal.payments import service_settings
from shoal.payments.models import ShopCredentials
from shoal.payments.providers.alipay import AlipayProvider
from shoal.payments.schemas_settings import AlipayCredentialsIn, WeChatPayCredentialsIn
from tests.conftest import new_tenant, staff_actor
from tests.integration.payments.conftest import CUSTOMER, place_order, shopper
from tests.integration.payments.helpers import start_wechat
from tests.unit.payments.conftest import APIV3_KEY, MERCHANT_SERIAL, PLATFORM_SERIAL, private_pem, public_pem

DEV = Settings()
NOTIFY = "https://shop.example/api/v1/payments/alipay/notify/t"


@pytest.fixture(scope="module")
def app_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def alipay(app_key, app_id: str = "2021000000000001", **secrets: str | None) -> AlipayCredentialsIn:  # type: ignore[no-untyped-def]
    keys = {"app_private_key": private_pem(app_key), "alipay_public_key": public_pem(app_key)} | secrets
    return AlipayCredentialsIn(app_id=app_id, notify_url=NOTIFY, **keys)


async def test_saved_secrets_are_sealed_masked_and_audited_without_their_value(
    uow_factory, db, tenant, app_key
) -> None:  # type: ignore[no-untyped-def]
    saved = await service_settings.save_credentials(uow_factory(), settings=DEV, data=alipay(app_key))
    pem = private_pem(app_key)
    assert saved.identifiers["app_id"] == "2021000000000001" and saved.version == 1
    assert set(saved.secrets) == {"app_private_key", "alipay_public_key"}
    assert all(len(hint) == 4 for hint in saved.secrets.values())
    async with db.uow(tenant_id=tenant.id) as uow:
        row = (await uow.s.execute(select(ShopCredentials).where(ShopCredentials.tenant_id == tenant.id))).scalar_one()
        saved_in_audit = (AuditEntry.tenant_id == tenant.id, AuditEntry.action == "payment_settings.save")
        saves = select(AuditEntry).where(*saved_in_audit)
        audit = (await uow.s.execute(saves)).scalar_one()
    stored = json.dumps([row.identifiers, row.hints]) + row.secrets
    body = pem.split("-----")[2].strip().splitlines()[1]
    assert body not in stored and body not in json.dumps(audit.changes) and body not in saved.model_dump_json()


async def test_the_registry_answers_the_shops_own_account_and_follows_its_changes(
    uow_factory, db, tenant, app_key, providers
) -> None:  # type: ignore[no-untyped-def]
    other = await new_tenant(db)
    assert (await providers.for_tenant(uow_factory())).get("alipay") is None
    await service_settings.save_credentials(uow_factory(), settings=DEV, data=alipay(app_key))
    mine = (await providers.for_tenant(uow_factory())).get("alipay")
    assert isinstance(mine, AlipayProvider) and mine.config.app_id == "2021000000000001"
    assert (await providers.for_tenant(uow_factory())).get("alipay") is mine  # built once, then cached
    theirs = await providers.for_tenant(db.uow(tenant_id=other.id, actor=staff_actor()))
    assert theirs.get("alipay") is None and theirs.get("wechatpay") is providers.get("wechatpay")

    # A new app id, the secrets left out: they are kept, the version grows and the cached provider is replaced.
    changed = alipay(app_key, app_id="2021000000000002", app_private_key=None, alipay_public_key=None)
    assert (await service_settings.save_credentials(uow_factory(), settings=DEV, data=changed)).version == 2
    now = (await providers.for_tenant(uow_factory())).get("alipay")
    assert isinstance(now, AlipayProvider) and now.config.app_id == "2021000000000002" and now is not mine
    await service_settings.delete_credentials(uow_factory(), provider="alipay")
    assert (await providers.for_tenant(uow_factory())).get("alipay") is None
    with pytest.raises(NotFound):
        await service_settings.delete_credentials(uow_factory(), provider="alipay")


async def test_a_shops_own_wechat_pay_merchant_takes_its_payments(
    uow_factory, tenant, providers, transport, merchant_key, platform_key, clock
) -> None:  # type: ignore[no-untyped-def]
    own = WeChatPayCredentialsIn(
        mchid="1900000001", appid="wxshop0000000001", merchant_serial=MERCHANT_SERIAL,
        notify_url=f"https://shop.example/api/v1/payments/wechatpay/notify/{tenant.id}",
        merchant_private_key=private_pem(merchant_key), apiv3_key=APIV3_KEY,
        platform_keys={PLATFORM_SERIAL: public_pem(platform_key)},
    )  # fmt: skip
    saved = await service_settings.save_credentials(uow_factory(), settings=DEV, data=own)
    assert saved.secrets["platform_keys"] == PLATFORM_SERIAL and "apiv3_key" in saved.secrets
    order = await place_order(uow_factory, tenant.tenant)
    await start_wechat(shopper(uow_factory), providers, transport, platform_key, clock, order.id, CUSTOMER)
    sent = json.loads(transport.sent[-1][2])
    assert (sent["mchid"], sent["appid"]) == ("1900000001", "wxshop0000000001")
    assert sent["notify_url"].endswith(f"/notify/{tenant.id}")


async def test_only_owners_and_admins_and_only_whole_usable_keys(uow_factory, db, tenant, app_key) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Forbidden):
        await service_settings.save_credentials(
            uow_factory(staff_actor("operator")), settings=DEV, data=alipay(app_key)
        )
    with pytest.raises(Forbidden):
        await service_settings.list_credentials(uow_factory(staff_actor("operator")))
    with pytest.raises(ValidationFailed) as missing:
        await service_settings.save_credentials(
            uow_factory(), settings=DEV, data=alipay(app_key, alipay_public_key=None)
        )
    assert missing.value.params["errors"][0]["field"] == "alipay_public_key"
    with pytest.raises(ValidationFailed) as unusable:
        await service_settings.save_credentials(
            uow_factory(), settings=DEV, data=alipay(app_key, app_private_key="nope")
        )
    assert unusable.value.code == "credentials_invalid"
    assert await service_settings.list_credentials(uow_factory()) == []
    saved = await service_settings.save_credentials(
        uow_factory(staff_actor("admin")), settings=DEV, data=alipay(app_key)
    )
    assert saved.updated_by == "staff:test-admin"


async def test_outside_development_the_public_default_key_stores_nothing(uow_factory, app_key) -> None:  # type: ignore[no-untyped-def]
    production = Settings(environment="production", secret_key="a-real-secret-of-this-server-0123456789abcdef")
    with pytest.raises(SettingsKeyMissing):
        await service_settings.save_credentials(uow_factory(), settings=production, data=alipay(app_key))
    assert await service_settings.list_credentials(uow_factory()) == []
    keyed = production.model_copy(update={"settings_key": "another-real-key-of-this-server"})
    await service_settings.save_credentials(uow_factory(), settings=keyed, data=alipay(app_key))
    stored = await service_settings.stored_config(uow_factory(), settings=keyed, provider="alipay")
    assert stored is not None and stored[1].app_id == "2021000000000001"
    # Another key cannot open it: the shop falls back to the environment's provider instead of failing.
    assert await service_settings.stored_config(uow_factory(), settings=DEV, provider="alipay") is None
