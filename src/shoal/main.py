"""The FastAPI application: routers of every domain, error handling, metrics, background jobs."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from pathlib import Path

import structlog
from fastapi import APIRouter, FastAPI
from fastapi.datastructures import DefaultPlaceholder
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from starlette.routing import BaseRoute

import shoal.core.dispatcher  # registers the outbox job
import shoal.core.idempotency  # registers the key purge job
import shoal.identity.jobs  # purges sign-in counters and retired refresh tokens
import shoal.inventory.jobs
import shoal.payments.handlers  # noqa: F401  (refunds paid orders that staff cancel)
from shoal import __version__
from shoal.aftersales.router import router as aftersales_router
from shoal.campaigns.bargain import service_orders as bargain_jobs  # noqa: F401  (expires bargains, follows orders)
from shoal.campaigns.bargain.router import router as bargain_router
from shoal.campaigns.flash_sale import gate as flash_gate
from shoal.campaigns.flash_sale import service_settle as flash_jobs  # noqa: F401  (returns unpaid units, ends sessions)
from shoal.campaigns.flash_sale.router import router as flash_sale_router
from shoal.campaigns.flash_sale.service_buy import rebuild_gate
from shoal.campaigns.group_buy import service_seats as group_buy_jobs  # noqa: F401  (seats on payment, deadlines)
from shoal.campaigns.group_buy.router import router as group_buy_router
from shoal.campaigns.sharing import attribution as share_attribution  # noqa: F401  (attributes orders to sharers)
from shoal.campaigns.sharing.router import router as sharing_router
from shoal.catalog.router import router as catalog_router
from shoal.checkout.router import router as checkout_router
from shoal.config import DEV_SECRET, Settings, get_settings
from shoal.core.clock import Clock
from shoal.core.http import install_error_handlers
from shoal.core.logging import configure_logging
from shoal.core.metrics import install_metrics_endpoint
from shoal.core.middleware import RequestObservability
from shoal.core.nul_guard import RejectNulCharacters
from shoal.core.openapi import PROBLEM_RESPONSES, install_problem_schema
from shoal.core.overload import Bulkhead
from shoal.core.scheduler import run_forever
from shoal.core.uow import Database
from shoal.customers.router import router as customers_router
from shoal.dealers import service_rebates as dealer_jobs  # noqa: F401  (settles volume rebates)
from shoal.dealers.router_admin import router as dealers_admin_router
from shoal.dealers.router_dealer import router as dealers_dealer_router
from shoal.distribution import handlers as distribution_handlers  # noqa: F401  (commission follows orders)
from shoal.distribution.router_admin import router as distribution_admin_router
from shoal.distribution.router_store import router as distribution_store_router
from shoal.identity.router import router as identity_router
from shoal.identity.router_events import router as events_router
from shoal.identity.router_shop import router as shop_router
from shoal.imports.router import router as imports_router
from shoal.inventory.router import router as inventory_router
from shoal.loyalty import handlers as loyalty_handlers  # noqa: F401  (growth and points follow orders)
from shoal.loyalty import service_birthdays as birthday_jobs  # noqa: F401  (birthday gifts, once a year)
from shoal.loyalty.router import router as loyalty_router
from shoal.loyalty.wallet import handlers as wallet_handlers  # noqa: F401  (refunds back to balance)
from shoal.loyalty.wallet import provider as balance_provider  # noqa: F401  (the balance provider)
from shoal.loyalty.wallet.router import router as wallet_router
from shoal.marketing.router import router as marketing_router
from shoal.orders.router import router as orders_router
from shoal.payments.router import router as payments_router
from shoal.payments.router_settings import router as payment_settings_router
from shoal.pos.router import router as pos_router
from shoal.storefront.router import router as storefront_router
from shoal.stores.router import router as stores_router
from shoal.supply.router import router as supply_router
from shoal.web.router import router as web_router
from shoal.web.security_headers import SecurityHeaders

TAGS = [
    {"name": "identity", "description": "Staff sign-in, roles and accounts."},
    {"name": "audit", "description": "Who changed what, and when."},
    {"name": "events", "description": "Background reactions that keep failing (refunds, coupons), and retrying them."},
    {"name": "catalog", "description": "Products (SPU), variants (SKU), categories, channel prices."},
    {"name": "inventory", "description": "Locations, stock, reservations, transfers and the stock ledger."},
    {"name": "customers", "description": "Shopper accounts, sign-in and addresses."},
    {"name": "checkout", "description": "Carts, pricing, shipping templates and checkout."},
    {"name": "orders", "description": "Orders, their history, fulfilment and store pickup."},
    {"name": "payments", "description": "Payments (mock, WeChat Pay v3, Alipay), notifications, refunds."},
    {"name": "reports", "description": "Sales dashboard figures."},
    {"name": "marketing", "description": "Promotions and coupons, priced by an explainable engine."},
    {"name": "after-sales", "description": "Refund-only, return-and-refund and exchange cases."},
    {"name": "group-buys", "description": "Group-buy 拼团: activities, groups that fill by payment, deadlines."},
    {"name": "sharing", "description": "Share links, their posters and visits; orders attributed to sharers."},
    {"name": "distribution", "description": "社群分销: promoters, customer binding, commission, withdrawals."},
    {"name": "dealers", "description": "分销伙伴 dealers: accounts, credit, B2B orders, dealer stock, rebates."},
    {"name": "supply", "description": "Suppliers, purchase orders and receiving, demand forecasts, replenishment."},
    {"name": "loyalty", "description": "Levels, growth, points, check-in (签到), stored value (储值), gift cards."},
    {"name": "pos", "description": "In-store selling: shifts, till sales (offline-tolerant), returns, members."},
    {"name": "storefront", "description": "Anonymous shopper reads; tenant from X-Shoal-Tenant."},
    {"name": "health", "description": "Liveness, readiness and metrics."},
]
# Allocations (less deallocations) between young-generation collections in a served process (default 700).
GC_YOUNG_THRESHOLD = 10_000
# A request is matched against the routers in this order, route by route (the fourteen routers that came before
# checkout's cost a cart or checkout request about 0.1 ms), and no path of one router can be matched by a route
# of another (tests/unit/test_route_order.py), so the order changes no route: the shopper's hot paths come
# first, then the campaigns a crowd arrives at.
ROUTERS = [
    checkout_router,
    payments_router,
    storefront_router,
    orders_router,
    flash_sale_router,
    group_buy_router,
    bargain_router,
    identity_router,
    events_router,
    shop_router,
    catalog_router,
    imports_router,
    inventory_router,
    customers_router,
    stores_router,
    payment_settings_router,
    aftersales_router,
    marketing_router,
    sharing_router,
    distribution_admin_router,
    distribution_store_router,
    pos_router,
    loyalty_router,
    wallet_router,
    supply_router,
    dealers_admin_router,
    dealers_dealer_router,
    web_router,
]


def create_app(settings: Settings | None = None, *, clock: Clock | None = None, db: Database | None = None) -> FastAPI:
    settings = settings or get_settings()
    database = db or Database(
        settings.database_url,
        app_role=settings.database_app_role or None,
        pool_size=settings.database_pool_size,
        pool_timeout=settings.database_pool_timeout_seconds,
        clock=clock,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task = None
        await rebuild_gate(database, app.state.flash_gate)
        if settings.run_scheduler:
            task = asyncio.create_task(run_forever(database, settings.scheduler_interval_seconds))
        yield
        if task:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if app.state.flash_gate is not None:
            await app.state.flash_gate.close()
        if db is None:
            await database.dispose()

    app = FastAPI(
        title="Shoal",
        version=__version__,
        openapi_tags=TAGS,
        lifespan=lifespan,
        description="Open-source commerce platform. Errors are RFC 9457 problem+json with a stable `code`.",
        responses=PROBLEM_RESPONSES,
    )
    app.state.settings = settings
    app.state.db = database
    app.state.flash_gate = flash_gate.configure(settings.redis_url, settings.redis_key_prefix)
    app.state.checkout_bulkhead = Bulkhead(settings.checkout_concurrency, settings.checkout_queue_seconds)
    configure_logging(settings.log_level)
    _check_unsafe_settings(settings)
    install_error_handlers(app)
    install_problem_schema(app)
    install_metrics_endpoint(app)
    app.add_middleware(RejectNulCharacters)  # inside RequestObservability: refusals are traced and counted
    app.add_middleware(RequestObservability)
    app.add_middleware(SecurityHeaders)
    _health_routes(app, database)  # first: probes come often, and every route before one is tried in turn
    for router in ROUTERS:
        include_flat(app, router)
    media = Path(settings.media_dir)
    media.mkdir(parents=True, exist_ok=True)
    app.mount("/media", StaticFiles(directory=media), name="media")
    return app


def include_flat(app: FastAPI, router: APIRouter) -> None:
    """Give the app the router's routes themselves, so a request is matched against a flat list of routes.

    FastAPI 0.16x keeps an included router as one entry that it walks again, route by route, on every request
    that gets that far (twice: to match, then to handle): the walk was 39 % of a flash-sale refusal's CPU. Shoal's
    routes carry their full paths and dependencies themselves, so the app can hold them directly, as FastAPI did
    before; only the app's problem responses are added to each, for the OpenAPI document. A router that includes
    another with a prefix or dependencies of the include's own is included the usual way (none is now)."""
    routes = flat_routes(router)
    if routes is None:
        app.include_router(router)
        return
    for route in routes:
        if isinstance(route, APIRoute):
            route.responses = {**app.router.responses, **route.responses}
        app.router.routes.append(route)


