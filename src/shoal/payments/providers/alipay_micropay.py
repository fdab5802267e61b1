"""Alipay payment codes (当面付 条码支付): ``alipay.trade.pay`` with scene ``bar_code``, then query, then cancel.

``alipay.trade.pay`` answers ``code`` 10000 when the money is taken, 10003 when the payer must still confirm
(WAIT_BUYER_PAY), 20000 (or ``ACQ.SYSTEM_ERROR``) when the outcome is unknown, and 40004 with a ``sub_code`` when
the code is refused. A network fault is unknown too. Waiting or unknown: ``alipay.trade.query`` every
``Polling.interval_seconds`` until TRADE_SUCCESS / TRADE_FINISHED (paid) or TRADE_CLOSED (not), and when the
attempts run out, ``alipay.trade.cancel`` (撤销) right after the last query: it closes an unpaid trade and refunds a
paid one, so the till can drop the sale knowing no money stays taken. A cancel Alipay asks to repeat
(``retry_flag`` Y) or that gets no answer is tried again, a bounded number of times; if it never goes through the
till says so (``MicropayUnsettled``) instead of guessing. Every call is signed by ``AlipayProvider`` (RSA2) and
every answer's signature checked there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shoal.core.money import format_amount, parse_decimal_amount
from shoal.payments.providers.base import Notification, PaymentRequest
from shoal.payments.providers.errors import MicropayUnsettled, ProviderFailed
from shoal.payments.providers.micropay import Polling, final

if TYPE_CHECKING:
    from shoal.payments.providers.alipay import AlipayProvider

PAID = ("TRADE_SUCCESS", "TRADE_FINISHED")
UNKNOWN_SUB_CODES = ("ACQ.SYSTEM_ERROR", "ACQ.TRADE_NOT_EXIST")
PAY, QUERY, CANCEL = "alipay.trade.pay", "alipay.trade.query", "alipay.trade.cancel"


async def take(provider: AlipayProvider, request: PaymentRequest, auth_code: str, polling: Polling) -> Notification:
    """The final answer for ``auth_code``: succeeded (paid, exact amount) or failed (refused, or cancelled)."""
    biz = {
        "out_trade_no": request.out_trade_no,
        "scene": "bar_code",
        "auth_code": auth_code,
        "subject": request.description[:256],
        "total_amount": format_amount(request.amount, request.currency),
    }
    answer = await _ask(provider, PAY, biz)
    if answer is not None and answer.get("code") == "10000":
        return await _paid(provider, request, answer, polling)
    if answer is not None and answer.get("code") == "40004" and answer.get("sub_code") not in UNKNOWN_SUB_CODES:
        return final(provider.name, request, status="failed", state=str(answer.get("sub_code") or "40004"))
    for attempt in range(polling.attempts):  # 10003 waiting for the payer, or 20000 / no answer: unknown
        if attempt:
            await polling.sleep(polling.interval_seconds)
        trade = await _ask(provider, QUERY, {"out_trade_no": request.out_trade_no}) or {}
        state = str(trade.get("trade_status") or "") if trade.get("code") == "10000" else ""
        if state in PAID:
            return await _paid(provider, request, trade, polling)
        if state == "TRADE_CLOSED":
            return final(provider.name, request, status="failed", state=state)
    return await _cancel(provider, request, polling, state="TIMEOUT")


async def _paid(
    provider: AlipayProvider, request: PaymentRequest, trade: dict[str, Any], polling: Polling
) -> Notification:
    """Paid: the exact amount asked for, or the trade is cancelled (refunded) rather than kept with a wrong sum."""
    try:
        amount = parse_decimal_amount(str(trade.get("total_amount")), request.currency)
    except ValueError:
        amount = -1
    if amount != request.amount:
        return await _cancel(provider, request, polling, state="AMOUNT_MISMATCH")
    return final(
        provider.name, request, status="succeeded", state="TRADE_SUCCESS", transaction_id=str(trade.get("trade_no")),
        payer=trade.get("buyer_user_id") or trade.get("buyer_logon_id"), raw=trade,
    )  # fmt: skip


async def _cancel(provider: AlipayProvider, request: PaymentRequest, polling: Polling, *, state: str) -> Notification:
    for attempt in range(polling.cancel_attempts):
        if attempt:
            await polling.sleep(polling.interval_seconds)
        answer = await _ask(provider, CANCEL, {"out_trade_no": request.out_trade_no})
        if answer is not None and answer.get("code") == "10000" and answer.get("retry_flag") != "Y":
            return final(provider.name, request, status="failed", state=f"{state}.CANCELLED", raw=answer)
    raise MicropayUnsettled(provider=provider.name, number=request.out_trade_no)


async def _ask(provider: AlipayProvider, method: str, biz: dict[str, Any]) -> dict[str, Any] | None:
    """The verified answer, or ``None`` when there is none to trust (no network, an error status, no signature)."""
    try:
        return await provider.answer(method, biz)
    except ProviderFailed:
        return None
