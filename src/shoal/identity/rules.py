"""Roles and what they may do. Pure data and functions; the service checks them."""

from __future__ import annotations

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
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "owner": frozenset(PERMISSIONS),
    "admin": frozenset(PERMISSIONS) - {"settings.manage"},
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
        }
    ),
    "clerk": frozenset({"catalog.read", "inventory.read", "orders.read", "orders.pickup"}),
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


def is_locked_out(failures_in_window: int, max_failures: int) -> bool:
    """After ``max_failures`` wrong passwords in the window, further attempts wait."""
    return failures_in_window >= max_failures


def retry_after_seconds(oldest_failure: datetime, now: datetime, window: timedelta) -> int:
    return max(1, int((oldest_failure + window - now).total_seconds()) + 1)