def flat_routes(router: APIRouter) -> list[BaseRoute] | None:
    """The router's routes with those of the routers included in it, in matching order; ``None`` if an include
    adds what only FastAPI's include context holds (a prefix, dependencies, responses, a route's tags or hiding it
    from the documentation when the route itself does not say so)."""
    routes: list[BaseRoute] = []
    for route in router.routes:
        inner = getattr(route, "original_router", None)
        if inner is None:
            routes.append(route)
            continue
        context = route.include_context  # type: ignore[attr-defined]
        found = flat_routes(inner)
        if (
            found is None
            or context.prefix
            or context.dependencies
            or context.responses
            or context.callbacks
            or context.deprecated is not None
            or (not context.include_in_schema and any(getattr(r, "include_in_schema", False) for r in found))
            or not isinstance(context.default_response_class, DefaultPlaceholder)
            or any(set(context.tags) - set(getattr(r, "tags", context.tags)) for r in found)
        ):
            return None
        routes.extend(found)
    return routes


class UnsafeSettings(RuntimeError):
    """A development switch is on where real shoppers pay: the server refuses to start."""


def _check_unsafe_settings(settings: Settings) -> None:
    """Development defaults are fine on a laptop and dangerous on a server: say so loudly, or refuse."""
    log = structlog.get_logger("shoal.settings")
    if settings.secret_key == DEV_SECRET:
        log.warning("SHOAL_SECRET_KEY is the development key: anyone can forge tokens. Set it in production.")
    if settings.mock_payments_refused:
        raise UnsafeSettings(
            "SHOAL_MOCK_PAYMENTS_ENABLED=true outside development: staff could mark orders paid without money. "
            "Switch it off, or set SHOAL_ALLOW_MOCK_PAYMENTS_OUTSIDE_DEVELOPMENT=true on a staging server."
        )
    if settings.mock_payments_enabled and not settings.is_development:
        log.warning("MOCK PAYMENTS ARE ON OUTSIDE DEVELOPMENT: staff can mark orders paid without any money.")


def _health_routes(app: FastAPI, database: Database) -> None:
    @app.get("/healthz", tags=["health"], summary="The process is alive")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], summary="The database answers")
    async def readyz() -> JSONResponse:
        try:
            async with database.session() as session:
                await session.execute(text("SELECT 1"))
        except Exception as exc:
            return JSONResponse({"status": "unavailable", "detail": type(exc).__name__}, status_code=503)
        return JSONResponse({"status": "ok", "database": database.dialect})


def served_app() -> FastAPI:
    """The app as ``shoal serve`` runs it: ``create_app`` plus the process's garbage-collector tuning.

    Everything built at startup (routes, mappers, templates, schemas: about 490,000 objects) lives as long as
    the process, yet every full collection walked it again (128 ms here), and a request allocates thousands of
    objects, so with the default thresholds (700, 10, 10) collections ran every few requests and their pauses
    landed on whichever requests were running (``bench/README.md``). Freezing the startup objects takes them
    out of every collection, and a higher young-generation threshold makes collections rarer without letting
    cycles pile up. Only the serving process does this: tests build many apps in one process and must not
    freeze each.
    """
    app = create_app()
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 20)
    return app
