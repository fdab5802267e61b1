"""Payment providers: the mock, WeChat Pay (API v3) and Alipay, behind one ``PaymentProvider`` protocol."""
