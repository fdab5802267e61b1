"""Customers: shopper accounts (email, phone code, WeChat), shopper tokens, addresses."""
