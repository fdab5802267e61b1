"""Sales at a till: priced on the store channel, placed as an order of channel ``store`` that takes the store's
stock at once, paid (cash with change, the balance, a payment code, or a mix) and handed over, in one
transaction; or, when a payment code pays part, in three: the sale is claimed, priced, placed (its stock taken)
and its code made ready, committed (status ``paying``); the code is taken with no transaction open, however long
the payer takes to confirm, so the store's stock rows are not held locked; then the answer completes the sale, or
cancels its order (the stock back; held in-house parts refunded on the cancellation's event) and refuses
it (``refused``).

Idempotent by the till's ``sale_id``: the sale row is claimed first with ``INSERT ... ON CONFLICT DO NOTHING`` on
(tenant, sale_id), so of two uploads of one sale (a retry, or the same offline queue sent twice at once) one
sells and the other, which waited on the key, answers the same sale as it stands (``paying`` while its code is
taken; a refused one answers ``sale_refused``), so a code is never charged twice. A live sale that cannot
complete sells nothing (refused before its code: nothing is written; after: the order is cancelled, stock back);
an offline one (its money already taken in the store) is recorded as ``flagged`` with the reason, for staff to
complete once the stock is put right (``complete_flagged``): never dropped.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from shoal.checkout import extras
from shoal.checkout.marketing import commit_marketing
from shoal.core.errors import NotFound, ShoalError
from shoal.core.ids import new_id
from shoal.core.pagination import Page, decode_cursor, encode_cursor
from shoal.core.tenancy import Tenant
from shoal.core.uow import UnitOfWork
from shoal.orders.service import cancel_order, place_order
from shoal.orders.service_admin import hand_over_at_counter
from shoal.payments.config import ProviderRegistry
from shoal.payments.errors import MicropayDeclined
from shoal.payments.service_till import CodeCharge, Tender, pay_at_till, record_code, take_code
from shoal.pos import rules
from shoal.pos.authority import till_authority
from shoal.pos.errors import MemberRequired, OneCodePerSale, SaleNotFlagged, SaleRefused
from shoal.pos.models import Sale
from shoal.pos.pricing import price_sale
from shoal.pos.schemas import Quote, QuoteIn, SaleCreate, SaleRead
from shoal.pos.service_shifts import selling_shift

SOLD_AT_TILL = "门店收银台销售 / Sold at a store till"
SOLD_OFFLINE = "离线时售出，联网后上传 / Sold while the till was offline, uploaded later"


async def quote(uow: UnitOfWork, *, tenant: Tenant, data: QuoteIn) -> Quote:
    """The basket priced as the sale will be (the till shows it before taking payment)."""
    async with uow:
        uow.actor.require("pos.sell")
        shift = await selling_shift(uow)
        priced = await price_sale(uow, tenant=tenant, location_id=shift.location_id, data=data)
        return priced.quote(await priced.gifts(uow))


async def record_sale(uow: UnitOfWork, *, tenant: Tenant, providers: ProviderRegistry, data: SaleCreate) -> SaleRead:
    charge = None
    async with uow:
        uow.actor.require("pos.sell")
        shift = await selling_shift(uow, offline=data.offline)
        sale = await _claim(uow, shift.id, shift.location_id, data)
        if sale is None:  # sold already (or just now, by a twin upload that held the key), or being paid
            sale = await get_sale_row(uow, sale_id=data.sale_id)
            if sale.status == rules.REFUSED:
                raise SaleRefused(reason=sale.flag_reason)
            return SaleRead.model_validate(sale)
        try:
            async with uow.s.begin_nested():
                charge = await _complete(uow, tenant, providers, sale, data)
        except ShoalError as exc:
            if not data.offline:
                raise
            await uow.s.refresh(sale)  # as claimed, the savepoint's changes undone
            _flag(uow, sale, exc.code)
        await uow.commit()
    if charge is None:
        return SaleRead.model_validate(sale)
    return await _take_code(uow, providers, sale.id, charge, unpaid=rules.FLAGGED if data.offline else rules.REFUSED)


async def complete_flagged(uow: UnitOfWork, *, tenant: Tenant, providers: ProviderRegistry, sale_pk: str) -> SaleRead:
    """Staff complete a flagged sale as it was sold, once the stock is put right (a refusal changes nothing)."""
    async with uow:
        uow.actor.require("orders.manage")
        sale = await get_sale_row(uow, pk=sale_pk)
        # Guarded: of two managers completing one sale at once, the second waits here and finds it completed.
        taken = await uow.s.execute(
            update(Sale).where(Sale.tenant_id == uow.tenant_id, Sale.id == sale.id, Sale.status == rules.FLAGGED)
            .values(status=rules.COMPLETED).execution_options(synchronize_session=False)
        )  # fmt: skip
        if taken.rowcount != 1:
            raise SaleNotFlagged()
        charge = await _complete(uow, tenant, providers, sale, SaleCreate.model_validate(sale.request))
        uow.audit("pos.sale_completed", "pos_sale", sale.id, {"after": "flagged"})
        await uow.commit()
    if charge is None:
        return SaleRead.model_validate(sale)
    return await _take_code(uow, providers, sale.id, charge, unpaid=rules.FLAGGED)


async def _take_code(
    uow: UnitOfWork, providers: ProviderRegistry, sale_pk: str, charge: CodeCharge, *, unpaid: str
) -> SaleRead:
    """The code taken outside any transaction, then its answer recorded in a new one: paid completes the sale; not
    paid (declined, timed out and cancelled, or not settled) cancels its order and marks it ``unpaid``. A refused
    sale answers the error; a flagged one stays for staff, with the reason."""
    try:
        answer = await take_code(charge)
        error: ShoalError = MicropayDeclined(provider=answer.provider)
    except ShoalError as exc:
        answer, error = None, exc
    async with uow:
        sale = await get_sale_row(uow, pk=sale_pk)
        if answer is not None:
            await record_code(uow, answer)
        if answer is not None and answer.status == "succeeded":
            await hand_over_at_counter(uow, order_id=sale.order_id or "")
            sale.status = rules.COMPLETED
        else:
            with till_authority(uow):  # the held in-house parts go back on the cancellation (payments.handlers)
                await cancel_order(uow, order_id=sale.order_id or "", reason=error.code)
            _flag(uow, sale, error.code, status=unpaid)
        await uow.commit()
    if sale.status == rules.REFUSED:
        raise error
    return SaleRead.model_validate(sale)


def _flag(uow: UnitOfWork, sale: Sale, reason: str, *, status: str = rules.FLAGGED) -> None:
    sale.status, sale.flag_reason = status, reason
    uow.audit(f"pos.sale_{status}", "pos_sale", sale.id, {"reason": reason})


async def get_sale(uow: UnitOfWork, *, sale_pk: str) -> SaleRead:
    async with uow:
        uow.actor.require("pos.sell")
        return SaleRead.model_validate(await get_sale_row(uow, pk=sale_pk))


async def list_sales(uow: UnitOfWork, *, status: str | None, limit: int, cursor: str | None) -> Page[SaleRead]:
    """The store's sales (the whole shop's for staff not tied to a store), newest first."""
    async with uow:
        uow.actor.require("pos.sell")
        query = _visible(uow, select(Sale))
        if status:
            query = query.where(Sale.status == status)
        after = decode_cursor(cursor)
        if after:
            query = query.where(Sale.id < str(after[0]))
        rows = (await uow.s.execute(query.order_by(Sale.id.desc()).limit(limit + 1))).scalars().all()
    items = [SaleRead.model_validate(row) for row in rows[:limit]]
    return Page(items=items, next_cursor=encode_cursor([rows[limit - 1].id]) if len(rows) > limit else None)


async def _complete(
    uow: UnitOfWork, tenant: Tenant, providers: ProviderRegistry, sale: Sale, data: SaleCreate
) -> CodeCharge | None:
    """Price, place and pay the sale; with a payment code it is left ``paying`` and the code's charge returned."""
    priced = await price_sale(uow, tenant=tenant, location_id=sale.location_id, data=data)
    total = priced.state.total
    due = rules.cash_due(total=total, other_tenders=sum(t.amount for t in data.tenders), tendered=data.cash_tendered)
    tenders = await _tenders(uow, providers, data, due.cash)
    remark = SOLD_OFFLINE if data.offline else SOLD_AT_TILL
    order = await place_order(uow, tenant=tenant, draft=priced.draft(remark, await priced.gifts(uow)))
    await commit_marketing(uow, result=priced.marketing, customer_id=priced.customer_id or "", order_id=order.id,
                           order_total=order.total)  # fmt: skip
    if priced.customer_id:
        await extras.commit_extras(uow, customer_id=priced.customer_id, order_id=order.id, state=priced.state)
    charge = await pay_at_till(uow, providers=providers, order_id=order.id, tenders=tenders) if total > 0 else None
    if charge is None:
        await hand_over_at_counter(uow, order_id=order.id)
    sale.status = rules.COMPLETED if charge is None else rules.PAYING
    sale.flag_reason, sale.customer_id = None, priced.customer_id
    sale.order_id, sale.order_number = order.id, order.number
    sale.subtotal, sale.discount, sale.total = order.subtotal, order.discount, order.total
    sale.cash_tendered, sale.change_given = data.cash_tendered, due.change
    sale.tenders = [{"method": t.provider, "amount": t.amount} for t in tenders]
    sale.lines = [
        {"line_id": line.id, "variant_id": line.variant_id, "sku": line.sku, "name": line.name,
         "quantity": line.quantity, "unit_price": line.unit_price, "discount": line.discount,
         "total": line.line_total}
        for line in order.lines
    ]  # fmt: skip
    uow.audit("pos.sale", "pos_sale", sale.id, {"order": order.number, "total": order.total})
    await uow.s.flush()
    return charge


