"""Demand forecasting: history in, forecasts with 80% intervals and the method chosen per series out.

``data`` and ``metrics`` are pure Python (no numpy), so the shop can read and judge forecasts without the
optional libraries; ``engine`` needs ``shoal[forecast]`` (statsforecast) and says so when it is missing.
"""
