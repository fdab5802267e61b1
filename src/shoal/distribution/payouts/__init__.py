"""Payout providers: how a withdrawal's money reaches the promoter (mock; WeChat Pay merchant transfer)."""
