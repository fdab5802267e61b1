"""The balance ledger: credit and debit (principal and bonus apart), staff adjustments, statements.

A debit reads the wallet under its row lock, splits the amount in proportion (``rules.split``) and moves both
columns with one guarded ``UPDATE ... WHERE principal >= :p AND bonus >= :b``; a CHECK backs each column. The
lock makes concurrent payments queue (PostgreSQL); the guard alone keeps the balance from going below zero.
"""

from __future__ import annotations

from sqlalchemy import select, update

from shoal.core.ids import new_id
from shoal.core.money import format_amount
from shoal.core.uow import UnitOfWork
from shoal.customers.service import customer_row, require_reader
from shoal.loyalty.ledger import append_once
from shoal.loyalty.service_membership import balance_source
from shoal.loyalty.wallet import rules
from shoal.loyalty.wallet.errors import InsufficientBalance
from shoal.loyalty.wallet.models import Wallet, WalletEntry
from shoal.loyalty.wallet.schemas import BalanceAdjust, BalanceStatement, WalletEntryRead

STATEMENT_LENGTH = 100


async def credit(
    uow: UnitOfWork, *, customer_id: str, principal: int, bonus: int, reason: str, reference: str, note: str = ""
) -> bool:
    """Add to a balance once per (reason, reference); False for a replay."""
    async with uow:
        await _ensure_wallet(uow, customer_id)
        if not await _append(uow, customer_id, principal, bonus, reason, reference, note):
            return False
        await uow.s.execute(
            update(Wallet)
            .where(_wallet(uow, customer_id))
            .values(principal=Wallet.principal + principal, bonus=Wallet.bonus + bonus)
        )
        await uow.commit()
        return True


async def debit(uow: UnitOfWork, *, customer_id: str, amount: int, reason: str, reference: str, note: str = "") -> bool:
    """Take ``amount`` from principal and bonus in proportion, once per (reason, reference); False for a replay,
    ``InsufficientBalance`` (nothing written, the caller's transaction rolls back) above the balance."""
    async with uow:
        await _ensure_wallet(uow, customer_id)
        principal, bonus = (
            await uow.s.execute(
                select(Wallet.principal, Wallet.bonus).where(_wallet(uow, customer_id)).with_for_update()
            )
        ).one()
        if amount > principal + bonus:
            raise InsufficientBalance(needed=format_amount(amount), available=format_amount(principal + bonus))
        part = rules.split(amount, principal, bonus)
        taken = await take_parts(uow, customer_id=customer_id, parts=part, reason=reason, reference=reference,
                                 note=note)  # fmt: skip
        await uow.commit()
        return taken


async def take_parts(
    uow: UnitOfWork, *, customer_id: str, parts: tuple[int, int], reason: str, reference: str, note: str = ""
) -> bool:
    """Take exactly ``parts`` (principal, bonus) once per (reason, reference), by the guarded update every
    debit uses: False for a replay, ``InsufficientBalance`` (nothing written) when either part is short."""
    async with uow:
        if not await _append(uow, customer_id, -parts[0], -parts[1], reason, reference, note):
            return False
        moved = await uow.s.execute(
            update(Wallet)
            .where(_wallet(uow, customer_id), Wallet.principal >= parts[0], Wallet.bonus >= parts[1])
            .values(principal=Wallet.principal - parts[0], bonus=Wallet.bonus - parts[1])
        )
        if moved.rowcount != 1:
            have = await parts_of(uow, customer_id)
            raise InsufficientBalance(needed=format_amount(sum(parts)), available=format_amount(sum(have)))
        await uow.commit()
        return True


async def locked_parts(uow: UnitOfWork, customer_id: str) -> tuple[int, int]:
    """(principal, bonus) under the wallet's row lock (PostgreSQL): what a withdrawal reads before taking it."""
    async with uow:
        await _ensure_wallet(uow, customer_id)
        found = await uow.s.execute(
            select(Wallet.principal, Wallet.bonus).where(_wallet(uow, customer_id)).with_for_update()
        )
        principal, bonus = found.one()
        return int(principal), int(bonus)


