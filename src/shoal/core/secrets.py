"""Secrets a shop stores (its WeChat Pay and Alipay keys), encrypted at rest.

Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) with a key derived by HKDF-SHA256 from the setting
``SHOAL_SETTINGS_KEY``: a stolen database or backup without the setting reveals nothing, and a tampered value
fails to open instead of being used. The development default key is public, so outside development it refuses
to seal anything (``SettingsKeyMissing``): a real shop's keys are never written under a known key.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from shoal.config import DEV_SETTINGS_KEY, Settings
from shoal.core.errors import ShoalError

HINT_LENGTH = 4


class SettingsKeyMissing(ShoalError):
    status = 409
    code = "settings_key_missing"
    message = {
        "en": "This server cannot store secrets yet: its administrator must set SHOAL_SETTINGS_KEY first.",
        "zh-CN": "服务器尚不能保存密钥：请管理员先设置 SHOAL_SETTINGS_KEY。",
    }


class SecretUnreadable(Exception):
    """A sealed value that this server's key cannot open (another key, or tampered with)."""


def _fernet(settings: Settings) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"shoal settings v1").derive(
        settings.settings_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(settings: Settings, values: dict[str, Any]) -> str:
    """Encrypt ``values`` (JSON); refused under the development key outside development."""
    if settings.settings_key == DEV_SETTINGS_KEY and not settings.is_development:
        raise SettingsKeyMissing()
    return _fernet(settings).encrypt(json.dumps(values, sort_keys=True).encode()).decode()


def unseal(settings: Settings, token: str) -> dict[str, Any]:
    try:
        opened: dict[str, Any] = json.loads(_fernet(settings).decrypt(token.encode()))
    except InvalidToken as exc:
        raise SecretUnreadable() from exc
    return opened


def hint(secret: str) -> str:
    """What may be shown of a stored secret: its last characters (of a PEM key, of the key inside its
    ``-----BEGIN/END-----`` lines), never the rest; nothing at all of a secret too short to spare them."""
    body = "".join(line.strip() for line in secret.splitlines() if not line.strip().startswith("-----"))
    return body[-HINT_LENGTH:] if len(body) > HINT_LENGTH * 2 else ""
