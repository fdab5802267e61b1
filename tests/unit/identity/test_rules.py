"""Who may grant which role: only owners make or unmake owners."""

from __future__ import annotations

import pytest

from shoal.identity.rules import ROLES, may_grant, sign_in_buckets


@pytest.mark.parametrize("role", ROLES)
def test_an_owner_grants_every_role(role: str) -> None:
    assert may_grant("owner", role)


def test_an_admin_grants_all_but_owner_and_the_rest_grant_nothing() -> None:
    assert [r for r in ROLES if may_grant("admin", r)] == [r for r in ROLES if r != "owner"]
    assert not any(may_grant(granter, r) for granter in ("operator", "clerk", None) for r in ROLES)


def test_sign_in_buckets_are_per_account_and_address_per_account_and_per_address_in_key_order() -> None:
    buckets = sign_in_buckets(
        "staff", "a@x.test", "198.51.100.1", per_account_address=5, per_account=50, per_address=20
    )
    assert [bucket.key for bucket in buckets] == sorted(bucket.key for bucket in buckets)
    assert {(bucket.scope, bucket.limit) for bucket in buckets} == {
        ("account_address", 5),
        ("account", 50),
        ("address", 20),
    }
    assert [bucket.scope for bucket in buckets if bucket.clears_on_success] == ["account_address"]
