"""The merchant's TLS client certificate is loaded from its PEM text (through a temporary file removed at once)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from shoal.payments.providers.errors import ProviderFailed
from shoal.payments.providers.httpx_transport import ClientCert, client_tls_context
from tests.unit.payments.conftest import private_pem


def self_signed(key) -> str:  # type: ignore[no-untyped-def]
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "1230000109")])
    now = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=365))
            .sign(key, hashes.SHA256()))  # fmt: skip
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def test_the_certificate_and_key_load_and_leave_no_file(merchant_key) -> None:
    before = set(Path(tempfile.gettempdir()).glob("*.pem"))
    assert client_tls_context(ClientCert(self_signed(merchant_key), private_pem(merchant_key)), "api.mch.weixin.qq.com")
    assert set(Path(tempfile.gettempdir()).glob("*.pem")) == before


def test_a_certificate_of_another_key_is_a_provider_failure(merchant_key, stranger_key) -> None:
    with pytest.raises(ProviderFailed, match="certificate does not load"):
        client_tls_context(ClientCert(self_signed(stranger_key), private_pem(merchant_key)), "api.mch.weixin.qq.com")
