"""Errors of importing a whole file (a bad row is reported, never raised)."""

from __future__ import annotations

from shoal.core.errors import ShoalError


class UnknownFileFormat(ShoalError):
    status = 422
    code = "unknown_file_format"
    message = {
        "en": "This is not a product CSV Shoal can read. Export it from Shopify or use Shoal's format "
        "(docs/import-format.md).",
        "zh-CN": "无法识别该商品 CSV。请使用 Shopify 导出的文件或 Shoal 的格式（docs/import-format.md）。",
    }


class UnknownLocation(ShoalError):
    status = 422
    code = "unknown_location"
    message = {
        "en": "No location has the code {code!r}; create it first or use another code.",
        "zh-CN": "不存在编码为 {code!r} 的库存地点，请先创建或改用其他编码。",
    }
