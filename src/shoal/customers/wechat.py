"""WeChat mini-program sign-in: exchanging a ``wx.login`` code for the shopper's openid.

``HttpWeChatAuth`` calls WeChat's ``jscode2session``; it needs the network and the app secret, so the
tests use ``FakeWeChatAuth``. Configure the real one with ``SHOAL_WECHAT_APPID`` and
``SHOAL_WECHAT_SECRET``.
"""

from __future__ import annotations

import asyncio
import json
import urllib.parse
import urllib.request
from typing import Protocol

from pydantic_settings import BaseSettings, SettingsConfigDict

from shoal.customers.errors import WeChatSignInFailed, WeChatUnavailable

CODE2SESSION_URL = "https://api.weixin.qq.com/sns/jscode2session"


class WeChatAuth(Protocol):
    appid: str

    async def code_to_session(self, code: str) -> tuple[str, str | None, str]:
        """Return ``(openid, unionid or None, session_key)``; raise ``WeChatSignInFailed`` for a bad code."""
        ...


class WeChatSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOAL_WECHAT_", env_file=".env", extra="ignore")

    appid: str = ""
    secret: str = ""


class HttpWeChatAuth:
    """The real exchange. Uses the standard library so that it adds no dependency."""

    def __init__(self, appid: str, secret: str, *, timeout: float = 5.0) -> None:
        self.appid = appid
        self._secret = secret
        self._timeout = timeout

    async def code_to_session(self, code: str) -> tuple[str, str | None, str]:
        query = urllib.parse.urlencode(
            {"appid": self.appid, "secret": self._secret, "js_code": code, "grant_type": "authorization_code"}
        )
        try:
            body = await asyncio.to_thread(self._get, f"{CODE2SESSION_URL}?{query}")
        except (OSError, ValueError) as exc:
            raise WeChatUnavailable() from exc
        if body.get("errcode") or not body.get("openid"):
            raise WeChatSignInFailed()
        return str(body["openid"]), body.get("unionid") or None, str(body.get("session_key", ""))

    def _get(self, url: str) -> dict[str, object]:
        with urllib.request.urlopen(url, timeout=self._timeout) as response:
            return dict(json.loads(response.read().decode()))


class FakeWeChatAuth:
    """For tests and the demo: the code *is* the answer, ``"<openid>"`` or ``"<openid>:<unionid>"``.

    A code starting with ``bad`` is refused, as WeChat refuses a used or expired code.
    """

    def __init__(self, appid: str = "wx-fake") -> None:
        self.appid = appid

    async def code_to_session(self, code: str) -> tuple[str, str | None, str]:
        if code.startswith("bad"):
            raise WeChatSignInFailed()
        openid, _, unionid = code.partition(":")
        return openid, unionid or None, f"session-{openid}"


def configured_wechat_auth() -> WeChatAuth | None:
    """The real exchange when an app id and secret are configured; ``None`` means WeChat sign-in is off."""
    settings = WeChatSettings()
    if settings.appid and settings.secret:
        return HttpWeChatAuth(settings.appid, settings.secret)
    return None
