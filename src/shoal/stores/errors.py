"""Errors of store operations, each with a stable code and zh-CN and en messages."""

from __future__ import annotations

from shoal.core.errors import ShoalError


class PointIncomplete(ShoalError):
    """A shopper's point is two numbers: one alone would silently measure from nowhere."""

    status = 422
    code = "point_incomplete"
    message = {
        "en": "Send both latitude and longitude, or neither.",
        "zh-CN": "请同时提供纬度和经度，或都不提供。",
    }
