"""Roles and what they may do. Pure data and functions; the service checks them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

PERMISSIONS = (
    "catalog.read",
    "catalog.write",
    "inventory.read",
    "inventory.write",
    "orders.read",
    "orders.manage",
    "orders.pickup",
    "marketing.manage",
    "staff.manage",
    "audit.read",
    "settings.manage",
    "pos.sell",
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "owner": frozenset(PERMISSIONS),
    "admin": frozenset(PERMISSIONS),  # as the owner, but only an owner makes or unmakes owners (below)
    "operator": frozenset(
        {
            "catalog.read",
            "catalog.write",
            "inventory.read",
            "inventory.write",
            "orders.read",
            "orders.manage",
            "orders.pickup",
            "marketing.manage",
            "pos.sell",
        }
    ),
    "clerk": frozenset({"catalog.read", "inventory.read", "orders.read", "orders.pickup", "pos.sell"}),
}
ROLES = tuple(ROLE_PERMISSIONS)


def permissions_of(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())


def may_grant(granter_role: str | None, role: str) -> bool:
    """Whether a staff user of ``granter_role`` may give (or take away) ``role``: only an owner makes or
    unmakes owners, so an admin cannot raise itself or anyone above admin."""
    if granter_role == "owner":
        return True
    return granter_role == "admin" and role != "owner"


def normalise_email(email: str) -> str:
    return email.strip().lower()


@dataclass(frozen=True, slots=True)
class ThrottleBucket:
    """One counter of sign-in attempts: ``scope`` says what it counts, ``key`` names its row."""

    scope: str
    key: str
    limit: int

    @property
    def clears_on_success(self) -> bool:
        """A right secret from an address clears that account-from-this-address counter (as before);
        the wider counters only get the attempt's own slot back, so a valid account of the attacker's
        cannot reset them."""
        return self.scope == "account_address"


def sign_in_buckets(
    kind: str, login: str, address: str, *, per_account_address: int, per_account: int, per_address: int
) -> tuple[ThrottleBucket, ...]:
    """The counters one sign-in attempt takes a slot in, ordered by key so that concurrent attempts
    lock shared rows in one order (no deadlock).

    Locking the account per address means a stranger guessing the owner's password locks out only
    themselves; the per-account ceiling is wide (many addresses are needed to reach it), and the
    per-address counter stops one address spraying a password over many accounts.
    """
    buckets = (
        ThrottleBucket("account_address", f"{kind}:account:{login}:from:{address}", per_account_address),
        ThrottleBucket("account", f"{kind}:account:{login}", per_account),
        ThrottleBucket("address", f"{kind}:address:{address}", per_address),
    )
    return tuple(sorted(buckets, key=lambda bucket: bucket.key))


def retry_after_seconds(oldest_failure: datetime, now: datetime, window: timedelta) -> int:
    """Whole seconds (at least 1) until the window that started at ``oldest_failure`` ends."""
    return max(1, int((oldest_failure + window - now).total_seconds()) + 1)
