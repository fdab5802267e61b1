"""SQL statements and transactions per request of the shopper's whole flow (cart, add a line, checkout, start
the payment, the provider's notification), on both databases. The budgets are today's counts: a change that
adds a round trip to the hot path fails here and must say why (``bench/README.md`` keeps the history).
PostgreSQL's ``set_config`` (the tenant of each transaction, for row-level security) and SQLite's ``BEGIN`` are
a transaction's cost, counted with the transactions."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from tests.conftest import staff_headers
from tests.integration.checkout.conftest import ADDRESS

# request -> (statements besides set_config, transactions at most), on PostgreSQL; SQLite has no data-modifying
# CTE, so moving a reservation and reading its lines is one statement more there (the notification's).
# One transaction per request (a checkout's Idempotency-Key is claimed in its own, ``core.idempotency``).
BUDGET = {"cart": (2, 1), "add line": (4, 1), "checkout": (16, 1), "payment": (5, 1), "notify": (13, 1)}
SQLITE_EXTRA = {"notify": 1}
# Their sum: 156 before the first pass, 69 after it, 63 after the second, 51 after the third, 40 after the fourth
# (the goal).
FLOW_STATEMENTS = 40


@contextmanager
def counting(db) -> Iterator[Counter[str]]:  # type: ignore[no-untyped-def]
    seen: Counter[str] = Counter()

    def statement(_conn, _cursor, sql: str, *_args) -> None:  # type: ignore[no-untyped-def]
        if not sql.startswith(("SELECT set_config", "BEGIN")):  # a transaction's cost, counted as one
            seen["statements"] += 1

    def begin(_conn) -> None:  # type: ignore[no-untyped-def]
        seen["transactions"] += 1

    engine = db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "begin", begin)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "begin", begin)


async def test_the_shopper_flow_stays_within_its_statement_budget(client, db, front, tenant) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    shopper, variant = front.shopper, front.shop.variants[0]
    counts: dict[str, Counter[str]] = {}

    async def step(name: str, path: str, body: dict | None = None, headers: dict | None = None) -> dict:  # type: ignore[type-arg]
        with counting(db) as seen:
            response = await client.post(path, json=body, headers=headers or shopper)
        assert response.status_code in (200, 201), response.text
        counts[name] = seen
        return response.json()

    for _ in range(2):  # the second round is the steady state (nothing first-time left)
        cart = await step("cart", "/api/v1/store/carts", {})
        await step("add line", f"/api/v1/store/carts/{cart['id']}/lines", {"variant_id": variant, "quantity": 1})
        order = await step(
            "checkout", "/api/v1/store/checkout",
            {"cart_id": cart["id"], "delivery": {"method": "ship", "address": ADDRESS}},
            {**shopper, "Idempotency-Key": str(uuid.uuid4())},
        )  # fmt: skip
        payment = await step("payment", f"/api/v1/store/orders/{order['id']}/payments", {"provider": "mock"})
        await step("notify", f"/api/v1/payments/mock/{payment['id']}/succeed", None, staff)
    extra = SQLITE_EXTRA if db.dialect == "sqlite" else {}
    budget = {name: (statements + extra.get(name, 0), tx) for name, (statements, tx) in BUDGET.items()}
    spent = {name: (seen["statements"], seen["transactions"]) for name, seen in counts.items()}
    over = {name: (spent[name], limit) for name, limit in budget.items() if not _within(spent[name], limit)}
    assert not over, f"over budget (statements, transactions) vs limit: {over}"
    assert sum(statements for statements, _ in spent.values()) <= FLOW_STATEMENTS + sum(extra.values()), spent


def _within(spent: tuple[int, int], limit: tuple[int, int]) -> bool:
    return spent[0] <= limit[0] and spent[1] <= limit[1]
