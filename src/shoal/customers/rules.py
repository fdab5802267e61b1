"""Pure rules of shopper sign-in and the address book: no I/O, so they are tested exhaustively."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from shoal.identity.rules import normalise_email

CODE_LENGTH = 6
CODE_TTL = timedelta(minutes=5)
RESEND_COOLDOWN = timedelta(seconds=60)
MAX_CODE_ATTEMPTS = 3  # per code; sign-in lockout (5 failures per phone) stops new codes' tries too
MAX_ADDRESSES = 50
CUSTOMER_STATUSES = ("active", "blocked")
IDENTITY_KINDS = ("phone", "email", "unionid", "card")  # the doors of ``CustomerIdentity``
CONTACT_KINDS = ("phone", "email")  # doors that are also the customer's contact columns
PROFILE_GENDERS = ("female", "male", "other")
_CARD_NUMBER = re.compile(r"^[0-9A-Z]{4,32}$")

_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
_PHONE = re.compile(r"^\+[1-9]\d{5,14}$")
_CN_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalise_phone(raw: str) -> str | None:
    """E.164 form of a phone number, or ``None`` if it is not one.

    A bare 11-digit mainland mobile (``13800138000``) is the common case and gets ``+86``, so the
    same shopper typing it with or without the country code is one account.
    """
    phone = _PHONE_SEPARATORS.sub("", raw)
    if phone.startswith("00"):
        phone = "+" + phone[2:]
    if _CN_MOBILE.match(phone):
        phone = "+86" + phone
    return phone if _PHONE.match(phone) else None


def generate_code(randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """A uniformly random code of ``CODE_LENGTH`` digits (leading zeros kept)."""
    return str(randbelow(10**CODE_LENGTH)).zfill(CODE_LENGTH)


def code_digest(secret: str, tenant_id: str, phone: str, code: str) -> str:
    """A keyed digest: a million possible codes are trivial to brute-force from a plain hash."""
    message = f"{tenant_id}:{phone}:{code}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def code_expires_at(sent_at: datetime) -> datetime:
    return sent_at + CODE_TTL


def resend_allowed_before(now: datetime) -> datetime:
    """A code sent at or before this instant may be replaced by a new one."""
    return now - RESEND_COOLDOWN


def resend_wait_seconds(sent_at: datetime, now: datetime) -> int:
    """Whole seconds (at least 1) until a new code may be sent."""
    return max(1, int((sent_at + RESEND_COOLDOWN - now).total_seconds() + 0.999))


def code_is_usable(*, expires_at: datetime, attempts: int, consumed_at: datetime | None, now: datetime) -> bool:
    """Mirrors the guard of the consuming UPDATE; the database applies it, this documents and tests it."""
    return consumed_at is None and now < expires_at and attempts < MAX_CODE_ATTEMPTS


def sms_text(code: str, locale: str) -> str:
    minutes = int(CODE_TTL.total_seconds() // 60)
    if locale == "en":
        return f"[Shoal] Your sign-in code is {code}. It expires in {minutes} minutes; never share it."
    return f"【Shoal】您的登录验证码为 {code}，{minutes} 分钟内有效，请勿告诉他人。"


def default_name(*, email: str | None = None, phone: str | None = None) -> str:
    """What to call a shopper who has not told us: the email's local part or the phone's last four."""
    if email:
        return email.split("@", 1)[0][:120]
    if phone:
        return f"用户{phone[-4:]}"
    return "微信用户"


def is_default_on_create(*, book_size: int, requested: bool) -> bool:
    """The first address is the default whatever was asked; later ones only when asked."""
    return requested or book_size == 0


def successor_default(remaining_newest_first: Sequence[str]) -> str | None:
    """When the default address is deleted, the newest remaining one takes over (if any remains)."""
    return remaining_newest_first[0] if remaining_newest_first else None


def normalise_identity(kind: str, raw: str) -> str | None:
    """The stored form of a door (phones in E.164, emails lower-case, card numbers upper-case without spaces
    or dashes), or ``None`` when ``raw`` is not one: the same door typed two ways is one door."""
    if kind == "phone":
        return normalise_phone(raw)
    if kind == "email":
        email = normalise_email(raw)
        return email if re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email) else None
    if kind == "card":
        card = re.sub(r"[\s\-]", "", raw).upper()
        return card if _CARD_NUMBER.match(card) else None
    unionid = raw.strip()
    return unionid if kind == "unionid" and 0 < len(unionid) <= 128 else None


def month_day(day: date) -> int:
    """A birthday as ``month * 100 + day`` (0229 for 29 February): what the birthday job looks up."""
    return day.month * 100 + day.day


def birthdays_on(today: date) -> tuple[int, ...]:
    """The birthdays celebrated ``today``: its own, and 29 February on 28 February of a year without one."""
    if (today.month, today.day) == (2, 28) and (today.replace(day=1) + timedelta(days=28)).month == 3:
        return (month_day(today), 229)
    return (month_day(today),)


def region_prefix(code: str) -> str:
    """A region's code as the national divisions spell it (``customers.regions``), which every code inside it
    starts with: ``44`` for 广东 (also written 440000), ``4403`` for 深圳 (440300), 440305 for 南山区."""
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code
