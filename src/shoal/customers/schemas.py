"""Request and response bodies of shopper sign-in, the shopper's own account, addresses and admin."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from shoal.core.schemas import Input, Output

Locale = Literal["zh-CN", "en"]
Email = Annotated[str, Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
Gender = Literal["female", "male", "other"]
RegionCode = Annotated[
    str, Field(pattern=r"^\d{2,9}$", description="A province's (44 or 440000), city's (4403) or district's code.")
]
CartId = Annotated[str | None, Field(max_length=36, description="The anonymous cart to merge into the shopper's cart.")]


class RegisterRequest(Input):
    email: Email
    password: str = Field(min_length=8, max_length=200)
    name: str | None = Field(default=None, min_length=1, max_length=120)
    cart_id: CartId = None


class TokenRequest(Input):
    """Either ``email`` + ``password`` or ``phone`` + ``code``."""

    email: str | None = Field(default=None, min_length=3, max_length=254)
    password: str | None = Field(default=None, min_length=1, max_length=200)
    phone: str | None = Field(default=None, min_length=5, max_length=24)
    code: str | None = Field(default=None, pattern=r"^\d{6}$")
    cart_id: CartId = None

    @model_validator(mode="after")
    def _one_way_to_sign_in(self) -> TokenRequest:
        password_fields = (self.email, self.password)
        code_fields = (self.phone, self.code)
        by_password = None not in password_fields and code_fields == (None, None)
        by_code = None not in code_fields and password_fields == (None, None)
        if not (by_password or by_code):
            raise ValueError("send either email and password, or phone and code")
        return self


class PhoneLink(Input):
    phone: str = Field(min_length=5, max_length=24)
    code: str = Field(pattern=r"^\d{6}$", description="The code texted to it (POST /api/v1/store/auth/sms-code).")


class SmsCodeRequest(Input):
    phone: str = Field(min_length=5, max_length=24)


class WeChatSignInRequest(Input):
    code: str = Field(min_length=1, max_length=128, description="The code from wx.login().")
    cart_id: CartId = None


class RefreshRequest(Input):
    refresh_token: str = Field(min_length=10, max_length=200)


class CustomerRead(Output):
    id: str
    email: str | None
    phone: str | None
    name: str
    customer_group: str | None
    member_level: str | None
    locale: str
    status: str
    created_at: datetime
    first_order_at: datetime | None
    gender: Gender | None = None
    birthday: date | None = None
    region_code: str | None = None
    marketing_consent: bool = False


class MemberRead(CustomerRead):
    """A customer as staff see them: with the tags staff gave them, which the shopper never sees."""

    tags: list[str] = Field(description="Staff's labels of the member (会员标签), e.g. 老客.")


class ShopperTokens(Output):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    customer: CustomerRead


class CustomerCreate(Input):
    """Used by the demo loader and other services; at least an email or a phone."""

    email: Email | None = None
    phone: str | None = Field(default=None, min_length=5, max_length=24)
    password: str | None = Field(default=None, min_length=8, max_length=200)
    name: str | None = Field(default=None, min_length=1, max_length=120)
    customer_group: str | None = Field(default=None, min_length=1, max_length=40)
    locale: Locale = "zh-CN"

    @model_validator(mode="after")
    def _reachable(self) -> CustomerCreate:
        if not self.email and not self.phone:
            raise ValueError("give an email or a phone")
        return self


class ProfileFields(Input):
    """What operators segment by; partial, ``null`` clears a field (consent is given or withdrawn, never null)."""

    gender: Gender | None = None
    birthday: date | None = Field(default=None, description="The birthday gift comes on its day.")
    region_code: RegionCode | None = None
    marketing_consent: bool = Field(default=None, description="Whether the shopper agrees to marketing messages.")


class MeUpdate(ProfileFields):
    """Partial; name and locale may not be ``null``."""

    name: str = Field(default=None, min_length=1, max_length=120)
    locale: Locale = None


class CustomerAdminUpdate(ProfileFields):
    """Partial; ``null`` or an empty string clears the group, ``status`` may not be ``null``."""

    customer_group: str | None = Field(default=None, max_length=40)
    status: Literal["active", "blocked"] = None
    tags: list[Tag] = Field(default=None, max_length=20, description="Replaces the member's tags; [] removes them.")


REGION_CODE = r"^\d{6}(\d{3})?$"  # a district's code, or a town's where a city has no districts (东莞)


class AddressFields(Input):
    name: str = Field(min_length=1, max_length=60)
    phone: str = Field(min_length=5, max_length=20)
    province: str = Field(min_length=1, max_length=40)
    city: str = Field(min_length=1, max_length=40)
    district: str = Field(min_length=1, max_length=40)
    region_code: str | None = Field(
        default=None, pattern=REGION_CODE, description="The district's GB/T 2260 code; the names must be its names."
    )
    line1: str = Field(min_length=1, max_length=200)
    line2: str | None = Field(default=None, max_length=200)
    postal_code: str | None = Field(default=None, max_length=12, pattern=r"^[0-9A-Za-z \-]*$")
    latitude: Decimal | None = Field(default=None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(default=None, ge=-180, le=180, max_digits=9, decimal_places=6)


class AddressCreate(AddressFields):
    is_default: bool = False


class AddressUpdate(Input):
    """Every field optional. Required address parts may be omitted but not nulled (typed ``str`` with a
    ``None`` default, so an explicit null is a 422, see ``shoal.core.schemas``); ``is_default`` may only be
    set to true."""

    name: str = Field(default=None, min_length=1, max_length=60)
    phone: str = Field(default=None, min_length=5, max_length=20)
    province: str = Field(default=None, min_length=1, max_length=40)
    city: str = Field(default=None, min_length=1, max_length=40)
    district: str = Field(default=None, min_length=1, max_length=40)
    region_code: str = Field(
        default=None, pattern=REGION_CODE, description="The district's GB/T 2260 code; the names must be its names."
    )
    line1: str = Field(default=None, min_length=1, max_length=200)
    line2: str | None = Field(default=None, max_length=200)
    postal_code: str | None = Field(default=None, max_length=12, pattern=r"^[0-9A-Za-z \-]*$")
    latitude: Decimal | None = Field(default=None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(default=None, ge=-180, le=180, max_digits=9, decimal_places=6)
    is_default: Literal[True] = None


class AddressRead(Output):
    id: str
    customer_id: str
    name: str
    phone: str
    province: str
    city: str
    district: str
    region_code: str | None
    line1: str
    line2: str | None
    postal_code: str | None
    latitude: Decimal | None
    longitude: Decimal | None
    is_default: bool
    created_at: datetime
    updated_at: datetime


class CustomerDetail(MemberRead):
    addresses: list[AddressRead]


class SmsCodeSent(Output):
    expires_in: int = Field(description="Seconds the code stays valid.")
    resend_after: int = Field(description="Seconds before another code may be requested.")


IdentityKind = Literal["phone", "email", "unionid", "card"]


class IdentityCreate(Input):
    kind: IdentityKind = Field(description="phone, email, WeChat unionid, or a store membership card number.")
    value: str = Field(min_length=1, max_length=254)


class IdentityRead(Output):
    """A door to the customer; WeChat openids are listed as ``openid`` (they are linked by signing in)."""

    id: str
    kind: Literal["phone", "email", "unionid", "card", "openid"]
    value: str
    created_at: datetime


class CustomerSearch(Input):
    """An operator's segment: every condition given must hold."""

    tag: Tag | None = None
    gender: Gender | None = None
    region: RegionCode | None = None
    marketing_consent: bool | None = None
