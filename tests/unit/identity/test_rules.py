"""Who may grant which role: only owners make or unmake owners."""

from __future__ import annotations

import pytest

from shoal.identity.rules import ROLES, may_grant


@pytest.mark.parametrize("role", ROLES)
def test_an_owner_grants_every_role(role: str) -> None:
    assert may_grant("owner", role)


def test_an_admin_grants_all_but_owner_and_the_rest_grant_nothing() -> None:
    assert [r for r in ROLES if may_grant("admin", r)] == [r for r in ROLES if r != "owner"]
    assert not any(may_grant(granter, r) for granter in ("operator", "clerk", None) for r in ROLES)
