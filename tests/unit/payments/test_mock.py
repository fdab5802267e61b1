"""The mock provider signs its own notifications, so the demo path is verified like a real one."""

from __future__ import annotations

import pytest

from shoal.payments.providers.errors import ForgedNotification
from shoal.payments.providers.mock import MockProvider


def test_its_notifications_verify_and_forgeries_do_not() -> None:
    mock = MockProvider()
    headers, body = mock.notification_for(out_trade_no="PAY1", amount=1990, currency="CNY", status="succeeded")
    notification = mock.parse_notification(headers, body)
    assert (notification.out_trade_no, notification.amount, notification.status) == ("PAY1", 1990, "succeeded")
    with pytest.raises(ForgedNotification):
        mock.parse_notification(headers, body.replace(b"1990", b"1"))
    with pytest.raises(ForgedNotification):
        MockProvider().parse_notification(headers, body)
