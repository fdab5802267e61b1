"""The carriers a shop ships with: one table of code, names in both languages and public tracking page.

A shipment stores the carrier's code (``sf``), never a typed name, so the shopper's page can name it in
their language, link to its tracking page and ask a tracking provider about it. ``other`` is for a
carrier missing from the list (a local courier, the shop's own van): it is named "其他快递 / Other
carrier", has no tracking page and is never sent to a tracking provider. Pure: no I/O.

Tracking pages: SF's own waybill page; the others through 快递100's public query page, which serves
every carrier here with one address pattern (``com`` is 快递100's company code, also what its API takes).
Adding a carrier is one line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from shoal.core.i18n import pick
from shoal.orders.errors import UnknownCarrier

OTHER = "other"
KUAIDI100_PAGE = "https://www.kuaidi100.com/chaxun?com={com}&nu={{number}}"
SF_PAGE = "https://www.sf-express.com/chn/sc/waybill/waybill-detail/{number}"


@dataclass(frozen=True, slots=True)
class Carrier:
    code: str
    name_zh: str
    name_en: str
    kuaidi100: str | None  # 快递100's company code; None: no tracking provider knows it
    own_page: str | None = None  # the carrier's own tracking page (a pattern with ``{number}``), if better

    @property
    def tracking_url(self) -> str | None:
        """The public tracking page, a pattern with ``{number}``; None: there is none."""
        if self.own_page:
            return self.own_page
        return KUAIDI100_PAGE.format(com=self.kuaidi100) if self.kuaidi100 else None

    def name(self, locale: str) -> str:
        return pick({"zh-CN": self.name_zh, "en": self.name_en}, locale)

    def link(self, number: str) -> str | None:
        return self.tracking_url.format(number=quote(number, safe="")) if self.tracking_url else None


CARRIERS: tuple[Carrier, ...] = (
    Carrier("sf", "顺丰速运", "SF Express", "shunfeng", SF_PAGE),
    Carrier("zto", "中通快递", "ZTO Express", "zhongtong"),
    Carrier("yto", "圆通速递", "YTO Express", "yuantong"),
    Carrier("yunda", "韵达快递", "Yunda Express", "yunda"),
    Carrier("sto", "申通快递", "STO Express", "shentong"),
    Carrier("jd", "京东物流", "JD Logistics", "jd"),
    Carrier("ems", "EMS", "EMS", "ems"),
    Carrier("jtexpress", "极兔速递", "J&T Express", "jtexpress"),
    Carrier("deppon", "德邦快递", "Deppon Express", "debangkuaidi"),
    Carrier("chinapost", "邮政快递包裹", "China Post Parcel", "youzhengguonei"),
    # Same-city riders a store hands a ship-from-store order to (同城配送): no 快递100 tracking.
    Carrier("sf_same_city", "顺丰同城", "SF Same-City", None),
    Carrier("dada", "达达秒送", "Dada Now", None),
    Carrier("shansong", "闪送", "FlashEx", None),
    Carrier(OTHER, "其他快递", "Other carrier", None),
)
BY_CODE = {c.code: c for c in CARRIERS}
# What people type in a bulk-shipping file: the code, either name, or the short name without 快递/速运...
_SUFFIXES = ("快递包裹", "快递", "速运", "速递", "物流", " express", " logistics")


def _short(text: str) -> str:
    text = text.strip().casefold()
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)].strip()
    return text


_BY_NAME = {_short(name): c.code for c in CARRIERS for name in (c.code, c.name_zh, c.name_en)}


def require(code: str) -> Carrier:
    """The carrier of ``code``, or 422 ``unknown_carrier`` listing the codes there are."""
    carrier = BY_CODE.get(code)
    if carrier is None:
        raise UnknownCarrier(carrier=code, known=", ".join(BY_CODE))
    return carrier


def resolve(text: str) -> str:
    """The code of a carrier as a person writes it (``SF``, ``顺丰``, ``顺丰速运``, ``SF Express``)."""
    code = _BY_NAME.get(_short(text))
    if code is None:
        raise UnknownCarrier(carrier=text.strip(), known=", ".join(BY_CODE))
    return code


def tracking_link(code: str, number: str) -> str | None:
    carrier = BY_CODE.get(code)
    return carrier.link(number) if carrier else None


def trackable(code: str) -> bool:
    """Whether a tracking provider can be asked about this carrier's parcels."""
    carrier = BY_CODE.get(code)
    return carrier is not None and carrier.kuaidi100 is not None
