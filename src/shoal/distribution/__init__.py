"""Community distribution (社群分销): promoters, customer binding, the commission ledger and withdrawals."""
