"""Managing a shop's staff: who works here, in which role and store, and who is disabled.

Guards, beyond the ``staff.manage`` permission: only an owner makes or unmakes owners; nobody changes their
own role or disables themselves; and the shop always keeps an active owner. Disabling revokes every session,
so a disabled user is signed out at once, not when their token expires.
"""

from __future__ import annotations

from sqlalchemy import select, update

from shoal.core import references
from shoal.core.errors import NotFound
from shoal.core.uow import UnitOfWork
from shoal.identity import rules
from shoal.identity.errors import LastOwner, OwnAccount, RoleNotGrantable
from shoal.identity.models import StaffSession, StaffUser
from shoal.identity.schemas import StaffRead, StaffUpdate


def require_grant(uow: UnitOfWork, role: str) -> None:
    """Refuse unless the acting user may give or take away ``role`` (the system may do anything)."""
    if uow.actor.kind != "system" and not rules.may_grant(uow.actor.role, role):
        raise RoleNotGrantable(role=role)


async def list_staff(uow: UnitOfWork) -> list[StaffRead]:
    async with uow:
        uow.actor.require("staff.manage")
        rows = await uow.s.execute(
            select(StaffUser).where(StaffUser.tenant_id == uow.tenant_id).order_by(StaffUser.created_at, StaffUser.id)
        )
        return [StaffRead.model_validate(user) for user in rows.scalars()]


async def update_staff(uow: UnitOfWork, *, user_id: str, data: StaffUpdate) -> StaffRead:
    async with uow:
        uow.actor.require("staff.manage")
        user = await uow.s.get(StaffUser, user_id)
        if user is None or user.tenant_id != uow.tenant_id:
            raise NotFound("staff_user", id=user_id)
        changes = data.model_dump(exclude_unset=True)
        await references.require(uow, "location", changes.get("location_id"))
        role_changes = "role" in changes and changes["role"] != user.role
        disables = changes.get("status") == "disabled" and user.status != "disabled"
        if (role_changes or disables) and user.id == uow.actor.id:
            raise OwnAccount()
        if role_changes:
            require_grant(uow, user.role)
            require_grant(uow, changes["role"])
        if user.role == "owner" and (role_changes or disables):
            require_grant(uow, "owner")
            await _keep_an_owner(uow, user)
        for field, value in changes.items():
            setattr(user, field, value)
        if disables:
            await uow.s.execute(
                update(StaffSession)
                .where(StaffSession.tenant_id == uow.tenant_id, StaffSession.user_id == user.id)
                .where(StaffSession.revoked_at.is_(None))
                .values(revoked_at=uow.clock.now())
            )
        uow.audit("staff.update", "staff_user", user.id, changes)
        await uow.commit()
        return StaffRead.model_validate(user)


async def _keep_an_owner(uow: UnitOfWork, leaving: StaffUser) -> None:
    """The owner about to be demoted or disabled must not be the last active one. The owners' rows are
    locked first, so two admins cannot each remove one of the last two owners at the same moment."""
    owners = (
        select(StaffUser.id)
        .where(StaffUser.tenant_id == uow.tenant_id, StaffUser.role == "owner", StaffUser.status == "active")
        .with_for_update()
    )
    others = [owner_id for owner_id in (await uow.s.execute(owners)).scalars() if owner_id != leaving.id]
    if not others:
        raise LastOwner()


async def staff_names(uow: UnitOfWork, *, ids: set[str]) -> dict[str, str]:
    """Display names of this shop's staff among ``ids``: pages say who did something by name, not by id.

    Any signed-in staff may read them (a clerk sees who adjusted stock), so no permission is checked.
    """
    if not ids:
        return {}
    async with uow:
        rows = await uow.s.execute(
            select(StaffUser.id, StaffUser.name).where(StaffUser.tenant_id == uow.tenant_id, StaffUser.id.in_(ids))
        )
        return {row.id: row.name for row in rows}
