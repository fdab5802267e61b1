"""Payments fixtures: a placed order awaiting payment, a registry with the mock and a WeChat Pay provider."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from shoal.core.actors import Actor
from shoal.core.tenancy import Tenant
from shoal.core.uow import UnitOfWork
from shoal.inventory import service as inventory
from shoal.inventory.rules import ReserveLine
from shoal.inventory.schemas import LocationCreate
from shoal.orders import service as orders
from shoal.orders.schemas import DraftLine, OrderDraft, OrderRead
from shoal.payments.config import ProviderRegistry, build_registry
from shoal.payments.providers.wechatpay import WeChatPayConfig
from tests.stand_ins import stand_in_for_catalog
from tests.unit.payments.conftest import (
    APIV3_KEY,
    MERCHANT_SERIAL,
    PLATFORM_SERIAL,
    FakeTransport,
    private_pem,
    public_pem,
)

CUSTOMER = "0192f0c0-0000-7000-8000-00000000c0de"
VARIANT = "0192f0c0-0000-7000-8000-0000000000a1"


async def place_order(uow_factory, tenant: Tenant, total: int = 1990, customer_id: str = CUSTOMER) -> OrderRead:  # type: ignore[no-untyped-def]
    location = await inventory.create_location(
        uow_factory(), data=LocationCreate(code=f"WH-{total}-{customer_id[-4:]}", kind="warehouse", name="WH")
    )
    await inventory.receive_stock(uow_factory(), variant_id=VARIANT, location_id=location.id, quantity=5)
    line = DraftLine(
        variant_id=VARIANT,
        product_id=VARIANT,
        sku="TEE-1",
        name={"en": "Tee", "zh-CN": "T恤"},
        title="Tee",
        options=[],
        image=None,
        unit_price=total,
        quantity=1,
        discount=0,
        line_total=total,
        location_id=location.id,
    )
    draft = OrderDraft(
        customer_id=customer_id,
        currency="CNY",
        subtotal=total,
        discount=0,
        shipping_fee=0,
        total=total,
        delivery_method="shipping",
        lines=[line],
        reserve=[ReserveLine(VARIANT, location.id, 1)],
        unpaid_minutes=30,
    )
    return await orders.place_order(uow_factory(), tenant=tenant, draft=draft)


@pytest.fixture
async def order(uow_factory, tenant) -> OrderRead:  # type: ignore[no-untyped-def]
    return await place_order(uow_factory, tenant.tenant)


@pytest.fixture(scope="session")
def merchant_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def platform_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def transport() -> FakeTransport:
    return FakeTransport()


@pytest.fixture
def providers(clock, transport, merchant_key, platform_key) -> ProviderRegistry:  # type: ignore[no-untyped-def]
    wechat = WeChatPayConfig(
        mchid="1230000109",
        appid="wxd678efh567hg6787",
        merchant_private_key=private_pem(merchant_key),
        merchant_serial=MERCHANT_SERIAL,
        apiv3_key=APIV3_KEY,
        platform_keys={PLATFORM_SERIAL: public_pem(platform_key)},
    )
    return build_registry(clock=clock, mock_enabled=True, transport=transport, wechatpay=wechat)


def shopper(uow_factory, customer_id: str = CUSTOMER) -> UnitOfWork:  # type: ignore[no-untyped-def]
    return uow_factory(Actor(kind="shopper", id=customer_id))


@pytest.fixture(autouse=True)
def _catalog_stood_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests use made-up variant ids (``tests.stand_ins``)."""
    stand_in_for_catalog(monkeypatch)
