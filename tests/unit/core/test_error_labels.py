"""Error messages name states and actions in words of the reader's language, while the problem body keeps
the codes clients switch on: zh-CN never reads "该购物车已closed" or "不能ship"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shoal.aftersales import rules as aftersales_rules
from shoal.checkout.errors import CartClosed
from shoal.core.errors import InvalidState
from shoal.core.labels import ACTIONS, STATES
from shoal.marketing.service_rules import TRANSITIONS
from shoal.orders import rules as order_rules
from shoal.orders.errors import InvalidTransition
from shoal.payments import rules as payment_rules

SRC = Path(__file__).resolve().parents[3] / "src" / "shoal"
LATIN = re.compile(r"[A-Za-z]")


def test_a_closed_cart_reads_naturally_in_both_languages() -> None:
    assert CartClosed(status="closed").render("zh-CN") == "该购物车已关闭，请新建购物车。"
    assert CartClosed(status="merged").render("zh-CN") == "该购物车已合并到另一个购物车，请新建购物车。"
    assert CartClosed(status="closed").render("en") == "This cart was already closed; start a new cart."


def test_a_state_and_an_action_are_words_and_the_problem_keeps_the_codes() -> None:
    error = InvalidTransition(action="ship", entity="order", state="pending_payment", target="shipped")
    assert error.render("zh-CN") == "订单当前状态为 待付款，不能发货。"
    assert error.render("en") == "Cannot ship while the order is awaiting payment."
    problem = error.problem("zh-CN")
    assert problem["state"] == "pending_payment" and problem["action"] == "ship" and problem["target"] == "shipped"
    assert not LATIN.search(InvalidState(action="refund", entity="订单", state="paid").render("zh-CN"))


def test_an_unknown_code_is_shown_as_it_is() -> None:
    assert "mystery" in InvalidState(action="ship", entity="order", state="mystery").render("en")


@pytest.mark.parametrize(
    "status",
    [
        *order_rules.STATUSES,
        *payment_rules.STATUSES,
        aftersales_rules.REQUESTED,
        aftersales_rules.APPROVED,
        aftersales_rules.RECEIVED,
        aftersales_rules.EXCHANGED,
        aftersales_rules.REJECTED,
        "merged",
        "draft",
        "in_transit",
        "paused",
        "active",
        "confirmed",
        "released",
        "expired",
        "restocked",
    ],
)
def test_every_status_an_error_can_name_has_words(status: str) -> None:
    assert set(STATES[status]) == {"zh-CN", "en"} and not LATIN.search(STATES[status]["zh-CN"])


def test_every_action_an_error_can_name_has_words() -> None:
    """Actions are literals where the error is raised (``action="ship"``) or marketing's transitions."""
    used = set(TRANSITIONS)
    for path in SRC.rglob("*.py"):
        used |= set(re.findall(r'\baction="([a-z ]+)"', path.read_text(encoding="utf-8")))
    assert {"ship", "refund", "publish"} <= used and sorted(used - set(ACTIONS)) == []
    assert all(not LATIN.search(words["zh-CN"]) for words in ACTIONS.values())
