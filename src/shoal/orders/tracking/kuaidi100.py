"""快递100 (api.kuaidi100.com): real-time query, subscription, and the callback it posts.

* Query: ``POST https://poll.kuaidi100.com/poll/query.do`` with ``customer``, ``param`` (JSON) and
  ``sign`` = upper-case MD5 of ``param + key + customer``.
* Subscription: ``POST https://poll.kuaidi100.com/poll`` with ``schema=json`` and ``param`` naming the
  company, number, our ``key`` and ``parameters.callbackurl`` / ``salt``; answer ``returnCode`` 200, or
  501 for a parcel already subscribed (fine: subscribing twice is harmless).
* Callback: a form post of ``param`` (JSON whose ``lastResult`` holds the state and every checkpoint) and
  ``sign`` = upper-case MD5 of ``param + salt``; we answer ``{"result": true, "returnCode": "200"}``.

Main states: 0 在途, 1 揽收, 2 疑难, 3 签收, 4 退签, 5 派件, 6 退回, 7 转投, 8 清关, 14 拒签.
Times are Beijing time without a zone. The network is an injectable ``FormPoster``, so tests never call out.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from shoal.core import http_client
from shoal.orders import carriers
from shoal.orders.errors import ForgedTrackingCallback, TrackingUnavailable
from shoal.orders.tracking.base import Checkpoint, Subscription, TrackingState, TrackingUpdate

QUERY_URL = "https://poll.kuaidi100.com/poll/query.do"
SUBSCRIBE_URL = "https://poll.kuaidi100.com/poll"
BEIJING = ZoneInfo("Asia/Shanghai")
STATES: dict[str, TrackingState] = {
    "0": "in_transit", "1": "collected", "2": "problem", "3": "delivered", "4": "returned", "5": "delivering",
    "6": "returned", "7": "in_transit", "8": "in_transit", "14": "returned",
}  # fmt: skip
SUBSCRIBED = ("200", "501")  # 501: this parcel is already subscribed
_OURS = {c.kuaidi100: c.code for c in carriers.CARRIERS if c.kuaidi100}


class FormPoster(Protocol):
    async def post_form(self, url: str, fields: Mapping[str, str]) -> bytes: ...


class UrllibPoster:
    """The real network (``core.http_client``); no answer, or an error status, is ``TrackingUnavailable``."""

    def __init__(self, *, timeout: float = 10.0) -> None:
        self._timeout = timeout

    async def post_form(self, url: str, fields: Mapping[str, str]) -> bytes:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        body = urllib.parse.urlencode(fields).encode()
        try:
            response = await http_client.post(url, headers, body, timeout_seconds=self._timeout)
        except http_client.Unreachable as error:
            raise TrackingUnavailable(provider="kuaidi100", reason=error.reason) from error
        if response.status >= 400:
            raise TrackingUnavailable(provider="kuaidi100", reason="HTTPError")
        return response.body


def sign(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest().upper()


def read_result(result: Mapping[str, Any], *, carrier: str | None = None) -> TrackingUpdate:
    """A 快递100 result (a query's answer, or a callback's ``lastResult``) in our terms."""
    checkpoints = tuple(
        Checkpoint(at=_utc(item["time"]), description=str(item["context"]).strip(), area=item.get("areaName"))
        for item in result.get("data") or ()
    )
    state = "delivered" if str(result.get("ischeck")) == "1" else STATES.get(str(result.get("state")), "in_transit")
    return TrackingUpdate(
        carrier=carrier or _OURS.get(str(result.get("com")), str(result.get("com"))),
        number=str(result.get("nu", "")),
        state=state,
        checkpoints=tuple(sorted(checkpoints, key=lambda c: c.at)),
    )


def parse_push(form: Mapping[str, str], *, salt: str) -> TrackingUpdate | None:
    """Verify a callback (``sign`` = MD5(param + salt)) and read it; ``None`` when it carries no result
    (``status`` ``abort``: 快递100 stopped watching a parcel it could not find)."""
    param, signature = form.get("param", ""), form.get("sign", "")
    if not param or not hmac.compare_digest(signature.upper(), sign(param + salt)):
        raise ForgedTrackingCallback()
    try:
        body = json.loads(param)
        result = body.get("lastResult")
        return read_result(result) if result else None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ForgedTrackingCallback() from exc


def _utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Kuaidi100Config:
    customer: str
    key: str


class Kuaidi100Tracker:
    name = "kuaidi100"

    def __init__(self, config: Kuaidi100Config, *, poster: FormPoster | None = None) -> None:
        self._config = config
        self._poster = poster or UrllibPoster()

    async def query(self, carrier: str, number: str, *, phone: str | None = None) -> TrackingUpdate:
        param = json.dumps(
            {"com": self._company(carrier), "num": number, "phone": phone or "", "resultv2": "0", "order": "desc"},
            ensure_ascii=False,
        )
        customer = self._config.customer
        fields = {"customer": customer, "param": param, "sign": sign(param + self._config.key + customer)}
        answer = self._json(await self._poster.post_form(QUERY_URL, fields))
        if str(answer.get("status")) != "200":
            raise TrackingUnavailable(provider=self.name, reason=str(answer.get("message") or answer.get("returnCode")))
        return read_result(answer, carrier=carrier)

    async def subscribe(self, subscription: Subscription) -> None:
        parameters = {"callbackurl": subscription.callback_url, "salt": subscription.salt}
        if subscription.phone:
            parameters["phone"] = subscription.phone
        param = {
            "company": self._company(subscription.carrier),
            "number": subscription.number,
            "key": self._config.key,
            "parameters": parameters,
        }
        fields = {"schema": "json", "param": json.dumps(param, ensure_ascii=False)}
        answer = self._json(await self._poster.post_form(SUBSCRIBE_URL, fields))
        if str(answer.get("returnCode")) not in SUBSCRIBED:
            raise TrackingUnavailable(provider=self.name, reason=str(answer.get("message") or answer.get("returnCode")))

    def parse_callback(self, form: Mapping[str, str], *, salt: str) -> TrackingUpdate | None:
        return parse_push(form, salt=salt)

    def callback_ack(self) -> dict[str, object]:
        return {"result": True, "returnCode": "200", "message": "成功"}

    def _company(self, carrier: str) -> str:
        company = carriers.require(carrier).kuaidi100
        if company is None:
            raise TrackingUnavailable(provider=self.name, reason=f"no company code for {carrier}")
        return company

    def _json(self, raw: bytes) -> dict[str, Any]:
        try:
            answer = json.loads(raw)
        except ValueError as exc:
            raise TrackingUnavailable(provider=self.name, reason="not JSON") from exc
        if not isinstance(answer, dict):
            raise TrackingUnavailable(provider=self.name, reason="not a JSON object")
        return answer
