"""Campaigns: ways of selling above checkout and orders (flash sales now; group buys and bargains later)."""