async def _tenders(uow: UnitOfWork, providers: ProviderRegistry, data: SaleCreate, cash: int) -> list[Tender]:
    """Cash for what the other tenders leave; the balance needs the member; a payment code goes to the provider
    its prefix names (the mock, in development, when that provider is not set up)."""
    codes = [t for t in data.tenders if t.method == "code"]
    if len(codes) > 1:
        raise OneCodePerSale()
    tenders = [Tender(rules.CASH, cash)] if cash > 0 else []
    for tender in data.tenders:
        if tender.method == rules.BALANCE:
            if data.customer_id is None:
                raise MemberRequired()
            tenders.append(Tender(rules.BALANCE, tender.amount))
    if codes:
        shop = await providers.for_tenant(uow)
        name = codes[0].provider or rules.code_provider(codes[0].auth_code or "") or "wechatpay"
        if shop.get(name) is None and shop.get("mock") is not None:
            name = "mock"
        tenders.append(Tender(name, codes[0].amount, codes[0].auth_code))
    return tenders


async def _claim(uow: UnitOfWork, shift_id: str, location_id: str, data: SaleCreate) -> Sale | None:
    """Insert the sale's row unless its ``sale_id`` is taken; ``None`` when it is (the unique key decides)."""
    now = uow.clock.now()
    insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
    claimed = await uow.s.execute(
        insert(Sale)
        .values(
            id=new_id(), tenant_id=uow.tenant_id, sale_id=data.sale_id, location_id=location_id, shift_id=shift_id,
            clerk_id=uow.actor.id, customer_id=data.customer_id, status=rules.FLAGGED, offline=data.offline,
            subtotal=0, discount=0, total=0, refunded=0, cash_tendered=0, change_given=0, tenders=[], lines=[],
            request=data.model_dump(mode="json"), sold_at=data.sold_at or now, recorded_at=now,
        )
        .on_conflict_do_nothing(index_elements=["tenant_id", "sale_id"])
        .returning(Sale.id)
    )  # fmt: skip
    sale_pk = claimed.scalar_one_or_none()
    return None if sale_pk is None else await get_sale_row(uow, pk=sale_pk)


def _visible(uow: UnitOfWork, query):  # type: ignore[no-untyped-def]
    """Staff tied to a store see its sales only; another store's sale is 404."""
    query = query.where(Sale.tenant_id == uow.tenant_id)
    if uow.actor.location_id:
        query = query.where(Sale.location_id == uow.actor.location_id)
    return query


async def get_sale_row(uow: UnitOfWork, *, pk: str | None = None, sale_id: str | None = None) -> Sale:
    query = _visible(uow, select(Sale))
    query = query.where(Sale.id == pk) if pk is not None else query.where(Sale.sale_id == sale_id)
    sale = (await uow.s.execute(query)).scalar_one_or_none()
    if sale is None:
        raise NotFound("sale")
    return sale
