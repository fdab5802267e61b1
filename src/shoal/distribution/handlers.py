"""Importing this registers distribution's outbox handlers and jobs: binding on share visits, commission on
orders paid, received and refunded, settlement, payout reconciliation; and the ``promoter`` share target."""

from shoal.distribution import service_binding, service_commission, service_withdrawals, share  # noqa: F401
