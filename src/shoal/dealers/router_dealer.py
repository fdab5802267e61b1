"""The dealer's own API (dealer staff token): sign-in, its catalog at its prices, its orders (quick order and
CSV upload), its credit, stock, customers, sell-through and rebates. Another dealer's objects answer 404."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Request, Response, UploadFile

from shoal.core.http import client_address, get_db
from shoal.core.openapi import problem
from shoal.dealers import rules, service_accounts, service_auth, service_orders, service_rebates, service_stock
from shoal.dealers.deps import DealerContext
from shoal.dealers.schemas import (
    CatalogItem,
    CreditRead,
    CustomerIn,
    CustomerRead,
    DealerOrderRead,
    DealerStockRow,
    DealerTokenRequest,
    OrderPlace,
    RebateRead,
    SaleIn,
    SaleRead,
)
from shoal.identity.schemas import RefreshRequest, TokenPair

router = APIRouter(tags=["dealers"])
DEALER = "/api/v1/dealer"
PLACE = {409: problem("credit_limit_exceeded or prepaid_only"), 422: problem("sku_not_offered, below_moq or "
                                                                            "not_whole_cases")}  # fmt: skip


@router.post(DEALER + "/auth/token", response_model=TokenPair, summary="Sign in as a dealer's staff member")
async def sign_in(body: DealerTokenRequest, request: Request) -> TokenPair:
    return await service_auth.sign_in(
        get_db(request).uow(), settings=request.app.state.settings, tenant_slug=body.tenant, email=body.email,
        password=body.password, address=client_address(request),
    )  # fmt: skip


@router.post(DEALER + "/auth/refresh", response_model=TokenPair, summary="Exchange a dealer refresh token")
async def refresh(body: RefreshRequest, request: Request) -> TokenPair:
    return await service_auth.refresh(
        get_db(request).uow(), settings=request.app.state.settings, refresh_token=body.refresh_token
    )


@router.get(DEALER + "/catalog", response_model=list[CatalogItem], summary="What the dealer may order, at its prices")
async def catalog(ctx: DealerContext) -> list[CatalogItem]:
    return await service_accounts.dealer_catalog(ctx.uow())


@router.get(DEALER + "/credit", response_model=CreditRead, summary="The dealer's credit and terms")
async def credit(ctx: DealerContext) -> CreditRead:
    return await service_accounts.get_credit(ctx.uow())


@router.get(DEALER + "/orders", response_model=list[DealerOrderRead], summary="The dealer's orders, newest first")
async def orders(ctx: DealerContext) -> list[DealerOrderRead]:
    return await service_orders.list_orders(ctx.uow())


@router.post(DEALER + "/orders", response_model=DealerOrderRead, status_code=201,
             summary="Place an order by SKU code and quantity", responses=PLACE)  # fmt: skip
async def place(body: OrderPlace, ctx: DealerContext) -> DealerOrderRead:
    return await service_orders.place(ctx.uow(), data=body)


@router.post(DEALER + "/orders/upload", response_model=DealerOrderRead, status_code=201,
             summary="Place an order from a CSV file of sku,quantity (UTF-8 or GB18030)", responses=PLACE)  # fmt: skip
async def upload(
    ctx: DealerContext,
    file: Annotated[UploadFile, File(description="sku,quantity rows")],
    payment: Annotated[Literal["account", "transfer"], Form()],
) -> DealerOrderRead:
    return await service_orders.place_file(
        ctx.uow(), text=rules.order_file_text(await file.read(rules.MAX_FILE_BYTES + 1)), payment=payment
    )


@router.get(DEALER + "/orders/{order_id}", response_model=DealerOrderRead, summary="One of the dealer's orders")
async def order(order_id: str, ctx: DealerContext) -> DealerOrderRead:
    return await service_orders.get_order(ctx.uow(), order_id=order_id)


@router.post(DEALER + "/orders/{order_id}/receive", response_model=DealerOrderRead,
             summary="Confirm a shipped order arrived: its units join the dealer's stock",
             responses={409: problem("invalid_state")})  # fmt: skip
async def receive(order_id: str, ctx: DealerContext) -> DealerOrderRead:
    return await service_stock.receive(ctx.uow(), order_id=order_id)


@router.get(DEALER + "/stock", response_model=list[DealerStockRow], summary="The dealer's stock")
async def stock(ctx: DealerContext) -> list[DealerStockRow]:
    return await service_stock.my_stock(ctx.uow())


@router.get(DEALER + "/customers", response_model=list[CustomerRead], summary="The dealer's shoppers and stores")
async def customers(ctx: DealerContext) -> list[CustomerRead]:
    return await service_stock.list_customers(ctx.uow())


@router.post(DEALER + "/customers", response_model=CustomerRead, status_code=201, summary="Add a shopper or store")
async def add_customer(body: CustomerIn, ctx: DealerContext) -> CustomerRead:
    return await service_stock.add_customer(ctx.uow(), data=body)


@router.get(DEALER + "/customers/{customer_id}", response_model=CustomerRead, summary="One of the dealer's customers")
async def customer(customer_id: str, ctx: DealerContext) -> CustomerRead:
    return await service_stock.get_customer(ctx.uow(), customer_id=customer_id)


@router.post(DEALER + "/sales", response_model=SaleRead, status_code=201,
             summary="Report a sale to the dealer's shopper or store (sell-through): takes its stock; "
                     "the same reference again answers 200 and moves nothing",
             responses={409: problem("out_of_stock")})  # fmt: skip
async def report_sale(body: SaleIn, ctx: DealerContext, response: Response) -> SaleRead:
    sale, new = await service_stock.report_sale(ctx.uow(), data=body)
    if not new:
        response.status_code = 200
    return sale


@router.get(DEALER + "/rebates", response_model=list[RebateRead], summary="The dealer's volume rebates")
async def rebates(ctx: DealerContext) -> list[RebateRead]:
    return await service_rebates.list_rebates(ctx.uow())
