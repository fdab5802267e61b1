"""Payments: providers (mock, WeChat Pay v3, Alipay), payment records, notifications, refunds."""
