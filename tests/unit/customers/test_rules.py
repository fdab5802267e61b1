"""Pure rules of shopper sign-in and the address book."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from shoal.customers import rules

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


@given(st.integers(min_value=0, max_value=10**6 - 1))
def test_codes_are_always_six_digits(value: int) -> None:
    code = rules.generate_code(lambda _bound: value)
    assert len(code) == rules.CODE_LENGTH and code.isdigit() and int(code) == value


def test_generated_codes_use_the_whole_range() -> None:
    bounds: list[int] = []
    rules.generate_code(lambda bound: bounds.append(bound) or 0)
    assert bounds == [10**6]


def test_code_digest_is_keyed_and_bound_to_tenant_and_phone() -> None:
    base = rules.code_digest("secret", "t1", "+8613800138000", "123456")
    assert base == rules.code_digest("secret", "t1", "+8613800138000", "123456")
    assert base != rules.code_digest("other", "t1", "+8613800138000", "123456")
    assert base != rules.code_digest("secret", "t2", "+8613800138000", "123456")
    assert base != rules.code_digest("secret", "t1", "+8613900139000", "123456")
    assert "123456" not in base


@given(st.integers(min_value=0, max_value=600))
def test_a_code_is_usable_only_before_it_expires(seconds: int) -> None:
    now = T0 + timedelta(seconds=seconds)
    usable = rules.code_is_usable(expires_at=rules.code_expires_at(T0), attempts=0, consumed_at=None, now=now)
    assert usable == (seconds < 300)


@given(st.integers(min_value=0, max_value=10))
def test_a_code_dies_after_the_maximum_attempts(attempts: int) -> None:
    usable = rules.code_is_usable(expires_at=rules.code_expires_at(T0), attempts=attempts, consumed_at=None, now=T0)
    assert usable == (attempts < rules.MAX_CODE_ATTEMPTS)


def test_a_consumed_code_is_never_usable_again() -> None:
    assert not rules.code_is_usable(expires_at=rules.code_expires_at(T0), attempts=0, consumed_at=T0, now=T0)


@given(st.integers(min_value=0, max_value=120))
def test_resend_waits_out_the_cooldown(elapsed: int) -> None:
    now = T0 + timedelta(seconds=elapsed)
    may_resend = rules.resend_allowed_before(now) >= T0
    assert may_resend == (elapsed >= 60)
    if not may_resend:
        wait = rules.resend_wait_seconds(T0, now)
        assert 1 <= wait <= 60 and elapsed + wait >= 60


def test_phone_numbers_are_normalised_to_e164() -> None:
    assert rules.normalise_phone("138 0013 8000") == "+8613800138000"
    assert rules.normalise_phone("+86 138-0013-8000") == "+8613800138000"
    assert rules.normalise_phone("008613800138000") == "+8613800138000"
    assert rules.normalise_phone("+44 20 7946 0958") == "+442079460958"
    assert rules.normalise_phone("12345") is None
    assert rules.normalise_phone("call me") is None
    assert rules.normalise_phone("+0123456789") is None


def test_sms_text_carries_the_code_in_both_languages() -> None:
    assert "654321" in rules.sms_text("654321", "en") and "minutes" in rules.sms_text("654321", "en")
    assert "654321" in rules.sms_text("654321", "zh-CN") and "验证码" in rules.sms_text("654321", "zh-CN")


def test_default_names() -> None:
    assert rules.default_name(email="li.lei@example.com") == "li.lei"
    assert rules.default_name(phone="+8613800138000") == "用户8000"
    assert rules.default_name() == "微信用户"


@given(st.lists(st.tuples(st.sampled_from(["add", "add_default", "delete", "make_default"]), st.integers(0, 20))))
def test_an_address_book_keeps_exactly_one_default(operations: list[tuple[str, int]]) -> None:
    """Replays the service's use of the rules on an in-memory book (newest last)."""
    book: list[str] = []
    default: str | None = None
    for number, (operation, pick) in enumerate(operations):
        if operation.startswith("add"):
            address = f"a{number}"
            if rules.is_default_on_create(book_size=len(book), requested=operation == "add_default"):
                default = address
            book.append(address)
        elif book and operation == "delete":
            gone = book.pop(pick % len(book))
            if gone == default:
                default = rules.successor_default(list(reversed(book)))
        elif book:
            default = book[pick % len(book)]
        assert (default in book) if book else default is None