async def adjust_balance(uow: UnitOfWork, *, customer_id: str, data: BalanceAdjust) -> BalanceStatement:
    """Staff add (bonus, or principal for money paid in at the till) or take (in proportion); audited."""
    async with uow:
        uow.actor.require("marketing.manage")
        await customer_row(uow, customer_id)
        reference = new_id()
        if data.amount >= 0:
            part = (data.amount, 0) if data.principal else (0, data.amount)
            await credit(uow, customer_id=customer_id, principal=part[0], bonus=part[1], reason="adjust",
                         reference=reference, note=data.reason)  # fmt: skip
        else:
            await debit(uow, customer_id=customer_id, amount=-data.amount, reason="adjust", reference=reference,
                        note=data.reason)  # fmt: skip
        uow.audit("balance.adjust", "customer", customer_id, data.model_dump())
        await uow.commit()
        return await balance_statement(uow, customer_id=customer_id)


async def balance_statement(uow: UnitOfWork, *, customer_id: str) -> BalanceStatement:
    async with uow:
        require_reader(uow, customer_id)
        if uow.actor.kind != "shopper":
            await customer_row(uow, customer_id)
        principal, bonus = await parts_of(uow, customer_id)
        rows = await uow.s.execute(
            select(WalletEntry)
            .where(WalletEntry.tenant_id == uow.tenant_id, WalletEntry.customer_id == customer_id)
            .order_by(WalletEntry.created_at.desc(), WalletEntry.id.desc())
            .limit(STATEMENT_LENGTH)
        )
        entries = [WalletEntryRead.model_validate(row) for row in rows.scalars()]
        return BalanceStatement(balance=principal + bonus, principal=principal, bonus=bonus, entries=entries)


async def parts_of(uow: UnitOfWork, customer_id: str) -> tuple[int, int]:
    async with uow:
        found = (
            await uow.s.execute(select(Wallet.principal, Wallet.bonus).where(_wallet(uow, customer_id)))
        ).one_or_none()
        return (int(found[0]), int(found[1])) if found else (0, 0)


async def balances_of(uow: UnitOfWork, *, customer_ids: list[str]) -> dict[str, int]:
    """Many customers' balances at once (a member list's page); those without a wallet are absent."""
    async with uow:
        uow.actor.require("orders.read")
        if not customer_ids:
            return {}
        rows = await uow.s.execute(
            select(Wallet.customer_id, Wallet.principal + Wallet.bonus).where(
                Wallet.tenant_id == uow.tenant_id, Wallet.customer_id.in_(customer_ids)
            )
        )
        return {customer_id: int(total) for customer_id, total in rows.all()}


@balance_source
async def balance_of(uow: UnitOfWork, customer_id: str) -> int:
    return sum(await parts_of(uow, customer_id))


async def entries_for(uow: UnitOfWork, *, reference_like: str) -> list[WalletEntry]:
    """Entries whose reference matches (a payment and the refunds returned to it)."""
    async with uow:
        rows = await uow.s.execute(
            select(WalletEntry).where(
                WalletEntry.tenant_id == uow.tenant_id, WalletEntry.reference.like(reference_like)
            )
        )
        return list(rows.scalars())


async def _ensure_wallet(uow: UnitOfWork, customer_id: str) -> None:
    values = {"customer_id": customer_id, "principal": 0, "bonus": 0, "created_at": uow.clock.now()}
    await append_once(uow, Wallet, values, ["customer_id"])


async def _append(
    uow: UnitOfWork, customer_id: str, principal: int, bonus: int, reason: str, reference: str, note: str
) -> bool:
    values = {
        "customer_id": customer_id, "principal": principal, "bonus": bonus, "reason": reason, "reference": reference,
        "note": note, "actor": uow.actor.label, "created_at": uow.clock.now(),
    }  # fmt: skip
    return await append_once(uow, WalletEntry, values, ["customer_id", "reason", "reference"]) is not None


def _wallet(uow: UnitOfWork, customer_id: str):  # type: ignore[no-untyped-def]
    return (Wallet.tenant_id == uow.tenant_id) & (Wallet.customer_id == customer_id)
